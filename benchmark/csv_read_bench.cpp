// Throughput of the batch file readers: CSV with a given schema, CSV with schema inference, and
// text lines. Reports input bytes per second.

#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <string>

#include "connector/file/file_formats.h"

namespace spate {
namespace {

constexpr int kRows = 200000;

// A CSV of ints, doubles, strings (some quoted with a comma) and timestamps, written once.
const std::string& sampleCsv() {
  static const std::string path = [] {
    std::string p = (std::filesystem::temp_directory_path() /
                     ("spate-csv-bench-" + std::to_string(::getpid()) + ".csv"))
                        .string();
    std::ofstream out(p);
    std::mt19937 rng(1);
    out << "id,price,name,ts\n";
    for (int i = 0; i < kRows; ++i) {
      out << i << ',' << (rng() % 100000) / 100.0 << ',';
      if (i % 10 == 0) {
        out << "\"item, " << i << '"';
      } else {
        out << "item" << i;
      }
      out << ",2024-01-" << (1 + i % 28) << " 12:" << (10 + i % 50) << ":00\n";
    }
    return p;
  }();
  return path;
}

void setBytes(benchmark::State& state, const std::string& path) {
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(std::filesystem::file_size(path)));
}

void BM_ReadCsvWithSchema(benchmark::State& state) {
  const std::string& path = sampleCsv();
  auto schema = parseDdlSchema("id INT, price DOUBLE, name STRING, ts TIMESTAMP");
  FileOptions options(std::map<std::string, std::string>{{"header", "true"}});
  for (auto _ : state) {
    auto result = readCsv({path}, schema, options, *TimeZone::utc());
    benchmark::DoNotOptimize(result.batches.data());
  }
  setBytes(state, path);
}
BENCHMARK(BM_ReadCsvWithSchema)->Unit(benchmark::kMillisecond);

void BM_ReadCsvInferSchema(benchmark::State& state) {
  const std::string& path = sampleCsv();
  FileOptions options(
      std::map<std::string, std::string>{{"header", "true"}, {"inferSchema", "true"}});
  for (auto _ : state) {
    auto result = readCsv({path}, nullptr, options, *TimeZone::utc());
    benchmark::DoNotOptimize(result.batches.data());
  }
  setBytes(state, path);
}
BENCHMARK(BM_ReadCsvInferSchema)->Unit(benchmark::kMillisecond);

void BM_ReadCsvAllStrings(benchmark::State& state) {
  const std::string& path = sampleCsv();
  FileOptions options(std::map<std::string, std::string>{{"header", "true"}});
  for (auto _ : state) {
    auto result = readCsv({path}, nullptr, options, *TimeZone::utc());
    benchmark::DoNotOptimize(result.batches.data());
  }
  setBytes(state, path);
}
BENCHMARK(BM_ReadCsvAllStrings)->Unit(benchmark::kMillisecond);

void BM_ReadTextLines(benchmark::State& state) {
  const std::string& path = sampleCsv();
  FileOptions options;
  for (auto _ : state) {
    auto result = readText({path}, options);
    benchmark::DoNotOptimize(result.batches.data());
  }
  setBytes(state, path);
}
BENCHMARK(BM_ReadTextLines)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace spate

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  std::remove(spate::sampleCsv().c_str());
  return 0;
}
