// Aggregate kernels' update() hot path, as hash aggregation drives it: one vector of 2048 rows,
// a state pointer per row (1 group = global aggregate, or 1024 groups in random order).
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <random>

#include "function/registry.h"

namespace spate {
namespace {

constexpr int64_t kRows = 2048;

struct Fixture {
  BoundAggregate agg;
  std::vector<ColumnPtr> args;
  std::vector<uint8_t*> states;
  std::vector<uint32_t> rowIndex;
  std::vector<uint8_t> arena;

  Fixture(const std::string& name, const TypePtr& type, int groups, bool withNulls) {
    std::vector<ExprPtr> refs;
    if (type) refs.push_back(makeColumnRef(0, type));
    agg = FunctionRegistry::instance().find(name)->aggregate(refs, false, BindContext{});
    std::mt19937_64 rng(7);
    if (type) {
      ColumnBuilder b(type, kRows);
      for (int64_t i = 0; i < kRows; ++i) {
        if (withNulls && i % 10 == 0)
          b.appendNull();
        else if (type->id() == TypeId::kDouble)
          b.appendDouble(static_cast<double>(rng() % 1000000) / 3);
        else
          b.appendLong(static_cast<int64_t>(rng() % 1000000));
      }
      args.push_back(b.finish());
    }
    size_t size = (agg.kernel->stateSize() + 15) / 16 * 16;
    arena.resize(size * groups + 16);
    uint8_t* base = reinterpret_cast<uint8_t*>((reinterpret_cast<uintptr_t>(arena.data()) + 15) &
                                               ~uintptr_t{15});
    for (int g = 0; g < groups; ++g) agg.kernel->init(base + g * size);
    for (int64_t i = 0; i < kRows; ++i) {
      states.push_back(base + (rng() % groups) * size);
      rowIndex.push_back(static_cast<uint32_t>(i));
    }
  }
};

void run(benchmark::State& state, const char* name, TypePtr type, bool withNulls) {
  Fixture f(name, type, static_cast<int>(state.range(0)), withNulls);
  for (auto _ : state) {
    f.agg.kernel->update(f.states.data(), f.args, f.rowIndex.data(), kRows);
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * kRows);
}

void BM_CountStar(benchmark::State& s) { run(s, "count", nullptr, false); }
void BM_SumLong(benchmark::State& s) { run(s, "sum", DataType::longType(), false); }
void BM_SumLongNulls(benchmark::State& s) { run(s, "sum", DataType::longType(), true); }
void BM_MaxLong(benchmark::State& s) { run(s, "max", DataType::longType(), false); }
void BM_MinLongNulls(benchmark::State& s) { run(s, "min", DataType::longType(), true); }
void BM_AvgDouble(benchmark::State& s) { run(s, "avg", DataType::doubleType(), false); }
void BM_StddevDouble(benchmark::State& s) { run(s, "stddev", DataType::doubleType(), false); }
void BM_ApproxCountDistinctLong(benchmark::State& s) {
  run(s, "approx_count_distinct", DataType::longType(), false);
}

BENCHMARK(BM_CountStar)->Arg(1)->Arg(1024);
BENCHMARK(BM_SumLong)->Arg(1)->Arg(1024);
BENCHMARK(BM_SumLongNulls)->Arg(1)->Arg(1024);
BENCHMARK(BM_MaxLong)->Arg(1)->Arg(1024);
BENCHMARK(BM_MinLongNulls)->Arg(1)->Arg(1024);
BENCHMARK(BM_AvgDouble)->Arg(1)->Arg(1024);
BENCHMARK(BM_StddevDouble)->Arg(1)->Arg(1024);
BENCHMARK(BM_ApproxCountDistinctLong)->Arg(1)->Arg(1024);

}  // namespace
}  // namespace spate

BENCHMARK_MAIN();
