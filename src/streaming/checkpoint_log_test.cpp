// Commit log entries: Spark's exact text, plus Spate's per-operator watermarks.
#include "streaming/checkpoint_log.h"

#include <gtest/gtest.h>

#include "common/error.h"

namespace spate::streaming {
namespace {

TEST(CommitMetadataTest, SingleWatermarkIsSparksFormat) {
  CommitMetadata m{20000};
  EXPECT_EQ(m.serialize(), "v1\n{\"nextBatchWatermarkMs\":20000}");
  CommitMetadata parsed = CommitMetadata::parse("v1\n{\"nextBatchWatermarkMs\":5}", "commits/0");
  EXPECT_EQ(parsed.nextBatchWatermarkMs, 5);
  EXPECT_TRUE(parsed.operatorWatermarksMs.empty());
}

TEST(CommitMetadataTest, OperatorWatermarksRoundTrip) {
  CommitMetadata m{1000};
  m.operatorWatermarksMs = {46000, std::nullopt, -5000};
  std::string text = m.serialize();
  EXPECT_EQ(text,
            "v1\n{\"nextBatchWatermarkMs\":1000,\"operatorWatermarksMs\":[46000,null,-5000]}");
  CommitMetadata parsed = CommitMetadata::parse(text, "commits/3");
  EXPECT_EQ(parsed.nextBatchWatermarkMs, 1000);
  ASSERT_EQ(parsed.operatorWatermarksMs.size(), 3u);
  EXPECT_EQ(parsed.operatorWatermarksMs[0], 46000);
  EXPECT_FALSE(parsed.operatorWatermarksMs[1].has_value());
  EXPECT_EQ(parsed.operatorWatermarksMs[2], -5000);
}

TEST(CommitMetadataTest, CorruptEntriesNameTheFile) {
  try {
    CommitMetadata::parse("v2\n{}", "commits/7");
    FAIL();
  } catch (const ExecutionException& e) {
    EXPECT_NE(std::string(e.what()).find("commits/7"), std::string::npos);
  }
}

}  // namespace
}  // namespace spate::streaming
