// Hot CAST and datetime paths over one 2048-row vector.
#include <benchmark/benchmark.h>

#include <random>

#include "expression/cast.h"
#include "function/registry.h"

namespace spate {
namespace {

constexpr int64_t kRows = 2048;

ColumnPtr randomColumn(const TypePtr& type) {
  std::mt19937_64 rng(42);
  ColumnBuilder b(type, kRows);
  for (int64_t i = 0; i < kRows; ++i) {
    switch (type->id()) {
      case TypeId::kLong:
        b.appendLong(static_cast<int64_t>(rng() % 2'000'000'000) - 1'000'000'000);
        break;
      case TypeId::kDouble:
        b.appendDouble(static_cast<double>(rng() % 1'000'000) / 7.0);
        break;
      case TypeId::kTimestamp:
        b.appendLong(1'600'000'000'000'000 + static_cast<int64_t>(rng() % 100'000'000'000'000));
        break;
      default:
        break;
    }
  }
  return b.finish();
}

ColumnPtr stringColumn(const ColumnPtr& from) {
  return castColumn(from, DataType::string(), EvalContext{});
}

EvalContext zoneContext(const char* zone) {
  EvalContext c;
  c.timeZone = TimeZone::of(zone);
  return c;
}

void castBench(benchmark::State& state, const ColumnPtr& input, const TypePtr& to,
               const EvalContext& context) {
  for (auto _ : state) benchmark::DoNotOptimize(castColumn(input, to, context));
  state.SetItemsProcessed(state.iterations() * kRows);
}

void BM_LongToString(benchmark::State& s) {
  castBench(s, randomColumn(DataType::longType()), DataType::string(), EvalContext{});
}
void BM_StringToLong(benchmark::State& s) {
  castBench(s, stringColumn(randomColumn(DataType::longType())), DataType::longType(),
            EvalContext{});
}
void BM_DoubleToString(benchmark::State& s) {
  castBench(s, randomColumn(DataType::doubleType()), DataType::string(), EvalContext{});
}
void BM_StringToDouble(benchmark::State& s) {
  castBench(s, stringColumn(randomColumn(DataType::doubleType())), DataType::doubleType(),
            EvalContext{});
}
void BM_TimestampToStringUtc(benchmark::State& s) {
  castBench(s, randomColumn(DataType::timestamp()), DataType::string(), EvalContext{});
}
void BM_TimestampToStringLosAngeles(benchmark::State& s) {
  castBench(s, randomColumn(DataType::timestamp()), DataType::string(),
            zoneContext("America/Los_Angeles"));
}
void BM_StringToTimestamp(benchmark::State& s) {
  castBench(s, stringColumn(randomColumn(DataType::timestamp())), DataType::timestamp(),
            EvalContext{});
}
void BM_DoubleToTimestamp(benchmark::State& s) {
  castBench(s, randomColumn(DataType::doubleType()), DataType::timestamp(), EvalContext{});
}

void callBench(benchmark::State& state, const char* name, std::vector<ExprPtr> args,
               const ColumnPtr& column, const EvalContext& context) {
  ExprPtr e = FunctionRegistry::instance().find(name)->scalar(args, BindContext{});
  auto batch = std::make_shared<Batch>(DataType::structType({{"c", column->type()}}),
                                       std::vector<ColumnPtr>{column}, kRows);
  for (auto _ : state) benchmark::DoNotOptimize(evaluate(*e, *batch, context));
  state.SetItemsProcessed(state.iterations() * kRows);
}

void BM_DateFormat(benchmark::State& s) {
  callBench(s, "date_format",
            {makeColumnRef(0, DataType::timestamp()),
             makeLiteral(Value("yyyy-MM-dd HH:mm:ss"), DataType::string())},
            randomColumn(DataType::timestamp()), EvalContext{});
}
void BM_ToTimestampWithPattern(benchmark::State& s) {
  callBench(s, "to_timestamp",
            {makeColumnRef(0, DataType::string()),
             makeLiteral(Value("yyyy-MM-dd HH:mm:ss[.SSSSSS]"), DataType::string())},
            stringColumn(randomColumn(DataType::timestamp())), EvalContext{});
}
void BM_HourLosAngeles(benchmark::State& s) {
  callBench(s, "hour", {makeColumnRef(0, DataType::timestamp())},
            randomColumn(DataType::timestamp()), zoneContext("America/Los_Angeles"));
}

BENCHMARK(BM_LongToString);
BENCHMARK(BM_StringToLong);
BENCHMARK(BM_DoubleToString);
BENCHMARK(BM_StringToDouble);
BENCHMARK(BM_TimestampToStringUtc);
BENCHMARK(BM_TimestampToStringLosAngeles);
BENCHMARK(BM_StringToTimestamp);
BENCHMARK(BM_DoubleToTimestamp);
BENCHMARK(BM_DateFormat);
BENCHMARK(BM_ToTimestampWithPattern);
BENCHMARK(BM_HourLosAngeles);

}  // namespace
}  // namespace spate

BENCHMARK_MAIN();
