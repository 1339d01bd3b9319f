#include "connector/file/json_reader.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "common/error.h"

namespace spate {
namespace {

namespace fs = std::filesystem;

class JsonReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ =
        fs::temp_directory_path() /
        ("spate_json_reader_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
         "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override {
    fs::remove_all(dir_);
    setDefaultVectorSize(2048);
  }

  std::string write(const std::string& name, const std::string& content) {
    std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }

  static std::vector<std::string> rows(const FileReadResult& r) {
    std::vector<std::string> out;
    for (const auto& batch : r.batches)
      for (int64_t i = 0; i < batch->numRows(); ++i)
        out.push_back(formatValue(Value(batch->rowAt(i)), *r.schema, *TimeZone::utc()));
    return out;
  }

  fs::path dir_;
};

TEST_F(JsonReaderTest, JsonLinesWithInference) {
  std::string a =
      write("a.json", "{\"b\":1,\"a\":\"x\"}\n\n{\"a\":\"y\",\"c\":[1,2]}\r\n   \n{\"b\":2.5}");
  std::string b = write("b.json", "{\"d\":{\"e\":true}}\r[{\"b\":3},{\"b\":4}]\n[]\n");
  FileReadResult r = readJsonFiles({a, b}, nullptr, JsonOptions{}, *TimeZone::utc());
  EXPECT_EQ(r.schema->simpleString(),
            "struct<a:string,b:double,c:array<bigint>,d:struct<e:boolean>>");
  EXPECT_EQ(rows(r),
            (std::vector<std::string>{"{x, 1.0, NULL, NULL}", "{y, NULL, [1, 2], NULL}",
                                      "{NULL, 2.5, NULL, NULL}", "{NULL, NULL, NULL, {true}}",
                                      "{NULL, 3.0, NULL, NULL}", "{NULL, 4.0, NULL, NULL}"}));
  EXPECT_EQ(r.malformedRecords, 0);
}

TEST_F(JsonReaderTest, ReadJsonEntryPointWithDefaultOptions) {
  std::string a = write("a.json", "\xEF\xBB\xBF{\"Arrival_Time\":1424686735090,\"x\":-0.5}\n");
  FileReadResult r = readJson({a}, nullptr, FileOptions{}, *TimeZone::utc());
  EXPECT_EQ(r.schema->simpleString(), "struct<Arrival_Time:bigint,x:double>");
  EXPECT_EQ(rows(r), (std::vector<std::string>{"{1424686735090, -0.5}"}));
}

TEST_F(JsonReaderTest, CorruptRecordsByMode) {
  std::string path = write("bad.json", "{\"a\":1}\n{\"a\":\n{\"a\":\"x\"}\n7\n");
  FileReadResult permissive = readJsonFiles({path}, nullptr, JsonOptions{}, *TimeZone::utc());
  EXPECT_EQ(permissive.schema->simpleString(), "struct<_corrupt_record:string,a:string>");
  EXPECT_EQ(rows(permissive),
            (std::vector<std::string>{"{NULL, 1}", "{{\"a\":, NULL}", "{NULL, x}", "{7, NULL}"}));
  EXPECT_EQ(permissive.malformedRecords, 2);

  SchemaPtr schema = parseDdlSchema("a INT, _corrupt_record STRING");
  FileReadResult typed = readJsonFiles({path}, schema, JsonOptions{}, *TimeZone::utc());
  EXPECT_EQ(rows(typed), (std::vector<std::string>{"{1, NULL}", "{NULL, {\"a\":}",
                                                   "{NULL, {\"a\":\"x\"}}", "{NULL, 7}"}));
  EXPECT_EQ(typed.malformedRecords, 3);

  JsonOptions drop;
  drop.mode = JsonParseMode::kDropMalformed;
  FileReadResult dropped = readJsonFiles({path}, parseDdlSchema("a INT"), drop, *TimeZone::utc());
  EXPECT_EQ(rows(dropped), (std::vector<std::string>{"{1}"}));
  EXPECT_EQ(dropped.malformedRecords, 3);
  EXPECT_EQ(readJsonFiles({path}, nullptr, drop, *TimeZone::utc()).schema->simpleString(),
            "struct<a:string>");

  JsonOptions failFast;
  failFast.mode = JsonParseMode::kFailFast;
  EXPECT_THROW(readJsonFiles({path}, parseDdlSchema("a INT"), failFast, *TimeZone::utc()),
               ExecutionException);
  EXPECT_THROW(readJsonFiles({path}, nullptr, failFast, *TimeZone::utc()), ExecutionException);
}

TEST_F(JsonReaderTest, MultiLine) {
  std::string a = write("a.json", "[\n  {\"a\": 1,\n   \"b\": \"x\"},\n  {\"a\": 2}\n]\n");
  std::string b = write("b.json", "{\n \"a\": 3,\n \"c\": {\"d\": null}\n}");
  std::string c = write("c.json", "\n  \n");
  JsonOptions options;
  options.multiLine = true;
  FileReadResult r = readJsonFiles({a, b, c}, nullptr, options, *TimeZone::utc());
  EXPECT_EQ(r.schema->simpleString(), "struct<a:bigint,b:string,c:struct<d:string>>");
  EXPECT_EQ(rows(r),
            (std::vector<std::string>{"{1, x, NULL}", "{2, NULL, NULL}", "{3, NULL, {NULL}}"}));
  std::string bad = write("bad.json", "{\n\"a\": 1,\n");
  FileReadResult broken = readJsonFiles({bad}, parseDdlSchema("a INT, _corrupt_record STRING"),
                                        options, *TimeZone::utc());
  EXPECT_EQ(rows(broken), (std::vector<std::string>{"{NULL, {\n\"a\": 1,\n}"}));
}

TEST_F(JsonReaderTest, UserSchemaIsMadeNullableAndOptionsApply) {
  std::string path = write("t.json", "{\"t\":\"2024-01-01 10:00:00\",\"n\":5}\n{\"n\":null}\n");
  SchemaPtr schema = DataType::structType(
      {{"t", DataType::timestamp(), false}, {"n", DataType::longType(), false}});
  JsonOptions options;
  options.timeZone = TimeZone::of("+02:00");
  FileReadResult r = readJsonFiles({path}, schema, options, *TimeZone::utc());
  EXPECT_TRUE(r.schema->fields()[0].nullable);
  EXPECT_EQ(rows(r), (std::vector<std::string>{"{2024-01-01 08:00:00, 5}", "{NULL, NULL}"}));
  JsonOptions strings;
  strings.primitivesAsString = true;
  EXPECT_EQ(readJsonFiles({path}, nullptr, strings, *TimeZone::utc()).schema->simpleString(),
            "struct<n:string,t:string>");
  // The session zone applies when there is no timeZone option.
  FileReadResult zoned =
      readJsonFiles({path}, parseDdlSchema("t TIMESTAMP"), JsonOptions{}, *TimeZone::of("+01:00"));
  EXPECT_EQ(rows(zoned)[0], "{2024-01-01 09:00:00}");
}

TEST_F(JsonReaderTest, BatchesAreSplitAtTheVectorSize) {
  setDefaultVectorSize(4);
  std::string text;
  for (int i = 0; i < 10; ++i) text += "{\"i\":" + std::to_string(i) + "}\n";
  text += "[{\"i\":10},{\"i\":11},{\"i\":12},{\"i\":13},{\"i\":14},{\"i\":15}]\n";
  std::string path = write("many.json", text);
  FileReadResult r = readJsonFiles({path}, nullptr, JsonOptions{}, *TimeZone::utc());
  int64_t expected = 0;
  for (const auto& batch : r.batches) {
    EXPECT_LE(batch->numRows(), 4);
    for (int64_t i = 0; i < batch->numRows(); ++i)
      EXPECT_EQ(batch->column(0)->valueAt<int64_t>(i), expected++);
  }
  EXPECT_EQ(expected, 16);
}

TEST_F(JsonReaderTest, NoFilesAndNoSchema) {
  try {
    readJsonFiles({}, nullptr, JsonOptions{}, *TimeZone::utc());
    FAIL();
  } catch (const AnalysisException& e) {
    EXPECT_EQ(
        std::string(e.what()),
        "[UNABLE_TO_INFER_SCHEMA] Unable to infer schema for JSON. It must be specified manually.");
  }
  std::string empty = write("empty.json", "");
  FileReadResult r = readJsonFiles({empty}, nullptr, JsonOptions{}, *TimeZone::utc());
  EXPECT_EQ(r.schema->simpleString(), "struct<>");
  EXPECT_TRUE(r.batches.empty());
}

}  // namespace
}  // namespace spate
