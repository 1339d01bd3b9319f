#include "execution/session_merge.h"

#include <gtest/gtest.h>

namespace spate {
namespace {

std::vector<MergedSession> merge(std::vector<SessionSpan> sorted) {
  std::vector<MergedSession> out;
  mergeSessions(sorted, out);
  return out;
}

void expectSession(const MergedSession& m, size_t first, size_t last, int64_t start, int64_t end) {
  EXPECT_EQ(m.first, first);
  EXPECT_EQ(m.last, last);
  EXPECT_EQ(m.start, start);
  EXPECT_EQ(m.end, end);
}

TEST(SessionMergeTest, EmptyAndSingle) {
  EXPECT_TRUE(merge({}).empty());
  auto one = merge({{5, 15}});
  ASSERT_EQ(one.size(), 1u);
  expectSession(one[0], 0, 1, 5, 15);
}

TEST(SessionMergeTest, DisjointSessionsStayApart) {
  // A gap of one microsecond is enough to keep sessions apart.
  auto out = merge({{0, 10}, {11, 21}, {30, 40}});
  ASSERT_EQ(out.size(), 3u);
  expectSession(out[0], 0, 1, 0, 10);
  expectSession(out[1], 1, 2, 11, 21);
  expectSession(out[2], 2, 3, 30, 40);
}

TEST(SessionMergeTest, TouchingSessionsMerge) {
  // next.start == current.end joins (an event exactly one gap after the previous one).
  auto out = merge({{0, 10}, {10, 20}, {20, 30}, {31, 41}});
  ASSERT_EQ(out.size(), 2u);
  expectSession(out[0], 0, 3, 0, 30);
  expectSession(out[1], 3, 4, 31, 41);
}

TEST(SessionMergeTest, OverlappingSessionsMerge) {
  // Spec S1: spark at 25, 30 and 40 with a 10 s gap → [25, 50).
  auto out = merge({{25, 35}, {30, 40}, {40, 50}, {60, 70}});
  ASSERT_EQ(out.size(), 2u);
  expectSession(out[0], 0, 3, 25, 50);
  expectSession(out[1], 3, 4, 60, 70);
}

TEST(SessionMergeTest, MergedEndIsTheLargestEnd) {
  // Sessions inside a long one neither end it nor shorten it; a later start within the long
  // session still joins it.
  auto out = merge({{0, 100}, {10, 20}, {20, 30}, {99, 101}, {101, 102}, {103, 104}});
  ASSERT_EQ(out.size(), 2u);
  expectSession(out[0], 0, 5, 0, 102);
  expectSession(out[1], 5, 6, 103, 104);
}

TEST(SessionMergeTest, EqualStartsAndNegativeTimes) {
  auto out = merge({{-30, -20}, {-30, -10}, {-10, 0}, {5, 6}});
  ASSERT_EQ(out.size(), 2u);
  expectSession(out[0], 0, 3, -30, 0);
  expectSession(out[1], 3, 4, 5, 6);
}

TEST(SessionMergeTest, AppendsToExistingOutput) {
  std::vector<MergedSession> out(1);
  std::vector<SessionSpan> spans{{1, 2}};
  mergeSessions(spans, out);
  ASSERT_EQ(out.size(), 2u);
  expectSession(out[1], 0, 1, 1, 2);
}

}  // namespace
}  // namespace spate
