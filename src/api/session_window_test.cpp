// session_window through the DataFrame API (Spark's DataFrameSessionWindowingSuite cases).
#include <gtest/gtest.h>

#include "api/dataframe.h"
#include "api/functions.h"
#include "common/error.h"

namespace spate::sql {
namespace {

using namespace functions;

class SessionWindowTest : public ::testing::Test {
 protected:
  void SetUp() override {
    spark = Session::builder()
                .master("local[2]")
                .config("spark.sql.session.timeZone", "UTC")
                .getOrCreate();
    events = spark
                 ->createDataFrame(
                     {
                         {Value("2016-03-27 19:39:34"), Value(1), Value("a"), Value("10 seconds")},
                         {Value("2016-03-27 19:39:39"), Value(1), Value("a"), Value("1 second")},
                         {Value("2016-03-27 19:39:56"), Value(2), Value("a"), Value("10 seconds")},
                         {Value("2016-03-27 19:40:04"), Value(2), Value("a"), Value("10 seconds")},
                         {Value("2016-03-27 19:39:27"), Value(4), Value("b"), Value("0 seconds")},
                         {Value::null(), Value(8), Value("b"), Value("10 seconds")},
                     },
                     "time STRING, value INT, id STRING, gap STRING")
                 .withColumn("time", col("time").cast("timestamp"));
  }

  static std::vector<std::string> rows(const DataFrame& df) {
    std::vector<std::string> out;
    for (const auto& r : df.collect()) out.push_back(r.toString());
    std::sort(out.begin(), out.end());
    return out;
  }

  SessionPtr spark;
  DataFrame events{nullptr, nullptr};
};

TEST_F(SessionWindowTest, GroupByKeyAndSession) {
  DataFrame df = events.groupBy({session_window(col("time"), "10 seconds"), col("id")})
                     .agg({count(col("*")).alias("counts"), sum(col("value")).alias("sum")})
                     .selectExpr({"CAST(session_window.start AS STRING)",
                                  "CAST(session_window.end AS STRING)", "id", "counts", "sum"});
  // a: [34, 49) and [56, 14); b: [27, 37); the NULL time is dropped.
  EXPECT_EQ(rows(df),
            (std::vector<std::string>{"[2016-03-27 19:39:27,2016-03-27 19:39:37,b,1,4]",
                                      "[2016-03-27 19:39:34,2016-03-27 19:39:49,a,2,2]",
                                      "[2016-03-27 19:39:56,2016-03-27 19:40:14,a,2,4]"}));
  EXPECT_EQ(events.groupBy({session_window(col("time"), "10 seconds")}).count().columns(),
            (std::vector<std::string>{"session_window", "count"}));
}

TEST_F(SessionWindowTest, DynamicGapColumn) {
  // 19:39:39 + 1 s ends inside [34, 44): the session stays [34, 44); b's zero gap drops its row.
  DataFrame df = events.groupBy({session_window(col("time"), col("gap")), col("id")})
                     .agg({count(col("*")).alias("counts")})
                     .selectExpr({"CAST(session_window.start AS STRING)",
                                  "CAST(session_window.end AS STRING)", "id", "counts"});
  EXPECT_EQ(rows(df), (std::vector<std::string>{"[2016-03-27 19:39:34,2016-03-27 19:39:44,a,2]",
                                                "[2016-03-27 19:39:56,2016-03-27 19:40:14,a,2]"}));
}

TEST_F(SessionWindowTest, ProjectedSessionColumnMergesWhenGrouped) {
  DataFrame projected = events.select({session_window(col("time"), "30 seconds"), col("value")});
  EXPECT_EQ(rows(projected.selectExpr({"CAST(session_window.end AS STRING)", "value"})),
            (std::vector<std::string>{"[2016-03-27 19:39:57,4]", "[2016-03-27 19:40:04,1]",
                                      "[2016-03-27 19:40:09,1]", "[2016-03-27 19:40:26,2]",
                                      "[2016-03-27 19:40:34,2]"}));
  DataFrame grouped =
      projected.groupBy({col("session_window")}).agg({sum(col("value")).alias("total")});
  EXPECT_EQ(rows(grouped.selectExpr({"CAST(session_window.start AS STRING)", "total"})),
            (std::vector<std::string>{"[2016-03-27 19:39:27,10]"}));
}

TEST_F(SessionWindowTest, Errors) {
  try {
    events.select({session_window(col("time"), Column(1))});
    FAIL() << "expected an AnalysisException";
  } catch (const AnalysisException& e) {
    EXPECT_NE(std::string(e.what()).find("Gap duration expression used in session window must be "
                                         "CalendarIntervalType, but got IntegerType"),
              std::string::npos);
  }
  EXPECT_THROW(events.select({session_window(col("time"), "10 second"),
                              session_window(col("time"), "15 second")}),
               AnalysisException);
}

}  // namespace
}  // namespace spate::sql
