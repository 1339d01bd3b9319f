// from_json against the physical limit: simdjson on-demand reading the same lines into locals.
//
// The input imitates the TP4 IoT records (Arrival_Time, Creation_Time as 13- and 19-digit
// integers, Device, Index, Model, User, gt, x, y, z), with ~2% records whose fields are all NULL
// but the timestamps.
#include <benchmark/benchmark.h>
#include <simdjson.h>
#include <unistd.h>

#include <cstdio>
#include <random>
#include <string>

#include "connector/file/json_reader.h"
#include "function/registry.h"
#include "vector/batch.h"
#include "vector/json_column_parser.h"

namespace {

using namespace spate;

constexpr int64_t kRows = 200'000;

struct Input {
  std::string text;  // all lines back to back, then padding
  std::vector<int32_t> offsets{0};
  std::vector<ColumnPtr> batches;  // the same lines as STRING columns of defaultVectorSize() rows
};

const Input& input() {
  static const Input in = [] {
    Input in;
    std::mt19937_64 rng(42);
    const char* models[] = {"nexus4", "s3", "s3mini", "samsungold"};
    const char* users[] = {"a", "b", "c", "d", "e", "f", "g", "h", "i"};
    const char* activities[] = {"stand", "sit", "walk", "bike", "stairsup", "stairsdown"};
    char line[512];
    for (int64_t i = 0; i < kRows; ++i) {
      long long arrival = 1424686735090LL + i * 7;
      long long creation = 1424688581345765603LL + i * 4'999'999;
      int n;
      if (rng() % 50 == 0) {
        n = std::snprintf(line, sizeof line,
                          R"({"Arrival_Time":%lld,"Creation_Time":%lld,"Device":null,"Index":null,)"
                          R"("Model":null,"User":null,"gt":null,"x":null,"y":null,"z":null})",
                          arrival, creation);
      } else {
        int model = static_cast<int>(rng() % 4);
        n = std::snprintf(
            line, sizeof line,
            R"({"Arrival_Time":%lld,"Creation_Time":%lld,"Device":"%s_%d","Index":%d,)"
            R"("Model":"%s","User":"%s","gt":"%s","x":%.9g,"y":%.9g,"z":%.9g})",
            arrival, creation, models[model], static_cast<int>(rng() % 2 + 1),
            static_cast<int>(rng() % 100000), models[model], users[rng() % 9],
            activities[rng() % 6], (static_cast<double>(rng() % 2000000) - 1e6) / 7e5,
            (static_cast<double>(rng() % 2000000) - 1e6) / 7e5,
            (static_cast<double>(rng() % 2000000) - 1e6) / 7e5);
      }
      in.text.append(line, n);
      in.offsets.push_back(static_cast<int32_t>(in.text.size()));
    }
    in.text.append(kJsonPadding, ' ');
    int64_t batchRows = defaultVectorSize();
    for (int64_t start = 0; start < kRows; start += batchRows) {
      int64_t end = std::min(kRows, start + batchRows);
      ColumnBuilder builder(DataType::string(), end - start);
      for (int64_t i = start; i < end; ++i)
        builder.appendString(
            std::string_view(in.text).substr(in.offsets[i], in.offsets[i + 1] - in.offsets[i]));
      in.batches.push_back(builder.finish());
    }
    return in;
  }();
  return in;
}

// (a) The physical limit: simdjson on-demand, one document per line, all ten fields into locals.
void BM_RawSimdjsonOnDemand(benchmark::State& state) {
  const Input& in = input();
  simdjson::ondemand::parser parser;
  for (auto _ : state) {
    int64_t checksum = 0;
    for (int64_t i = 0; i < kRows; ++i) {
      size_t length = in.offsets[i + 1] - in.offsets[i];
      simdjson::ondemand::document doc;
      if (parser.iterate(in.text.data() + in.offsets[i], length, in.text.size() - in.offsets[i])
              .get(doc))
        std::abort();
      simdjson::ondemand::object o;
      if (doc.get_object().get(o)) std::abort();
      int64_t arrival = 0, creation = 0, index = 0;
      std::string_view device, model, user, gt;
      double x = 0, y = 0, z = 0;
      (void)o["Arrival_Time"].get(arrival);
      (void)o["Creation_Time"].get(creation);
      (void)o["Device"].get(device);
      (void)o["Index"].get(index);
      (void)o["Model"].get(model);
      (void)o["User"].get(user);
      (void)o["gt"].get(gt);
      (void)o["x"].get(x);
      (void)o["y"].get(y);
      (void)o["z"].get(z);
      checksum += arrival + creation + index + static_cast<int64_t>(x + y + z) + device.size() +
                  model.size() + user.size() + gt.size();
    }
    benchmark::DoNotOptimize(checksum);
  }
  state.SetItemsProcessed(state.iterations() * kRows);
  state.SetBytesProcessed(state.iterations() * in.offsets.back());
}
BENCHMARK(BM_RawSimdjsonOnDemand)->Unit(benchmark::kMillisecond);

constexpr const char* kSchema =
    "Arrival_Time BIGINT, Creation_Time BIGINT, Device STRING, Index BIGINT, Model STRING, User "
    "STRING, "
    "gt STRING, x DOUBLE, y DOUBLE, z DOUBLE";

// (b) from_json(value, schema) bound through the function registry, evaluated batch by batch.
void BM_FromJson(benchmark::State& state) {
  const Input& in = input();
  const auto* entry = FunctionRegistry::instance().find("from_json");
  if (!entry || !entry->scalar) {
    state.SkipWithError("from_json is not registered");
    return;
  }
  ExprPtr call = entry->scalar(
      {makeColumnRef(0, DataType::string()), makeLiteral(Value(kSchema), DataType::string())},
      BindContext{});
  auto schema = DataType::structType({{"value", DataType::string(), true}});
  std::vector<Batch> batches;
  for (const auto& c : in.batches)
    batches.emplace_back(schema, std::vector<ColumnPtr>{c}, c->size());
  int64_t malformed = 0;
  EvalContext context;
  context.malformedRecords = &malformed;
  for (auto _ : state) {
    for (const auto& batch : batches) benchmark::DoNotOptimize(evaluate(*call, batch, context));
  }
  state.SetItemsProcessed(state.iterations() * kRows);
  state.SetBytesProcessed(state.iterations() * in.offsets.back());
}
BENCHMARK(BM_FromJson)->Unit(benchmark::kMillisecond);

// The parser alone over one column holding every line (no per-batch overhead).
void BM_JsonColumnParserWholeColumn(benchmark::State& state) {
  const Input& in = input();
  ColumnBuilder builder(DataType::string(), kRows);
  for (int64_t i = 0; i < kRows; ++i)
    builder.appendString(
        std::string_view(in.text).substr(in.offsets[i], in.offsets[i + 1] - in.offsets[i]));
  ColumnPtr column = builder.finish();
  JsonColumnParser parser(parseDdlSchema(kSchema), JsonOptions{}, TimeZone::utc());
  for (auto _ : state) benchmark::DoNotOptimize(parser.parseColumn(*column));
  state.SetItemsProcessed(state.iterations() * kRows);
  state.SetBytesProcessed(state.iterations() * in.offsets.back());
}
BENCHMARK(BM_JsonColumnParserWholeColumn)->Unit(benchmark::kMillisecond);

// The JSON file source over the same lines written to a file: with the schema, and inferring it
// (which reads the file twice).
std::string writeInputFile() {
  const Input& in = input();
  std::string path = "/tmp/spate_json_bench_" + std::to_string(::getpid()) + ".json";
  FILE* f = std::fopen(path.c_str(), "wb");
  for (int64_t i = 0; i < kRows; ++i) {
    std::fwrite(in.text.data() + in.offsets[i], 1, in.offsets[i + 1] - in.offsets[i], f);
    std::fputc('\n', f);
  }
  std::fclose(f);
  return path;
}

void BM_ReadJsonFile(benchmark::State& state) {
  std::string path = writeInputFile();
  SchemaPtr schema = state.range(0) ? nullptr : parseDdlSchema(kSchema);
  for (auto _ : state)
    benchmark::DoNotOptimize(readJsonFiles({path}, schema, JsonOptions{}, *TimeZone::utc()));
  std::remove(path.c_str());
  state.SetItemsProcessed(state.iterations() * kRows);
  state.SetLabel(state.range(0) ? "inferred schema" : "given schema");
}
BENCHMARK(BM_ReadJsonFile)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
