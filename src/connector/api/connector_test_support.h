#pragma once

// Helpers shared by the connectors' unit tests (not part of the engine).

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "common/error.h"
#include "connector/api/connector.h"
#include "vector/value.h"

namespace spate::connector::testing {

/// A context for `format` with `options`, a manual clock reading `*nowMs` and the given conf.
inline ConnectorContext makeContext(std::string format, std::map<std::string, std::string> options,
                                    std::string metadataPath = "", const int64_t* nowMs = nullptr,
                                    std::map<std::string, std::string> conf = {}) {
  ConnectorContext context;
  context.format = std::move(format);
  context.options = std::move(options);
  context.metadataPath = std::move(metadataPath);
  context.timeZone = TimeZone::utc();
  if (nowMs) context.clockMillis = [nowMs] { return *nowMs; };
  context.conf = [conf = std::move(conf)](const std::string& key) {
    auto it = conf.find(key);
    return it == conf.end() ? std::string() : it->second;
  };
  context.parallelism = 1;
  return context;
}

inline const SourceProvider& sourceProvider(const std::string& format) {
  const SourceProvider* provider = ConnectorRegistry::instance().findSource(format);
  if (!provider) throw std::runtime_error("no source " + format);
  return *provider;
}

inline const SinkProvider& sinkProvider(const std::string& format) {
  const SinkProvider* provider = ConnectorRegistry::instance().findSink(format);
  if (!provider) throw std::runtime_error("no sink " + format);
  return *provider;
}

/// Every row of `batches`, values as Spark casts them to strings (NULL for null), joined by "|".
inline std::vector<std::string> rowStrings(const std::vector<BatchPtr>& batches) {
  std::vector<std::string> rows;
  for (const auto& batch : batches) {
    for (int64_t r = 0; r < batch->numRows(); ++r) {
      std::string line;
      auto values = batch->rowAt(r);
      for (size_t c = 0; c < values.size(); ++c) {
        if (c) line += '|';
        line += formatValue(values[c], *batch->schema()->fields()[c].type, *TimeZone::utc());
      }
      rows.push_back(std::move(line));
    }
  }
  return rows;
}

/// The value of a Result, failing the test with the error's message when there is none.
template <typename T>
T valueOf(Result<T> result) {
  if (!result.ok()) {
    ADD_FAILURE() << "unexpected error: " << result.error().message;
    throw std::runtime_error(result.error().message);
  }
  return std::move(result).value();
}

/// The message of the exception of type E that `f` throws ("" and a test failure otherwise).
template <typename E, typename F>
std::string thrownMessage(F&& f) {
  try {
    f();
  } catch (const E& e) {
    return e.what();
  } catch (const std::exception& e) {
    ADD_FAILURE() << "unexpected exception: " << e.what();
    return "";
  }
  ADD_FAILURE() << "no exception";
  return "";
}

}  // namespace spate::connector::testing
