#include "api/connector_context.h"
#include "api/dataframe.h"
#include "common/error.h"
#include "common/strings.h"

namespace spate::sql {

DataFrameWriter DataFrame::write() const {
  if (isStreaming()) throw AnalysisException("'write' can not be called on streaming Dataset/DataFrame");
  return DataFrameWriter(*this);
}

DataFrameWriter& DataFrameWriter::format(const std::string& source) {
  format_ = source;
  return *this;
}

DataFrameWriter& DataFrameWriter::option(const std::string& key, const std::string& value) {
  // Option keys are case-insensitive: a later spelling replaces an earlier one.
  std::erase_if(options_, [&](const auto& entry) { return equalsIgnoreCase(entry.first, key); });
  options_[key] = value;
  return *this;
}

DataFrameWriter& DataFrameWriter::options(const std::map<std::string, std::string>& options) {
  for (const auto& [k, v] : options) option(k, v);
  return *this;
}

DataFrameWriter& DataFrameWriter::mode(const std::string& saveMode) {
  connector::parseSaveMode(saveMode);  // rejects unknown modes now, as Spark does
  mode_ = saveMode;
  return *this;
}

void DataFrameWriter::save(const std::string& path) {
  if (!path.empty()) option("path", path);
  std::string format = toLower(format_);
  const connector::BatchSinkProvider* provider = connector::ConnectorRegistry::instance().findBatchSink(format);
  if (!provider)
    throw AnalysisException("[DATA_SOURCE_NOT_FOUND] Failed to find the data source: " + format_ + ".",
                            "DATA_SOURCE_NOT_FOUND");
  connector::ConnectorContext context = connectorContext(*df_.session(), format, options_, nullptr);
  std::vector<BatchPtr> rows = df_.collectBatches();
  Status written = provider->write(context, connector::parseSaveMode(mode_), df_.schema(), rows);
  if (!written.ok()) {
    const Error& error = written.error();
    if (error.domain == ErrorDomain::kUser) throw AnalysisException(error.message);
    throw SpateError(error.message);
  }
}

void DataFrameWriter::jdbc(const std::string& url, const std::string& table,
                           const std::map<std::string, std::string>& properties) {
  options(properties);
  option("url", url);
  option("dbtable", table);
  format("jdbc").save();
}

}  // namespace spate::sql
