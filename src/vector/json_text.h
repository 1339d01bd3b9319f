#pragma once

// Low-level JSON text helpers shared by the JSON parser, the writer, schema inference and the
// JSON functions. They follow Jackson (the library Spark uses) as Spark configures it, so that
// the text Spate prints and the inputs it accepts match Spark's.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "vector/json_options.h"
#include "vector/value.h"

namespace spate {

/// Bytes that must be readable after a document handed to the SIMD parser (simdjson's padding).
constexpr size_t kJsonPadding = 64;

inline bool isJsonWhitespace(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }
/// True when `text` holds only JSON whitespace (space, tab, CR, LF), i.e. no JSON token.
bool isBlankJson(std::string_view text);

/// Appends `s` as a JSON string literal escaped as Jackson writes it: \" \\ \b \t \n \f \r, other
/// control characters as \u00XX; everything else (non-ASCII UTF-8, '/') verbatim.
void appendJsonString(std::string& out, std::string_view s);

enum class JsonNumberKind { kInvalid, kInteger, kFloat };
/// Classifies a number token by the strict JSON grammar (no leading zeros, no '+', no "1.").
JsonNumberKind classifyJsonNumber(std::string_view token);

/// Appends a number token as Jackson's generator re-emits it after parsing (what Spark prints
/// for a JSON number read into a STRING): integers canonical ("-0" → "0"), floats through Java's
/// Double.toString ("1.50" → "1.5", "1e2" → "100.0"), overflowing floats as "\"Infinity\"".
void appendCanonicalJsonNumber(std::string& out, std::string_view token, JsonNumberKind kind);

/// Decodes a JSON string token (with its quotes, " or ') into UTF-8. A lone surrogate escape
/// becomes '?' as Java's UTF-8 encoder writes it. False for a bad escape or a missing quote.
bool unescapeJsonString(std::string_view token, std::string& out);

/// Offset just past the first JSON object or array of `text` (after leading whitespace), by
/// bracket matching outside strings; npos when it does not start with one or brackets mismatch.
size_t jsonValueExtent(std::string_view text);

/// Rewrites text that simdjson rejects but Spark's Jackson reads: invalid UTF-8 sequences become
/// U+FFFD (Java's decoder) and, as the options allow, 'strings' become "strings", comments
/// become spaces and raw control characters in strings are escaped. Returns false when nothing
/// needed rewriting.
bool repairJsonText(std::string_view text, const JsonOptions& options, std::string& out);

/// Base64 as Jackson writes binary (standard alphabet, padded, no line feeds).
std::string base64Encode(std::string_view bytes);
/// Base64 as Jackson reads it: whitespace ignored, padding required. False when invalid.
bool base64Decode(std::string_view text, std::string& out);

/// java.math.BigDecimal.toString of unscaled × 10^-scale ("1.50", "1E-7", "0E-10").
std::string javaBigDecimalString(Int128 unscaled, int scale);
/// Parses a JSON number or java.math.BigDecimal text into an unscaled value of
/// DECIMAL(precision, scale), rounding HALF_UP; nullopt when invalid or too wide.
std::optional<Int128> parseDecimalText(std::string_view text, int precision, int scale);
/// (precision, scale) of a number text as java.math.BigDecimal reports them; nullopt if invalid.
std::optional<std::pair<int, int>> decimalPrecisionScale(std::string_view text);

}  // namespace spate
