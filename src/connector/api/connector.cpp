#include "connector/api/connector.h"

#include "common/error.h"
#include "common/strings.h"

namespace spate::connector {

std::optional<std::string> ConnectorContext::option(const std::string& key) const {
  for (const auto& [k, v] : options)
    if (equalsIgnoreCase(k, key)) return v;
  return std::nullopt;
}

ConnectorRegistry& ConnectorRegistry::instance() {
  static ConnectorRegistry* registry = [] {
    auto* r = new ConnectorRegistry();
    registerBuiltinConnectors(*r);
    return r;
  }();
  return *registry;
}

void ConnectorRegistry::addSource(const std::string& format, SourceProvider provider) {
  sources_[toLower(format)] = std::move(provider);
}

void ConnectorRegistry::addSink(const std::string& format, SinkProvider provider) {
  sinks_[toLower(format)] = std::move(provider);
}

const SourceProvider* ConnectorRegistry::findSource(const std::string& format) const {
  auto it = sources_.find(toLower(format));
  return it == sources_.end() ? nullptr : &it->second;
}

const SinkProvider* ConnectorRegistry::findSink(const std::string& format) const {
  auto it = sinks_.find(toLower(format));
  return it == sinks_.end() ? nullptr : &it->second;
}

void ConnectorRegistry::addBatchSource(const std::string& format, BatchSourceProvider provider) {
  batchSources_[toLower(format)] = std::move(provider);
}

void ConnectorRegistry::addBatchSink(const std::string& format, BatchSinkProvider provider) {
  batchSinks_[toLower(format)] = std::move(provider);
}

const BatchSourceProvider* ConnectorRegistry::findBatchSource(const std::string& format) const {
  auto it = batchSources_.find(toLower(format));
  return it == batchSources_.end() ? nullptr : &it->second;
}

const BatchSinkProvider* ConnectorRegistry::findBatchSink(const std::string& format) const {
  auto it = batchSinks_.find(toLower(format));
  return it == batchSinks_.end() ? nullptr : &it->second;
}

SaveMode parseSaveMode(const std::string& name) {
  std::string mode = toLower(name);
  if (mode == "overwrite") return SaveMode::kOverwrite;
  if (mode == "append") return SaveMode::kAppend;
  if (mode == "ignore") return SaveMode::kIgnore;
  if (mode == "error" || mode == "errorifexists" || mode == "default") return SaveMode::kErrorIfExists;
  throw IllegalArgumentException("Unknown save mode: " + name +
                                 ". Accepted save modes are 'overwrite', 'append', 'ignore', 'error', "
                                 "'errorifexists', 'default'.");
}

}  // namespace spate::connector
