// Generate (explode and friends): every input row yields the generator's rows, each joined with
// the input row's columns.
#include "execution/executor.h"

namespace spate {

std::vector<BatchPtr> executeGenerate(const LogicalPlan& plan, std::vector<BatchPtr> input,
                                      const ExecContext& context) {
  SchemaPtr schema = schemaOf(plan.output);
  const BoundGenerator& gen = plan.generator;
  auto out = parallelMap(input, context, [&](const BatchPtr& in) -> BatchPtr {
    BatchPtr batch = in->materialize();
    std::vector<ColumnPtr> args;
    for (const auto& a : gen.args) args.push_back(evaluate(*a, *batch, context.eval));
    std::vector<ColumnBuilder> builders;
    for (const auto& f : gen.outputSchema->fields()) builders.emplace_back(f.type);
    std::vector<uint32_t> parents;
    gen.generate(args, batch->numRows(), builders, parents);
    if (parents.empty()) return nullptr;
    std::vector<ColumnPtr> columns;
    for (const auto& c : batch->columns()) columns.push_back(gatherColumn(c, parents));
    for (auto& b : builders) columns.push_back(b.finish());
    return std::make_shared<Batch>(schema, std::move(columns), static_cast<int64_t>(parents.size()));
  });
  std::erase(out, nullptr);
  return out;
}

}  // namespace spate
