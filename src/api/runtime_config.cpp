#include "api/runtime_config.h"

#include "common/error.h"
#include "common/strings.h"

namespace spate::sql {

namespace {

// Defaults Spark reports for keys a user commonly reads.
const std::map<std::string, std::string>& defaults() {
  static const std::map<std::string, std::string> d = {
      {"spark.sql.caseSensitive", "false"},
      {"spark.sql.ansi.enabled", "false"},
      {"spark.sql.shuffle.partitions", "200"},
      {"spark.sql.streaming.schemaInference", "false"},
      {"spark.app.name", "spate"},
  };
  return d;
}

// Spark checks some values when they are set (ConfigBuilder.transform / checkValue).
std::string checkedValue(const std::string& key, const std::string& value) {
  if (key == "spark.sql.streaming.multipleWatermarkPolicy") {
    std::string policy = toLower(value);
    if (policy != "min" && policy != "max")
      throw IllegalArgumentException("'" + policy + "' in " + key +
                                     " is invalid. Invalid value for '" + key +
                                     "'. Valid values are 'min' and 'max'");
    return policy;
  }
  return value;
}

}  // namespace

void RuntimeConfig::set(const std::string& key, const std::string& value) {
  std::string checked = checkedValue(key, value);
  std::lock_guard lock(mutex_);
  values_[key] = std::move(checked);
}

std::optional<std::string> RuntimeConfig::getOption(const std::string& key) const {
  std::lock_guard lock(mutex_);
  if (auto it = values_.find(key); it != values_.end()) return it->second;
  if (auto it = defaults().find(key); it != defaults().end()) return it->second;
  return std::nullopt;
}

std::string RuntimeConfig::get(const std::string& key) const {
  if (auto v = getOption(key)) return *v;
  throw SpateError("[SQL_CONF_NOT_FOUND] The SQL config \"" + key + "\" cannot be found. Please verify that the "
                   "config exists.", "SQL_CONF_NOT_FOUND");
}

std::string RuntimeConfig::get(const std::string& key, const std::string& fallback) const {
  return getOption(key).value_or(fallback);
}

void RuntimeConfig::unset(const std::string& key) {
  std::lock_guard lock(mutex_);
  values_.erase(key);
}

std::map<std::string, std::string> RuntimeConfig::getAll() const {
  std::lock_guard lock(mutex_);
  return values_;
}

bool RuntimeConfig::isModifiable(const std::string& key) const { return key.starts_with("spark.sql."); }

}  // namespace spate::sql
