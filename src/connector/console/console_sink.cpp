#include "connector/console/console_sink.h"

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <mutex>

#include "common/terminal_output.h"
#include "connector/api/option_values.h"
#include "vector/show.h"

namespace spate::connector {

namespace {

constexpr const char* kDashes = "-------------------------------------------";

// The first `limit` rows of `rows` as one batch of `schema`.
Batch firstRows(const SchemaPtr& schema, const std::vector<BatchPtr>& rows, int64_t limit) {
  std::vector<BatchPtr> taken;
  int64_t total = 0;
  for (const auto& batch : rows) {
    if (total >= limit) break;
    if (batch->numRows() == 0) continue;
    BatchPtr visible = batch->materialize();
    int64_t keep = std::min(limit - total, visible->numRows());
    if (keep < visible->numRows()) {
      std::vector<ColumnPtr> columns;
      for (const auto& column : visible->columns()) columns.push_back(sliceColumn(column, 0, keep));
      visible = std::make_shared<Batch>(visible->schema(), std::move(columns), keep);
    }
    taken.push_back(visible->withSchema(schema));
    total += keep;
  }
  if (taken.empty()) {
    std::vector<ColumnPtr> columns;
    for (const auto& field : schema->fields()) columns.push_back(makeNullColumn(field.type, 0));
    return Batch(schema, std::move(columns), 0);
  }
  BatchPtr all = taken.size() == 1 ? taken[0] : concatBatches(schema, taken);
  return Batch(schema, all->columns(), all->numRows());
}

// What Java prints for a Scala object without toString: its class name and identity hash.
std::string consoleTableName() {
  static const std::string name = [] {
    static const int anchor = 0;
    auto hash = static_cast<unsigned>((reinterpret_cast<uintptr_t>(&anchor) >> 4) & 0x7FFFFFFF);
    char hex[16];
    std::snprintf(hex, sizeof hex, "%x", hash);
    return std::string("org.apache.spark.sql.execution.streaming.ConsoleTable$@") + hex;
  }();
  return name;
}

class ConsoleSink : public Sink {
 public:
  ConsoleSink(const ConnectorContext& context, std::ostream& out)
      : out_(out),
        numRows_(optionInt(context, "numRows", 20)),
        truncate_(optionBool(context, "truncate", true)),
        zone_(context.timeZone ? context.timeZone : TimeZone::utc()) {}

  std::string description() const override { return consoleTableName(); }

  Status addBatch(const SinkBatch& batch) override {
    // Dataset.show clamps a negative row count to 0.
    int numRows = std::max(0, numRows_);
    Batch rows = firstRows(batch.schema, batch.rows, int64_t{numRows} + 1);
    std::string text;
    text += kDashes;
    text += "\nBatch: " + std::to_string(batch.batchId) + "\n";
    text += kDashes;
    text += '\n';
    text += showString(rows, numRows, truncate_ ? 20 : 0, false, *zone_);
    text += '\n';
    std::lock_guard lock(mutex_);
    withTerminalOutput([&] {
      out_ << text;
      out_.flush();
    });
    return Status::success();
  }

 private:
  std::ostream& out_;
  int32_t numRows_;
  bool truncate_;
  TimeZonePtr zone_;
  std::mutex mutex_;
};

}  // namespace

std::unique_ptr<Sink> makeConsoleSink(const ConnectorContext& context, std::ostream& out) {
  return std::make_unique<ConsoleSink>(context, out);
}

void registerConsoleConnector(ConnectorRegistry& registry) {
  registry.addSink("console", {[](const ConnectorContext& context, OutputMode, const SchemaPtr&) {
                                 optionInt(context, "numRows", 20);
                                 optionBool(context, "truncate", true);
                               },
                               [](const ConnectorContext& context, OutputMode, const SchemaPtr&) {
                                 return makeConsoleSink(context, std::cout);
                               }});
}

}  // namespace spate::connector
