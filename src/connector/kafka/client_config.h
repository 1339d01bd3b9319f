#pragma once

// What a librdkafka client is created with: the properties (the user's kafka.* options without
// the prefix, plus the connector's own settings), the servers to name in messages and the
// options whose secret values must never be shown.

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace spate::connector::kafka {

struct ClientConfig {
  /// librdkafka properties in the order they are set (later wins).
  std::vector<std::pair<std::string, std::string>> properties;
  /// bootstrap.servers as given ("embedded:3") and as resolved (the brokers' host:port list).
  std::string bootstrapOption;
  std::string bootstrapServers;
  /// The options secrets are taken from when messages are redacted (redactSecrets).
  std::map<std::string, std::string> secrets;
  /// How long one metadata or ListOffsets request may take (kafka.default.api.timeout.ms).
  int64_t requestTimeoutMs = 10'000;

  const std::string* property(const std::string& name) const {
    const std::string* found = nullptr;
    for (const auto& [key, value] : properties)
      if (key == name) found = &value;
    return found;
  }
};

}  // namespace spate::connector::kafka
