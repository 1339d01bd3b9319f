#pragma once

// How Spark types are stored in SQLite: declared column types and the text forms of values
// SQLite has no type for.

#include <cstdint>
#include <string>

#include "types/data_type.h"

namespace spate::connector::jdbc {

/// The declared type CREATE TABLE gives a Spark type ("BIGINT", "DECIMAL(10,2)", "TIMESTAMP").
/// Throws IllegalArgumentException for void.
std::string sqliteColumnType(const DataType& type);

/// A timestamp as SQLite stores it: UTC, "YYYY-MM-DD HH:MM:SS.ffffff" (fixed width, so text order
/// is time order; SQLite's date and time functions read it). Appends to `out`.
void appendSqliteTimestamp(int64_t utcMicros, std::string& out);

}  // namespace spate::connector::jdbc
