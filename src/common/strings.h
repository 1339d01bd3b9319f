#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace spate {

std::string_view trimWhitespace(std::string_view s);
std::string toLower(std::string_view s);
std::string toUpper(std::string_view s);
bool equalsIgnoreCase(std::string_view a, std::string_view b);
std::vector<std::string> splitWhitespace(std::string_view s);
std::vector<std::string> splitString(std::string_view s, char separator);
std::string joinStrings(const std::vector<std::string>& parts, std::string_view separator);
/// Levenshtein distance, used for "Did you mean" suggestions.
size_t editDistance(std::string_view a, std::string_view b);
/// Quotes an identifier with backticks as Spark prints it in messages (`a`, `a``b`).
std::string quoteIdentifier(std::string_view name);
/// Spark's quoteIfNeeded: names of letters, digits and '_' (not all digits) stay bare.
std::string quoteIdentifierIfNeeded(std::string_view name);
/// Java's Double.toString / Float.toString, as Spark prints doubles and floats.
std::string formatDouble(double value);
std::string formatFloat(float value);

}  // namespace spate
