// Session::sql: runs one statement of Spark SQL (queries, DDL over data sources, SHOW, DESCRIBE,
// EXPLAIN, SET, INSERT INTO memory tables).
#include "api/connector_context.h"
#include "api/dataframe.h"
#include "api/streaming.h"
#include "connector/memory/memory_stream.h"
#include "common/error.h"
#include "common/strings.h"
#include "expression/cast.h"
#include "plan/plan_builder.h"
#include "plan/query_planner.h"
#include "sql/analyzer.h"
#include "sql/parser.h"

namespace spate::sql {

namespace {

DataFrame rowsFrame(Session& session, const std::string& ddl, const std::vector<std::vector<Value>>& rows) {
  return session.createDataFrame(rows, parseDdlSchema(ddl));
}

DataFrame emptyResult(Session& session) {
  return session.createDataFrame(std::vector<BatchPtr>{}, DataType::structType({}));
}

bool isStreamingFormat(const std::string& format) {
  static const char* kFormats[] = {"socket", "rate", "rate-micro-batch", "kafka", "console", "http_sse", "jdbc",
                                   "foreach", "noop"};
  for (const char* f : kFormats)
    if (equalsIgnoreCase(format, f)) return true;
  return false;
}

// Tables whose sink picks its columns by name whatever the table's read schema is (Spark's
// TableCapability.ACCEPT_ANY_SCHEMA): Kafka reads key, value, topic, … but writes from any columns
// named value, key, topic, partition, headers.
bool acceptsAnySchema(const std::string& format) { return equalsIgnoreCase(format, "kafka"); }

// INSERT INTO's columns by position: the query's columns cast to the table's types and named as
// the table's; Spark's error when their numbers differ.
PlanPtr alignToTable(const CatalogEntry& entry, const PlanPtr& query) {
  const AttributeList& target = entry.plan->output;
  if (query->output.size() != target.size())
    throw AnalysisException("[INSERT_COLUMN_ARITY_MISMATCH.TOO_" +
                                std::string(query->output.size() > target.size() ? "MANY" : "NOT_ENOUGH") +
                                "_DATA_COLUMNS] Cannot write to " + quoteIdentifier(entry.name) +
                                ", the reason is too " + (query->output.size() > target.size() ? "many" : "not enough") +
                                " data columns:\nTable columns: " + std::to_string(target.size()) +
                                ".\nData columns: " + std::to_string(query->output.size()) + ".");
  std::vector<ExprPtr> exprs;
  for (size_t i = 0; i < target.size(); ++i)
    exprs.push_back(makeCast(makeColumnRef(static_cast<int>(i), query->output[i].type, true), target[i].type));
  return makeProject(query, std::move(exprs), target);
}

}  // namespace

std::vector<DataFrame> Session::sqlScript(const std::string& sqlText) {
  std::vector<DataFrame> out;
  for (const auto& statement : parseStatements(sqlText)) out.push_back(sql(statement->text));
  return out;
}

DataFrame Session::sql(const std::string& sqlText) {
  StatementPtr st = parseStatement(sqlText);
  TableResolver resolver = [this](const std::vector<std::string>& name, bool stream) {
    return resolveTable(name, stream);
  };
  switch (st->kind) {
    case Statement::Kind::kQuery:
      return DataFrame(shared_from_this(), planQuery(*st->query, resolver, bindContext()));

    case Statement::Kind::kCreateViewAs: {
      PlanPtr plan = planQuery(*st->query, resolver, bindContext());
      if (!st->orReplace && findTable(st->name.back()))
        throw AnalysisException("[TEMP_TABLE_OR_VIEW_ALREADY_EXISTS] Cannot create the temporary view " +
                                    quoteIdentifier(st->name.back()) + " because it already exists.",
                                "TEMP_TABLE_OR_VIEW_ALREADY_EXISTS");
      registerView(st->name.back(), plan, true);
      return emptyResult(*this);
    }

    case Statement::Kind::kCreateTable: {
      // Not silently dropped: the rows would be missing without a word.
      if (st->query)
        throw AnalysisException(
            "CREATE TABLE ... AS SELECT is not supported yet: create the table, then INSERT INTO it.");
      std::string format = toLower(st->format);
      const std::string& name = st->name.back();
      if (findTable(name) && !st->orReplace) {
        if (st->ifExists) return emptyResult(*this);  // IF NOT EXISTS
        throw AnalysisException("[TABLE_OR_VIEW_ALREADY_EXISTS] Cannot create table or view " +
                                    quoteIdentifier(name) + " because it already exists.",
                                "TABLE_OR_VIEW_ALREADY_EXISTS");
      }
      CatalogEntry entry;
      entry.name = name;
      entry.format = format;
      entry.options = st->options;
      if (format == "memory") {
        if (!st->schema)
          throw AnalysisException("A table USING memory needs a column list, e.g. CREATE TABLE t (a INT) USING memory.");
        entry.plan = makeScan(name, attributesOf(*st->schema), [] { return std::vector<BatchPtr>{}; });
        entry.memoryStream = std::make_shared<connector::MemoryStream>(schemaOf(entry.plan->output));
      } else if (format == "csv" || format == "json" || format == "text") {
        std::string path;
        for (const auto& [k, v] : st->options)
          if (equalsIgnoreCase(k, "path")) path = v;
        if (path.empty())
          throw AnalysisException("[UNABLE_TO_INFER_SCHEMA] Unable to infer schema for " + toUpper(format) +
                                  ". It must be specified manually. (The OPTIONS need a 'path'.)");
        entry.plan = fileSourcePlan(format, {path}, st->options, st->schema, timeZone());
      } else if (const auto* batchSource = connector::ConnectorRegistry::instance().findBatchSource(format)) {
        // Readable in batch queries (SELECT … FROM t) and as a stream (STREAM(t)).
        connector::ConnectorContext context = connectorContext(*this, format, st->options, st->schema);
        SchemaPtr schema = batchSource->schema(context);
        auto read = batchSource->read;
        entry.plan = makeScan(name, attributesOf(*schema), [read, context] {
          auto rows = read(context);
          if (!rows.ok()) throw SpateError(rows.error().message);
          return std::move(*rows);
        });
      } else if (isStreamingFormat(format)) {
        // A streaming source or a sink: STREAM(t) reads it, INSERT INTO t writes to it.
        entry.plan = makeScan(name, st->schema ? attributesOf(*st->schema) : AttributeList{},
                              [] { return std::vector<BatchPtr>{}; }, true);
      } else {
        throw AnalysisException("[DATA_SOURCE_NOT_FOUND] Failed to find the data source: " + st->format + ".",
                                "DATA_SOURCE_NOT_FOUND");
      }
      registerTable(std::move(entry), true);
      return emptyResult(*this);
    }

    case Statement::Kind::kDropTable: {
      if (!dropView(st->name.back()) && !st->ifExists) resolveTable(st->name, false);
      return emptyResult(*this);
    }

    case Statement::Kind::kInsertInto: {
      const CatalogEntry* entry = findTable(st->name.back());
      if (!entry) resolveTable(st->name, false);
      PlanPtr source = planQuery(*st->query, resolver, bindContext());
      // A sink table created with a column list (CREATE TABLE t (a INT, …) USING jdbc) takes the
      // query's columns by position, as Spark's INSERT INTO does.
      if (isStreamingFormat(entry->format) && !acceptsAnySchema(entry->format) && entry->plan &&
          !entry->plan->output.empty())
        source = alignToTable(*entry, source);
      if (isStreamingPlan(*source)) {
        // INSERT INTO <sink table> SELECT … FROM STREAM(…) starts a streaming query.
        CatalogEntry sinkTable = *entry;
        startInsertQuery(*this, sinkTable, DataFrame(shared_from_this(), source));
        return emptyResult(*this);
      }
      if (!entry->memoryStream) {
        if (const auto* sink = connector::ConnectorRegistry::instance().findBatchSink(entry->format)) {
          // INSERT INTO <table USING jdbc|json|…> SELECT … from a batch query: one batch write.
          DataFrame rows(shared_from_this(), source);
          connector::ConnectorContext context = connectorContext(*this, entry->format, entry->options, nullptr);
          Status written = sink->write(context, connector::SaveMode::kAppend, rows.schema(), rows.collectBatches());
          if (!written.ok()) throw SpateError(written.error().message);
          return emptyResult(*this);
        }
      }
      if (!entry->memoryStream)
        throw AnalysisException("INSERT INTO is supported for tables USING memory; " + quoteIdentifier(entry->name) +
                                " is a " + entry->format + " table.");
      PlanPtr casted = alignToTable(*entry, source);
      const AttributeList& target = entry->plan->output;
      std::vector<BatchPtr> rows;
      for (auto& b : execute(casted)) rows.push_back(b->materialize()->withSchema(schemaOf(target)));
      entry->memoryStream->addData(std::move(rows));
      return emptyResult(*this);
    }

    case Statement::Kind::kShowTables: {
      std::vector<std::vector<Value>> rows;
      for (const auto& t : tables()) rows.push_back({Value(""), Value(t.name), Value(true)});
      return rowsFrame(*this, "namespace STRING, tableName STRING, isTemporary BOOLEAN", rows);
    }

    case Statement::Kind::kShowFunctions: {
      std::vector<std::vector<Value>> rows;
      for (const auto& n : FunctionRegistry::instance().names())
        if (!isOperatorFunctionName(n)) rows.push_back({Value(n)});
      return rowsFrame(*this, "function STRING", rows);
    }

    case Statement::Kind::kDescribe: {
      if (st->describeFunction) {
        const FunctionEntry* f = FunctionRegistry::instance().find(st->name.back());
        if (!f)
          throw AnalysisException("[UNRESOLVED_ROUTINE] Cannot resolve function " + quoteIdentifier(st->name.back()) +
                                  " on search path [`system`.`builtin`, `system`.`session`, "
                                  "`spark_catalog`.`default`].", "UNRESOLVED_ROUTINE");
        return rowsFrame(*this, "function_desc STRING",
                         {{Value("Function: " + f->name)}, {Value("Usage: " + f->usage)}});
      }
      PlanPtr plan = st->query ? planQuery(*st->query, resolver, bindContext()) : resolveTable(st->name, false);
      std::vector<std::vector<Value>> rows;
      for (const auto& a : plan->output) rows.push_back({Value(a.name), Value(a.type->simpleString()), Value::null()});
      return rowsFrame(*this, "col_name STRING, data_type STRING, comment STRING", rows);
    }

    case Statement::Kind::kExplain: {
      DataFrame df(shared_from_this(), planQuery(*st->query, resolver, bindContext()));
      return rowsFrame(*this, "plan STRING", {{Value(df.explainString(st->extended))}});
    }

    case Statement::Kind::kSet: {
      if (st->key.empty()) {
        std::vector<std::vector<Value>> rows;
        for (const auto& [k, v] : conf_.getAll()) rows.push_back({Value(k), Value(v)});
        return rowsFrame(*this, "key STRING, value STRING", rows);
      }
      if (st->hasValue) {
        if (st->key == "spark.sql.session.timeZone" && !TimeZone::of(st->value))
          throw IllegalArgumentException("[INVALID_CONF_VALUE.TIME_ZONE] The value '" + st->value +
                                         "' in the config \"spark.sql.session.timeZone\" is invalid. Cannot resolve "
                                         "the given timezone.");
        conf_.set(st->key, st->value);
        return rowsFrame(*this, "key STRING, value STRING", {{Value(st->key), Value(st->value)}});
      }
      return rowsFrame(*this, "key STRING, value STRING",
                       {{Value(st->key), Value(conf_.get(st->key, "<undefined>"))}});
    }

    case Statement::Kind::kShowStreams: {
      std::vector<std::vector<Value>> rows;
      for (const auto& q : queryManager().active()) {
        StreamingQuery query(shared_from_this(), q);
        auto progress = query.lastProgress();
        rows.push_back({q->name().empty() ? Value::null() : Value(q->name()), Value(q->id()), Value(q->runId()),
                        Value(q->status().message), progress ? Value(progress->json()) : Value::null()});
      }
      return rowsFrame(*this, "name STRING, id STRING, runId STRING, status STRING, lastProgress STRING", rows);
    }

    case Statement::Kind::kStopStream: {
      std::string name = st->name.empty() ? "" : st->name.back();
      auto q = queryManager().findByName(name);
      if (!q) q = queryManager().get(name);
      if (!q) throw AnalysisException("No streaming query named " + quoteIdentifier(name) + " is active.");
      q->stop();
      return emptyResult(*this);
    }
  }
  throw InternalError("unknown statement kind");
}

}  // namespace spate::sql
