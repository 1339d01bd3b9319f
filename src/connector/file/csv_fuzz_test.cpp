#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <random>

#include "common/error.h"
#include "connector/file/csv_parser.h"
#include "connector/file/file_formats.h"
#include "connector/file/file_test_support.h"

namespace spate {
namespace {

using testing::TempDir;

// Random input drawn mostly from the characters the parsers care about.
std::string randomInput(std::mt19937& rng, size_t maxLength) {
  static constexpr char kAlphabet[] = {'"', '\\', ',', ';', '\n', '\r', ' ', '\t', 'a', '1',
                                       '.', '-',  'e', '#', '\'', '\0', ':', 'T',  '|', 'N'};
  std::uniform_int_distribution<size_t> length(0, maxLength);
  std::uniform_int_distribution<int> pick(0, 99);
  std::uniform_int_distribution<size_t> alphabet(0, sizeof(kAlphabet) - 1);
  std::uniform_int_distribution<int> byte(0, 255);
  std::string out(length(rng), ' ');
  for (char& c : out) c = pick(rng) < 85 ? kAlphabet[alphabet(rng)] : static_cast<char>(byte(rng));
  return out;
}

// SPATE_FUZZ_ITERATIONS scales the iteration counts and SPATE_FUZZ_SEED changes the seeds, for
// longer runs by hand.
int iterations(int base) {
  const char* scale = std::getenv("SPATE_FUZZ_ITERATIONS");
  return scale ? base * std::max(1, std::atoi(scale)) : base;
}
unsigned seed(unsigned base) {
  const char* s = std::getenv("SPATE_FUZZ_SEED");
  return s ? base + static_cast<unsigned>(std::atoi(s)) : base;
}

void checkBatches(const FileReadResult& result) {
  for (const auto& batch : result.batches) {
    ASSERT_EQ(batch->numColumns(), result.schema->fields().size());
    ASSERT_LE(batch->numRows(), defaultVectorSize());
    for (const auto& column : batch->columns()) ASSERT_EQ(column->size(), batch->numRows());
    for (int64_t r = 0; r < batch->numRows(); ++r) batch->rowAt(r);
  }
}

TEST(CsvFuzzTest, TokenizerNeverCrashes) {
  std::mt19937 rng(seed(20240601));
  for (int iteration = 0; iteration < iterations(3000); ++iteration) {
    std::string input = randomInput(rng, 200);
    CsvFormat format;
    format.multiLine = rng() % 2;
    format.delimiter = rng() % 4 == 0 ? "||" : (rng() % 2 ? "," : "\t");
    format.escape = rng() % 3 == 0 ? '"' : '\\';
    format.escapeEscape = format.escape == '"' ? '\0' : format.escape;
    format.comment = rng() % 3 == 0 ? '#' : '\0';
    format.ignoreLeadingWhiteSpace = rng() % 2;
    format.ignoreTrailingWhiteSpace = rng() % 2;
    format.unescapedQuoteHandling = static_cast<UnescapedQuoteHandling>(rng() % 5);
    if (rng() % 5 == 0) format.lineSep = rng() % 2 ? "|" : "\r\n";
    CsvTokenizer tokenizer(format, input);
    TextArena arena;
    std::vector<CsvField> fields;
    std::string_view raw;
    size_t records = 0;
    while (tokenizer.next(fields, arena, raw)) {
      ASSERT_LE(++records, input.size() + 1);
      for (const auto& f : fields) ASSERT_LE(f.size, input.size() + 1);
      ASSERT_GE(raw.data(), input.data());
      ASSERT_LE(raw.data() + raw.size(), input.data() + input.size());
      fields.clear();
    }
    ASSERT_EQ(tokenizer.position(), input.size());
  }
}

TEST(CsvFuzzTest, ReadersNeverCrashOnGarbage) {
  std::mt19937 rng(seed(7));
  TempDir dir;
  int64_t saved = defaultVectorSize();
  setDefaultVectorSize(3);
  for (int iteration = 0; iteration < iterations(400); ++iteration) {
    std::string path = dir.write("g.csv", randomInput(rng, 300));
    std::map<std::string, std::string> options;
    if (rng() % 2) options["header"] = "true";
    if (rng() % 2) options["inferSchema"] = "true";
    if (rng() % 2) options["multiLine"] = "true";
    if (rng() % 3 == 0) options["escape"] = "\"";
    if (rng() % 3 == 0) options["comment"] = "#";
    if (rng() % 3 == 0) options["mode"] = "DROPMALFORMED";
    if (rng() % 4 == 0) options["sep"] = ";";
    if (rng() % 5 == 0) options["nullValue"] = "N";
    if (rng() % 5 == 0) options["encoding"] = rng() % 2 ? "UTF-16" : "ISO-8859-1";
    SchemaPtr schema;
    if (rng() % 3 == 0)
      schema = parseDdlSchema(
          "a INT, b DOUBLE, c STRING, d TIMESTAMP, e DATE, f DECIMAL(5,2), g BOOLEAN, "
          "_corrupt_record STRING");
    try {
      auto result = readCsv({path}, schema, FileOptions(options), *TimeZone::utc());
      checkBatches(result);
    } catch (const SpateError& e) {
      ADD_FAILURE() << "unexpected error: " << e.what();
    }
    auto textOptions = testing::fileOptions({{"wholetext", rng() % 4 == 0 ? "true" : "false"}});
    checkBatches(readText({path}, textOptions));
  }
  setDefaultVectorSize(saved);
}

TEST(CsvFuzzTest, FailFastOnlyThrowsItsError) {
  std::mt19937 rng(seed(11));
  TempDir dir;
  for (int iteration = 0; iteration < iterations(200); ++iteration) {
    std::string path = dir.write("g.csv", randomInput(rng, 100));
    try {
      readCsv({path}, parseDdlSchema("a INT, b DOUBLE"),
              testing::fileOptions({{"mode", "FAILFAST"}}), *TimeZone::utc());
    } catch (const ExecutionException& e) {
      EXPECT_EQ(e.errorClass(), "MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION");
    }
  }
}

}  // namespace
}  // namespace spate
