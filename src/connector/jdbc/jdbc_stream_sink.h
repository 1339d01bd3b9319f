#pragma once

// The jdbc streaming sink, exactly once: each micro-batch's rows and the record "query <id>
// wrote batch <n> into <table>" (in the commits table) are written in one transaction, so a
// batch replayed after a failure finds its record and is skipped, and a batch that failed left
// nothing behind. Append inserts (COPY on PostgreSQL), Update upserts on `upsertKeys`, Complete
// replaces the table's rows. A lost connection or an unreachable server is a retryable error
// (the query retries the batch with backoff); bad credentials, missing privileges or a wrong
// table are user errors that stop the query.

#include <memory>
#include <optional>
#include <string>

#include "connector/api/connector.h"
#include "connector/jdbc/jdbc_connection.h"

namespace spate::connector::jdbc {

class JdbcStreamSink final : public Sink {
 public:
  JdbcStreamSink(JdbcWriteOptions options, OutputMode mode, SchemaPtr schema, TimeZonePtr zone);
  ~JdbcStreamSink() override;

  /// "JdbcSink[url=<url without credentials>, dbtable=<table>]".
  std::string description() const override;
  Status addBatch(const SinkBatch& batch) override;
  void stop() override;

 private:
  Status writeBatch(const SinkBatch& batch);

  JdbcWriteOptions options_;
  OutputMode mode_;
  SchemaPtr schema_;
  TimeZonePtr zone_;
  std::unique_ptr<JdbcConnection> connection_;
  bool commitsTableReady_ = false;
  std::optional<DbTable> table_;  // the target table's columns, once known to exist
};

/// SinkProvider::check: the options (Spark's texts), the columns they name, the output mode
/// (Update needs upsertKeys) and a transactional isolation level.
void checkJdbcStreamSink(const ConnectorContext& context, OutputMode mode, const SchemaPtr& input);
std::unique_ptr<Sink> makeJdbcStreamSink(const ConnectorContext& context, OutputMode mode,
                                         const SchemaPtr& input);

}  // namespace spate::connector::jdbc
