#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace spate::sql {

/// spark.conf: the session's settings by Spark's configuration names.
class RuntimeConfig {
 public:
  void set(const std::string& key, const std::string& value);
  std::string get(const std::string& key) const;
  std::string get(const std::string& key, const std::string& fallback) const;
  std::optional<std::string> getOption(const std::string& key) const;
  void unset(const std::string& key);
  std::map<std::string, std::string> getAll() const;
  bool isModifiable(const std::string& key) const;

 private:
  mutable std::mutex mutex_;
  std::map<std::string, std::string> values_;
};

}  // namespace spate::sql
