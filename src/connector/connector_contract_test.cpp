// The connector contract (connector/api/connector_contract.h) run for every built-in source and
// sink: offsets round-trip through JSON, a replay gives the same rows, a sink called twice with
// one batch id keeps one copy, failures carry domain and retry hint.
#include "connector/api/connector_contract.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "connector/console/console_sink.h"
#include "connector/file/file_test_support.h"
#include "connector/file_stream/file_stream_log.h"
#include "connector/file_stream/file_stream_test_support.h"
#include "connector/memory/memory_sink.h"
#include "connector/memory/memory_stream.h"
#include "types/data_type.h"

namespace spate::connector::testing {
namespace {

SchemaPtr contractSchema() { return parseDdlSchema("id BIGINT, name STRING"); }

// Rows id = from … from + n − 1 with a name derived from the id (and one NULL name).
BatchPtr contractRows(int64_t from, int n) {
  std::vector<std::vector<Value>> rows;
  for (int64_t id = from; id < from + n; ++id)
    rows.push_back({Value(id), id % 5 == 4 ? Value::null() : Value("row-" + std::to_string(id))});
  return makeBatch(contractSchema(), rows);
}

std::vector<BatchPtr> batchRows(int64_t batchId) { return {contractRows(batchId * 100, 3 + batchId)}; }

TEST(ConnectorContractTest, MemorySource) {
  auto stream = std::make_shared<MemoryStream>(contractSchema());
  int64_t next = 0;
  SourceUnderTest test;
  test.create = [stream] { return makeMemorySource(stream, "contract"); };
  test.addRows = [&](int n) {
    stream->addData({contractRows(next, n)});
    next += n;
  };
  expectSourceContract(test);
}

TEST(ConnectorContractTest, RateSource) {
  spate::testing::TempDir checkpoint;
  int64_t now = 1'700'000'000'000;
  SourceUnderTest test;
  test.create = [&] {
    return sourceProvider("rate").create(makeContext("rate", {{"rowsPerSecond", "1"}}, checkpoint.path(), &now));
  };
  test.addRows = [&](int n) { now += n * 1000; };  // one row per second
  expectSourceContract(test);
}

TEST(ConnectorContractTest, RateMicroBatchSource) {
  spate::testing::TempDir checkpoint;
  int64_t now = 0;
  // rate-micro-batch offers one more batch of rowsPerBatch rows at each latestOffset call.
  SourceUnderTest test;
  test.create = [&] {
    return sourceProvider("rate-micro-batch")
        .create(makeContext("rate-micro-batch", {{"rowsPerBatch", "1"}}, checkpoint.path(), &now));
  };
  test.addRows = [](int) {};
  SourceUnderTest probe = test;
  auto source = probe.create();
  auto first = valueOf(source->latestOffset(std::nullopt));
  ASSERT_TRUE(first && isJsonOffset(*first));
  auto second = valueOf(source->latestOffset(first));
  ASSERT_TRUE(second && *second != *first);
  auto rows = rowStrings(valueOf(source->getBatch(first, *second)));
  auto restarted = probe.create();
  EXPECT_EQ(rowStrings(valueOf(restarted->getBatch(first, *second))), rows);
}

TEST(ConnectorContractTest, JsonFileSource) {
  spate::testing::TempDir data;
  spate::testing::TempDir checkpoint;
  int64_t next = 0;
  int files = 0;
  SourceUnderTest test;
  test.create = [&] {
    auto context = makeContext("json", {{"path", data.path()}}, checkpoint.path());
    context.userSchema = contractSchema();
    return sourceProvider("json").create(context);
  };
  test.addRows = [&](int n) {
    std::string content;
    for (int i = 0; i < n; ++i, ++next)
      content += "{\"id\":" + std::to_string(next) + ",\"name\":\"row-" + std::to_string(next) + "\"}\n";
    std::string path = data.write("part-" + std::to_string(files) + ".json", content);
    setModificationTime(path, 1'000'000 + 1000 * files++);
  };
  expectSourceContract(test);
}

TEST(ConnectorContractTest, MemorySink) {
  auto sink = std::make_shared<MemorySink>(contractSchema());
  SinkUnderTest test;
  test.schema = contractSchema();
  test.rowsFor = batchRows;
  // The memory sink keeps its rows in the process: one instance for the whole test.
  test.create = [sink] {
    struct Shared : Sink {
      std::shared_ptr<MemorySink> sink;
      std::string description() const override { return sink->description(); }
      Status addBatch(const SinkBatch& batch) override { return sink->addBatch(batch); }
    };
    auto shared = std::make_unique<Shared>();
    shared->sink = sink;
    return shared;
  };
  test.readBack = [sink] { return rowStrings(sink->rows()); };
  test.durable = false;
  expectSinkContract(test);
}

std::vector<std::string> jsonSinkRows(const std::string& directory) {
  std::vector<std::string> rows;
  auto files = sinkLogDataFiles(directory);
  if (!files.ok() || !*files) return rows;
  for (const auto& url : **files) {
    std::string path = url.starts_with("file://") ? url.substr(7) : url;
    std::ifstream in(path);
    for (std::string line; std::getline(in, line);) rows.push_back(line);
  }
  return rows;
}

TEST(ConnectorContractTest, JsonFileSink) {
  spate::testing::TempDir out;
  spate::testing::TempDir checkpoint;
  SinkUnderTest test;
  test.schema = contractSchema();
  test.rowsFor = batchRows;
  test.create = [&] {
    return sinkProvider("json").create(makeContext("json", {{"path", out.path()}}, checkpoint.path()),
                                       OutputMode::kAppend, contractSchema());
  };
  test.readBack = [&] {
    // As JSON lines; compare with the same rows encoded by Spark's rules.
    std::vector<std::string> rows;
    for (const auto& line : jsonSinkRows(out.path())) rows.push_back(line);
    return rows;
  };
  // rowStrings() of the input is "id|name"; decode the JSON lines into the same form.
  auto decode = test.readBack;
  test.readBack = [decode] {
    std::vector<std::string> rows;
    for (const auto& line : decode()) {
      // {"id":0,"name":"row-0"} or {"id":4} (Spark drops null fields)
      size_t idStart = line.find(':') + 1;
      size_t idEnd = line.find_first_of(",}", idStart);
      std::string id = line.substr(idStart, idEnd - idStart);
      size_t name = line.find("\"name\":\"");
      std::string value = name == std::string::npos ? "NULL" : line.substr(name + 8, line.rfind('"') - name - 8);
      rows.push_back(id + "|" + value);
    }
    return rows;
  };
  ExpectedFailure unwritable;
  unwritable.run = [&] {
    std::string file = out.write("not-a-directory", "x");
    auto sink = sinkProvider("json").create(makeContext("json", {{"path", file + "/sub"}}, checkpoint.path() + "/2"),
                                            OutputMode::kAppend, contractSchema());
    SinkBatch batch{0, "q", contractSchema(), batchRows(0), OutputMode::kAppend};
    return sink->addBatch(batch);
  };
  unwritable.domain = ErrorDomain::kExternal;
  unwritable.retryable = true;
  test.failures.push_back(unwritable);
  expectSinkContract(test);
}

TEST(ConnectorContractTest, ConsoleSink) {
  // Spark's console sink prints every batch it is given, replays included: not idempotent.
  auto out = std::make_shared<std::ostringstream>();
  SinkUnderTest test;
  test.schema = contractSchema();
  test.rowsFor = batchRows;
  test.idempotent = false;
  test.create = [out] { return makeConsoleSink(makeContext("console", {}), *out); };
  test.readBack = [out] {
    // Table rows of show(): "|  0|row-0|" → "0|row-0".
    std::vector<std::string> rows;
    std::istringstream in(out->str());
    for (std::string line; std::getline(in, line);) {
      if (!line.starts_with("|") || line.find("|id") == 0 || line.starts_with("| id")) continue;
      std::string row;
      std::istringstream cells(line.substr(1));
      for (std::string cell; std::getline(cells, cell, '|');) {
        size_t a = cell.find_first_not_of(' '), b = cell.find_last_not_of(' ');
        if (!row.empty()) row += '|';
        row += a == std::string::npos ? "" : cell.substr(a, b - a + 1);
      }
      if (row.starts_with("id|")) continue;
      rows.push_back(row);
    }
    return rows;
  };
  expectSinkContract(test);
}

}  // namespace
}  // namespace spate::connector::testing
