// Engine benchmarks: filter + project, hash aggregation and hash join through the DataFrame API on
// one worker thread (figures are per core), each beside the raw loop that bounds it.
#include <benchmark/benchmark.h>

#include <random>

#include "api/dataframe.h"
#include "api/functions.h"

using namespace spate;
using namespace spate::sql;
using namespace spate::sql::functions;

namespace {

constexpr int64_t kRows = 8'000'000;
constexpr int64_t kKeys = 4096;

// Columns (key BIGINT in [0, kKeys), x DOUBLE in [0, 1)) in 2048-row batches.
std::vector<BatchPtr> makeRows(int64_t rows, int64_t keys, uint64_t seed) {
  std::mt19937_64 rng(seed);
  SchemaPtr schema = parseDdlSchema("key BIGINT, x DOUBLE");
  std::vector<BatchPtr> out;
  for (int64_t start = 0; start < rows; start += 2048) {
    int64_t n = std::min<int64_t>(2048, rows - start);
    auto k = std::make_shared<spate::Column>(DataType::longType(), n);
    auto x = std::make_shared<spate::Column>(DataType::doubleType(), n);
    k->mutableData().resize(n * 8);
    x->mutableData().resize(n * 8);
    for (int64_t i = 0; i < n; ++i) {
      k->mutableData().as<int64_t>()[i] = static_cast<int64_t>(rng() % keys);
      x->mutableData().as<double>()[i] = (rng() >> 11) * 0x1.0p-53;
    }
    out.push_back(std::make_shared<Batch>(schema, std::vector<ColumnPtr>{k, x}, n));
  }
  return out;
}

const std::vector<BatchPtr>& rows() {
  static const auto data = makeRows(kRows, kKeys, 42);
  return data;
}

SessionPtr session() {
  static auto s = Session::builder().master("local[1]").getOrCreate();
  return s;
}

void BM_RawCountByKey(benchmark::State& state) {
  for (auto _ : state) {
    std::vector<int64_t> counts(kKeys);
    for (const auto& b : rows()) {
      const int64_t* k = b->column(0)->values<int64_t>();
      for (int64_t i = 0; i < b->numRows(); ++i) ++counts[k[i]];
    }
    benchmark::DoNotOptimize(counts.data());
  }
  state.SetItemsProcessed(state.iterations() * kRows);
}
BENCHMARK(BM_RawCountByKey)->Unit(benchmark::kMillisecond);

void BM_HashAggregateCount(benchmark::State& state) {
  auto df = session()->createDataFrame(rows(), parseDdlSchema("key BIGINT, x DOUBLE")).groupBy({"key"}).count();
  for (auto _ : state) benchmark::DoNotOptimize(df.collectBatches());
  state.SetItemsProcessed(state.iterations() * kRows);
}
BENCHMARK(BM_HashAggregateCount)->Unit(benchmark::kMillisecond);

void BM_HashAggregateSumAvg(benchmark::State& state) {
  auto df = session()->createDataFrame(rows(), parseDdlSchema("key BIGINT, x DOUBLE"))
                .groupBy({"key"}).agg({sum(col("x")), avg(col("x")), max(col("x"))});
  for (auto _ : state) benchmark::DoNotOptimize(df.collectBatches());
  state.SetItemsProcessed(state.iterations() * kRows);
}
BENCHMARK(BM_HashAggregateSumAvg)->Unit(benchmark::kMillisecond);

void BM_RawFilterProject(benchmark::State& state) {
  for (auto _ : state) {
    int64_t kept = 0;
    double acc = 0;
    for (const auto& b : rows()) {
      const int64_t* k = b->column(0)->values<int64_t>();
      const double* x = b->column(1)->values<double>();
      for (int64_t i = 0; i < b->numRows(); ++i)
        if (x[i] > 0.5) {
          acc += static_cast<double>(k[i] * 2) + x[i] * 10;
          ++kept;
        }
    }
    benchmark::DoNotOptimize(acc);
    benchmark::DoNotOptimize(kept);
  }
  state.SetItemsProcessed(state.iterations() * kRows);
}
BENCHMARK(BM_RawFilterProject)->Unit(benchmark::kMillisecond);

void BM_FilterProject(benchmark::State& state) {
  auto df = session()->createDataFrame(rows(), parseDdlSchema("key BIGINT, x DOUBLE"))
                .filter(col("x") > sql::Column(0.5))
                .select({(col("key") * sql::Column(int64_t{2})).alias("k2"), (col("x") * sql::Column(10.0)).alias("x10")});
  for (auto _ : state) benchmark::DoNotOptimize(df.collectBatches());
  state.SetItemsProcessed(state.iterations() * kRows);
}
BENCHMARK(BM_FilterProject)->Unit(benchmark::kMillisecond);

void BM_HashJoin(benchmark::State& state) {
  // Probe 8M rows against a 4096-row dimension table (one match per probe row).
  std::vector<std::vector<Value>> dim;
  for (int64_t k = 0; k < kKeys; ++k) dim.push_back({Value(k), Value("campaign_" + std::to_string(k % 100))});
  auto dimension = session()->createDataFrame(dim, "key BIGINT, campaign STRING");
  auto df = session()->createDataFrame(rows(), parseDdlSchema("key BIGINT, x DOUBLE")).join(dimension, "key");
  for (auto _ : state) benchmark::DoNotOptimize(df.collectBatches());
  state.SetItemsProcessed(state.iterations() * kRows);
}
BENCHMARK(BM_HashJoin)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
