#pragma once

// The contract every source and sink keeps, as a reusable test (not part of the engine). Each
// connector's test describes how to create it and how to feed or read it back; the checks are
// the same for all:
//   sources: offsets are JSON that round-trips through the checkpoint (a restarted source given
//            the same offsets returns the same rows), replaying a range gives the same rows,
//            offsets advance when data arrives, and failures are Errors with domain and retry hint;
//   sinks:   a batch's rows arrive once even when the same batch id is written twice (and, for
//            durable sinks, again after a restart), empty batches are fine, and failures are
//            Errors with domain and retry hint.

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <thread>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "connector/api/connector_test_support.h"
#include "vector/json_text.h"

namespace spate::connector::testing {

/// An expected failure: an operation that must fail with this domain and retry hint.
struct ExpectedFailure {
  std::function<Status()> run;
  ErrorDomain domain = ErrorDomain::kExternal;
  bool retryable = true;
};

struct SourceUnderTest {
  /// Creates the source; called again to simulate a restart (same metadata directory).
  std::function<std::unique_ptr<Source>()> create;
  /// Makes `rows` more rows available to the source (appending to a stream, writing a file,
  /// producing messages, advancing a clock …).
  std::function<void(int rows)> addRows;
  /// Whether a restarted source can re-read uncommitted data (false for socket, as in Spark).
  bool replayableAfterRestart = true;
  /// Polls latestOffset this many times (sleeping 20 ms between) until data shows up, for sources
  /// whose data arrives asynchronously (sockets, brokers).
  int pollAttempts = 1;
  std::vector<ExpectedFailure> failures;
};

struct SinkUnderTest {
  /// Creates the sink; called again to simulate a restart (same checkpoint).
  std::function<std::unique_ptr<Sink>()> create;
  /// Every row the sink's destination holds, as rowStrings() prints them.
  std::function<std::vector<std::string>()> readBack;
  /// The rows of one batch for batch id `batchId` (distinct per id).
  std::function<std::vector<BatchPtr>(int64_t batchId)> rowsFor;
  SchemaPtr schema;
  OutputMode mode = OutputMode::kAppend;
  /// Whether the sink skips a batch id it already wrote (false: at-least-once, e.g. Kafka).
  bool idempotent = true;
  /// Whether the idempotence survives a restart (false for the memory sink, which lives in memory).
  bool durable = true;
  std::vector<ExpectedFailure> failures;
};

inline bool isJsonOffset(const std::string& offset) {
  if (classifyJsonNumber(offset) == JsonNumberKind::kInteger) return true;
  return !offset.empty() && jsonValueExtent(offset) == offset.size();
}

inline std::vector<std::string> sorted(std::vector<std::string> rows) {
  std::sort(rows.begin(), rows.end());
  return rows;
}

inline std::optional<std::string> pollLatest(Source& source, const std::optional<std::string>& start,
                                             int attempts) {
  for (int i = 0; i < attempts; ++i) {
    auto latest = valueOf(source.latestOffset(start));
    if (latest && latest != start) return latest;
    if (i + 1 < attempts) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return valueOf(source.latestOffset(start));
}

inline void expectFailures(const std::vector<ExpectedFailure>& failures) {
  for (const auto& failure : failures) {
    Status status = failure.run();
    ASSERT_FALSE(status.ok()) << "expected a failure";
    EXPECT_EQ(status.error().domain, failure.domain) << status.error().message;
    EXPECT_EQ(status.error().retryable, failure.retryable) << status.error().message;
    EXPECT_FALSE(status.error().message.empty());
  }
}

inline void expectSourceContract(const SourceUnderTest& test) {
  auto source = test.create();
  ASSERT_TRUE(source->schema());
  EXPECT_FALSE(source->description().empty());

  test.addRows(3);
  std::optional<std::string> first = pollLatest(*source, std::nullopt, test.pollAttempts);
  ASSERT_TRUE(first) << "no offset after adding rows";
  EXPECT_TRUE(isJsonOffset(*first)) << *first;
  auto firstRows = rowStrings(valueOf(source->getBatch(std::nullopt, *first)));
  EXPECT_EQ(firstRows.size(), 3u);
  // Replaying the same range gives the same rows.
  EXPECT_EQ(sorted(rowStrings(valueOf(source->getBatch(std::nullopt, *first)))), sorted(firstRows));

  test.addRows(2);
  std::optional<std::string> second = pollLatest(*source, first, test.pollAttempts);
  ASSERT_TRUE(second);
  EXPECT_NE(*second, *first) << "the offset did not advance";
  EXPECT_TRUE(isJsonOffset(*second)) << *second;
  auto secondRows = rowStrings(valueOf(source->getBatch(first, *second)));
  EXPECT_EQ(secondRows.size(), 2u);
  EXPECT_EQ(sorted(rowStrings(valueOf(source->getBatch(first, *second)))), sorted(secondRows));

  if (test.replayableAfterRestart) {
    // The offsets as the checkpoint stores them (text) drive a new instance to the same rows.
    source->stop();
    source.reset();
    auto restarted = test.create();
    EXPECT_EQ(sorted(rowStrings(valueOf(restarted->getBatch(first, *second)))), sorted(secondRows));
    EXPECT_EQ(sorted(rowStrings(valueOf(restarted->getBatch(std::nullopt, *first)))), sorted(firstRows));
    EXPECT_TRUE(restarted->commit(*second).ok());
    restarted->stop();
  } else {
    EXPECT_TRUE(source->commit(*second).ok());
    source->stop();
  }
  expectFailures(test.failures);
}

inline void expectSinkContract(const SinkUnderTest& test) {
  auto write = [&](Sink& sink, int64_t batchId, std::vector<BatchPtr> rows) {
    SinkBatch batch;
    batch.batchId = batchId;
    batch.queryId = "3f2a9c1e-0000-4000-8000-contracttest";
    batch.schema = test.schema;
    batch.rows = std::move(rows);
    batch.mode = test.mode;
    return sink.addBatch(batch);
  };
  auto sink = test.create();
  EXPECT_FALSE(sink->description().empty());
  auto batch0 = rowStrings(test.rowsFor(0));
  auto batch1 = rowStrings(test.rowsFor(1));
  ASSERT_FALSE(batch0.empty());
  ASSERT_NE(sorted(batch0), sorted(batch1));

  ASSERT_TRUE(write(*sink, 0, test.rowsFor(0)).ok());
  EXPECT_EQ(sorted(test.readBack()), sorted(batch0));
  ASSERT_TRUE(write(*sink, 0, test.rowsFor(0)).ok());
  std::vector<std::string> expected = batch0;
  if (!test.idempotent) expected.insert(expected.end(), batch0.begin(), batch0.end());
  EXPECT_EQ(sorted(test.readBack()), sorted(expected)) << "batch 0 written twice";

  ASSERT_TRUE(write(*sink, 1, test.rowsFor(1)).ok());
  expected.insert(expected.end(), batch1.begin(), batch1.end());
  EXPECT_EQ(sorted(test.readBack()), sorted(expected));
  ASSERT_TRUE(write(*sink, 2, {}).ok()) << "an empty batch";
  EXPECT_EQ(sorted(test.readBack()), sorted(expected));

  if (test.durable && test.idempotent) {
    sink->stop();
    sink.reset();
    auto restarted = test.create();
    ASSERT_TRUE(write(*restarted, 1, test.rowsFor(1)).ok());
    EXPECT_EQ(sorted(test.readBack()), sorted(expected)) << "batch 1 replayed after a restart";
    restarted->stop();
  } else {
    sink->stop();
  }
  expectFailures(test.failures);
}

}  // namespace spate::connector::testing
