// The file sink (json, csv, text) through the connector registry: checks, part files, the
// _spark_metadata log (idempotence, compaction) and reading the output back.
#include "connector/file_stream/file_stream_sink.h"

#include <gtest/gtest.h>

#include <regex>

#include "connector/api/connector_test_support.h"
#include "connector/api/metadata_files.h"
#include "connector/file/file_test_support.h"
#include "connector/file_stream/file_stream_log.h"
#include "connector/file_stream/file_stream_test_support.h"

namespace spate::connector {
namespace {

using spate::testing::TempDir;
using testing::fileContent;
using testing::fileNames;
using testing::makeContext;
using testing::rowStrings;
using testing::sinkProvider;
using testing::sourceProvider;
using testing::thrownMessage;
using testing::valueOf;

class FileSinkTest : public ::testing::Test {
 protected:
  ConnectorContext context(const std::string& format, std::map<std::string, std::string> options,
                           std::map<std::string, std::string> conf = {}) {
    if (!options.contains("path")) options["path"] = out.path();
    return makeContext(format, std::move(options), checkpoint.path(), nullptr, std::move(conf));
  }

  std::unique_ptr<Sink> create(const std::string& format, const std::string& ddl,
                               std::map<std::string, std::string> options = {},
                               std::map<std::string, std::string> conf = {}) {
    auto c = context(format, std::move(options), std::move(conf));
    auto schema = parseDdlSchema(ddl);
    sinkProvider(format).check(c, OutputMode::kAppend, schema);
    return sinkProvider(format).create(c, OutputMode::kAppend, schema);
  }

  static SinkBatch batchOf(int64_t id, const std::string& ddl,
                           const std::vector<std::vector<Value>>& rows) {
    SinkBatch batch;
    batch.batchId = id;
    batch.schema = parseDdlSchema(ddl);
    batch.rows.push_back(makeBatch(batch.schema, rows));
    return batch;
  }

  // The part files written so far, by name.
  std::vector<std::string> partFiles() const {
    std::vector<std::string> parts;
    for (auto& name : fileNames(out.path()))
      if (name.starts_with("part-")) parts.push_back(name);
    return parts;
  }

  TempDir out;
  TempDir checkpoint;
};

TEST_F(FileSinkTest, ChecksWithSparksMessages) {
  auto schema = parseDdlSchema("a INT, b STRING");
  auto check = [&](const std::string& format, ConnectorContext c, OutputMode mode,
                   const SchemaPtr& s) { sinkProvider(format).check(c, mode, s); };
  EXPECT_EQ(thrownMessage<IllegalArgumentException>(
                [&] { check("json", makeContext("json", {}), OutputMode::kAppend, schema); }),
            "'path' is not specified");
  EXPECT_EQ(thrownMessage<AnalysisException>(
                [&] { check("json", context("json", {}), OutputMode::kUpdate, schema); }),
            "Data source json does not support Update output mode");
  EXPECT_EQ(thrownMessage<AnalysisException>(
                [&] { check("csv", context("csv", {}), OutputMode::kComplete, schema); }),
            "Data source csv does not support Complete output mode");
  EXPECT_EQ(thrownMessage<AnalysisException>(
                [&] { check("text", context("text", {}), OutputMode::kAppend, schema); }),
            "Text data source supports only a single column, and you have 2 columns.");
  EXPECT_EQ(thrownMessage<AnalysisException>([&] {
              check("text", context("text", {}), OutputMode::kAppend, parseDdlSchema("n INT"));
            }),
            "[UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE] The Text datasource doesn't support the "
            "column `n` of the type \"INT\".");
  EXPECT_EQ(thrownMessage<AnalysisException>([&] {
              check("csv", context("csv", {}), OutputMode::kAppend,
                    parseDdlSchema("a INT, xs ARRAY<INT>"));
            }),
            "[UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE] The CSV datasource doesn't support the column "
            "`xs` of the type \"ARRAY<INT>\".");
  EXPECT_EQ(thrownMessage<AnalysisException>([&] {
              check("json", context("json", {}), OutputMode::kAppend,
                    DataType::structType({{"i", DataType::interval(), true}}));
            }),
            "Cannot save interval data type into external storage.");
  EXPECT_EQ(
      thrownMessage<IllegalArgumentException>([&] {
        check("json", context("json", {{"compression", "gzip"}}), OutputMode::kAppend, schema);
      }),
      "Codec [gzip] is not available. Known codecs are none, uncompressed.");
  EXPECT_NO_THROW(check("json", context("json", {{"compression", "none"}}), OutputMode::kAppend,
                        parseDdlSchema("s STRUCT<x: INT>, m MAP<STRING, INT>")));
}

TEST_F(FileSinkTest, JsonBatchWritesAPartFileThenTheLog) {
  auto sink = create("json", "a INT, b STRING, t TIMESTAMP");
  EXPECT_EQ(sink->description(), "FileSink[" + out.path() + "]");
  EXPECT_FALSE(sink->reportsOutputRows());
  ASSERT_TRUE(sink->addBatch(batchOf(0, "a INT, b STRING, t TIMESTAMP",
                                     {{Value(1), Value("x"), Value(int64_t{1577836800000000})},
                                      {Value::null(), Value("y\"q"), Value::null()}}))
                  .ok());
  auto parts = partFiles();
  ASSERT_EQ(parts.size(), 1u);
  EXPECT_TRUE(std::regex_match(
      parts[0], std::regex("part-00000-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-"
                           "[0-9a-f]{12}-c000\\.json")))
      << parts[0];
  std::string part = out.path() + "/" + parts[0];
  std::string expected =
      "{\"a\":1,\"b\":\"x\",\"t\":\"2020-01-01T00:00:00.000Z\"}\n{\"b\":\"y\\\"q\"}\n";
  EXPECT_EQ(fileContent(part), expected);
  EXPECT_EQ(
      fileContent(out.path() + "/_spark_metadata/0"),
      "v1\n{\"path\":\"file://" + part + "\",\"size\":" + std::to_string(expected.size()) +
          ",\"isDir\":false,\"modificationTime\":" + std::to_string(*modificationTimeMillis(part)) +
          ",\"blockReplication\":1,\"blockSize\":33554432,\"action\":\"add\"}");
}

TEST_F(FileSinkTest, LogDirectoryExistsFromTheStart) {
  auto sink = create("json", "a INT");
  EXPECT_TRUE(std::filesystem::is_directory(out.path() + "/_spark_metadata"));
  // A batch read of the directory now sees no committed file.
  EXPECT_EQ(valueOf(sinkLogDataFiles(out.path())), std::vector<std::string>{});
}

TEST_F(FileSinkTest, ReplayedBatchIsSkipped) {
  auto sink = create("json", "a INT");
  auto batch = batchOf(0, "a INT", {{Value(1)}});
  ASSERT_TRUE(sink->addBatch(batch).ok());
  ASSERT_TRUE(sink->addBatch(batch).ok());
  EXPECT_EQ(partFiles().size(), 1u);
  // Also after a restart: the log decides.
  auto restarted = create("json", "a INT");
  ASSERT_TRUE(restarted->addBatch(batch).ok());
  EXPECT_EQ(partFiles().size(), 1u);
  ASSERT_TRUE(restarted->addBatch(batchOf(1, "a INT", {{Value(2)}})).ok());
  EXPECT_EQ(partFiles().size(), 2u);
}

TEST_F(FileSinkTest, EmptyBatchWritesAnEmptyFile) {
  auto sink = create("json", "a INT");
  SinkBatch empty;
  empty.batchId = 0;
  empty.schema = parseDdlSchema("a INT");
  ASSERT_TRUE(sink->addBatch(empty).ok());
  auto parts = partFiles();
  ASSERT_EQ(parts.size(), 1u);
  EXPECT_EQ(fileContent(out.path() + "/" + parts[0]), "");
  EXPECT_NE(fileContent(out.path() + "/_spark_metadata/0").find("\"size\":0,"), std::string::npos);
}

TEST_F(FileSinkTest, LogIsCompactedEveryTenBatches) {
  auto sink = create("text", "value STRING");
  for (int64_t id = 0; id < 11; ++id)
    ASSERT_TRUE(sink->addBatch(batchOf(id, "value STRING", {{Value(std::to_string(id))}})).ok());
  EXPECT_EQ(
      fileNames(out.path() + "/_spark_metadata"),
      (std::vector<std::string>{"0", "1", "10", "2", "3", "4", "5", "6", "7", "8", "9.compact"}));
  std::string compact = fileContent(out.path() + "/_spark_metadata/9.compact");
  EXPECT_TRUE(compact.starts_with("v1\n"));
  EXPECT_EQ(std::count(compact.begin(), compact.end(), '\n'), 10);
  auto files = valueOf(sinkLogDataFiles(out.path()));
  ASSERT_TRUE(files);
  EXPECT_EQ(files->size(), 11u);
}

TEST_F(FileSinkTest, CompactIntervalFromConf) {
  auto sink = create("text", "value STRING", {},
                     {{"spark.sql.streaming.fileSink.log.compactInterval", "3"}});
  for (int64_t id = 0; id < 4; ++id)
    ASSERT_TRUE(sink->addBatch(batchOf(id, "value STRING", {{Value("v")}})).ok());
  EXPECT_EQ(fileNames(out.path() + "/_spark_metadata"),
            (std::vector<std::string>{"0", "1", "2.compact", "3"}));
}

TEST_F(FileSinkTest, CsvHeaderOnlyWhenAsked) {
  auto plain = create("csv", "a INT, b STRING");
  ASSERT_TRUE(plain->addBatch(batchOf(0, "a INT, b STRING", {{Value(1), Value("x,y")}})).ok());
  EXPECT_EQ(fileContent(out.path() + "/" + partFiles()[0]), "1,\"x,y\"\n");

  TempDir other;
  auto withHeader = create("csv", "a INT, b STRING", {{"path", other.path()}, {"header", "true"}});
  ASSERT_TRUE(
      withHeader->addBatch(batchOf(0, "a INT, b STRING", {{Value(1), Value::null()}})).ok());
  std::string name;
  for (auto& n : fileNames(other.path()))
    if (n.ends_with(".csv")) name = n;
  EXPECT_EQ(fileContent(other.path() + "/" + name), "a,b\n1,\n");
}

TEST_F(FileSinkTest, TextWritesOneLinePerRow) {
  auto sink = create("text", "line STRING");
  ASSERT_TRUE(sink->addBatch(batchOf(0, "line STRING",
                                     {{Value("first")}, {Value::null()}, {Value("third")}}))
                  .ok());
  auto parts = partFiles();
  ASSERT_EQ(parts.size(), 1u);
  EXPECT_TRUE(parts[0].ends_with("-c000.txt"));
  EXPECT_EQ(fileContent(out.path() + "/" + parts[0]), "first\n\nthird\n");
}

TEST_F(FileSinkTest, OutputReadsBackThroughTheLogOnly) {
  auto sink = create("json", "a INT");
  ASSERT_TRUE(sink->addBatch(batchOf(0, "a INT", {{Value(1)}, {Value(2)}})).ok());
  ASSERT_TRUE(sink->addBatch(batchOf(1, "a INT", {{Value(3)}})).ok());
  out.write("part-00000-stray-c000.json", "{\"a\":99}\n");  // an uncommitted file
  auto files = valueOf(sinkLogDataFiles("file:" + out.path()));
  ASSERT_TRUE(files);
  EXPECT_EQ(files->size(), 2u);
  TempDir sourceCheckpoint;
  auto c = makeContext("json", {{"path", out.path()}}, sourceCheckpoint.path());
  c.userSchema = parseDdlSchema("a INT");
  auto source = sourceProvider("json").create(c);
  auto end = valueOf(source->latestOffset(std::nullopt));
  ASSERT_TRUE(end);
  auto rows = rowStrings(valueOf(source->getBatch(std::nullopt, *end)));
  std::sort(rows.begin(), rows.end());
  EXPECT_EQ(rows, (std::vector<std::string>{"1", "2", "3"}));
}

TEST_F(FileSinkTest, NoLogMeansNoManifestListing) {
  EXPECT_FALSE(valueOf(sinkLogDataFiles(out.path())));
  EXPECT_FALSE(valueOf(sinkLogDataFiles(out.path() + "/missing")));
}

// ---- the compactible log itself ----

TEST(FileSinkLogTest, DeriveCompactInterval) {
  EXPECT_EQ(deriveCompactInterval(10, 4), 5);   // 5 batches so far: compact every 5
  EXPECT_EQ(deriveCompactInterval(5, 11), 6);   // first divisor of 12 from 5
  EXPECT_EQ(deriveCompactInterval(7, 11), 12);  // no divisor of 12 in [7, 6]
  EXPECT_EQ(deriveCompactInterval(3, 9), 5);    // divisors of 10 from 3: 5
}

TEST(FileSinkLogTest, ExistingCompactionsKeepTheirInterval) {
  TempDir dir;
  dir.write("log/4.compact", "v1\n\"a\"");
  CompactibleFileLog log(dir.path() + "/log", {});
  EXPECT_EQ(log.compactInterval(), 5);
  dir.write("log/9.compact", "v1");
  CompactibleFileLog later(dir.path() + "/log", {});
  EXPECT_EQ(later.compactInterval(), 5);
}

TEST(FileSinkLogTest, AddGetAndAllEntries) {
  TempDir dir;
  CompactibleFileLog::Settings settings;
  settings.defaultCompactInterval = 2;
  CompactibleFileLog log(dir.path(), settings);
  EXPECT_FALSE(valueOf(log.latestBatchId()));
  EXPECT_TRUE(valueOf(log.add(0, {"{\"n\":0}"})));
  EXPECT_FALSE(valueOf(log.add(0, {"{\"n\":9}"})));  // never overwritten
  EXPECT_TRUE(valueOf(log.add(1, {"{\"n\":1}"})));
  EXPECT_TRUE(valueOf(log.add(2, {})));
  EXPECT_EQ(fileContent(dir.path() + "/0"), "v1\n{\"n\":0}");
  EXPECT_EQ(fileContent(dir.path() + "/1.compact"), "v1\n{\"n\":0}\n{\"n\":1}");
  EXPECT_EQ(fileContent(dir.path() + "/2"), "v1");
  EXPECT_EQ(*valueOf(log.latestBatchId()), 2);
  EXPECT_EQ(valueOf(log.allEntries()), (std::vector<std::string>{"{\"n\":0}", "{\"n\":1}"}));
  EXPECT_EQ(*valueOf(log.get(1)), (std::vector<std::string>{"{\"n\":0}", "{\"n\":1}"}));
  EXPECT_FALSE(valueOf(log.get(7)));
}

TEST(FileSinkLogTest, ExpiredFilesAreDeletedAfterCompaction) {
  TempDir dir;
  CompactibleFileLog::Settings settings;
  settings.defaultCompactInterval = 2;
  settings.minBatchesToRetain = 1;
  settings.cleanupDelayMs = 0;
  CompactibleFileLog log(dir.path(), settings);
  for (int64_t id = 0; id < 7; ++id) ASSERT_TRUE(valueOf(log.add(id, {std::to_string(id)})));
  // Batch 6 needs the compaction 5 and itself; older files are gone.
  EXPECT_EQ(fileNames(dir.path()), (std::vector<std::string>{"5.compact", "6"}));
  EXPECT_EQ(valueOf(log.allEntries()).size(), 7u);
}

TEST(FileSinkLogTest, InMemoryLog) {
  CompactibleFileLog log("", {});
  EXPECT_TRUE(valueOf(log.add(0, {"x"})));
  EXPECT_FALSE(valueOf(log.add(0, {"y"})));
  EXPECT_EQ(valueOf(log.allEntries()), std::vector<std::string>{"x"});
}

TEST(FileSinkLogTest, VersionChecks) {
  TempDir dir;
  dir.write("0", "v2\nx");
  dir.write("1", "");
  CompactibleFileLog log(dir.path(), {});
  auto newer = log.get(0);
  ASSERT_FALSE(newer.ok());
  EXPECT_TRUE(newer.error().message.starts_with(
      "UnsupportedLogVersion: maximum supported log version is v1, but encountered v2."));
  EXPECT_FALSE(log.get(1).ok());
}

TEST(FileSinkLogTest, EntryJson) {
  SourceFileEntry entry{"file:///a%20b/c.json", 12, 3};
  EXPECT_EQ(entry.json(), "{\"path\":\"file:///a%20b/c.json\",\"timestamp\":12,\"batchId\":3}");
  auto parsed = SourceFileEntry::parse(entry.json());
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->path, entry.path);
  EXPECT_EQ(parsed->timestamp, 12);
  EXPECT_EQ(parsed->batchId, 3);
  EXPECT_FALSE(SourceFileEntry::parse("{\"path\":1}"));
  auto status = SinkFileStatus::parse(
      "{\"path\":\"file:/x\",\"size\":5,\"isDir\":true,\"modificationTime\":7,"
      "\"blockReplication\":3,\"blockSize\":9,\"action\":\"delete\"}");
  ASSERT_TRUE(status);
  EXPECT_EQ(status->json(),
            "{\"path\":\"file:/x\",\"size\":5,\"isDir\":true,\"modificationTime\":7,"
            "\"blockReplication\":3,\"blockSize\":9,\"action\":\"delete\"}");
  EXPECT_EQ(localPathOfUri("file:///a%20b/c.json"), "/a b/c.json");
  EXPECT_EQ(localPathOfUri("file:/a/c.json"), "/a/c.json");
}

TEST(FileSinkLogTest, DeletedFilesAreLeftOut) {
  TempDir dir;
  dir.write("_spark_metadata/0",
            "v1\n{\"path\":\"file:///x/a.json\",\"size\":1,\"isDir\":false,\"modificationTime\":1,"
            "\"blockReplication\":1,\"blockSize\":1,\"action\":\"add\"}\n"
            "{\"path\":\"file:///x/b.json\",\"size\":1,\"isDir\":false,\"modificationTime\":1,"
            "\"blockReplication\":1,\"blockSize\":1,\"action\":\"add\"}");
  dir.write("_spark_metadata/1",
            "v1\n{\"path\":\"file:///x/a.json\",\"size\":1,\"isDir\":false,\"modificationTime\":1,"
            "\"blockReplication\":1,\"blockSize\":1,\"action\":\"delete\"}");
  auto files = valueOf(sinkLogDataFiles(dir.path()));
  ASSERT_TRUE(files);
  EXPECT_EQ(*files, std::vector<std::string>{"/x/b.json"});
}

}  // namespace
}  // namespace spate::connector
