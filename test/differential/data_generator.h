#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "types/data_type.h"
#include "vector/value.h"

namespace spate::differential {

struct TableColumn {
  std::string name;
  TypePtr type;              ///< Spate (Spark) type
  std::string postgresType;  ///< the PostgreSQL column type with the same values
};

/// One generated table: the same rows go to Spate (a temporary view) and to PostgreSQL.
struct GeneratedTable {
  std::string name;
  std::vector<TableColumn> columns;
  std::vector<std::vector<Value>> rows;

  SchemaPtr schema() const;
};

struct DataOptions {
  /// PostgreSQL collation of the text columns. It must order strings by bytes, as Spark does:
  /// "C.utf8" (byte order, Unicode case mapping for upper/lower/ILIKE) or "C" (ASCII-only case
  /// mapping).
  std::string textCollation = "C.utf8";
  /// Non-ASCII words in the string columns (only with a collation whose case mapping is Unicode).
  bool nonAsciiText = true;
  /// Rows of t1 (the queries' literals are chosen for 400; more rows are for exploring).
  int factRows = 400;
};

/// The test data, a function of the seed and the options only:
///   t1(id INT, g STRING, k INT, n INT, x DOUBLE, y BIGINT, s STRING, b BOOLEAN, d DATE,
///      ts TIMESTAMP, z DECIMAL(10,2))  — the fact table; every column but id has NULLs;
///   t2(k INT, name STRING, w DOUBLE, qty INT)  — joins t1 on k (duplicate, missing and NULL keys);
///   t3(g STRING, label STRING, weight INT)  — joins t1 on the string g.
std::vector<GeneratedTable> generateTables(uint64_t seed, const DataOptions& options);

/// DROP/CREATE TABLE and INSERT statements that load `table` into PostgreSQL.
std::vector<std::string> postgresLoadStatements(const GeneratedTable& table);

}  // namespace spate::differential
