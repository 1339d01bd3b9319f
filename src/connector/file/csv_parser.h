#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace spate {

/// What the tokenizer does with a quote that neither opens nor closes a quoted value (univocity's
/// UnescapedQuoteHandling, Spark's unescapedQuoteHandling option).
enum class UnescapedQuoteHandling {
  kStopAtDelimiter,
  kStopAtClosingQuote,
  kBackToDelimiter,  // approximated as kStopAtDelimiter
  kSkipValue,
  kRaiseError,
};

/// How CSV text splits into records and fields: univocity's parser settings as Spark sets them.
struct CsvFormat {
  std::string delimiter = ",";  // one or more bytes
  char quote = '"';             // '\0' disables quoting
  char escape = '\\';           // escapes a quote inside a quoted value ('\0': none)
  char escapeEscape = '\\';     // escapes the escape character (charToEscapeQuoteEscaping)
  char comment = '\0';          // lines starting with it are skipped ('\0': none)
  bool ignoreLeadingWhiteSpace = false;
  bool ignoreTrailingWhiteSpace = false;
  bool multiLine = false;  // quoted values may span lines
  std::string lineSep;     // empty: "\n", "\r\n" and "\r" (multiLine: the first one found)
  UnescapedQuoteHandling unescapedQuoteHandling = UnescapedQuoteHandling::kStopAtDelimiter;
};

/// One field of a record. Empty unquoted and empty quoted values are told apart because Spark
/// reads the first as `nullValue` and the second as `emptyValue`; kMissing pads a record that
/// has fewer fields than the schema.
struct CsvField {
  enum Kind : uint8_t { kText, kUnquotedEmpty, kQuotedEmpty, kMissing };
  const char* data;
  uint32_t size;
  Kind kind;
  std::string_view text() const { return {data, size}; }
};

/// Bump storage for unescaped field values; views stay valid until reset().
class TextArena {
 public:
  std::string_view copy(std::string_view text);
  void reset() {
    current_ = 0;
    used_ = 0;
  }

 private:
  struct Block {
    std::unique_ptr<char[]> data;
    size_t capacity;
  };
  std::vector<Block> blocks_;
  size_t current_ = 0;
  size_t used_ = 0;
};

/// Splits CSV text into records of fields with univocity's rules as Spark 3.5 configures them.
/// Without multiLine a record is one line (lines split on \n, \r\n and \r, or on lineSep), and
/// blank or comment lines are skipped; with multiLine, line ends inside quotes belong to the
/// value. Field values point into the text, or into the arena when unescaping changed them.
class CsvTokenizer {
 public:
  CsvTokenizer(const CsvFormat& format, std::string_view text);

  /// Appends the next record's fields to `fields`; false at the end of the text. `raw` receives
  /// the record's text without its line end.
  bool next(std::vector<CsvField>& fields, TextArena& arena, std::string_view& raw);
  /// Whether the last record hit an unescaped quote under RAISE_ERROR handling.
  bool lastRecordMalformed() const { return malformed_; }
  /// Bytes consumed so far.
  size_t position() const { return static_cast<size_t>(pos_ - begin_); }

 private:
  const char* parseRecord(const char* p, const char* end, std::vector<CsvField>& fields,
                          TextArena& arena);
  const char* parseUnquoted(const char* p, const char* end, std::vector<CsvField>& fields);
  const char* parseQuoted(const char* p, const char* end, std::vector<CsvField>& fields,
                          TextArena& arena);
  const char* parseQuotedSlow(const char* p, const char* end, std::vector<CsvField>& fields,
                              TextArena& arena);
  const char* appendUntilDelimiter(const char* s, const char* end);
  // Length of the line end at p inside a record (multiLine only), 0 if none.
  size_t newlineAt(const char* p, const char* end) const {
    if (!format_.multiLine || p >= end || *p != separator_[0]) return 0;
    size_t n = separator_.size();
    if (n == 1) return 1;
    return static_cast<size_t>(end - p) >= n &&
                   std::char_traits<char>::compare(p, separator_.data(), n) == 0
               ? n
               : 0;
  }
  bool delimiterAt(const char* p, const char* end) const {
    if (singleDelimiter_) return p < end && *p == delimiter0_;
    return static_cast<size_t>(end - p) >= format_.delimiter.size() &&
           std::char_traits<char>::compare(p, format_.delimiter.data(), format_.delimiter.size()) ==
               0;
  }
  bool isWhitespace(char c) const {
    return static_cast<unsigned char>(c) <= ' ' && c != '\0' && c != delimiter0_;
  }
  bool atRecordEnd(const char* p, const char* end) const {
    return p == end || newlineAt(p, end) != 0;
  }
  void push(std::vector<CsvField>& fields, const char* data, size_t size, CsvField::Kind kind);

  CsvFormat format_;
  const char* begin_;
  const char* pos_;
  const char* end_;
  bool singleDelimiter_;
  char delimiter0_;
  std::string separator_;   // the record separator (multiLine, or an explicit lineSep)
  bool normalizeNewlines_;  // line ends inside quotes become "\n" (multiLine without lineSep)
  bool malformed_ = false;
  std::string value_;  // scratch for unescaped values
};

}  // namespace spate
