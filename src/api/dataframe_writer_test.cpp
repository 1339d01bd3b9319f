// df.write: save modes over the file formats, and the errors of unknown modes and formats.
#include <gtest/gtest.h>

#include <filesystem>

#include "api/dataframe.h"
#include "common/error.h"
#include "connector/file/file_test_support.h"

namespace spate::sql {
namespace {

class DataFrameWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    spark = Session::builder().master("local[2]").config("spark.sql.session.timeZone", "UTC").getOrCreate();
    df = spark->createDataFrame({{Value("a"), Value(int64_t{1})}, {Value::null(), Value(int64_t{2})}},
                                "name STRING, n BIGINT");
  }

  std::vector<std::string> readBack(const std::string& format, const std::string& path) {
    std::vector<std::string> out;
    for (const auto& r : spark->read().format(format).schema("name STRING, n BIGINT").load(path).collect())
      out.push_back(r.toString());
    std::sort(out.begin(), out.end());
    return out;
  }

  SessionPtr spark;
  DataFrame df{nullptr, nullptr};
};

TEST_F(DataFrameWriterTest, JsonAndCsvRoundTripWithSuccessMarker) {
  spate::testing::TempDir dir;
  df.write().json(dir.path() + "/j");
  EXPECT_TRUE(std::filesystem::exists(dir.path() + "/j/_SUCCESS"));
  EXPECT_EQ(readBack("json", dir.path() + "/j"), (std::vector<std::string>{"[a,1]", "[null,2]"}));
  df.write().option("header", true).csv(dir.path() + "/c");
  EXPECT_EQ(readBack("csv", dir.path() + "/c").size(), 3u);  // no header option on read: header is a row
}

TEST_F(DataFrameWriterTest, LoadReadsSeveralPaths) {
  spate::testing::TempDir dir;
  df.write().json(dir.path() + "/one");
  df.write().json(dir.path() + "/two");
  auto both = spark->read()
                  .format("json")
                  .schema("name STRING, n BIGINT")
                  .load(std::vector<std::string>{dir.path() + "/one", dir.path() + "/two"});
  EXPECT_EQ(both.count(), 4);
  auto single = spark->read()
                    .format("json")
                    .schema("name STRING, n BIGINT")
                    .load(std::vector<std::string>{dir.path() + "/one"});
  EXPECT_EQ(single.count(), 2);
}

TEST_F(DataFrameWriterTest, SaveModesOnAnExistingDirectory) {
  spate::testing::TempDir dir;
  std::string path = dir.path() + "/out";
  df.write().json(path);
  try {
    df.write().json(path);
    FAIL() << "expected PATH_ALREADY_EXISTS";
  } catch (const AnalysisException& e) {
    EXPECT_EQ(std::string(e.what()), "[PATH_ALREADY_EXISTS] Path file://" + path +
                                         " already exists. Set mode as \"overwrite\" to overwrite the existing path.");
  }
  df.write().mode("ignore").json(path);
  EXPECT_EQ(readBack("json", path).size(), 2u);
  df.write().mode("append").json(path);
  EXPECT_EQ(readBack("json", path).size(), 4u);
  df.limit(1).write().mode("overwrite").json(path);
  EXPECT_EQ(readBack("json", path), std::vector<std::string>{"[a,1]"});
}

TEST_F(DataFrameWriterTest, UnknownModeAndFormatAreRejected) {
  EXPECT_THROW(df.write().mode("upsert"), IllegalArgumentException);
  try {
    df.write().format("nosuch").save("/tmp/x");
    FAIL();
  } catch (const AnalysisException& e) {
    EXPECT_EQ(std::string(e.what()), "[DATA_SOURCE_NOT_FOUND] Failed to find the data source: nosuch.");
  }
}

TEST_F(DataFrameWriterTest, StreamingDataFrameCannotBeWritten) {
  spark->sql("CREATE TABLE s (a INT) USING memory");
  EXPECT_THROW(spark->sql("SELECT * FROM STREAM(s)").write(), AnalysisException);
}

}  // namespace
}  // namespace spate::sql
