#pragma once

// How Spark types travel to PostgreSQL (Spark's PostgresDialect, plus Spate's choices where Spark
// has none): the column type a new table gets and the type OID of the binary COPY value the
// encoder writes. timestamp → timestamptz (a Spark timestamp is an instant), map and struct →
// jsonb, arrays of scalars → <element>[], arrays of nested values → jsonb.

#include <cstdint>
#include <string>

#include "types/data_type.h"

namespace spate::connector::jdbc {

/// PostgreSQL's built-in type OIDs (pg_type.dat), the ones the sink writes or recognises.
namespace pg_oid {
constexpr uint32_t kBool = 16;
constexpr uint32_t kBytea = 17;
constexpr uint32_t kInt8 = 20;
constexpr uint32_t kInt2 = 21;
constexpr uint32_t kInt4 = 23;
constexpr uint32_t kText = 25;
constexpr uint32_t kJson = 114;
constexpr uint32_t kFloat4 = 700;
constexpr uint32_t kFloat8 = 701;
constexpr uint32_t kBoolArray = 1000;
constexpr uint32_t kByteaArray = 1001;
constexpr uint32_t kInt2Array = 1005;
constexpr uint32_t kInt4Array = 1007;
constexpr uint32_t kTextArray = 1009;
constexpr uint32_t kInt8Array = 1016;
constexpr uint32_t kFloat4Array = 1021;
constexpr uint32_t kFloat8Array = 1022;
constexpr uint32_t kBpchar = 1042;
constexpr uint32_t kVarchar = 1043;
constexpr uint32_t kDate = 1082;
constexpr uint32_t kTimestamp = 1114;
constexpr uint32_t kTimestampArray = 1115;
constexpr uint32_t kDateArray = 1182;
constexpr uint32_t kTimestamptz = 1184;
constexpr uint32_t kTimestamptzArray = 1185;
constexpr uint32_t kInterval = 1186;
constexpr uint32_t kIntervalArray = 1187;
constexpr uint32_t kNumericArray = 1231;
constexpr uint32_t kNumeric = 1700;
constexpr uint32_t kJsonb = 3802;
}  // namespace pg_oid

/// Whether an array of this element type becomes a PostgreSQL array (scalars do; nested
/// elements make the whole value jsonb).
bool isPostgresArrayElement(const DataType& element);

/// The column type CREATE TABLE gives a Spark type ("TIMESTAMPTZ", "NUMERIC(10,2)", "TEXT[]").
/// Throws IllegalArgumentException for void.
std::string postgresColumnType(const DataType& type);

/// The OID of the binary value the COPY encoder writes for a Spark type (the column type above).
uint32_t postgresTypeOid(const DataType& type);

/// Whether binary COPY values of `written` can go straight into a column of type `column`
/// (same binary format and element type): text into varchar/char, otherwise identical OIDs.
bool binaryCompatible(uint32_t written, uint32_t column);

}  // namespace spate::connector::jdbc
