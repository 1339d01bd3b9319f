// The live status of `spate run`: progress events in, exact terminal text out (ANSI: "\r\x1b[nA"
// cursor up n lines to column 0, "\x1b[K" erase to end of line, "\x1b[J" erase below).
#include "status_board.h"

#include <gtest/gtest.h>

#include <cmath>

namespace spate::cli {
namespace {

using streaming::StreamingQueryProgress;

constexpr TerminalSize kWide{100, 24};

StreamingQueryProgress progress(const std::string& id, int64_t batchId, double inputRate,
                                double processedRate) {
  StreamingQueryProgress p;
  p.id = id;
  p.runId = "run-" + id;
  p.batchId = batchId;
  streaming::SourceProgress source;
  source.description = "MemoryStream[value#1]";
  source.inputRowsPerSecond = inputRate;
  source.processedRowsPerSecond = processedRate;
  p.sources.push_back(source);
  return p;
}

TEST(StatusBoardTest, FirstDrawThenRedrawInPlace) {
  StatusBoard board;
  board.started("0f1e2d3c-aaaa-bbbb-cccc-000000000000", std::string("clicks"));
  EXPECT_TRUE(board.changed());
  EXPECT_EQ(board.redraw(kWide), "clicks  starting\x1b[K\n\x1b[J");
  EXPECT_EQ(board.drawnLines(), 1);
  EXPECT_FALSE(board.changed());

  // The first batch: Spark reports 0.0 input rows/s, and no processed rate for a 0 ms batch.
  board.progress(progress("0f1e2d3c-aaaa-bbbb-cccc-000000000000", 0, 0.0, NAN));
  EXPECT_TRUE(board.changed());
  EXPECT_EQ(board.redraw(kWide),
            "\r\x1b[1A"
            "clicks  batch 0  in 0.0 rows/s  processed - rows/s\x1b[K\n"
            "\x1b[J");

  board.terminated("0f1e2d3c-aaaa-bbbb-cccc-000000000000", std::nullopt);
  EXPECT_EQ(board.redraw(kWide),
            "\r\x1b[1A"
            "clicks  stopped  batch 0  in 0.0 rows/s  processed - rows/s\x1b[K\n"
            "\x1b[J");
}

TEST(StatusBoardTest, UnnamedQueriesShowTheirIdWatermarkAndLag) {
  StatusBoard board;
  board.started("0f1e2d3c-aaaa-bbbb-cccc-000000000000", std::nullopt);
  StreamingQueryProgress p = progress("0f1e2d3c-aaaa-bbbb-cccc-000000000000", 41, 1234.5, 45000);
  p.eventTime = {{"avg", "1970-01-01T00:00:12.000Z"}, {"watermark", "1970-01-01T00:00:05.000Z"}};
  // Kafka's per-source lag metrics: the largest over the sources is shown.
  p.sources[0].metrics = {{"avgOffsetsBehindLatest", "8.5"}, {"maxOffsetsBehindLatest", "17"}};
  streaming::SourceProgress second;
  second.inputRowsPerSecond = 100;
  second.processedRowsPerSecond = 0;
  second.metrics = {{"maxOffsetsBehindLatest", "3"}};
  p.sources.push_back(second);
  board.progress(p);
  EXPECT_EQ(board.redraw({120, 24}),
            "0f1e2d3c  batch 41  in 1.3k rows/s  processed 45.0k rows/s  lag 17  watermark "
            "1970-01-01T00:00:05.000Z\x1b[K\n\x1b[J");
}

TEST(StatusBoardTest, LinesAreCutToTheTerminalWidth) {
  StatusBoard board;
  board.started("id-1", std::string("clicks"));
  board.progress(progress("id-1", 3, 10, 20));
  // 28 columns: 27 used (a full-width line may wrap), the last three of them "...".
  EXPECT_EQ(board.redraw({28, 24}), "clicks  batch 3  in 10.0...\x1b[K\n\x1b[J");
}

TEST(StatusBoardTest, AnEndedQueryLeavesItsLastLineAbove) {
  StatusBoard board;
  board.started("id-a", std::string("a"));
  board.started("id-b", std::string("b"));
  board.progress(progress("id-a", 7, 2, 4));
  EXPECT_EQ(board.redraw(kWide),
            "a  batch 7  in 2.0 rows/s  processed 4.0 rows/s\x1b[K\n"
            "b  starting\x1b[K\n"
            "\x1b[J");
  board.terminated("id-a", std::string("Connection refused\n\tat somewhere"));
  EXPECT_EQ(board.redraw(kWide),
            "\r\x1b[2A"
            "a  failed: Connection refused  batch 7  in 2.0 rows/s  processed 4.0 rows/s\x1b[K\n"
            "b  starting\x1b[K\n"
            "\x1b[J");
  EXPECT_EQ(board.drawnLines(), 1);

  board.terminated("id-b", std::nullopt);
  EXPECT_EQ(board.redraw(kWide), "\r\x1b[1Ab  stopped\x1b[K\n\x1b[J");
  EXPECT_EQ(board.drawnLines(), 0);
  EXPECT_EQ(board.redraw(kWide), "");      // nothing left to draw or erase
  board.terminated("id-b", std::nullopt);  // unknown by now: ignored
  EXPECT_EQ(board.redraw(kWide), "");
}

TEST(StatusBoardTest, EraseMakesRoomForOtherOutput) {
  StatusBoard board;
  board.started("id-a", std::string("a"));
  board.started("id-b", std::string("b"));
  board.redraw(kWide);
  EXPECT_EQ(board.erase(), "\r\x1b[2A\x1b[J");
  EXPECT_EQ(board.erase(), "");  // already erased
  // After a log line was written where the status was, the status comes back below it.
  EXPECT_EQ(board.redraw(kWide), "a  starting\x1b[K\nb  starting\x1b[K\n\x1b[J");
}

TEST(StatusBoardTest, MoreQueriesThanTheTerminalHasLines) {
  StatusBoard board;
  for (int i = 1; i <= 4; ++i) board.started("id-" + std::to_string(i), "q" + std::to_string(i));
  EXPECT_EQ(board.redraw({80, 3}), "q1  starting\x1b[K\n... and 3 more queries\x1b[K\n\x1b[J");
  EXPECT_EQ(board.drawnLines(), 2);
}

TEST(StatusBoardTest, ControlCharactersNeverReachTheTerminal) {
  StatusBoard board;
  board.started("id-1", std::string("bad\x1b[2Jname"));
  EXPECT_EQ(board.redraw(kWide), "bad [2Jname  starting\x1b[K\n\x1b[J");
}

TEST(StatusBoardTest, RestartedQueryIsOneLine) {
  StatusBoard board;
  board.started("id-1", std::string("q"));
  board.progress(progress("id-1", 5, 1, 1));
  board.started("id-1", std::string("q"));  // same id, new run: back to "starting"
  EXPECT_EQ(board.redraw(kWide), "q  starting\x1b[K\n\x1b[J");
}

TEST(StatusBoardTest, FormatRate) {
  EXPECT_EQ(formatRate(0), "0.0");
  EXPECT_EQ(formatRate(0.25), "0.2");  // round half to even at one decimal, as printf does
  EXPECT_EQ(formatRate(999.94), "999.9");
  EXPECT_EQ(formatRate(999.96), "1.0k");
  EXPECT_EQ(formatRate(1234.5), "1.2k");
  EXPECT_EQ(formatRate(45000), "45.0k");
  EXPECT_EQ(formatRate(12345678), "12.3M");
  EXPECT_EQ(formatRate(5e9), "5.0G");
  EXPECT_EQ(formatRate(5e12), "5000.0G");
  EXPECT_EQ(formatRate(NAN), "-");
}

TEST(StatusBoardTest, FitToWidthCountsCharactersNotBytes) {
  EXPECT_EQ(fitToWidth("h\xc3\xa9llo w\xc3\xb6rld", 8), "h\xc3\xa9llo...");
  EXPECT_EQ(fitToWidth("h\xc3\xa9llo", 5), "h\xc3\xa9llo");
  EXPECT_EQ(fitToWidth("abcdef", 3), "abc");
  EXPECT_EQ(fitToWidth("abcdef", 0), "");
}

}  // namespace
}  // namespace spate::cli
