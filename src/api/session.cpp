#include "api/session.h"

#include "api/streaming.h"
#include "connector/memory/memory_stream.h"

#include <cstdlib>
#include <thread>

#include "api/dataframe.h"
#include "api/progress_json_log.h"
#include "common/error.h"
#include "common/strings.h"

namespace spate::sql {

namespace {

// Appends every progress event to the file named by spate.streaming.progressJsonFile (default:
// $SPATE_PROGRESS_JSON). Always attached and read per event, so SET applies to running queries.
// The conf outlives the query manager (declared before it), so the listener may hold it.
void attachProgressJsonLog(RuntimeConfig& conf, streaming::QueryManager& queries) {
  if (!conf.getOption(kProgressJsonFileConf)) {
    if (const char* path = std::getenv(kProgressJsonFileEnv); path && *path)
      conf.set(kProgressJsonFileConf, path);
  }
  auto log =
      std::make_shared<ProgressJsonLog>([&conf] { return conf.get(kProgressJsonFileConf, ""); });
  streaming::QueryEventSink events;
  events.progress = [log](const streaming::StreamExecution&,
                          const streaming::StreamingQueryProgress& p) {
    log->onQueryProgress({p});
  };
  queries.addObserver(std::move(events));
}

}  // namespace

int parseMaster(const std::string& master) {
  std::string m = trimWhitespace(master).data() ? std::string(trimWhitespace(master)) : "";
  int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  if (m.empty() || m == "local") return 1;
  if (m == "local[*]") return cores;
  if (m.starts_with("local[") && m.ends_with("]")) {
    std::string n = m.substr(6, m.size() - 7);
    // local[N, maxFailures] is accepted too.
    if (auto comma = n.find(','); comma != std::string::npos) n = n.substr(0, comma);
    if (n == "*") return cores;
    try {
      int threads = std::stoi(n);
      if (threads >= 1) return threads;
    } catch (const std::exception&) {
    }
  }
  throw IllegalArgumentException("Could not parse Master URL: '" + master + "'");
}

SessionBuilder& SessionBuilder::master(const std::string& master) {
  config_["spark.master"] = master;
  return *this;
}

SessionBuilder& SessionBuilder::appName(const std::string& name) {
  config_["spark.app.name"] = name;
  return *this;
}

SessionBuilder& SessionBuilder::config(const std::string& key, const std::string& value) {
  config_[key] = value;
  return *this;
}

SessionPtr SessionBuilder::getOrCreate() { return std::make_shared<Session>(config_); }

Session::Session(std::map<std::string, std::string> config) {
  for (const auto& [k, v] : config) conf_.set(k, v);
  if (!conf_.getOption("spark.master")) conf_.set("spark.master", "local[*]");
  parallelism_ = parseMaster(conf_.get("spark.master"));
  pool_ = std::make_unique<ThreadPool>(parallelism_);
  if (!conf_.getOption("spark.sql.session.timeZone")) conf_.set("spark.sql.session.timeZone", TimeZone::systemZoneId());
  queries_ = std::make_unique<streaming::QueryManager>();
  attachProgressJsonLog(conf_, *queries_);
}

Session::~Session() { stop(); }

void Session::stop() {
  if (queries_) queries_->stopAll();
}

std::string Session::version() const { return "3.5.0-spate-0.1.0"; }

TimeZonePtr Session::timeZone() const {
  std::string id = conf_.get("spark.sql.session.timeZone", "UTC");
  auto zone = TimeZone::of(id);
  if (!zone) throw IllegalArgumentException("[INVALID_CONF_VALUE.TIME_ZONE] The value '" + id +
                                            "' in the config \"spark.sql.session.timeZone\" is invalid. Cannot "
                                            "resolve the given timezone.");
  return zone;
}

BindContext Session::bindContext() const {
  BindContext ctx;
  ctx.timeZone = timeZone();
  ctx.caseSensitive = equalsIgnoreCase(conf_.get("spark.sql.caseSensitive", "false"), "true");
  return ctx;
}

ExecContext Session::execContext() const {
  ExecContext ctx;
  ctx.pool = pool_.get();
  ctx.eval.timeZone = timeZone();
  ctx.eval.currentTimestampMicros = currentTimeMicros();
  return ctx;
}

std::vector<BatchPtr> Session::execute(const PlanPtr& plan) const { return executePlan(*plan, execContext()); }

void Session::registerView(const std::string& name, PlanPtr plan, bool replace, const std::string& format) {
  CatalogEntry entry;
  entry.name = name;
  entry.plan = std::move(plan);
  entry.format = format;
  registerTable(std::move(entry), replace);
}

void Session::registerTable(CatalogEntry entry, bool replace) {
  std::lock_guard lock(catalogMutex_);
  std::string key = toLower(entry.name);
  if (!replace && catalog_.count(key))
    throw AnalysisException("[TEMP_TABLE_OR_VIEW_ALREADY_EXISTS] Cannot create the temporary view " +
                                quoteIdentifier(entry.name) + " because it already exists.\nChoose a different "
                                "name, drop or replace the existing view, or add the IF NOT EXISTS clause to "
                                "tolerate pre-existing views.",
                            "TEMP_TABLE_OR_VIEW_ALREADY_EXISTS");
  catalog_[key] = std::move(entry);
}

bool Session::dropView(const std::string& name) {
  std::lock_guard lock(catalogMutex_);
  return catalog_.erase(toLower(name)) > 0;
}

const CatalogEntry* Session::findTable(const std::string& name) const {
  std::lock_guard lock(catalogMutex_);
  auto it = catalog_.find(toLower(name));
  return it == catalog_.end() ? nullptr : &it->second;
}

std::vector<CatalogEntry> Session::tables() const {
  std::lock_guard lock(catalogMutex_);
  std::vector<CatalogEntry> out;
  for (const auto& [k, v] : catalog_) out.push_back(v);
  return out;
}

PlanPtr Session::resolveTable(const std::vector<std::string>& name, bool stream) const {
  const CatalogEntry* entry = name.empty() ? nullptr : findTable(name.back());
  if (!entry) {
    std::string quoted;
    for (size_t i = 0; i < name.size(); ++i) quoted += (i ? "." : "") + quoteIdentifier(name[i]);
    throw AnalysisException("[TABLE_OR_VIEW_NOT_FOUND] The table or view " + quoted +
                                " cannot be found. Verify the spelling and correctness of the schema and "
                                "catalog.\nIf you did not qualify the name with a schema, verify the "
                                "current_schema() output, or qualify the name with the correct schema and "
                                "catalog.\nTo tolerate the error on drop use DROP VIEW IF EXISTS or DROP TABLE "
                                "IF EXISTS.",
                            "TABLE_OR_VIEW_NOT_FOUND");
  }
  if (stream) return streamingTablePlan(*entry, timeZone());
  if (entry->memoryStream) {
    auto stream = entry->memoryStream;
    return makeScan(entry->name, entry->plan->output, [stream] { return stream->allRows(); });
  }
  if (entry->sinkRows) return makeScan(entry->name, entry->plan->output, entry->sinkRows);
  return entry->plan;
}

DataFrame Session::createDataFrame(const std::vector<std::vector<Value>>& rows, const SchemaPtr& schema) {
  int64_t size = defaultVectorSize();
  std::vector<BatchPtr> batches;
  for (size_t start = 0; start < rows.size(); start += size) {
    std::vector<std::vector<Value>> part(rows.begin() + start,
                                         rows.begin() + std::min(rows.size(), start + static_cast<size_t>(size)));
    for (const auto& r : part)
      if (r.size() != schema->fields().size())
        throw IllegalArgumentException("[AXIS_LENGTH_MISMATCH] Length mismatch: Expected axis has " +
                                       std::to_string(schema->fields().size()) + " elements, new values have " +
                                       std::to_string(r.size()) + " elements.");
    batches.push_back(makeBatch(schema, part));
  }
  auto data = std::make_shared<const std::vector<BatchPtr>>(std::move(batches));
  return DataFrame(shared_from_this(),
                   makeScan("LocalRelation", attributesOf(*schema), [data] { return *data; }));
}

DataFrame Session::createDataFrame(std::vector<BatchPtr> batches, const SchemaPtr& schema) {
  auto data = std::make_shared<const std::vector<BatchPtr>>(std::move(batches));
  return DataFrame(shared_from_this(), makeScan("LocalRelation", attributesOf(*schema), [data] { return *data; }));
}

DataFrame Session::createDataFrame(const std::vector<std::vector<Value>>& rows, const std::string& ddlSchema) {
  return createDataFrame(rows, parseDdlSchema(ddlSchema));
}

DataFrame Session::range(int64_t start, int64_t end, int64_t step) {
  if (step == 0) throw IllegalArgumentException("requirement failed: step (0) cannot be 0");
  SchemaPtr schema = DataType::structType({{"id", DataType::longType(), false}});
  auto provider = [=] {
    std::vector<BatchPtr> out;
    int64_t size = defaultVectorSize();
    int64_t count = step > 0 ? (end > start ? (end - start + step - 1) / step : 0)
                             : (start > end ? (start - end + (-step) - 1) / (-step) : 0);
    for (int64_t i = 0; i < count; i += size) {
      int64_t rows = std::min(size, count - i);
      auto column = std::make_shared<spate::Column>(DataType::longType(), rows);
      column->mutableData().resize(rows * 8);
      int64_t* v = column->mutableData().as<int64_t>();
      for (int64_t k = 0; k < rows; ++k) v[k] = start + (i + k) * step;
      out.push_back(std::make_shared<Batch>(schema, std::vector<ColumnPtr>{column}, rows));
    }
    return out;
  };
  return DataFrame(shared_from_this(), makeScan("Range", attributesOf(*schema), provider));
}

DataFrame Session::table(const std::string& name) {
  return DataFrame(shared_from_this(), resolveTable({name}, false));
}

DataFrameReader Session::read() { return DataFrameReader(shared_from_this()); }

DataStreamReader Session::readStream() { return DataStreamReader(shared_from_this()); }

StreamingQueryManager Session::streams() { return StreamingQueryManager(shared_from_this()); }

}  // namespace spate::sql
