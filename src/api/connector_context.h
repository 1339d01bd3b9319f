#pragma once

// The ConnectorContext a session gives the connectors it creates outside a running query (schema
// checks at load(), batch reads and writes).

#include <map>
#include <string>

#include "api/session.h"
#include "connector/api/connector.h"

namespace spate::sql {

/// A context with the session's time zone, configuration, wall clock and parallelism.
connector::ConnectorContext connectorContext(const Session& session, const std::string& format,
                                             const std::map<std::string, std::string>& options,
                                             const SchemaPtr& userSchema);

}  // namespace spate::sql
