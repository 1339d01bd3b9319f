// A projection over a sparse selection compacts only the columns it reads: the results must be
// those of the selected rows, whatever the columns it skips hold.
#include <gtest/gtest.h>

#include "api/dataframe.h"
#include "api/functions.h"

namespace spate::sql {
namespace {

using namespace functions;

TEST(ExecutorProjectTest, SparseSelectionGathersOnlyReadColumns) {
  auto spark = Session::builder().master("local[2]").getOrCreate();
  std::vector<std::vector<Value>> rows;
  for (int i = 0; i < 40; ++i)
    rows.push_back({Value(int64_t{i}), Value("skipped-" + std::to_string(i)),
                    i % 7 == 0 ? Value() : Value("kept-" + std::to_string(i)), Value(i * 0.5)});
  auto df = spark->createDataFrame(rows, "id BIGINT, a STRING, b STRING, x DOUBLE");
  // One row in ten survives the filter, so the projection compacts the batch first.
  auto out = df.filter(col("id") % sql::Column(int64_t{10}) == sql::Column(int64_t{3}))
                 .select({col("b"), (col("id") * sql::Column(int64_t{2})).alias("twice")})
                 .collect();
  std::vector<std::string> got;
  for (const auto& r : out) got.push_back(r.toString());
  EXPECT_EQ(got, (std::vector<std::string>{"[kept-3,6]", "[kept-13,26]", "[kept-23,46]",
                                           "[kept-33,66]"}));
  // A projection that reads every column, and one that reads none.
  auto all = df.filter(col("id") == sql::Column(int64_t{21})).select({col("*")}).collect();
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].toString(), "[21,skipped-21,null,10.5]");
  auto none = df.filter(col("id") < sql::Column(int64_t{3})).select({lit("c")}).collect();
  EXPECT_EQ(none.size(), 3u);
}

}  // namespace
}  // namespace spate::sql
