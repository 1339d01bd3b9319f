// The event-stream parser against the HTML standard's rules and examples (§9.2.6).
#include "connector/http_sse/sse_parser.h"

#include <gtest/gtest.h>

#include <vector>

namespace spate::connector {
namespace {

struct Parsed {
  std::vector<SseEvent> events;
  SseParser parser{[this](SseEvent&& e) { events.push_back(std::move(e)); }};
};

std::vector<std::string> datas(const std::vector<SseEvent>& events) {
  std::vector<std::string> out;
  for (const auto& e : events) out.push_back(e.data);
  return out;
}

TEST(SseParserTest, StandardsExampleWithMultiLineData) {
  Parsed p;
  // From the standard: two data lines make one event with a line feed between them.
  p.parser.feed("data: YHOO\ndata: +2\ndata: 10\n\n");
  ASSERT_EQ(p.events.size(), 1u);
  EXPECT_EQ(p.events[0].data, "YHOO\n+2\n10");
  EXPECT_EQ(p.events[0].type, "message");
  EXPECT_EQ(p.events[0].id, "");
}

TEST(SseParserTest, CommentsIdsAndEventTypes) {
  Parsed p;
  p.parser.feed(
      ": test stream\n\n"  // a comment only: no event
      "data: first event\nid: 1\n\n"
      "data:second event\nid\n\n"  // "id" with no colon resets the last event id
      "data:  third event\n\n"     // only one leading space is removed
      "event: add\ndata: 73857293\n\n"
      "event: remove\ndata: 2153\n\n");
  ASSERT_EQ(p.events.size(), 5u);
  EXPECT_EQ(datas(p.events), (std::vector<std::string>{"first event", "second event",
                                                       " third event", "73857293", "2153"}));
  EXPECT_EQ(p.events[0].id, "1");
  EXPECT_EQ(p.events[1].id, "");
  EXPECT_EQ(p.events[2].id, "");
  EXPECT_EQ(p.events[3].type, "add");
  EXPECT_EQ(p.events[4].type, "remove");
  EXPECT_EQ(p.events[2].type, "message");  // the type does not carry over to the next event
}

TEST(SseParserTest, IdPersistsAcrossEventsAndNulIdIsIgnored) {
  Parsed p;
  p.parser.feed("id: 7\ndata: a\n\ndata: b\n\n");
  p.parser.feed(std::string("id: x\0y\ndata: c\n\n", 19));
  ASSERT_EQ(p.events.size(), 3u);
  EXPECT_EQ(p.events[1].id, "7");
  EXPECT_EQ(p.events[2].id, "7");
  EXPECT_EQ(p.parser.lastEventId(), "7");
}

TEST(SseParserTest, EmptyDataIsAnEventButNoDataIsNot) {
  Parsed p;
  p.parser.feed("data\n\ndata:\ndata\n\n");  // "" then "\n"
  p.parser.feed("event: ping\n\n");          // no data: nothing dispatched
  p.parser.feed("data: x\n\n");
  ASSERT_EQ(p.events.size(), 3u);
  EXPECT_EQ(p.events[0].data, "");
  EXPECT_EQ(p.events[1].data, "\n");
  EXPECT_EQ(p.events[2].type, "message");  // "ping" was dropped with its empty event
}

TEST(SseParserTest, LineEndingsCrLfAndCrAlsoAcrossChunks) {
  Parsed p;
  p.parser.feed("data: a\r\n\r\ndata: b\r\rdata: c\r");
  p.parser.feed("\n");  // the LF of a CRLF split across chunks is not a second line end
  p.parser.feed("data: d\r");
  p.parser.feed("\n\r\n");
  EXPECT_EQ(datas(p.events), (std::vector<std::string>{"a", "b", "c\nd"}));
}

TEST(SseParserTest, BytesSplitAnywhere) {
  std::string stream =
      "\xEF\xBB\xBF"  // a byte order mark, ignored
      "event: message\nid: [{\"topic\":\"t\",\"offset\":5}]\ndata: {\"title\":\"Toulouse\"}\n\n"
      ":ok\n\ndata: \xC3\xA9t\xC3\xA9\n\n";
  for (size_t step = 1; step <= 7; ++step) {
    Parsed p;
    for (size_t i = 0; i < stream.size(); i += step) p.parser.feed(stream.substr(i, step));
    ASSERT_EQ(p.events.size(), 2u) << step;
    EXPECT_EQ(p.events[0].data, "{\"title\":\"Toulouse\"}");
    EXPECT_EQ(p.events[0].id, "[{\"topic\":\"t\",\"offset\":5}]");
    EXPECT_EQ(p.events[1].data, "\xC3\xA9t\xC3\xA9");
    EXPECT_EQ(p.events[1].id, p.events[0].id);
  }
}

TEST(SseParserTest, OnlyALeadingByteOrderMarkIsDropped) {
  Parsed p;
  p.parser.feed("\xEF");
  p.parser.feed("data: x\n\n");   // not a BOM after all: "\xEF" starts the field name
  EXPECT_TRUE(p.events.empty());  // field "\xEF" "data" is unknown
  Parsed q;
  q.parser.feed(
      "\xEF\xBB\xBF\xEF\xBB\xBF"
      "data: y\n\n");  // a second BOM is part of the name
  EXPECT_TRUE(q.events.empty());
}

TEST(SseParserTest, RetryOnlyWithDigits) {
  Parsed p;
  p.parser.feed("retry: 1500\n\n");
  EXPECT_EQ(p.parser.retryMs(), 1500);
  p.parser.feed("retry: 15x\nretry\nretry: -1\n\n");
  EXPECT_EQ(p.parser.retryMs(), 1500);
  EXPECT_TRUE(p.events.empty());
}

TEST(SseParserTest, ResetDropsThePartialEventAndItsId) {
  Parsed p;
  p.parser.feed("id: 3\ndata: whole\n\nid: 4\ndata: cut off");
  EXPECT_EQ(p.parser.lastEventId(), "3");  // 4 is not dispatched yet
  p.parser.reset();                        // the connection broke in the middle of the event
  EXPECT_EQ(p.parser.lastEventId(), "3");  // what Last-Event-ID sends on reconnection
  p.parser.feed("id: 5\ndata: next\n\ndata: no id\n\n");
  EXPECT_EQ(datas(p.events), (std::vector<std::string>{"whole", "next", "no id"}));
  EXPECT_EQ(p.events[1].id, "5");
  EXPECT_EQ(p.events[2].id, "5");
  // A new stream starts with an empty id buffer: an event without id clears the last event ID.
  p.parser.reset();
  p.parser.feed("data: other\n\n");
  EXPECT_EQ(p.events[3].id, "");
}

TEST(SseParserTest, MalformedUtf8IsReplaced) {
  Parsed p;
  p.parser.feed(
      "data: a\xFF"
      "b\n\n");
  ASSERT_EQ(p.events.size(), 1u);
  EXPECT_EQ(p.events[0].data,
            "a\xEF\xBF\xBD"
            "b");
}

}  // namespace
}  // namespace spate::connector
