// PostgreSQL's SQL text and type mapping.
#include "common/error.h"
#include "connector/jdbc/jdbc_dialect.h"
#include "connector/jdbc/postgres_types.h"

namespace spate::connector::jdbc {

namespace {

// Element type name → (column type, element OID, array OID).
struct ScalarMapping {
  std::string columnType;
  uint32_t oid;
  uint32_t arrayOid;
};

ScalarMapping scalarMapping(const DataType& type) {
  switch (type.id()) {
    case TypeId::kBoolean:
      return {"BOOLEAN", pg_oid::kBool, pg_oid::kBoolArray};
    // Spark maps ByteType and ShortType to SMALLINT (PostgreSQL has no one-byte integer).
    case TypeId::kByte:
    case TypeId::kShort:
      return {"SMALLINT", pg_oid::kInt2, pg_oid::kInt2Array};
    case TypeId::kInt:
      return {"INTEGER", pg_oid::kInt4, pg_oid::kInt4Array};
    case TypeId::kLong:
      return {"BIGINT", pg_oid::kInt8, pg_oid::kInt8Array};
    case TypeId::kFloat:
      return {"FLOAT4", pg_oid::kFloat4, pg_oid::kFloat4Array};
    case TypeId::kDouble:
      return {"FLOAT8", pg_oid::kFloat8, pg_oid::kFloat8Array};
    case TypeId::kDecimal:
      return {
          "NUMERIC(" + std::to_string(type.precision()) + "," + std::to_string(type.scale()) + ")",
          pg_oid::kNumeric, pg_oid::kNumericArray};
    case TypeId::kString:
      return {"TEXT", pg_oid::kText, pg_oid::kTextArray};
    case TypeId::kBinary:
      return {"BYTEA", pg_oid::kBytea, pg_oid::kByteaArray};
    case TypeId::kDate:
      return {"DATE", pg_oid::kDate, pg_oid::kDateArray};
    // A Spark timestamp is an instant: timestamptz keeps it one whatever the server's TimeZone.
    case TypeId::kTimestamp:
      return {"TIMESTAMPTZ", pg_oid::kTimestamptz, pg_oid::kTimestamptzArray};
    case TypeId::kInterval:
      return {"INTERVAL", pg_oid::kInterval, pg_oid::kIntervalArray};
    case TypeId::kNull:
      throwNoJdbcType(type);
    default:
      return {"JSONB", pg_oid::kJsonb, 0};
  }
}

class PostgresDialect final : public JdbcDialect {
 public:
  const char* name() const override { return "PostgreSQL"; }
  std::string columnType(const DataType& type) const override { return postgresColumnType(type); }
  std::string truncateSql(const std::string& table, bool cascade) const override {
    // ONLY: inheriting tables keep their rows, as in Spark's PostgresDialect.
    return "TRUNCATE TABLE ONLY " + table + (cascade ? " CASCADE" : "");
  }
};

}  // namespace

bool isPostgresArrayElement(const DataType& element) {
  return !element.isNested() && element.id() != TypeId::kNull;
}

std::string postgresColumnType(const DataType& type) {
  if (type.id() == TypeId::kArray) {
    if (type.element()->id() == TypeId::kNull) throwNoJdbcType(type);
    if (isPostgresArrayElement(*type.element()))
      return scalarMapping(*type.element()).columnType + "[]";
    return "JSONB";
  }
  return scalarMapping(type).columnType;
}

uint32_t postgresTypeOid(const DataType& type) {
  if (type.id() == TypeId::kArray) {
    if (isPostgresArrayElement(*type.element())) return scalarMapping(*type.element()).arrayOid;
    return pg_oid::kJsonb;
  }
  return scalarMapping(type).oid;
}

bool binaryCompatible(uint32_t written, uint32_t column) {
  if (written == column) return true;
  // varchar and bpchar receive the text wire format (applying the column's length).
  return written == pg_oid::kText && (column == pg_oid::kVarchar || column == pg_oid::kBpchar);
}

const JdbcDialect& postgresDialect() {
  static const PostgresDialect dialect;
  return dialect;
}

}  // namespace spate::connector::jdbc
