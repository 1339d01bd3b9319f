#include "connector/jdbc/jdbc_stream_sink.h"

#include "common/error.h"
#include "common/logging.h"
#include "common/redaction.h"
#include "connector/jdbc/jdbc_table_writer.h"

namespace spate::connector::jdbc {

JdbcStreamSink::JdbcStreamSink(JdbcWriteOptions options, OutputMode mode, SchemaPtr schema,
                               TimeZonePtr zone)
    : options_(std::move(options)),
      mode_(mode),
      schema_(std::move(schema)),
      zone_(std::move(zone)) {}

JdbcStreamSink::~JdbcStreamSink() = default;

std::string JdbcStreamSink::description() const {
  return "JdbcSink[url=" + options_.redact(redactUrl(options_.url)) +
         ", dbtable=" + options_.table + "]";
}

void JdbcStreamSink::stop() { connection_.reset(); }

Status JdbcStreamSink::addBatch(const SinkBatch& batch) {
  // A connection kept from the previous batch may have been closed by the server meanwhile
  // (restart, idle timeout): then one immediate retry on a new connection. The batch's record
  // makes the retry safe even if the failure hid a successful commit.
  for (int attempt = 0;; ++attempt) {
    bool reused = connection_ != nullptr;
    if (!connection_) {
      auto opened = openConnection(options_, zone_);
      if (!opened.ok()) return opened.error();
      connection_ = std::move(opened).value();
      commitsTableReady_ = false;
    }
    Status written = writeBatch(batch);
    if (written.ok()) return written;
    bool broken = connection_->isBroken();
    if (broken) connection_.reset();
    if (!(broken && reused && attempt == 0)) return written;
    logInfo("JdbcSink", "Reconnecting after the connection was lost: {}", written.error().message);
  }
}

Status JdbcStreamSink::writeBatch(const SinkBatch& batch) {
  JdbcConnection& connection = *connection_;
  if (!commitsTableReady_) {
    if (Status s = connection.ensureCommitsTable(options_.commitsTable); !s.ok()) return s;
    commitsTableReady_ = true;
  }
  if (Status s = connection.begin(options_.isolationLevel); !s.ok()) return s;
  auto fail = [&](Error error) -> Status {
    connection.rollback();
    table_.reset();  // a table created in this transaction is gone with it
    return error;
  };

  auto last = connection.lastCommittedBatch(options_.commitsTable, batch.queryId, options_.table);
  if (!last.ok()) return fail(last.error());
  if (last->has_value() && **last >= batch.batchId) {
    connection.rollback();
    logInfo("JdbcSink", "Skipping batch {} of query {}: {} already holds it (batch {} recorded)",
            batch.batchId, batch.queryId, options_.table, **last);
    return Status::success();
  }

  if (!table_) {
    auto existing = connection.describeTable(options_.table);
    if (!existing.ok()) return fail(existing.error());
    if (!existing->has_value()) {
      if (Status s = createTable(connection, options_, *schema_, !options_.upsertKeys.empty());
          !s.ok())
        return fail(s.error());
      existing = connection.describeTable(options_.table);
      if (!existing.ok()) return fail(existing.error());
      if (!existing->has_value())
        return fail(Error::user(connection.endpoint() + ": table " + options_.table +
                                " cannot be found after creating it"));
    }
    table_ = std::move(**existing);
  }
  // Complete mode rewrites every row: no key to upsert on.
  std::vector<std::string> keys;
  if (mode_ != OutputMode::kComplete) keys = options_.upsertKeys;
  auto target = resolveTarget(options_.table, *table_, *schema_, keys);
  if (!target.ok()) return fail(target.error());
  if (mode_ == OutputMode::kComplete)
    if (Status s = connection.execute(connection.dialect().deleteAllSql(options_.table),
                                      "replace the rows of " + options_.table);
        !s.ok())
      return fail(s.error());
  std::vector<RowRange> rows = rowRangesOf(batch.rows);
  if (Status s = insertRows(connection, options_, *target, schema_, rows); !s.ok())
    return fail(s.error());
  if (Status s = connection.recordCommittedBatch(options_.commitsTable, batch.queryId,
                                                 options_.table, batch.batchId);
      !s.ok())
    return fail(s.error());
  if (Status s = connection.commit(); !s.ok()) {
    table_.reset();
    return s;
  }
  return Status::success();
}

void checkJdbcStreamSink(const ConnectorContext& context, OutputMode mode, const SchemaPtr& input) {
  JdbcWriteOptions options = parseJdbcWriteOptions(context.options);
  checkOptionsAgainstSchema(options, *input);
  checkWritableTypes(*input);
  if (mode == OutputMode::kUpdate && options.upsertKeys.empty())
    throw AnalysisException(
        "The jdbc sink needs the option upsertKeys (the key columns of the rows to update, e.g. "
        "the grouping columns) in Update output mode.");
  if (options.isolationLevel == IsolationLevel::kNone)
    throw IllegalArgumentException(
        "The jdbc streaming sink cannot use isolationLevel NONE: its exactly-once writes need a "
        "transaction.");
}

std::unique_ptr<Sink> makeJdbcStreamSink(const ConnectorContext& context, OutputMode mode,
                                         const SchemaPtr& input) {
  checkJdbcStreamSink(context, mode, input);
  return std::make_unique<JdbcStreamSink>(parseJdbcWriteOptions(context.options), mode, input,
                                          context.timeZone ? context.timeZone : TimeZone::utc());
}

}  // namespace spate::connector::jdbc
