#include <gtest/gtest.h>

#include "vector/batch.h"
#include "vector/show.h"

namespace spate {
namespace {

TEST(ColumnTest, BuildsAndReadsNullableStrings) {
  ColumnBuilder b(DataType::string());
  b.appendString("a");
  b.appendNull();
  b.appendString("ccc");
  auto c = b.finish();
  ASSERT_EQ(c->size(), 3);
  EXPECT_EQ(c->stringAt(0), "a");
  EXPECT_TRUE(c->isNull(1));
  EXPECT_EQ(c->stringAt(2), "ccc");
  EXPECT_EQ(c->nullCount(), 1);
}

TEST(ColumnTest, GatherKeepsNullsAndNullIndex) {
  auto c = makeColumn(DataType::longType(), {Value(int64_t{1}), Value::null(), Value(int64_t{3})});
  std::vector<uint32_t> idx = {2, kNullIndex, 0, 1};
  auto g = gatherColumn(c, idx);
  EXPECT_EQ(g->valueAt<int64_t>(0), 3);
  EXPECT_TRUE(g->isNull(1));
  EXPECT_EQ(g->valueAt<int64_t>(2), 1);
  EXPECT_TRUE(g->isNull(3));
}

TEST(ShowTest, MatchesSparkLayout) {
  auto schema = parseDdlSchema("error BOOLEAN, count BIGINT");
  auto batch = makeBatch(schema, {{Value(false), Value(int64_t{7})}, {Value(true), Value(int64_t{2})}});
  EXPECT_EQ(showString(*batch, 20, 20, false, *TimeZone::utc()),
            "+-----+-----+\n"
            "|error|count|\n"
            "+-----+-----+\n"
            "|false|    7|\n"
            "| true|    2|\n"
            "+-----+-----+\n");
}

TEST(ShowTest, EmptyAndFooter) {
  auto schema = parseDdlSchema("a INT");
  auto empty = makeBatch(schema, {});
  EXPECT_EQ(showString(*empty, 20, 20, false, *TimeZone::utc()), "+---+\n|  a|\n+---+\n+---+\n");
  auto two = makeBatch(schema, {{Value(1)}, {Value(2)}});
  EXPECT_EQ(showString(*two, 1, 20, false, *TimeZone::utc()),
            "+---+\n|  a|\n+---+\n|  1|\n+---+\nonly showing top 1 row\n");
}

TEST(ShowTest, TruncatesWindowStruct) {
  auto schema = parseDdlSchema("window STRUCT<start: TIMESTAMP, end: TIMESTAMP>");
  int64_t start = 1459107570LL * 1000000;  // 2016-03-27 19:39:30
  auto batch = makeBatch(schema, {{Value(ValueList{Value(start), Value(start + 5000000)})}});
  std::string out = showString(*batch, 20, 20, false, *TimeZone::utc());
  EXPECT_NE(out.find("|{2016-03-27 19:39...|"), std::string::npos) << out;
}

TEST(ShowTest, Vertical) {
  auto schema = parseDdlSchema("name STRING, age INT");
  auto batch = makeBatch(schema, {{Value("Alice"), Value(1)}});
  EXPECT_EQ(showString(*batch, 20, 20, true, *TimeZone::utc()),
            "-RECORD 0-----\n"
            " name | Alice \n"
            " age  | 1     \n");
}

}  // namespace
}  // namespace spate
