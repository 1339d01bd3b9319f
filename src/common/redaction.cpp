#include "common/redaction.h"

#include <vector>

#include "common/strings.h"

namespace spate {

namespace {

const char* const kSecretWords[] = {"secret", "password", "token", "access.key"};

void replaceAll(std::string& text, const std::string& needle) {
  if (needle.size() < 3) return;  // too short to hide without mangling the message
  size_t pos = 0;
  while ((pos = text.find(needle, pos)) != std::string::npos) {
    text.replace(pos, needle.size(), kRedactedValue);
    pos += kRedactedValue.size();
  }
}

bool isParameterBoundary(char c) { return c == '?' || c == '&' || c == ';' || c == ' ' || c == '\t'; }

// The secrets a URL carries: user:password@ and password=… style parameters.
std::vector<std::string> urlSecrets(std::string_view url) {
  std::vector<std::string> out;
  size_t scheme = url.find("://");
  if (scheme != std::string_view::npos) {
    size_t start = scheme + 3;
    size_t end = url.find_first_of("/?", start);
    std::string_view authority = url.substr(start, end == std::string_view::npos ? url.npos : end - start);
    size_t at = authority.rfind('@');
    if (at != std::string_view::npos) {
      size_t colon = authority.find(':');
      if (colon != std::string_view::npos && colon < at) out.emplace_back(authority.substr(colon + 1, at - colon - 1));
    }
  }
  for (size_t i = 0; i < url.size();) {
    size_t eq = url.find('=', i);
    if (eq == std::string_view::npos) break;
    size_t keyStart = eq;
    while (keyStart > 0 && !isParameterBoundary(url[keyStart - 1])) --keyStart;
    size_t valueEnd = eq + 1;
    while (valueEnd < url.size() && !isParameterBoundary(url[valueEnd])) ++valueEnd;
    if (isSecretKey(url.substr(keyStart, eq - keyStart)) && valueEnd > eq + 1)
      out.emplace_back(url.substr(eq + 1, valueEnd - eq - 1));
    i = valueEnd;
  }
  return out;
}

}  // namespace

bool isSecretKey(std::string_view key) {
  std::string lower = toLower(std::string(key));
  for (const char* word : kSecretWords)
    if (lower.find(word) != std::string::npos) return true;
  return false;
}

std::map<std::string, std::string> redactOptions(const std::map<std::string, std::string>& options) {
  std::map<std::string, std::string> out;
  for (const auto& [key, value] : options)
    out[key] = isSecretKey(key) ? std::string(kRedactedValue) : redactUrl(value);
  return out;
}

std::string redactUrl(std::string_view url) {
  std::string out(url);
  for (const auto& secret : urlSecrets(url)) replaceAll(out, secret);
  return out;
}

std::string redactSecrets(std::string text, const std::map<std::string, std::string>& options) {
  for (const auto& [key, value] : options) {
    if (isSecretKey(key)) replaceAll(text, value);
    for (const auto& secret : urlSecrets(value)) replaceAll(text, secret);
  }
  return text;
}

}  // namespace spate
