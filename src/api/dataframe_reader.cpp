#include "api/connector_context.h"
#include "api/dataframe.h"
#include "common/error.h"
#include "common/strings.h"
#include "connector/file/file_formats.h"
#include "connector/file_stream/file_stream_log.h"

namespace spate::sql {

PlanPtr fileSourcePlan(const std::string& formatName, const std::vector<std::string>& paths,
                       const std::map<std::string, std::string>& options, const SchemaPtr& schema,
                       TimeZonePtr zone) {
  std::string format = toLower(formatName);
  if (format != "csv" && format != "json" && format != "text")
    throw AnalysisException("[DATA_SOURCE_NOT_FOUND] Failed to find the data source: " + formatName +
                                ". Please find packages at `https://spark.apache.org/third-party-projects.html`.",
                            "DATA_SOURCE_NOT_FOUND");
  std::vector<std::string> files;
  // A directory written by a streaming file sink is read through its _spark_metadata log, so that
  // only committed files are seen (Spark's FileStreamSink.hasMetadata, for a single path).
  std::optional<std::vector<std::string>> logged;
  if (paths.size() == 1) {
    auto listed = connector::sinkLogDataFiles(paths[0]);
    if (!listed.ok()) throw ExecutionException(listed.error().message);
    logged = std::move(*listed);
  }
  if (logged) {
    files = std::move(*logged);
  } else {
    for (const auto& p : paths)
      for (auto& f : listDataFiles(p)) files.push_back(std::move(f));
  }
  FileOptions fileOptions(options);
  auto read = [format, files, fileOptions, zone](const SchemaPtr& s) {
    if (format == "csv") return readCsv(files, s, fileOptions, *zone);
    if (format == "json") return readJson(files, s, fileOptions, *zone);
    return readText(files, fileOptions);
  };
  // File sources report every column as nullable, as Spark's do.
  SchemaPtr resolved;
  if (schema) {
    std::vector<StructField> fields = schema->fields();
    for (auto& f : fields) f.nullable = true;
    resolved = DataType::structType(std::move(fields));
  }
  if (format == "text") resolved = DataType::structType({{"value", DataType::string(), true}});
  if (!resolved) resolved = read(nullptr).schema;  // inferred now, as Spark does at load()
  std::string name = format + " [" + joinStrings(paths, ", ") + "]";
  return makeScan(name, attributesOf(*resolved), [read, resolved] { return read(resolved).batches; });
}

DataFrameReader& DataFrameReader::format(const std::string& source) {
  format_ = source;
  return *this;
}

DataFrameReader& DataFrameReader::option(const std::string& key, const std::string& value) {
  options_[key] = value;
  return *this;
}

DataFrameReader& DataFrameReader::options(const std::map<std::string, std::string>& options) {
  for (const auto& [k, v] : options) options_[k] = v;
  return *this;
}

DataFrameReader& DataFrameReader::schema(const SchemaPtr& schema) {
  schema_ = schema;
  return *this;
}

DataFrameReader& DataFrameReader::schema(const std::string& ddl) { return schema(parseDdlSchema(ddl)); }

DataFrame DataFrameReader::load(const std::string& path) {
  std::string format = toLower(format_);
  if (format != "csv" && format != "json" && format != "text") {
    if (const auto* provider = connector::ConnectorRegistry::instance().findBatchSource(format)) {
      std::map<std::string, std::string> options = options_;
      if (!path.empty()) options["path"] = path;
      connector::ConnectorContext context = connectorContext(*session_, format, options, schema_);
      SchemaPtr schema = provider->schema(context);
      auto read = provider->read;
      return DataFrame(session_, makeScan(format, attributesOf(*schema), [read, context] {
                         auto rows = read(context);
                         if (!rows.ok()) throw SpateError(rows.error().message);
                         return std::move(*rows);
                       }));
    }
  }
  std::string p = path;
  if (p.empty()) {
    for (const auto& [k, v] : options_)
      if (equalsIgnoreCase(k, "path")) p = v;
  }
  if (p.empty()) throw AnalysisException("[UNABLE_TO_INFER_SCHEMA] Unable to infer schema. It must be specified manually.");
  return DataFrame(session_, fileSourcePlan(format_, {p}, options_, schema_, session_->timeZone()));
}

DataFrame DataFrameReader::load(const std::vector<std::string>& paths) {
  if (paths.size() == 1) return load(paths[0]);
  if (paths.empty()) return load(std::string());
  return DataFrame(session_,
                   fileSourcePlan(format_, paths, options_, schema_, session_->timeZone()));
}

DataFrame DataFrameReader::csv(const std::string& path) { return format("csv").load(path); }
DataFrame DataFrameReader::json(const std::string& path) { return format("json").load(path); }
DataFrame DataFrameReader::text(const std::string& path) { return format("text").load(path); }

}  // namespace spate::sql
