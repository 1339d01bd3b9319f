#include "connector/api/connector.h"

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

}  // namespace spate::connector
