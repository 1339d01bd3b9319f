#include "connector/jdbc/jdbc_connection.h"

namespace spate::connector::jdbc {

Result<std::unique_ptr<JdbcConnection>> openConnection(const JdbcWriteOptions& options,
                                                       const TimeZonePtr& zone) {
  if (options.database.kind == DatabaseKind::kSqlite) return openSqliteConnection(options, zone);
  return openPostgresConnection(options, zone);
}

}  // namespace spate::connector::jdbc
