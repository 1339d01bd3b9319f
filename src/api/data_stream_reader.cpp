#include "api/connector_context.h"
#include "api/streaming.h"
#include "common/error.h"
#include "common/strings.h"
#include "connector/memory/memory_stream.h"

namespace spate::sql {

namespace {

/// A streaming scan reading `spec` (the source is created when a query starts).
PlanPtr streamingScan(const std::string& name, const SchemaPtr& schema, std::shared_ptr<StreamingSourceSpec> spec) {
  auto scan = std::make_shared<LogicalPlan>(*makeScan(name, attributesOf(*schema), [] {
    return std::vector<BatchPtr>{};
  }, true));
  scan->streamingSource = std::move(spec);
  return scan;
}

PlanPtr sourcePlan(const Session& session, const std::string& name, const std::string& format,
                   const std::map<std::string, std::string>& options, const SchemaPtr& userSchema) {
  const connector::SourceProvider* provider = connector::ConnectorRegistry::instance().findSource(format);
  if (!provider)
    throw AnalysisException("[DATA_SOURCE_NOT_FOUND] Failed to find the data source: " + format + ".",
                            "DATA_SOURCE_NOT_FOUND");
  SchemaPtr schema = provider->schema(connectorContext(session, format, options, userSchema));
  auto spec = std::make_shared<StreamingSourceSpec>();
  spec->format = toLower(format);
  spec->options = options;
  spec->userSchema = userSchema;
  spec->create = provider->create;
  return streamingScan(name, schema, std::move(spec));
}

}  // namespace

DataStreamReader& DataStreamReader::format(const std::string& source) {
  format_ = source;
  return *this;
}

DataStreamReader& DataStreamReader::option(const std::string& key, const std::string& value) {
  for (auto it = options_.begin(); it != options_.end(); ++it)
    if (equalsIgnoreCase(it->first, key)) {
      options_.erase(it);
      break;
    }
  options_[key] = value;
  return *this;
}

DataStreamReader& DataStreamReader::option(const std::string& key, bool value) {
  return option(key, std::string(value ? "true" : "false"));
}
DataStreamReader& DataStreamReader::option(const std::string& key, int64_t value) {
  return option(key, std::to_string(value));
}
DataStreamReader& DataStreamReader::option(const std::string& key, double value) {
  return option(key, formatDouble(value));
}

DataStreamReader& DataStreamReader::options(const std::map<std::string, std::string>& options) {
  for (const auto& [k, v] : options) option(k, v);
  return *this;
}

DataStreamReader& DataStreamReader::schema(const SchemaPtr& schema) {
  schema_ = schema;
  return *this;
}

DataStreamReader& DataStreamReader::schema(const std::string& ddl) {
  schema_ = parseDdlSchema(ddl);
  return *this;
}

DataFrame DataStreamReader::load() {
  std::string format = format_.empty() ? session_->conf().get("spark.sql.sources.default", "parquet") : format_;
  return DataFrame(session_, sourcePlan(*session_, format, format, options_, schema_));
}

DataFrame DataStreamReader::load(const std::string& path) {
  option("path", path);
  return load();
}

DataFrame DataStreamReader::table(const std::string& name) {
  return DataFrame(session_, session_->resolveTable({name}, true));
}

PlanPtr streamingTablePlan(const CatalogEntry& entry, const TimeZonePtr&) {
  if (entry.memoryStream) {
    auto stream = entry.memoryStream;
    auto spec = std::make_shared<StreamingSourceSpec>();
    spec->format = "memory";
    std::string name = entry.name;
    spec->create = [stream, name](const connector::ConnectorContext& context) {
      return connector::makeMemorySource(stream, name, context.dataAvailable);
    };
    return streamingScan(entry.name, stream->schema(), std::move(spec));
  }
  if (entry.format == "view" && entry.plan && isStreamingPlan(*entry.plan)) return entry.plan;  // a view over a stream
  if (entry.format == "view" || entry.sinkRows)
    throw AnalysisException("[UNSUPPORTED_FEATURE] " + quoteIdentifier(entry.name) +
                            " cannot be read as a stream: it is a " + (entry.sinkRows ? "sink" : "view") + ".");
  SchemaPtr schema = entry.plan && !entry.plan->output.empty() ? schemaOf(entry.plan->output) : nullptr;
  // Sessions are not needed to build the scan itself; options carry everything.
  const connector::SourceProvider* provider = connector::ConnectorRegistry::instance().findSource(entry.format);
  if (!provider)
    throw AnalysisException("[DATA_SOURCE_NOT_FOUND] Failed to find the data source: " + entry.format + ".",
                            "DATA_SOURCE_NOT_FOUND");
  connector::ConnectorContext context;
  context.format = entry.format;
  context.options = entry.options;
  context.userSchema = schema;
  context.clockMillis = [] { return currentTimeMicros() / 1000; };
  context.conf = [](const std::string&) { return std::string(); };
  auto spec = std::make_shared<StreamingSourceSpec>();
  spec->format = entry.format;
  spec->options = entry.options;
  spec->userSchema = schema;
  spec->create = provider->create;
  return streamingScan(entry.name, provider->schema(context), std::move(spec));
}

}  // namespace spate::sql
