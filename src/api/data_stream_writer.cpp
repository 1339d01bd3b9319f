#include <filesystem>

#include "api/streaming.h"
#include "common/error.h"
#include "common/strings.h"
#include "plan/unsupported_operation_checker.h"
#include "streaming/checkpoint_log.h"

namespace spate::sql {

namespace {

/// foreachBatch: the batch's rows as a static DataFrame, with its id. The session is held weakly:
/// the session keeps its queries (and so this sink), which must not keep the session alive.
class ForeachBatchSink : public connector::Sink {
 public:
  ForeachBatchSink(const SessionPtr& session, std::function<void(const DataFrame&, int64_t)> function)
      : session_(session), function_(std::move(function)) {}
  std::string description() const override { return "ForeachBatchSink"; }
  bool reportsOutputRows() const override { return false; }
  Status addBatch(const connector::SinkBatch& batch) override {
    SessionPtr session = session_.lock();
    if (!session) return Error::internal("The session of this streaming query is gone.");
    function_(session->createDataFrame(batch.rows, batch.schema), batch.batchId);
    return Status::success();
  }

 private:
  std::weak_ptr<Session> session_;
  std::function<void(const DataFrame&, int64_t)> function_;
};

/// foreach: the writer sees every row of each batch (one partition per batch here).
class ForeachSink : public connector::Sink {
 public:
  explicit ForeachSink(std::shared_ptr<ForeachWriter> writer) : writer_(std::move(writer)) {}
  std::string description() const override { return "ForeachSink"; }
  bool reportsOutputRows() const override { return false; }
  Status addBatch(const connector::SinkBatch& batch) override {
    if (!writer_->open(0, batch.batchId)) return Status::success();
    try {
      for (const auto& b : batch.rows)
        for (int64_t r = 0; r < b->numRows(); ++r) {
          int64_t physical = b->hasSelection() ? (*b->selection())[r] : r;
          writer_->process(Row(batch.schema, b->rowAt(physical)));
        }
    } catch (const std::exception& e) {
      writer_->close(std::string(e.what()));
      throw;
    }
    writer_->close(std::nullopt);
    return Status::success();
  }

 private:
  std::shared_ptr<ForeachWriter> writer_;
};

std::optional<std::string> findOption(const std::map<std::string, std::string>& options, const std::string& key) {
  for (const auto& [k, v] : options)
    if (equalsIgnoreCase(k, key)) return v;
  return std::nullopt;
}

/// The unsupported-operation checker's rules, at start() as in Spark.
void checkStreamingPlan(const LogicalPlan& plan, OutputMode mode, Session& session) {
  StreamingCheckConf conf;
  auto flag = [&](const std::string& key) {
    return toLower(session.conf().get(key, "true")) != "false";
  };
  conf.statefulOperatorAllowMultiple = flag("spark.sql.streaming.statefulOperator.allowMultiple");
  conf.checkCorrectness = flag("spark.sql.streaming.statefulOperator.checkCorrectness.enabled");
  checkStreamingQuery(plan, mode, conf);
}

std::string temporaryCheckpoint() {
  auto dir = std::filesystem::temp_directory_path() / ("temporary-" + streaming::randomUuid());
  return dir.string();
}

}  // namespace

DataStreamWriter DataFrame::writeStream() const { return DataStreamWriter(*this); }

DataStreamWriter& DataStreamWriter::format(const std::string& sink) {
  format_ = sink;
  return *this;
}

DataStreamWriter& DataStreamWriter::option(const std::string& key, const std::string& value) {
  for (auto it = options_.begin(); it != options_.end(); ++it)
    if (equalsIgnoreCase(it->first, key)) {
      options_.erase(it);
      break;
    }
  options_[key] = value;
  return *this;
}
DataStreamWriter& DataStreamWriter::option(const std::string& key, bool value) {
  return option(key, std::string(value ? "true" : "false"));
}
DataStreamWriter& DataStreamWriter::option(const std::string& key, int64_t value) {
  return option(key, std::to_string(value));
}
DataStreamWriter& DataStreamWriter::options(const std::map<std::string, std::string>& options) {
  for (const auto& [k, v] : options) option(k, v);
  return *this;
}

DataStreamWriter& DataStreamWriter::outputMode(const std::string& mode) {
  auto parsed = parseOutputMode(mode);
  if (!parsed)
    throw IllegalArgumentException("Unknown output mode " + mode +
                                   ". Accepted output modes are 'append', 'complete', 'update'");
  mode_ = *parsed;
  return *this;
}

DataStreamWriter& DataStreamWriter::outputMode(OutputMode mode) {
  mode_ = mode;
  return *this;
}

DataStreamWriter& DataStreamWriter::trigger(const streaming::Trigger& trigger) {
  trigger_ = trigger;
  return *this;
}

DataStreamWriter& DataStreamWriter::queryName(const std::string& name) {
  queryName_ = name;
  return *this;
}

DataStreamWriter& DataStreamWriter::partitionBy(const std::vector<std::string>& columns) {
  if (!columns.empty()) option("__partitionColumns", joinStrings(columns, ","));
  return *this;
}

DataStreamWriter& DataStreamWriter::foreachBatch(std::function<void(const DataFrame&, int64_t)> function) {
  format_ = "foreachBatch";
  foreachBatch_ = std::move(function);
  return *this;
}

DataStreamWriter& DataStreamWriter::foreach(std::shared_ptr<ForeachWriter> writer) {
  format_ = "foreach";
  foreach_ = std::move(writer);
  return *this;
}

DataStreamWriter& DataStreamWriter::clock(std::shared_ptr<streaming::Clock> clock) {
  clock_ = std::move(clock);
  return *this;
}

DataStreamWriter& DataStreamWriter::memorySink(std::shared_ptr<connector::MemorySink> sink) {
  memorySink_ = std::move(sink);
  return *this;
}

StreamingQuery DataStreamWriter::start(const std::string& path) {
  option("path", path);
  return start();
}

StreamingQuery DataStreamWriter::start() {
  const SessionPtr& session = frame_.session();
  const PlanPtr& plan = frame_.plan();
  checkWriteStreamAllowed(*plan);
  OutputMode mode = mode_.value_or(OutputMode::kAppend);
  std::string format = format_.empty() ? session->conf().get("spark.sql.sources.default", "parquet") : format_;
  std::string lower = toLower(format);
  checkStreamingPlan(*plan, mode, *session);

  streaming::QuerySpec spec;
  spec.name = queryName_;
  spec.plan = plan;
  spec.outputMode = mode;
  spec.trigger = trigger_;
  spec.conf = session->conf().getAll();
  spec.exec = session->execContext();
  spec.parallelism = session->parallelism();
  spec.clock = clock_ ? clock_ : std::make_shared<streaming::SystemClock>();

  // The checkpoint: the option, else spark.sql.streaming.checkpointLocation/<name or id>, else a
  // temporary directory for the sinks Spark allows it for.
  bool temporaryAllowed = lower == "console" || lower == "memory" || lower == "foreachbatch" ||
                          lower == "foreach" || lower == "noop";
  if (auto location = findOption(options_, "checkpointLocation")) {
    spec.checkpointLocation = *location;
  } else if (auto root = session->conf().getOption("spark.sql.streaming.checkpointLocation")) {
    spec.checkpointLocation = *root + "/" + (queryName_.empty() ? streaming::randomUuid() : queryName_);
  } else if (temporaryAllowed) {
    spec.checkpointLocation = temporaryCheckpoint();
    spec.deleteCheckpointOnStop = true;
  } else {
    throw AnalysisException(
        "checkpointLocation must be specified either through option(\"checkpointLocation\", ...) or "
        "SparkSession.conf.set(\"spark.sql.streaming.checkpointLocation\", ...)");
  }

  SchemaPtr schema = schemaOf(plan->output);
  if (lower == "memory") {
    if (queryName_.empty()) throw AnalysisException("queryName must be specified for memory sink");
    auto sink = memorySink_ ? memorySink_ : std::make_shared<connector::MemorySink>(schema);
    CatalogEntry table;
    table.name = queryName_;
    table.format = "memory_sink";
    table.plan = makeScan(queryName_, attributesOf(*schema), [] { return std::vector<BatchPtr>{}; });
    table.sinkRows = [sink] { return sink->rows(); };
    session->registerTable(std::move(table), true);
    spec.sink = sink;
  } else if (lower == "foreachbatch") {
    spec.sink = std::make_shared<ForeachBatchSink>(session, foreachBatch_);
  } else if (lower == "foreach") {
    spec.sink = std::make_shared<ForeachSink>(foreach_);
  } else {
    const connector::SinkProvider* provider = connector::ConnectorRegistry::instance().findSink(lower);
    if (!provider)
      throw AnalysisException("[DATA_SOURCE_NOT_FOUND] Failed to find the data source: " + format + ".",
                              "DATA_SOURCE_NOT_FOUND");
    connector::ConnectorContext context;
    context.format = lower;
    context.options = options_;
    context.metadataPath = spec.checkpointLocation;
    context.queryName = queryName_;
    context.timeZone = session->timeZone();
    auto clock = spec.clock;
    context.clockMillis = [clock] { return clock->nowMs(); };
    auto all = spec.conf;
    context.conf = [all](const std::string& key) {
      auto it = all.find(key);
      return it == all.end() ? std::string() : it->second;
    };
    context.parallelism = session->parallelism();
    if (provider->check) provider->check(context, mode, schema);
    spec.sink = std::shared_ptr<connector::Sink>(provider->create(context, mode, schema));
  }
  return StreamingQuery(session, session->queryManager().startQuery(std::move(spec)));
}

StreamingQuery DataStreamWriter::toTable(const std::string& tableName) {
  const CatalogEntry* entry = frame_.session()->findTable(tableName);
  if (!entry) frame_.session()->resolveTable({tableName}, false);  // throws TABLE_OR_VIEW_NOT_FOUND
  CatalogEntry table = *entry;
  DataStreamWriter writer(*this);
  writer.format(table.format);
  bool defaultTrigger =
      trigger_.kind == streaming::Trigger::Kind::kProcessingTime && trigger_.intervalMs == 0;
  for (const auto& [k, v] : table.options) {
    if (equalsIgnoreCase(k, "outputMode")) {
      if (!mode_) writer.outputMode(v);
    } else if (equalsIgnoreCase(k, "trigger")) {
      if (defaultTrigger) writer.trigger(streaming::Trigger::parse(v));
    } else if (equalsIgnoreCase(k, "queryName")) {
      if (queryName_.empty()) writer.queryName(v);
    } else if (!findOption(options_, k)) {
      writer.option(k, v);
    }
  }
  if (writer.queryName_.empty()) writer.queryName(table.name);
  return writer.start();
}

StreamingQuery startInsertQuery(Session& session, const CatalogEntry& sinkTable,
                                const DataFrame& query) {
  DataStreamWriter writer(query);
  writer.format(sinkTable.format);
  std::map<std::string, std::string> formatOptions;
  for (const auto& [k, v] : sinkTable.options) {
    if (equalsIgnoreCase(k, "outputMode"))
      writer.outputMode(v);
    else if (equalsIgnoreCase(k, "trigger"))
      writer.trigger(streaming::Trigger::parse(v));
    else if (equalsIgnoreCase(k, "queryName"))
      writer.queryName(v);
    else
      formatOptions[k] = v;
  }
  writer.options(formatOptions);
  if (!findOption(sinkTable.options, "queryName")) writer.queryName(sinkTable.name);
  return writer.start();
}

}  // namespace spate::sql
