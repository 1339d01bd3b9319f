#include <gtest/gtest.h>

#include "common/error.h"
#include "connector/file/file_formats.h"
#include "connector/file/file_test_support.h"

namespace spate {
namespace {

using testing::rowStrings;
using testing::TempDir;
using Strings = std::vector<std::string>;

Strings readLines(const std::string& content, std::map<std::string, std::string> options = {}) {
  TempDir dir;
  std::string path = dir.write("t.txt", content);
  return rowStrings(readText({path}, FileOptions(std::move(options))));
}

TEST(TextReaderTest, SchemaIsOneStringColumnNamedValue) {
  TempDir dir;
  auto result = readText({dir.write("a.txt", "x\n")}, FileOptions());
  ASSERT_EQ(result.schema->fields().size(), 1u);
  EXPECT_EQ(result.schema->fields()[0].name, "value");
  EXPECT_EQ(result.schema->fields()[0].type->id(), TypeId::kString);
  EXPECT_TRUE(result.schema->fields()[0].nullable);  // as Spark's printSchema shows
}

TEST(TextReaderTest, SplitsOnLfCrLfAndCr) {
  EXPECT_EQ(readLines("a\nb\r\nc\rd"), (Strings{"a", "b", "c", "d"}));
  EXPECT_EQ(readLines("a\n"), (Strings{"a"}));
  EXPECT_EQ(readLines("a\r\n"), (Strings{"a"}));
  EXPECT_EQ(readLines("a\r"), (Strings{"a"}));
  EXPECT_EQ(readLines("\r\r\n"), (Strings{"", ""}));
}

TEST(TextReaderTest, EmptyLinesAreRows) {
  EXPECT_EQ(readLines("a\n\nb\n"), (Strings{"a", "", "b"}));
  EXPECT_EQ(readLines("\n"), (Strings{""}));
  EXPECT_EQ(readLines(""), Strings{});
  EXPECT_EQ(readLines("  \n"), (Strings{"  "}));
}

TEST(TextReaderTest, Utf8ByteOrderMarkIsDroppedAndBytesKept) {
  EXPECT_EQ(readLines("\xEF\xBB\xBFhé\nb"), (Strings{"hé", "b"}));
  EXPECT_EQ(readLines("\xFF\n"), (Strings{"\xFF"}));  // no decoding, as Spark's Text rows
}

TEST(TextReaderTest, LineSepOption) {
  EXPECT_EQ(readLines("x,y,,z,", {{"lineSep", ","}}), (Strings{"x", "y", "", "z"}));
  EXPECT_EQ(readLines("a\nb||c", {{"lineSep", "||"}}), (Strings{"a\nb", "c"}));
  EXPECT_THROW(readLines("x", {{"lineSep", ""}}), IllegalArgumentException);
}

TEST(TextReaderTest, WholeTextIsOneRowPerFile) {
  TempDir dir;
  dir.write("d/1.txt", "a\nb\r\n");
  dir.write("d/2.txt", "");
  dir.write("d/3.txt", "\xEF\xBB\xBFz");
  auto result = readText({dir.path() + "/d"}, testing::fileOptions({{"wholetext", "true"}}));
  EXPECT_EQ(rowStrings(result), (Strings{"a\nb\r\n", "", "\xEF\xBB\xBFz"}));
}

TEST(TextReaderTest, ReadsDirectoriesAndGlobsInOrder) {
  TempDir dir;
  dir.write("d/b.txt", "b1\nb2\n");
  dir.write("d/a.txt", "a1\n");
  dir.write("d/.a.txt.crc", "junk");
  EXPECT_EQ(rowStrings(readText({dir.path() + "/d"}, FileOptions())), (Strings{"a1", "b1", "b2"}));
  EXPECT_EQ(rowStrings(readText({dir.path() + "/d/b*"}, FileOptions())), (Strings{"b1", "b2"}));
  EXPECT_THROW(readText({dir.path() + "/nope"}, FileOptions()), AnalysisException);
}

TEST(TextReaderTest, BatchesHoldAtMostTheVectorSize) {
  TempDir dir;
  std::string a = dir.write("a.txt", "1\n2\n3\n");
  std::string b = dir.write("b.txt", "4\n");
  int64_t saved = defaultVectorSize();
  setDefaultVectorSize(2);
  auto result = readText({a, b}, FileOptions());
  setDefaultVectorSize(saved);
  ASSERT_EQ(result.batches.size(), 2u);
  EXPECT_EQ(result.batches[0]->numRows(), 2);
  EXPECT_EQ(result.batches[1]->numRows(), 2);
  EXPECT_EQ(rowStrings(result), (Strings{"1", "2", "3", "4"}));
}

}  // namespace
}  // namespace spate

namespace spate {
namespace {

// Files are read in 4 MiB chunks: lines, "\r\n" pairs and the byte-order mark must not notice.
TEST(TextReaderTest, LinesAcrossReadChunks) {
  constexpr size_t kChunk = size_t{4} << 20;
  std::string content = "\xEF\xBB\xBF";
  Strings expected;
  size_t line = 0;
  // Lines of varying length until a "\r\n" straddles the first chunk end.
  while (content.size() < kChunk - 300) {
    std::string text = "line" + std::to_string(line++) + std::string(line % 97, 'x');
    content += text + (line % 3 == 0 ? "\r\n" : line % 3 == 1 ? "\n" : "\r");
    expected.push_back(text);
  }
  std::string filler(kChunk - 1 - content.size(), 'y');  // '\r' is the chunk's last byte
  content += filler + "\r\n";
  expected.push_back(filler);
  // A line longer than a chunk, then a final line without a separator.
  std::string longLine(kChunk + 12345, 'z');
  content += longLine + "\n" + "last";
  expected.push_back(longLine);
  expected.push_back("last");
  EXPECT_EQ(readLines(content), expected);
  EXPECT_EQ(readLines(content + "\r"), expected);  // a final lone '\r' adds no line
}

}  // namespace
}  // namespace spate
