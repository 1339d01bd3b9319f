#pragma once

// Secrets (passwords, tokens, keys) given as options never reach logs, progress JSON, EXPLAIN or
// error messages. Spark decides by option name with spark.redaction.regex, whose default is
// (?i)secret|password|token|access[.]key; Spate uses the same rule and Spark's replacement text.

#include <map>
#include <string>
#include <string_view>

namespace spate {

/// Spark's replacement for a redacted value.
inline constexpr std::string_view kRedactedValue = "*********(redacted)";

/// Whether an option or configuration key names a secret (case-insensitive: contains "secret",
/// "password", "token" or "access.key"), e.g. password, kafka.sasl.jaas.config is not, but
/// kafka.ssl.key.password and kafka.sasl.password are.
bool isSecretKey(std::string_view key);

/// The options with every secret value replaced by kRedactedValue.
std::map<std::string, std::string> redactOptions(const std::map<std::string, std::string>& options);

/// A URL or connection string with its credentials hidden: the password of user:password@host,
/// and the value of password=…/secret=…/token=… parameters (`?a=b&password=x`, `password=x user=y`).
std::string redactUrl(std::string_view url);

/// `text` with every occurrence of a secret option's value (of at least 3 characters) and of
/// every credential found in the options' URLs replaced by kRedactedValue: for messages that may
/// quote what a server or a client library said.
std::string redactSecrets(std::string text, const std::map<std::string, std::string>& options);

}  // namespace spate
