#include "server/prometheus_text.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "common/error.h"

namespace spate::server {
namespace {

TEST(PrometheusTextTest, FamiliesAndSamplesInTheExpositionFormat) {
  PrometheusText out;
  out.family("spate_x_total", "counter", "Things counted.\nSecond line with a \\ backslash.");
  out.sample("spate_x_total", {{"query", "q\"1\"\n"}, {"id", "a\\b"}}, int64_t{42});
  out.sample("spate_x_total", {}, 0.25);
  EXPECT_EQ(out.text(),
            "# HELP spate_x_total Things counted.\\nSecond line with a \\\\ backslash.\n"
            "# TYPE spate_x_total counter\n"
            "spate_x_total{query=\"q\\\"1\\\"\\n\",id=\"a\\\\b\"} 42\n"
            "spate_x_total 0.25\n");
}

TEST(PrometheusTextTest, Values) {
  EXPECT_EQ(formatMetricValue(0), "0");
  EXPECT_EQ(formatMetricValue(3), "3");
  EXPECT_EQ(formatMetricValue(-2.5), "-2.5");
  EXPECT_EQ(formatMetricValue(0.1), "0.1");
  EXPECT_EQ(formatMetricValue(1e21), "1e+21");
  EXPECT_EQ(formatMetricValue(NAN), "NaN");
  EXPECT_EQ(formatMetricValue(INFINITY), "+Inf");
  EXPECT_EQ(formatMetricValue(-INFINITY), "-Inf");
  // Shortest text that reads back exactly.
  EXPECT_EQ(std::stod(formatMetricValue(1.0 / 3)), 1.0 / 3);
}

TEST(PrometheusTextTest, NamesAreValidated) {
  EXPECT_TRUE(isValidMetricName("spate_streaming_input_rows_total"));
  EXPECT_TRUE(isValidMetricName("a:b_c9"));
  EXPECT_TRUE(isValidMetricName(":x"));
  EXPECT_FALSE(isValidMetricName(""));
  EXPECT_FALSE(isValidMetricName("9abc"));
  EXPECT_FALSE(isValidMetricName("a-b"));
  EXPECT_FALSE(isValidMetricName("a.b"));
  EXPECT_TRUE(isValidLabelName("query"));
  EXPECT_TRUE(isValidLabelName("_x1"));
  EXPECT_FALSE(isValidLabelName("__reserved"));
  EXPECT_FALSE(isValidLabelName("a:b"));
  EXPECT_FALSE(isValidLabelName("1a"));
  PrometheusText out;
  EXPECT_THROW(out.family("bad-name", "gauge", "x"), InternalError);
  EXPECT_THROW(out.sample("x", {{"bad-label", "v"}}, 1.0), InternalError);
}

}  // namespace
}  // namespace spate::server
