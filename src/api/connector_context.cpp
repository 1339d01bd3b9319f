#include "api/connector_context.h"

#include "common/time.h"

namespace spate::sql {

connector::ConnectorContext connectorContext(const Session& session, const std::string& format,
                                             const std::map<std::string, std::string>& options,
                                             const SchemaPtr& userSchema) {
  connector::ConnectorContext context;
  context.format = format;
  context.options = options;
  context.userSchema = userSchema;
  context.timeZone = session.timeZone();
  auto all = const_cast<Session&>(session).conf().getAll();
  context.conf = [all](const std::string& key) {
    for (const auto& [k, v] : all)
      if (k == key) return v;
    return std::string();
  };
  context.clockMillis = [] { return currentTimeMicros() / 1000; };
  context.parallelism = session.parallelism();
  return context;
}

}  // namespace spate::sql
