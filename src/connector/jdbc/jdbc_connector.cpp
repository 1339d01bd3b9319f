// Registers the jdbc format: batch writes (df.write.format("jdbc"), INSERT INTO a table USING
// jdbc) and the exactly-once streaming sink.
#include "connector/jdbc/jdbc_stream_sink.h"
#include "connector/jdbc/jdbc_table_writer.h"

namespace spate::connector {

void registerJdbcConnector(ConnectorRegistry& registry) {
  registry.addBatchSink(
      "jdbc", {[](const ConnectorContext& context, SaveMode mode, const SchemaPtr& schema,
                  const std::vector<BatchPtr>& rows) {
        jdbc::JdbcWriteOptions options = jdbc::parseJdbcWriteOptions(context.options);
        return jdbc::writeJdbcTable(options, mode, schema, rows,
                                    context.timeZone ? context.timeZone : TimeZone::utc());
      }});
  registry.addSink("jdbc", {jdbc::checkJdbcStreamSink, jdbc::makeJdbcStreamSink});
}

}  // namespace spate::connector
