// The list of built-in connectors. Each connector folder defines its register function; adding a
// connector is one declaration and one call here. (The memory source and sink are created by the
// API directly: they share objects with the session catalog.)
#include "connector/api/connector.h"

namespace spate::connector {

void registerRateConnector(ConnectorRegistry& registry);
void registerSocketConnector(ConnectorRegistry& registry);
void registerConsoleConnector(ConnectorRegistry& registry);
void registerFileConnector(ConnectorRegistry& registry);
void registerKafkaConnector(ConnectorRegistry& registry);
void registerJdbcConnector(ConnectorRegistry& registry);
void registerHttpSseConnector(ConnectorRegistry& registry);

void registerBuiltinConnectors(ConnectorRegistry& registry) {
  registerRateConnector(registry);
  registerSocketConnector(registry);
  registerConsoleConnector(registry);
  registerFileConnector(registry);
  registerKafkaConnector(registry);
  registerJdbcConnector(registry);
  registerHttpSseConnector(registry);
}

}  // namespace spate::connector
