#include "streaming/progress.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "streaming/json_writer.h"
#include "streaming/listener.h"

namespace spate::streaming {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInfinity = std::numeric_limits<double>::infinity();

// The shape of §8.1's example: an aggregation reading a Kafka-like source.
StreamingQueryProgress fullProgress() {
  StreamingQueryProgress p;
  p.id = "90a7ee2c-2e91-4fcc-94cf-b2f4d2f431a3";
  p.runId = "ab99d132-bfba-4d5f-9dc5-d7004ca249cd";
  p.timestamp = "2023-07-19T18:27:25.049Z";
  p.batchId = 3;
  p.durationMs = {{"triggerExecution", 3663}, {"addBatch", 893},     {"walCommit", 70},
                  {"getBatch", 572},          {"latestOffset", 645}, {"queryPlanning", 1438},
                  {"commitOffsets", 25}};
  p.eventTime = {{"watermark", "2016-12-05T20:54:10.827Z"},
                 {"min", "2016-12-05T20:54:20.000Z"},
                 {"max", "2016-12-05T20:54:21.000Z"},
                 {"avg", "2016-12-05T20:54:20.500Z"}};
  StateOperatorProgress op;
  op.operatorName = "stateStoreSave";
  op.numRowsTotal = 2;
  op.numRowsUpdated = 0;
  op.allUpdatesTimeMs = 10;
  op.numRowsRemoved = 1;
  op.allRemovalsTimeMs = 24;
  op.commitTimeMs = 34;
  op.memoryUsedBytes = 1504;
  op.numRowsDroppedByWatermark = 0;
  op.numShufflePartitions = 1;
  op.numStateStoreInstances = 1;
  op.customMetrics = {{"stateOnCurrentVersionSizeBytes", 784},
                      {"loadedMapCacheMissCount", 0},
                      {"loadedMapCacheHitCount", 8}};
  p.stateOperators.push_back(op);
  SourceProgress source;
  source.description = "KafkaV2[Subscribe[base]]";
  source.startOffset = std::nullopt;
  source.endOffset = R"({"base":{"0":3}})";
  source.latestOffset = R"({"base":{"0":3}})";
  source.numInputRows = 163;
  source.inputRowsPerSecond = 12.5;
  // Java 17 prints this double as 1.4818181818181816E7.
  source.processedRowsPerSecond = 1.4818181818181816E7;
  source.metrics = {{"minOffsetsBehindLatest", "0"},
                    {"maxOffsetsBehindLatest", "0"},
                    {"avgOffsetsBehindLatest", "0.0"}};
  p.sources.push_back(source);
  p.sink.description = "org.apache.spark.sql.execution.streaming.ConsoleTable$@242a1511";
  p.sink.numOutputRows = 2;
  return p;
}

TEST(StreamingProgressTest, FullProgressPrettyJson) {
  const char* expected = R"({
  "id" : "90a7ee2c-2e91-4fcc-94cf-b2f4d2f431a3",
  "runId" : "ab99d132-bfba-4d5f-9dc5-d7004ca249cd",
  "name" : null,
  "timestamp" : "2023-07-19T18:27:25.049Z",
  "batchId" : 3,
  "numInputRows" : 163,
  "inputRowsPerSecond" : 12.5,
  "processedRowsPerSecond" : 1.4818181818181816E7,
  "durationMs" : {
    "addBatch" : 893,
    "commitOffsets" : 25,
    "getBatch" : 572,
    "latestOffset" : 645,
    "queryPlanning" : 1438,
    "triggerExecution" : 3663,
    "walCommit" : 70
  },
  "eventTime" : {
    "avg" : "2016-12-05T20:54:20.500Z",
    "max" : "2016-12-05T20:54:21.000Z",
    "min" : "2016-12-05T20:54:20.000Z",
    "watermark" : "2016-12-05T20:54:10.827Z"
  },
  "stateOperators" : [ {
    "operatorName" : "stateStoreSave",
    "numRowsTotal" : 2,
    "numRowsUpdated" : 0,
    "allUpdatesTimeMs" : 10,
    "numRowsRemoved" : 1,
    "allRemovalsTimeMs" : 24,
    "commitTimeMs" : 34,
    "memoryUsedBytes" : 1504,
    "numRowsDroppedByWatermark" : 0,
    "numShufflePartitions" : 1,
    "numStateStoreInstances" : 1,
    "customMetrics" : {
      "loadedMapCacheHitCount" : 8,
      "loadedMapCacheMissCount" : 0,
      "stateOnCurrentVersionSizeBytes" : 784
    }
  } ],
  "sources" : [ {
    "description" : "KafkaV2[Subscribe[base]]",
    "startOffset" : null,
    "endOffset" : {
      "base" : {
        "0" : 3
      }
    },
    "latestOffset" : {
      "base" : {
        "0" : 3
      }
    },
    "numInputRows" : 163,
    "inputRowsPerSecond" : 12.5,
    "processedRowsPerSecond" : 1.4818181818181816E7,
    "metrics" : {
      "avgOffsetsBehindLatest" : "0.0",
      "maxOffsetsBehindLatest" : "0",
      "minOffsetsBehindLatest" : "0"
    }
  } ],
  "sink" : {
    "description" : "org.apache.spark.sql.execution.streaming.ConsoleTable$@242a1511",
    "numOutputRows" : 2
  }
})";
  StreamingQueryProgress p = fullProgress();
  EXPECT_EQ(p.prettyJson(), expected);
  EXPECT_EQ(p.toString(), expected);
}

TEST(StreamingProgressTest, FullProgressCompactJson) {
  std::string expected =
      R"({"id":"90a7ee2c-2e91-4fcc-94cf-b2f4d2f431a3","runId":"ab99d132-bfba-4d5f-9dc5-d7004ca249cd",)"
      R"("name":null,"timestamp":"2023-07-19T18:27:25.049Z","batchId":3,"numInputRows":163,)"
      R"("inputRowsPerSecond":12.5,"processedRowsPerSecond":1.4818181818181816E7,)"
      R"("durationMs":{"addBatch":893,"commitOffsets":25,"getBatch":572,"latestOffset":645,)"
      R"("queryPlanning":1438,"triggerExecution":3663,"walCommit":70},)"
      R"("eventTime":{"avg":"2016-12-05T20:54:20.500Z","max":"2016-12-05T20:54:21.000Z",)"
      R"("min":"2016-12-05T20:54:20.000Z","watermark":"2016-12-05T20:54:10.827Z"},)"
      R"("stateOperators":[{"operatorName":"stateStoreSave","numRowsTotal":2,"numRowsUpdated":0,)"
      R"("allUpdatesTimeMs":10,"numRowsRemoved":1,"allRemovalsTimeMs":24,"commitTimeMs":34,)"
      R"("memoryUsedBytes":1504,"numRowsDroppedByWatermark":0,"numShufflePartitions":1,)"
      R"("numStateStoreInstances":1,"customMetrics":{"loadedMapCacheHitCount":8,)"
      R"("loadedMapCacheMissCount":0,"stateOnCurrentVersionSizeBytes":784}}],)"
      R"("sources":[{"description":"KafkaV2[Subscribe[base]]","startOffset":null,)"
      R"("endOffset":{"base":{"0":3}},"latestOffset":{"base":{"0":3}},"numInputRows":163,)"
      R"("inputRowsPerSecond":12.5,"processedRowsPerSecond":1.4818181818181816E7,)"
      R"("metrics":{"avgOffsetsBehindLatest":"0.0","maxOffsetsBehindLatest":"0",)"
      R"("minOffsetsBehindLatest":"0"}}],)"
      R"("sink":{"description":"org.apache.spark.sql.execution.streaming.ConsoleTable$@242a1511",)"
      R"("numOutputRows":2}})";
  EXPECT_EQ(fullProgress().json(), expected);
}

// A trigger with no new data on a stateless memory-stream query: only two durations, no
// eventTime (no watermark), no state operators, a bare-number offset.
TEST(StreamingProgressTest, IdleProgress) {
  StreamingQueryProgress p;
  p.id = "id-1";
  p.runId = "run-1";
  p.name = "counts";
  p.timestamp = formatProgressTimestamp(1000);
  p.batchId = 1;
  p.durationMs = {{"triggerExecution", 0}, {"latestOffset", 0}};
  SourceProgress s;
  s.description = "MemoryStream[value#0]";
  s.startOffset = "0";
  s.endOffset = "0";
  s.latestOffset = "0";
  s.numInputRows = 0;
  s.inputRowsPerSecond = 0.0;
  s.processedRowsPerSecond = 0.0;
  p.sources.push_back(s);
  p.sink.description = "MemorySink";
  p.sink.numOutputRows = 0;
  EXPECT_EQ(p.prettyJson(), R"({
  "id" : "id-1",
  "runId" : "run-1",
  "name" : "counts",
  "timestamp" : "1970-01-01T00:00:01.000Z",
  "batchId" : 1,
  "numInputRows" : 0,
  "inputRowsPerSecond" : 0.0,
  "processedRowsPerSecond" : 0.0,
  "durationMs" : {
    "latestOffset" : 0,
    "triggerExecution" : 0
  },
  "stateOperators" : [ ],
  "sources" : [ {
    "description" : "MemoryStream[value#0]",
    "startOffset" : 0,
    "endOffset" : 0,
    "latestOffset" : 0,
    "numInputRows" : 0,
    "inputRowsPerSecond" : 0.0,
    "processedRowsPerSecond" : 0.0
  } ],
  "sink" : {
    "description" : "MemorySink",
    "numOutputRows" : 0
  }
})");
  EXPECT_EQ(
      p.json(),
      R"({"id":"id-1","runId":"run-1","name":"counts","timestamp":"1970-01-01T00:00:01.000Z",)"
      R"("batchId":1,"numInputRows":0,"inputRowsPerSecond":0.0,"processedRowsPerSecond":0.0,)"
      R"("durationMs":{"latestOffset":0,"triggerExecution":0},"stateOperators":[],)"
      R"("sources":[{"description":"MemoryStream[value#0]","startOffset":0,"endOffset":0,)"
      R"("latestOffset":0,"numInputRows":0,"inputRowsPerSecond":0.0,)"
      R"("processedRowsPerSecond":0.0}],"sink":{"description":"MemorySink","numOutputRows":0}})");
}

// E5: a no-data batch after 15 s keeps only the watermark in eventTime.
TEST(StreamingProgressTest, EventTimeWatermarkOnly) {
  StreamingQueryProgress p;
  p.id = "a";
  p.runId = "b";
  p.timestamp = "1970-01-01T00:00:00.000Z";
  p.eventTime = {{"watermark", formatEventTimeMicros(5'000'000)}};
  p.sink.description = "s";
  EXPECT_EQ(p.json(),
            R"({"id":"a","runId":"b","name":null,"timestamp":"1970-01-01T00:00:00.000Z",)"
            R"("batchId":0,"numInputRows":0,"inputRowsPerSecond":0.0,)"
            R"("processedRowsPerSecond":0.0,"eventTime":{"watermark":"1970-01-01T00:00:05.000Z"},)"
            R"("stateOperators":[],"sources":[],"sink":{"description":"s","numOutputRows":-1}})");
}

TEST(StreamingProgressTest, NaNAndInfinityAreOmitted) {
  StreamingQueryProgress p;
  p.id = "a";
  p.runId = "b";
  p.timestamp = "t";
  SourceProgress s;
  s.description = "src";
  s.endOffset = "1";
  s.inputRowsPerSecond = kNaN;
  s.processedRowsPerSecond = kInfinity;
  p.sources.push_back(s);
  p.sink.description = "sink";
  EXPECT_EQ(p.json(),
            R"({"id":"a","runId":"b","name":null,"timestamp":"t","batchId":0,"numInputRows":0,)"
            R"("stateOperators":[],"sources":[{"description":"src","startOffset":null,)"
            R"("endOffset":1,"latestOffset":null,"numInputRows":0}],)"
            R"("sink":{"description":"sink","numOutputRows":-1}})");
  EXPECT_TRUE(std::isnan(p.inputRowsPerSecond()));
}

TEST(StreamingProgressTest, DerivedTotalsSumSources) {
  StreamingQueryProgress p;
  SourceProgress a;
  a.numInputRows = 3;
  a.inputRowsPerSecond = 1.5;
  a.processedRowsPerSecond = 10.0;
  SourceProgress b;
  b.numInputRows = 4;
  b.inputRowsPerSecond = 2.0;
  b.processedRowsPerSecond = 0.25;
  p.sources = {a, b};
  EXPECT_EQ(p.numInputRows(), 7);
  EXPECT_EQ(p.inputRowsPerSecond(), 3.5);
  EXPECT_EQ(p.processedRowsPerSecond(), 10.25);
}

TEST(StreamingProgressTest, NameNullVersusString) {
  StreamingQueryProgress p;
  p.id = "i";
  p.runId = "r";
  p.timestamp = "t";
  EXPECT_NE(p.json().find(R"("name":null,)"), std::string::npos);
  EXPECT_NE(p.prettyJson().find("  \"name\" : null,\n"), std::string::npos);
  p.name = "my \"query\"";
  EXPECT_NE(p.json().find(R"("name":"my \"query\"",)"), std::string::npos);
  p.name = "";
  EXPECT_NE(p.json().find(R"("name":"",)"), std::string::npos);
}

TEST(StreamingProgressTest, KafkaOffsetsWithSeveralTopicsAndPartitions) {
  SourceProgress s;
  s.description = "KafkaV2[Subscribe[a,b]]";
  s.startOffset = R"({"b":{"1":12,"0":10},"a":{"0":5}})";
  s.endOffset = R"({ "a" : { "0" : 7 } })";
  s.latestOffset = "{}";
  s.numInputRows = 4;
  s.inputRowsPerSecond = 0.5;
  s.processedRowsPerSecond = 2.0;
  // Key order of the offset JSON is kept (json4s objects are ordered), not sorted.
  EXPECT_EQ(s.prettyJson(), R"({
  "description" : "KafkaV2[Subscribe[a,b]]",
  "startOffset" : {
    "b" : {
      "1" : 12,
      "0" : 10
    },
    "a" : {
      "0" : 5
    }
  },
  "endOffset" : {
    "a" : {
      "0" : 7
    }
  },
  "latestOffset" : { },
  "numInputRows" : 4,
  "inputRowsPerSecond" : 0.5,
  "processedRowsPerSecond" : 2.0
})");
  EXPECT_EQ(s.json(),
            R"({"description":"KafkaV2[Subscribe[a,b]]","startOffset":{"b":{"1":12,"0":10},)"
            R"("a":{"0":5}},"endOffset":{"a":{"0":7}},"latestOffset":{},"numInputRows":4,)"
            R"("inputRowsPerSecond":0.5,"processedRowsPerSecond":2.0})");
}

TEST(StreamingProgressTest, OffsetValuesAreReRendered) {
  auto embed = [](std::string_view text, bool pretty) {
    JsonWriter w(pretty);
    w.embedJson(text);
    return w.take();
  };
  // File source offsets, arrays, doubles as Java prints them, big integers kept exact.
  EXPECT_EQ(embed(R"({"logOffset":0})", false), R"({"logOffset":0})");
  EXPECT_EQ(embed(R"({"logOffset":0})", true), "{\n  \"logOffset\" : 0\n}");
  EXPECT_EQ(embed("[1, 2,3]", true), "[ 1, 2, 3 ]");
  EXPECT_EQ(embed("[]", true), "[ ]");
  EXPECT_EQ(embed("[]", false), "[]");
  EXPECT_EQ(embed(R"([{"a":1},{"b":[true,null]}])", true),
            "[ {\n  \"a\" : 1\n}, {\n  \"b\" : [ true, null ]\n} ]");
  EXPECT_EQ(embed("1.50", false), "1.5");
  EXPECT_EQ(embed("1e3", false), "1000.0");
  EXPECT_EQ(embed("12345678901234567890123", false), "12345678901234567890123");
  EXPECT_EQ(embed("-9223372036854775808", false), "-9223372036854775808");
  EXPECT_EQ(embed("18446744073709551615", false), "18446744073709551615");
  EXPECT_EQ(embed(R"("s\u0001\/é")", false), "\"s\\u0001/é\"");
  // Not JSON: Spark falls back to a JSON string.
  EXPECT_EQ(embed("not json", false), R"("not json")");
  EXPECT_EQ(embed("{\"a\":", false), R"("{\"a\":")");
  EXPECT_EQ(embed("", false), R"("")");
}

TEST(StreamingProgressTest, StringsAreEscapedAsJackson) {
  std::string out;
  appendJsonString(out, "a\"b\\c\n\t\r\b\f\x1f\x7f/é");
  EXPECT_EQ(out, "\"a\\\"b\\\\c\\n\\t\\r\\b\\f\\u001F\x7f/é\"");
}

TEST(StreamingProgressTest, ObservedMetrics) {
  StreamingQueryProgress p;
  p.id = "i";
  p.runId = "r";
  p.timestamp = "t";
  p.sink.description = "sink";
  p.observedMetrics = {{"event2", R"({"rc":1,"min_q":"hello","max_q":"world"})"},
                       {"event1", R"({"c1":1,"c2":3.0})"}};
  EXPECT_EQ(p.prettyJson(), R"({
  "id" : "i",
  "runId" : "r",
  "name" : null,
  "timestamp" : "t",
  "batchId" : 0,
  "numInputRows" : 0,
  "inputRowsPerSecond" : 0.0,
  "processedRowsPerSecond" : 0.0,
  "stateOperators" : [ ],
  "sources" : [ ],
  "sink" : {
    "description" : "sink",
    "numOutputRows" : -1
  },
  "observedMetrics" : {
    "event1" : {
      "c1" : 1,
      "c2" : 3.0
    },
    "event2" : {
      "rc" : 1,
      "min_q" : "hello",
      "max_q" : "world"
    }
  }
})");
}

TEST(StreamingProgressTest, SeveralStateOperatorsAndSources) {
  StreamingQueryProgress p;
  p.id = "i";
  p.runId = "r";
  p.timestamp = "t";
  StateOperatorProgress join;
  join.operatorName = "symmetricHashJoin";
  StateOperatorProgress dedupe;
  dedupe.operatorName = "dedupe";
  dedupe.numRowsDroppedByWatermark = 3;
  p.stateOperators = {join, dedupe};
  SourceProgress a;
  a.description = "A";
  SourceProgress b;
  b.description = "B";
  b.endOffset = "2";
  b.numInputRows = 2;
  p.sources = {a, b};
  p.sink.description = "sink";
  p.sink.metrics = {{"numFiles", "1"}};
  EXPECT_EQ(p.prettyJson(), R"({
  "id" : "i",
  "runId" : "r",
  "name" : null,
  "timestamp" : "t",
  "batchId" : 0,
  "numInputRows" : 2,
  "inputRowsPerSecond" : 0.0,
  "processedRowsPerSecond" : 0.0,
  "stateOperators" : [ {
    "operatorName" : "symmetricHashJoin",
    "numRowsTotal" : 0,
    "numRowsUpdated" : 0,
    "allUpdatesTimeMs" : 0,
    "numRowsRemoved" : 0,
    "allRemovalsTimeMs" : 0,
    "commitTimeMs" : 0,
    "memoryUsedBytes" : 0,
    "numRowsDroppedByWatermark" : 0,
    "numShufflePartitions" : 0,
    "numStateStoreInstances" : 0
  }, {
    "operatorName" : "dedupe",
    "numRowsTotal" : 0,
    "numRowsUpdated" : 0,
    "allUpdatesTimeMs" : 0,
    "numRowsRemoved" : 0,
    "allRemovalsTimeMs" : 0,
    "commitTimeMs" : 0,
    "memoryUsedBytes" : 0,
    "numRowsDroppedByWatermark" : 3,
    "numShufflePartitions" : 0,
    "numStateStoreInstances" : 0
  } ],
  "sources" : [ {
    "description" : "A",
    "startOffset" : null,
    "endOffset" : null,
    "latestOffset" : null,
    "numInputRows" : 0,
    "inputRowsPerSecond" : 0.0,
    "processedRowsPerSecond" : 0.0
  }, {
    "description" : "B",
    "startOffset" : null,
    "endOffset" : 2,
    "latestOffset" : null,
    "numInputRows" : 2,
    "inputRowsPerSecond" : 0.0,
    "processedRowsPerSecond" : 0.0
  } ],
  "sink" : {
    "description" : "sink",
    "numOutputRows" : -1,
    "metrics" : {
      "numFiles" : "1"
    }
  }
})");
}

TEST(StreamingProgressTest, StatusJson) {
  StreamingQueryStatus status{"Waiting for data to arrive", false, false};
  EXPECT_EQ(status.prettyJson(), R"({
  "message" : "Waiting for data to arrive",
  "isDataAvailable" : false,
  "isTriggerActive" : false
})");
  EXPECT_EQ(status.toString(), status.prettyJson());
  status = {"Processing new data", true, true};
  EXPECT_EQ(status.json(),
            R"({"message":"Processing new data","isDataAvailable":true,"isTriggerActive":true})");
}

TEST(StreamingProgressTest, TimestampFormatting) {
  EXPECT_EQ(formatProgressTimestamp(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(formatProgressTimestamp(1480971260827), "2016-12-05T20:54:20.827Z");
  EXPECT_EQ(formatProgressTimestamp(1689791245049), "2023-07-19T18:27:25.049Z");
  EXPECT_EQ(formatProgressTimestamp(-1), "1969-12-31T23:59:59.999Z");
  EXPECT_EQ(formatProgressTimestamp(951782400000), "2000-02-29T00:00:00.000Z");
  EXPECT_EQ(formatProgressTimestamp(253402300799999), "9999-12-31T23:59:59.999Z");
  EXPECT_EQ(formatProgressTimestamp(253402300800000), "10000-01-01T00:00:00.000Z");
  // java.util.GregorianCalendar: the day before 1582-10-15 is Julian 1582-10-04.
  EXPECT_EQ(formatProgressTimestamp(-12219292800000), "1582-10-15T00:00:00.000Z");
  EXPECT_EQ(formatProgressTimestamp(-12219292800001), "1582-10-04T23:59:59.999Z");
  // 0001-01-01 Julian (2 days before the proleptic Gregorian 0001-01-01), and 1 BC.
  EXPECT_EQ(formatProgressTimestamp(-62135769600000), "0001-01-01T00:00:00.000Z");
  EXPECT_EQ(formatProgressTimestamp(-62135769600001), "0001-12-31T23:59:59.999Z");
  EXPECT_EQ(formatProgressTimestamp(-100000000000000), "1200-02-26T14:13:20.000Z");
  EXPECT_EQ(formatProgressTimestamp(INT64_MIN), "292269055-12-02T16:47:04.192Z");
  EXPECT_EQ(formatProgressTimestamp(INT64_MAX), "292278994-08-17T07:12:55.807Z");
}

TEST(StreamingProgressTest, EventTimeMicros) {
  // E5's values.
  EXPECT_EQ(formatEventTimeMicros(15'000'000), "1970-01-01T00:00:15.000Z");
  EXPECT_EQ(formatEventTimeMicros(12'000'000), "1970-01-01T00:00:12.000Z");
  EXPECT_EQ(formatEventTimeMicros(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(formatEventTimeMicros(1'999), "1970-01-01T00:00:00.001Z");
  // µs / 1000 truncates toward zero, as in Spark's event-time stats.
  EXPECT_EQ(formatEventTimeMicros(-1'500), "1969-12-31T23:59:59.999Z");
}

struct RecordingListener : StreamingQueryListener {
  std::vector<std::string> calls;
  void onQueryStarted(const QueryStartedEvent& e) override { calls.push_back("started " + e.id); }
  void onQueryProgress(const QueryProgressEvent& e) override {
    calls.push_back("progress " + std::to_string(e.progress.batchId));
  }
  void onQueryTerminated(const QueryTerminatedEvent& e) override {
    calls.push_back("terminated " + e.exception.value_or("-"));
  }
};

TEST(StreamingListenerTest, DefaultsAreNoOpsAndOverridesAreCalled) {
  RecordingListener recording;
  StreamingQueryListener& listener = recording;
  listener.onQueryStarted({"q1", "r1", std::nullopt, "1970-01-01T00:00:00.000Z"});
  StreamingQueryProgress progress;
  progress.batchId = 4;
  listener.onQueryProgress({progress});
  listener.onQueryIdle({"q1", "r1", "1970-01-01T00:00:01.000Z"});  // default: nothing
  listener.onQueryTerminated({"q1", "r1", std::nullopt, std::nullopt});
  listener.onQueryTerminated({"q1", "r1", "boom", "DIVIDE_BY_ZERO"});
  EXPECT_EQ(recording.calls, (std::vector<std::string>{"started q1", "progress 4", "terminated -",
                                                       "terminated boom"}));
  StreamingQueryListener plain;
  plain.onQueryIdle({"q", "r", "t"});
}

}  // namespace
}  // namespace spate::streaming
