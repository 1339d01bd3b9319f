// The file source (json, csv, text) through the connector registry: schema rules, options,
// file selection, the file log and replay, cleanSource and the sink-log directory case.
#include "connector/file_stream/file_stream_source.h"

#include <gtest/gtest.h>

#include "connector/api/connector_test_support.h"
#include "connector/file/file_test_support.h"
#include "connector/file_stream/file_stream_test_support.h"

namespace spate::connector {
namespace {

using spate::testing::TempDir;
using testing::fileContent;
using testing::fileNames;
using testing::makeContext;
using testing::rowStrings;
using testing::setModificationTime;
using testing::sourceProvider;
using testing::thrownMessage;
using testing::valueOf;

class FileSourceTest : public ::testing::Test {
 protected:
  // Writes a data file with the given modification time (ms).
  std::string put(const std::string& name, const std::string& content, int64_t mtime) {
    std::string path = data.write(name, content);
    setModificationTime(path, mtime);
    return path;
  }

  ConnectorContext context(const std::string& format, std::map<std::string, std::string> options,
                           const std::string& ddl = "",
                           std::map<std::string, std::string> conf = {}) {
    if (!options.contains("path")) options["path"] = data.path();
    auto c = makeContext(format, std::move(options), checkpoint.path(), nullptr, std::move(conf));
    if (!ddl.empty()) c.userSchema = parseDdlSchema(ddl);
    return c;
  }

  std::unique_ptr<Source> create(const std::string& format,
                                 std::map<std::string, std::string> options = {},
                                 const std::string& ddl = "a INT, b STRING",
                                 std::map<std::string, std::string> conf = {}) {
    return sourceProvider(format).create(context(format, std::move(options), ddl, std::move(conf)));
  }

  static std::string latest(Source& source) {
    auto offset = valueOf(source.latestOffset(std::nullopt));
    return offset ? *offset : "none";
  }

  static std::vector<std::string> read(Source& source, std::optional<std::string> start,
                                       const std::string& end) {
    return rowStrings(valueOf(source.getBatch(start, end)));
  }

  std::string url(const std::string& name) const { return "file://" + data.path() + "/" + name; }

  TempDir data;
  TempDir checkpoint;
};

TEST_F(FileSourceTest, SchemaIsRequiredExceptForText) {
  const auto& json = sourceProvider("json");
  std::string message =
      thrownMessage<IllegalArgumentException>([&] { json.schema(context("json", {})); });
  EXPECT_EQ(message,
            "Schema must be specified when creating a streaming source DataFrame. If some files "
            "already exist in the directory, then depending on the file format you may be able to "
            "create a static DataFrame on that directory with 'spark.read.load(directory)' and "
            "infer schema from it.");
  EXPECT_EQ(thrownMessage<IllegalArgumentException>(
                [&] { sourceProvider("csv").schema(context("csv", {})); }),
            message);
  EXPECT_EQ(sourceProvider("text").schema(context("text", {}))->simpleString(),
            "struct<value:string>");
  EXPECT_EQ(sourceProvider("text").schema(context("text", {}, "line STRING"))->simpleString(),
            "struct<line:string>");
  EXPECT_EQ(thrownMessage<AnalysisException>(
                [&] { sourceProvider("text").schema(context("text", {}, "a STRING, b STRING")); }),
            "Text data source supports only a single column, and you have 2 columns.");
}

TEST_F(FileSourceTest, PathErrors) {
  auto noPath = makeContext("json", {});
  noPath.userSchema = parseDdlSchema("a INT");
  EXPECT_EQ(thrownMessage<IllegalArgumentException>([&] { sourceProvider("json").schema(noPath); }),
            "'path' is not specified");
  std::string missing = data.path() + "/nope";
  EXPECT_EQ(thrownMessage<AnalysisException>([&] {
              sourceProvider("json").schema(context("json", {{"path", missing}}, "a INT"));
            }),
            "[PATH_NOT_FOUND] Path does not exist: " + missing + ".");
  // A glob is not checked: its files may appear later.
  EXPECT_NO_THROW(
      sourceProvider("json").schema(context("json", {{"path", missing + "/*.json"}}, "a INT")));
}

TEST_F(FileSourceTest, UserSchemaIsForcedNullable) {
  auto schema = sourceProvider("json").schema(
      context("json", {}, "a INT NOT NULL, s STRUCT<c: INT NOT NULL> NOT NULL"));
  EXPECT_TRUE(schema->fields()[0].nullable);
  EXPECT_TRUE(schema->fields()[1].nullable);
  EXPECT_TRUE(schema->fields()[1].type->fields()[0].nullable);
}

TEST_F(FileSourceTest, SchemaInferenceWhenEnabled) {
  std::map<std::string, std::string> conf = {{"spark.sql.streaming.schemaInference", "true"}};
  EXPECT_EQ(thrownMessage<AnalysisException>(
                [&] { sourceProvider("json").schema(context("json", {}, "", conf)); }),
            "[UNABLE_TO_INFER_SCHEMA] Unable to infer schema for JSON. It must be specified "
            "manually.");
  put("1.json", "{\"a\":1,\"b\":\"x\"}\n", 1000);
  EXPECT_EQ(sourceProvider("json").schema(context("json", {}, "", conf))->simpleString(),
            "struct<a:bigint,b:string>");
  put("2.csv", "k,v\n1,2\n", 1000);
  EXPECT_EQ(
      sourceProvider("csv")
          .schema(context("csv", {{"header", "true"}, {"path", data.path() + "/*.csv"}}, "", conf))
          ->simpleString(),
      "struct<k:string,v:string>");
}

TEST_F(FileSourceTest, OptionErrorsAtCreation) {
  auto createWith = [&](std::map<std::string, std::string> options) {
    return [this, options] { create("json", options); };
  };
  EXPECT_EQ(thrownMessage<IllegalArgumentException>(createWith({{"maxFilesPerTrigger", "0"}})),
            "Invalid value '0' for option 'maxFilesPerTrigger', must be a positive integer");
  EXPECT_EQ(thrownMessage<IllegalArgumentException>(createWith({{"maxFilesPerTrigger", "x"}})),
            "Invalid value 'x' for option 'maxFilesPerTrigger', must be a positive integer");
  EXPECT_EQ(thrownMessage<IllegalArgumentException>(createWith({{"latestFirst", "yes"}})),
            "Invalid value 'yes' for option 'latestFirst', must be 'true' or 'false'");
  EXPECT_EQ(thrownMessage<IllegalArgumentException>(createWith({{"fileNameOnly", "1"}})),
            "Invalid value '1' for option 'fileNameOnly', must be 'true' or 'false'");
  EXPECT_EQ(thrownMessage<IllegalArgumentException>(createWith({{"cleanSource", "move"}})),
            "Invalid mode for clean source option Some(move). Must be one of ARCHIVE,DELETE,OFF");
  EXPECT_EQ(thrownMessage<IllegalArgumentException>(createWith({{"cleanSource", "archive"}})),
            "Archive mode must be used with 'sourceArchiveDir' option.");
  EXPECT_EQ(thrownMessage<IllegalArgumentException>(createWith({{"modifiedBefore", "2020-01-01"}})),
            "option 'modifiedBefore' is not allowed in file stream sources");
  EXPECT_EQ(thrownMessage<IllegalArgumentException>(
                createWith({{"cleanSource", "archive"}, {"sourceArchiveDir", data.path() + "/x"}})),
            "requirement failed: Base archive path cannot be set to the path where archived path "
            "can possibly match with source pattern. Ensure the base archive path doesn't match "
            "with source pattern in depth, where the depth is minimum of depth on both paths.");
  EXPECT_NO_THROW(create(
      "json", {{"cleanSource", "ARCHIVE"}, {"sourceArchiveDir", checkpoint.path() + "/archive"}}));
}

TEST_F(FileSourceTest, TakesNewFilesOnceOldestFirstAndLogsThem) {
  auto source = create("json");
  EXPECT_EQ(source->description(), "FileStreamSource[file:" + data.path() + "]");
  EXPECT_EQ(latest(*source), "none");
  put("b.json", "{\"a\":1,\"b\":\"x\"}\n", 1000);
  put("a.json", "{\"a\":2}\n{\"a\":3,\"b\":\"z\"}\n", 2000);
  put(".hidden.json", "{\"a\":99}\n", 1500);
  put("_temporary.json", "{\"a\":98}\n", 1500);
  EXPECT_EQ(latest(*source), "{\"logOffset\":0}");
  EXPECT_EQ(fileContent(checkpoint.path() + "/0"),
            "v1\n{\"path\":\"" + url("b.json") + "\",\"timestamp\":1000,\"batchId\":0}\n" +
                "{\"path\":\"" + url("a.json") + "\",\"timestamp\":2000,\"batchId\":0}");
  EXPECT_EQ(read(*source, std::nullopt, "{\"logOffset\":0}"),
            (std::vector<std::string>{"1|x", "2|NULL", "3|z"}));
  // Nothing new: the same offset, no new log entry.
  EXPECT_EQ(latest(*source), "{\"logOffset\":0}");
  EXPECT_EQ(fileNames(checkpoint.path()), std::vector<std::string>{"0"});
  put("c.json", "{\"a\":4}\n", 3000);
  EXPECT_EQ(latest(*source), "{\"logOffset\":1}");
  EXPECT_EQ(read(*source, std::string("{\"logOffset\":0}"), "{\"logOffset\":1}"),
            std::vector<std::string>{"4|NULL"});
  EXPECT_EQ(read(*source, std::nullopt, "{\"logOffset\":1}").size(), 4u);
}

TEST_F(FileSourceTest, MaxFilesPerTriggerSplitsTheBacklog) {
  put("1.json", "{\"a\":1}\n", 3000);
  put("2.json", "{\"a\":2}\n", 2000);
  put("3.json", "{\"a\":3}\n", 1000);
  auto source = create("json", {{"maxFilesPerTrigger", "1"}});
  std::vector<std::string> order;
  std::optional<std::string> start;
  for (int batch = 0; batch < 3; ++batch) {
    std::string end = latest(*source);
    EXPECT_EQ(end, "{\"logOffset\":" + std::to_string(batch) + "}");
    for (auto& row : read(*source, start, end)) order.push_back(row);
    start = end;
  }
  EXPECT_EQ(order, (std::vector<std::string>{"3|NULL", "2|NULL", "1|NULL"}));
  EXPECT_EQ(latest(*source), "{\"logOffset\":2}");
}

TEST_F(FileSourceTest, LatestFirstTakesTheNewestFiles) {
  put("old.json", "{\"a\":1}\n", 1000);
  put("new.json", "{\"a\":2}\n", 2000);
  auto source = create("json", {{"latestFirst", "true"}, {"maxFilesPerTrigger", "1"}});
  EXPECT_EQ(latest(*source), "{\"logOffset\":0}");
  EXPECT_EQ(read(*source, std::nullopt, "{\"logOffset\":0}"), std::vector<std::string>{"2|NULL"});
  EXPECT_EQ(latest(*source), "{\"logOffset\":1}");
  EXPECT_EQ(read(*source, std::string("{\"logOffset\":0}"), "{\"logOffset\":1}"),
            std::vector<std::string>{"1|NULL"});
}

TEST_F(FileSourceTest, RestartReplaysLoggedFilesAndSkipsSeenOnes) {
  put("a.json", "{\"a\":1}\n", 1000);
  {
    auto first = create("json");
    EXPECT_EQ(latest(*first), "{\"logOffset\":0}");
  }
  put("b.json", "{\"a\":2}\n", 2000);
  auto restarted = create("json");
  // The recorded batch replays its own files only.
  EXPECT_EQ(read(*restarted, std::nullopt, "{\"logOffset\":0}"),
            std::vector<std::string>{"1|NULL"});
  EXPECT_EQ(latest(*restarted), "{\"logOffset\":1}");
  EXPECT_EQ(read(*restarted, std::string("{\"logOffset\":0}"), "{\"logOffset\":1}"),
            std::vector<std::string>{"2|NULL"});
  auto again = create("json");
  EXPECT_EQ(latest(*again), "{\"logOffset\":1}");
}

TEST_F(FileSourceTest, MaxFileAgeIsRelativeToTheNewestFile) {
  const int64_t hour = 3600 * 1000;
  put("old.json", "{\"a\":1}\n", 8 * hour);
  put("new.json", "{\"a\":2}\n", 10 * hour);
  auto source = create("json", {{"maxFileAge", "1h"}});
  // The first batch takes every file, however old.
  EXPECT_EQ(latest(*source), "{\"logOffset\":0}");
  EXPECT_EQ(read(*source, std::nullopt, "{\"logOffset\":0}").size(), 2u);
  put("late.json", "{\"a\":3}\n", 10 * hour - 90 * 60 * 1000);
  EXPECT_EQ(latest(*source), "{\"logOffset\":0}");
  put("recent.json", "{\"a\":4}\n", 10 * hour - 30 * 60 * 1000);
  EXPECT_EQ(latest(*source), "{\"logOffset\":1}");
  EXPECT_EQ(read(*source, std::string("{\"logOffset\":0}"), "{\"logOffset\":1}"),
            std::vector<std::string>{"4|NULL"});
}

TEST_F(FileSourceTest, FileNameOnlyDedupesByName) {
  put("x/data.json", "{\"a\":1}\n", 1000);
  auto byName = create("json", {{"fileNameOnly", "true"}});
  EXPECT_EQ(latest(*byName), "{\"logOffset\":0}");
  put("y/data.json", "{\"a\":2}\n", 2000);
  EXPECT_EQ(latest(*byName), "{\"logOffset\":0}");
}

TEST_F(FileSourceTest, NestedDirectoriesAreListed) {
  put("x/data.json", "{\"a\":1}\n", 1000);
  put("y/data.json", "{\"a\":2}\n", 2000);
  auto source = create("json");
  EXPECT_EQ(latest(*source), "{\"logOffset\":0}");
  EXPECT_EQ(read(*source, std::nullopt, "{\"logOffset\":0}"),
            (std::vector<std::string>{"1|NULL", "2|NULL"}));
}

TEST_F(FileSourceTest, AvailableNowReadsOnlyFilesPresentAtItsStart) {
  put("1.json", "{\"a\":1}\n", 1000);
  put("2.json", "{\"a\":2}\n", 2000);
  auto source = create("json", {{"maxFilesPerTrigger", "1"}});
  source->prepareForTriggerAvailableNow();
  put("3.json", "{\"a\":3}\n", 3000);
  EXPECT_EQ(latest(*source), "{\"logOffset\":0}");
  EXPECT_EQ(latest(*source), "{\"logOffset\":1}");
  EXPECT_EQ(latest(*source), "{\"logOffset\":1}");
  EXPECT_EQ(read(*source, std::nullopt, "{\"logOffset\":1}"),
            (std::vector<std::string>{"1|NULL", "2|NULL"}));
}

TEST_F(FileSourceTest, CleanSourceDeleteAndArchive) {
  std::string a = put("a.json", "{\"a\":1}\n", 1000);
  auto deleting = create("json", {{"cleanSource", "delete"}});
  EXPECT_EQ(latest(*deleting), "{\"logOffset\":0}");
  ASSERT_TRUE(deleting->commit("{\"logOffset\":0}").ok());
  EXPECT_FALSE(std::filesystem::exists(a));

  TempDir otherCheckpoint;
  std::string b = put("sub/b.json", "{\"a\":2}\n", 2000);
  std::string archive = otherCheckpoint.path() + "/archive";
  auto archiving = sourceProvider("json").create([&] {
    auto c = context("json", {{"cleanSource", "archive"}, {"sourceArchiveDir", archive}}, "a INT");
    c.metadataPath = otherCheckpoint.path() + "/source";
    return c;
  }());
  EXPECT_EQ(latest(*archiving), "{\"logOffset\":0}");
  ASSERT_TRUE(archiving->commit("{\"logOffset\":0}").ok());
  EXPECT_FALSE(std::filesystem::exists(b));
  EXPECT_EQ(fileContent(archive + b), "{\"a\":2}\n");
}

TEST_F(FileSourceTest, LogCompactionKeepsBatchesReadable) {
  std::map<std::string, std::string> conf = {
      {"spark.sql.streaming.fileSource.log.compactInterval", "2"}};
  std::optional<std::string> start;
  std::vector<std::string> ends;
  auto source = create("json", {}, "a INT", conf);
  for (int i = 0; i < 3; ++i) {
    put(std::to_string(i) + ".json", "{\"a\":" + std::to_string(i) + "}\n", 1000 * (i + 1));
    ends.push_back(latest(*source));
  }
  EXPECT_EQ(fileNames(checkpoint.path()), (std::vector<std::string>{"0", "1.compact", "2"}));
  EXPECT_EQ(fileContent(checkpoint.path() + "/1.compact"),
            "v1\n{\"path\":\"" + url("0.json") + "\",\"timestamp\":1000,\"batchId\":0}\n" +
                "{\"path\":\"" + url("1.json") + "\",\"timestamp\":2000,\"batchId\":1}");
  auto restarted = create("json", {}, "a INT", conf);
  EXPECT_EQ(read(*restarted, ends[0], ends[1]), std::vector<std::string>{"1"});
  EXPECT_EQ(read(*restarted, ends[1], ends[2]), std::vector<std::string>{"2"});
  EXPECT_EQ(read(*restarted, std::nullopt, ends[2]), (std::vector<std::string>{"0", "1", "2"}));
}

TEST_F(FileSourceTest, CsvAndTextFormats) {
  put("1.csv", "k,v\n1,one\n2,\"t,wo\"\n", 1000);
  auto csv =
      create("csv", {{"header", "true"}, {"path", data.path() + "/*.csv"}}, "k INT, v STRING");
  EXPECT_EQ(latest(*csv), "{\"logOffset\":0}");
  EXPECT_EQ(read(*csv, std::nullopt, "{\"logOffset\":0}"),
            (std::vector<std::string>{"1|one", "2|t,wo"}));

  TempDir textCheckpoint;
  put("2.txt", "hello\r\nworld\n", 2000);
  auto textContext = context("text", {{"path", data.path() + "/*.txt"}});
  textContext.metadataPath = textCheckpoint.path();
  auto text = sourceProvider("text").create(textContext);
  EXPECT_EQ(text->schema()->simpleString(), "struct<value:string>");
  EXPECT_EQ(latest(*text), "{\"logOffset\":0}");
  EXPECT_EQ(read(*text, std::nullopt, "{\"logOffset\":0}"),
            (std::vector<std::string>{"hello", "world"}));
}

TEST_F(FileSourceTest, SinkOutputIsReadThroughItsLog) {
  std::string listed = put("part-00000-a-c000.json", "{\"a\":1}\n", 1000);
  put("part-00000-b-c000.json", "{\"a\":2}\n", 2000);  // not committed by the sink
  data.write("_spark_metadata/0",
             "v1\n{\"path\":\"file://" + listed +
                 "\",\"size\":8,\"isDir\":false,\"modificationTime\":1000,\"blockReplication\":1,"
                 "\"blockSize\":33554432,\"action\":\"add\"}");
  auto source = create("json");
  EXPECT_EQ(latest(*source), "{\"logOffset\":0}");
  EXPECT_EQ(read(*source, std::nullopt, "{\"logOffset\":0}"), std::vector<std::string>{"1|NULL"});
  auto cleaning = sourceProvider("json").create([&] {
    auto c = context("json", {{"cleanSource", "delete"}}, "a INT");
    c.metadataPath = checkpoint.path() + "/other";
    return c;
  }());
  auto result = cleaning->latestOffset(std::nullopt);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().message,
            "Clean up source files is not supported when reading from the output directory of "
            "FileStreamSink.");
}

TEST_F(FileSourceTest, MalformedRecordsFollowTheParseMode) {
  put("bad.json", "{\"a\":1}\n{oops\n", 1000);
  auto permissive = create("json", {}, "a INT, _corrupt_record STRING");
  EXPECT_EQ(latest(*permissive), "{\"logOffset\":0}");
  EXPECT_EQ(read(*permissive, std::nullopt, "{\"logOffset\":0}"),
            (std::vector<std::string>{"1|NULL", "NULL|{oops"}));
  TempDir other;
  auto failing = sourceProvider("json").create([&] {
    auto c = context("json", {{"mode", "FAILFAST"}}, "a INT");
    c.metadataPath = other.path();
    return c;
  }());
  EXPECT_EQ(latest(*failing), "{\"logOffset\":0}");
  EXPECT_FALSE(failing->getBatch(std::nullopt, "{\"logOffset\":0}").ok());
}

TEST_F(FileSourceTest, OffsetsMustBeValid) {
  auto source = create("json");
  EXPECT_FALSE(source->getBatch(std::nullopt, "{\"other\":1}").ok());
  EXPECT_FALSE(source->getBatch(std::nullopt, "{\"logOffset\":3}").ok());
  // A bare number is accepted, as Spark's FileStreamSourceOffset reads old checkpoints.
  put("a.json", "{\"a\":1}\n", 1000);
  EXPECT_EQ(latest(*source), "{\"logOffset\":0}");
  EXPECT_EQ(read(*source, std::nullopt, "0"), std::vector<std::string>{"1|NULL"});
}

}  // namespace
}  // namespace spate::connector
