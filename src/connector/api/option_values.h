#pragma once

// How Spark's connectors read their option strings: Java's number parsing, the
// CaseInsensitiveStringMap accessors and JavaUtils' time strings, with the JVM's messages.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "connector/api/connector.h"

namespace spate::connector {

/// Java's Long.parseLong: an optional sign and decimal digits. Throws IllegalArgumentException
/// (Java's NumberFormatException) `For input string: "<text>"`.
int64_t parseJavaLong(std::string_view text);
/// Java's Integer.parseInt, with the same message.
int32_t parseJavaInt(std::string_view text);

/// CaseInsensitiveStringMap.getLong / getInt / getBoolean: the option or `fallback`. A boolean
/// must be "true" or "false" in any case, else `<value> is not a boolean string.`
int64_t optionLong(const ConnectorContext& context, const std::string& key, int64_t fallback);
int32_t optionInt(const ConnectorContext& context, const std::string& key, int32_t fallback);
bool optionBool(const ConnectorContext& context, const std::string& key, bool fallback);

enum class TimeUnit { kMicroseconds, kMilliseconds, kSeconds };

/// JavaUtils.timeStringAs: "<n>[us|ms|s|m|min|h|d]" (case-insensitive, surrounding spaces
/// ignored), a bare number in `unit`, converted to `unit` truncating as TimeUnit.convert does.
/// Throws IllegalArgumentException with JavaUtils' message for anything else.
int64_t parseTimeString(std::string_view text, TimeUnit unit);

/// For sources with a fixed schema: a user schema (readStream.schema(…)) must equal it, else
/// AnalysisException with Spark's text (userSpecifiedSchemaMismatchActualSchemaError).
void checkUserSchema(const ConnectorContext& context, const SchemaPtr& actual);

/// StructType.toDDL: "a INT,b STRING NOT NULL".
std::string schemaDdl(const DataType& schema);

}  // namespace spate::connector
