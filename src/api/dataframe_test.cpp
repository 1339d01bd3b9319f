// The C++ DataFrame API end to end: each test builds a DataFrame, runs it, and checks rows or
// Spark's printed forms.
#include "api/dataframe.h"

#include <gtest/gtest.h>

#include "api/functions.h"
#include "common/error.h"
#include "connector/file/file_test_support.h"

namespace spate::sql {
namespace {

using namespace functions;

class DataFrameTest : public ::testing::Test {
 protected:
  void SetUp() override {
    spark = Session::builder().master("local[2]").config("spark.sql.session.timeZone", "UTC").getOrCreate();
    iot = spark->createDataFrame(
        {
            {Value("a"), Value("nexus4"), Value("sit"), Value(1.0), Value(int64_t{10})},
            {Value("a"), Value("nexus4"), Value("walk"), Value(3.0), Value(int64_t{20})},
            {Value("b"), Value("watch"), Value("sit"), Value(5.0), Value::null()},
            {Value::null(), Value::null(), Value::null(), Value::null(), Value(int64_t{40})},
        },
        "User STRING, Model STRING, gt STRING, x DOUBLE, Index BIGINT");
    users = spark->createDataFrame({{Value("a"), Value("Arthur")}, {Value("b"), Value("Brigitte")}, {Value("c"), Value("Camille")}},
                                   "User STRING, FirstName STRING");
  }

  static std::vector<std::string> rows(const DataFrame& df) {
    std::vector<std::string> out;
    for (const auto& r : df.collect()) out.push_back(r.toString());
    std::sort(out.begin(), out.end());
    return out;
  }

  SessionPtr spark;
  DataFrame iot{nullptr, nullptr};
  DataFrame users{nullptr, nullptr};
};

TEST_F(DataFrameTest, SelectFilterAndColumnNames) {
  DataFrame df = iot.filter(col("x") > Column(2.0)).select({col("user"), (col("x") * Column(2)).alias("x2")});
  EXPECT_EQ(df.columns(), (std::vector<std::string>{"User", "x2"}));
  EXPECT_EQ(rows(df), (std::vector<std::string>{"[a,6.0]", "[b,10.0]"}));
  EXPECT_EQ(iot.select({upper(col("gt")), col("x") + Column(1)}).columns(),
            (std::vector<std::string>{"upper(gt)", "(x + 1)"}));
}

TEST_F(DataFrameTest, SelectExprAndStringFilter) {
  DataFrame df = iot.selectExpr({"User", "x * 10 AS x10", "CASE WHEN gt IS NULL THEN true ELSE false END AS error"})
                     .where("x10 >= 30 OR error");
  EXPECT_EQ(rows(df), (std::vector<std::string>{"[a,30.0,false]", "[b,50.0,false]", "[null,null,true]"}));
}

TEST_F(DataFrameTest, WithColumnReplacesInPlaceAndRenames) {
  DataFrame df = iot.withColumn("x", col("x") + Column(1)).withColumn("flag", lit(Value(true), DataType::boolean()))
                     .withColumnRenamed("gt", "activity").drop({"Index"});
  EXPECT_EQ(df.columns(), (std::vector<std::string>{"User", "Model", "activity", "x", "flag"}));
  EXPECT_EQ(df.filter(col("User") == lit("b")).collect()[0].toString(), "[b,watch,sit,6.0,true]");
}

TEST_F(DataFrameTest, JoinOnColumnListPutsKeyFirst) {
  DataFrame joined = iot.drop({"Index", "x"}).join(users, std::vector<std::string>{"User"});
  EXPECT_EQ(joined.columns(), (std::vector<std::string>{"User", "Model", "gt", "FirstName"}));
  EXPECT_EQ(rows(joined), (std::vector<std::string>{"[a,nexus4,sit,Arthur]", "[a,nexus4,walk,Arthur]",
                                                    "[b,watch,sit,Brigitte]"}));
  EXPECT_EQ(rows(users.join(iot, "User", "left_anti")), (std::vector<std::string>{"[c,Camille]"}));
}

TEST_F(DataFrameTest, JoinOnConditionWithDataFrameColumns) {
  DataFrame joined = iot.join(users, iot["User"] == users["User"], "inner").select({iot["User"], users["FirstName"]});
  EXPECT_EQ(rows(joined), (std::vector<std::string>{"[a,Arthur]", "[a,Arthur]", "[b,Brigitte]"}));
  // Both sides have a User column: a bare reference is ambiguous, as in Spark.
  EXPECT_THROW(iot.join(users, iot["User"] == users["User"]).select({"User"}), AnalysisException);
}

TEST_F(DataFrameTest, GroupByCountAndAvgOfEveryNumericColumn) {
  DataFrame counts = iot.groupBy({"User"}).count();
  EXPECT_EQ(counts.columns(), (std::vector<std::string>{"User", "count"}));
  EXPECT_EQ(rows(counts), (std::vector<std::string>{"[a,2]", "[b,1]", "[null,1]"}));
  // avg() with no column averages every numeric column (x and Index here).
  DataFrame avgs = iot.groupBy({"Model"}).avg();
  EXPECT_EQ(avgs.columns(), (std::vector<std::string>{"Model", "avg(x)", "avg(Index)"}));
  EXPECT_EQ(rows(avgs), (std::vector<std::string>{"[nexus4,2.0,15.0]", "[null,null,40.0]", "[watch,5.0,null]"}));
}

TEST_F(DataFrameTest, CubeAvgGivesEveryCombination) {
  DataFrame cube = iot.na().drop().select({"x", "gt", "Model"}).cube({"gt", "Model"}).avg();
  EXPECT_EQ(cube.columns(), (std::vector<std::string>{"gt", "Model", "avg(x)"}));
  // Two complete rows (sit/nexus4 1.0 and walk/nexus4 3.0): 2 + 1 + 2 + 1 groups.
  EXPECT_EQ(rows(cube), (std::vector<std::string>{"[null,nexus4,2.0]", "[null,null,2.0]", "[sit,nexus4,1.0]",
                                                  "[sit,null,1.0]", "[walk,nexus4,3.0]", "[walk,null,3.0]"}));
}

TEST_F(DataFrameTest, NaDropAndFill) {
  EXPECT_EQ(iot.na().drop().count(), 2);
  EXPECT_EQ(iot.na().drop("all").count(), 4);
  EXPECT_EQ(iot.na().drop("any", std::nullopt, {"Index"}).count(), 3);
  EXPECT_EQ(iot.na().drop("any", 4).count(), 3);  // thresh: at least 4 non-null values
  EXPECT_THROW(iot.na().drop("some"), IllegalArgumentException);
  DataFrame filled = iot.na().fill(Value(int64_t{0})).na().fill(Value("?"));
  EXPECT_EQ(filled.filter(col("Index") == Column(40)).collect()[0].toString(), "[?,?,?,0.0,40]");
}

TEST_F(DataFrameTest, ShowPrintsLikeSpark) {
  EXPECT_EQ(users.orderBy({col("User").desc()}).showString(2),
            "+----+---------+\n"
            "|User|FirstName|\n"
            "+----+---------+\n"
            "|   c|  Camille|\n"
            "|   b| Brigitte|\n"
            "+----+---------+\n"
            "only showing top 2 rows\n");
  EXPECT_EQ(iot.printSchemaString(),
            "root\n"
            " |-- User: string (nullable = true)\n"
            " |-- Model: string (nullable = true)\n"
            " |-- gt: string (nullable = true)\n"
            " |-- x: double (nullable = true)\n"
            " |-- Index: long (nullable = true)\n");
}

TEST_F(DataFrameTest, TempViewsAndSql) {
  iot.createOrReplaceTempView("iot");
  users.createOrReplaceTempView("users");
  DataFrame df = spark->sql("SELECT u.FirstName, count(*) AS n FROM iot i JOIN users u ON i.User = u.User GROUP BY u.FirstName");
  EXPECT_EQ(rows(df), (std::vector<std::string>{"[Arthur,2]", "[Brigitte,1]"}));
  EXPECT_THROW(spark->sql("SELECT nope FROM iot"), AnalysisException);
  EXPECT_THROW(spark->sql("SELEC 1"), ParseException);
}

TEST_F(DataFrameTest, UnionDistinctOrderLimit) {
  DataFrame u = users.select({"User"}).union_(iot.select({"User"}));
  EXPECT_EQ(u.count(), 7);
  EXPECT_EQ(u.distinct().count(), 4);
  EXPECT_EQ(u.dropDuplicates().orderBy({col("User").asc_nulls_last()}).limit(2).collect()[1].toString(), "[b]");
  EXPECT_EQ(users.unionByName(users.select({"FirstName", "User"})).count(), 6);
}

TEST_F(DataFrameTest, ExplodeSplitAndFromJson) {
  auto quotes = spark->createDataFrame({{Value("{\"character\": \"Arthur\", \"quote\": \"a b  c\"}")}, {Value("not json")}},
                                       "value STRING");
  DataFrame parsed = quotes.select({from_json(col("value"), "character STRING, quote STRING").alias("q")}).select({"q.*"});
  EXPECT_EQ(parsed.columns(), (std::vector<std::string>{"character", "quote"}));
  EXPECT_EQ(rows(parsed), (std::vector<std::string>{"[Arthur,a b  c]", "[null,null]"}));
  DataFrame words = parsed.select({col("character"), explode(split(col("quote"), " ")).alias("word")});
  EXPECT_EQ(words.count(), 4);  // "a", "b", "", "c"
}

TEST_F(DataFrameTest, ParallelAggregationMatchesSingleThread) {
  std::vector<std::vector<Value>> data;
  for (int64_t i = 0; i < 20000; ++i) data.push_back({Value(i % 97), Value(i)});
  auto one = Session::builder().master("local[1]").getOrCreate();
  auto four = Session::builder().master("local[4]").getOrCreate();
  auto result = [&](const SessionPtr& s) {
    return rows(s->createDataFrame(data, "k BIGINT, v BIGINT").groupBy({"k"}).agg({sum(col("v")), count(col("v"))}));
  };
  auto expected = result(one);
  EXPECT_EQ(expected.size(), 97u);
  EXPECT_EQ(result(four), expected);
}

TEST_F(DataFrameTest, ReadOfAFileSinkDirectoryUsesItsLog) {
  spate::testing::TempDir dir;
  std::string committed = dir.write("part-00000-a-c000.json", "{\"a\":1}\n");
  dir.write("part-00000-b-c000.json", "{\"a\":2}\n");  // written but never committed
  EXPECT_EQ(rows(spark->read().schema("a INT").json(dir.path())),
            (std::vector<std::string>{"[1]", "[2]"}));
  dir.write("_spark_metadata/0",
            "v1\n{\"path\":\"file://" + committed +
                "\",\"size\":8,\"isDir\":false,\"modificationTime\":1,\"blockReplication\":1,"
                "\"blockSize\":33554432,\"action\":\"add\"}");
  EXPECT_EQ(rows(spark->read().schema("a INT").json(dir.path())),
            std::vector<std::string>{"[1]"});
  EXPECT_EQ(rows(spark->read().json(dir.path())), std::vector<std::string>{"[1]"});
}

}  // namespace
}  // namespace spate::sql
