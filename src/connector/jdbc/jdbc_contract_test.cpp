// The connector contract (connector/api/connector_contract.h) for the jdbc streaming sink: one
// copy of a batch written twice (also by a restarted sink), empty batches, and failures with
// their domain and retry hint; against SQLite (always) and PostgreSQL (under the test server).
#include <filesystem>

#include "connector/api/connector_contract.h"
#include "connector/jdbc/jdbc_test_support.h"

namespace spate::connector::testing {
namespace {

namespace fs = std::filesystem;
namespace jt = jdbc::testing;

SchemaPtr contractSchema() { return parseDdlSchema("id BIGINT, name STRING"); }

// Rows id = 100 × batch … with a name derived from the id (and one NULL name).
std::vector<BatchPtr> batchRows(int64_t batchId) {
  std::vector<std::vector<Value>> rows;
  for (int64_t id = batchId * 100; id < batchId * 100 + 3 + batchId; ++id)
    rows.push_back({Value(id), id % 5 == 4 ? Value::null() : Value("row-" + std::to_string(id))});
  return {makeBatch(contractSchema(), rows)};
}

std::unique_ptr<Sink> jdbcSink(std::map<std::string, std::string> options) {
  return sinkProvider("jdbc").create(makeContext("jdbc", std::move(options)), OutputMode::kAppend,
                                     contractSchema());
}

// A batch through a new sink: the failures the contract checks happen on the first write.
Status writeOnce(std::map<std::string, std::string> options) {
  auto sink = jdbcSink(std::move(options));
  SinkBatch batch{0, "contract", contractSchema(), batchRows(0), OutputMode::kAppend};
  return sink->addBatch(batch);
}

TEST(ConnectorContractTest, JdbcSinkSqlite) {
  fs::path dir = fs::temp_directory_path() / jt::uniqueName("spate-jdbc-contract");
  fs::create_directories(dir);
  std::string db = (dir / "contract.db").string();
  std::map<std::string, std::string> options = {{"url", "jdbc:sqlite:" + db},
                                                {"dbtable", "contract"}};
  SinkUnderTest test;
  test.schema = contractSchema();
  test.rowsFor = batchRows;
  test.create = [&] { return jdbcSink(options); };
  test.readBack = [&] { return jt::sqliteRows(db, "SELECT id, name FROM contract"); };
  ExpectedFailure unopenable;
  unopenable.run = [&] {
    return writeOnce(
        {{"url", "jdbc:sqlite:" + (dir / "missing" / "x.db").string()}, {"dbtable", "t"}});
  };
  unopenable.domain = ErrorDomain::kUser;
  unopenable.retryable = false;
  test.failures.push_back(unopenable);
  expectSinkContract(test);
  fs::remove_all(dir);
}

class JdbcPostgresContractTest : public jt::PostgresTest {};

TEST_F(JdbcPostgresContractTest, JdbcSinkPostgres) {
  std::string table = jt::uniqueName("contract");
  SinkUnderTest test;
  test.schema = contractSchema();
  test.rowsFor = batchRows;
  test.create = [&] { return jdbcSink({{"url", server.url}, {"dbtable", table}}); };
  test.readBack = [&] { return client->rows("SELECT id, name FROM " + table); };
  // The server unreachable: retry. Bad credentials: stop.
  ExpectedFailure down;
  down.run = [&] {
    return writeOnce({{"url", "jdbc:postgresql://127.0.0.1:" +
                                  std::to_string(std::stoi(server.port) + 1) + "/postgres"},
                      {"dbtable", "t"}});
  };
  test.failures.push_back(down);
  std::string role = jt::uniqueName("contract_role");
  client->exec("CREATE ROLE " + role + " LOGIN PASSWORD 'contract-password'");
  ExpectedFailure badPassword;
  badPassword.run = [&] {
    return writeOnce({{"url", "jdbc:postgresql://127.0.0.1:" + server.port + "/postgres"},
                      {"dbtable", "t"},
                      {"user", role},
                      {"password", "not-the-password"}});
  };
  badPassword.domain = ErrorDomain::kUser;
  badPassword.retryable = false;
  test.failures.push_back(badPassword);
  expectSinkContract(test);
}

}  // namespace
}  // namespace spate::connector::testing
