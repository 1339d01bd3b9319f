#pragma once

// The contract between the streaming engine and its connectors. A source offers offsets (JSON
// text, stored in the checkpoint's offset log) and a deterministic, replayable read between two
// offsets; a sink writes one micro-batch's output, idempotently per batch id. Errors at this I/O
// boundary are Result/Status values carrying a domain and a retry hint (common/result.h); option
// errors are thrown at creation as AnalysisException/IllegalArgumentException with Spark's texts.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/output_mode.h"
#include "common/result.h"
#include "common/time.h"
#include "vector/batch.h"

namespace spate::connector {

/// What a source or sink is created with.
struct ConnectorContext {
  std::string format;
  /// Options as the user gave them; look them up with option() (keys are case-insensitive).
  std::map<std::string, std::string> options;
  /// The user's schema (readStream.schema(…), a DDL column list), or null.
  SchemaPtr userSchema;
  /// A directory the connector may keep metadata in across restarts (checkpoint/sources/<i> for a
  /// source, the checkpoint directory for a sink); empty for batch use. Created by the caller.
  std::string metadataPath;
  /// The query's name (memory sink table), possibly empty.
  std::string queryName;
  TimeZonePtr timeZone;
  /// Processing-time clock in milliseconds since the epoch (a manual clock in tests).
  std::function<int64_t()> clockMillis;
  /// Session configuration lookup ("" when unset), e.g. spark.sql.streaming.schemaInference.
  std::function<std::string(const std::string&)> conf;
  /// Worker threads of the session (numPartitions defaults).
  int parallelism = 1;
  /// A source may call this (from any thread) when new data arrives, so an idle query starts its
  /// next trigger at once instead of at its next poll. May be empty.
  std::function<void()> dataAvailable;

  /// The option `key` (case-insensitive), if set.
  std::optional<std::string> option(const std::string& key) const;
};

/// A streaming source (Spark's MicroBatchStream / Source).
class Source {
 public:
  virtual ~Source() = default;
  virtual SchemaPtr schema() const = 0;
  /// Spark's description, shown in progress JSON (e.g. "TextSocketV2[host: h, port: 1]").
  virtual std::string description() const = 0;
  /// The end offset of the next batch given the end of the previous one (nullopt before the first
  /// batch), after the source's rate limits (maxFilesPerTrigger, …). nullopt when no data exists.
  virtual Result<std::optional<std::string>> latestOffset(
      const std::optional<std::string>& start) = 0;
  /// The rows after `start` up to and including `end`. Must give the same rows for the same
  /// offsets, also after a restart, as long as the data was not committed.
  virtual Result<std::vector<BatchPtr>> getBatch(const std::optional<std::string>& start,
                                                 const std::string& end) = 0;
  /// Data up to `end` is durably processed; the source may forget it.
  virtual Status commit(const std::string& end) { return Status::success(); }
  /// Trigger.AvailableNow: from now on latestOffset() must not go past what is available now.
  virtual void prepareForTriggerAvailableNow() {}
  /// Source-specific progress metrics ("metrics" map of the source's progress).
  virtual std::map<std::string, std::string> metrics() const { return {}; }
  virtual void stop() {}
};

/// The output of one micro-batch, for a sink.
struct SinkBatch {
  int64_t batchId = 0;
  /// The query's id (stable across restarts, from the checkpoint's metadata file): with batchId,
  /// the key a transactional sink records to skip a batch it already wrote.
  std::string queryId;
  SchemaPtr schema;
  std::vector<BatchPtr> rows;
  OutputMode mode = OutputMode::kAppend;
};

/// A streaming sink (Spark's Sink / StreamingWrite).
class Sink {
 public:
  virtual ~Sink() = default;
  virtual std::string description() const = 0;
  /// Writes one batch's output. A batch id already written is skipped (replay after a failure).
  virtual Status addBatch(const SinkBatch& batch) = 0;
  /// Whether the sink counts its rows (progress "numOutputRows"; -1 when not).
  virtual bool reportsOutputRows() const { return true; }
  virtual void stop() {}
};

/// Creates sources of one format. schema() validates the options and is called by
/// readStream.load(); create() is called when a query starts (or restarts).
struct SourceProvider {
  std::function<SchemaPtr(const ConnectorContext&)> schema;
  std::function<std::unique_ptr<Source>(const ConnectorContext&)> create;
};

/// Creates sinks of one format. check() validates options and the output mode at start();
/// it may be empty.
struct SinkProvider {
  std::function<void(const ConnectorContext&, OutputMode, const SchemaPtr& input)> check;
  std::function<std::unique_ptr<Sink>(const ConnectorContext&, OutputMode, const SchemaPtr& input)>
      create;
};

/// How a batch write treats existing data (Spark's SaveMode).
enum class SaveMode { kErrorIfExists, kAppend, kOverwrite, kIgnore };

/// Spark's mode names: append, overwrite, ignore, error, errorifexists, default (case-insensitive).
/// Throws IllegalArgumentException with Spark's text for anything else.
SaveMode parseSaveMode(const std::string& name);

/// Batch reads of a format: spark.read.format(f).load(), or SELECT from a table USING f.
/// schema() validates the options; read() runs when the query does.
struct BatchSourceProvider {
  std::function<SchemaPtr(const ConnectorContext&)> schema;
  std::function<Result<std::vector<BatchPtr>>(const ConnectorContext&)> read;
};

/// Batch writes of a format: df.write.format(f).mode(m).save(), or INSERT INTO a table USING f
/// from a batch query. `rows` follow `schema`.
struct BatchSinkProvider {
  std::function<Status(const ConnectorContext&, SaveMode, const SchemaPtr& schema,
                       const std::vector<BatchPtr>& rows)>
      write;
};

/// The formats the engine knows, by lower-case name.
class ConnectorRegistry {
 public:
  /// The registry with every built-in connector registered.
  static ConnectorRegistry& instance();
  void addSource(const std::string& format, SourceProvider provider);
  void addSink(const std::string& format, SinkProvider provider);
  const SourceProvider* findSource(const std::string& format) const;
  const SinkProvider* findSink(const std::string& format) const;
  void addBatchSource(const std::string& format, BatchSourceProvider provider);
  void addBatchSink(const std::string& format, BatchSinkProvider provider);
  const BatchSourceProvider* findBatchSource(const std::string& format) const;
  const BatchSinkProvider* findBatchSink(const std::string& format) const;

 private:
  std::map<std::string, SourceProvider> sources_;
  std::map<std::string, SinkProvider> sinks_;
  std::map<std::string, BatchSourceProvider> batchSources_;
  std::map<std::string, BatchSinkProvider> batchSinks_;
};

/// Registers the built-in connectors (connector/builtin_connectors.cpp lists them).
void registerBuiltinConnectors(ConnectorRegistry& registry);

}  // namespace spate::connector
