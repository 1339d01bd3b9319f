#pragma once

// Spark's `console` sink: prints every micro-batch (empty ones too) as Dataset.show() does.

#include <memory>
#include <ostream>

#include "connector/api/connector.h"

namespace spate::connector {

/// Registers the "console" sink (writes to std::cout).
void registerConsoleConnector(ConnectorRegistry& registry);

/// A console sink writing to `out`, which must outlive it. Options numRows (default 20) and
/// truncate (default true) as Spark reads them; throws IllegalArgumentException when invalid.
std::unique_ptr<Sink> makeConsoleSink(const ConnectorContext& context, std::ostream& out);

}  // namespace spate::connector
