#include "connector/file/csv_parser.h"

#include <algorithm>
#include <cstring>
#include <limits>

#include "common/error.h"

namespace spate {

std::string_view TextArena::copy(std::string_view text) {
  if (text.empty()) return {};
  while (current_ < blocks_.size() && blocks_[current_].capacity - used_ < text.size()) {
    ++current_;
    used_ = 0;
  }
  if (current_ == blocks_.size()) {
    size_t capacity = std::max<size_t>(64 * 1024, text.size());
    blocks_.push_back({std::make_unique_for_overwrite<char[]>(capacity), capacity});
  }
  char* out = blocks_[current_].data.get() + used_;
  std::memcpy(out, text.data(), text.size());
  used_ += text.size();
  return {out, text.size()};
}

namespace {

bool isBlankLine(const char* p, const char* end) {
  // Java's String.trim().isEmpty(): every char is <= ' '.
  for (; p < end; ++p)
    if (static_cast<unsigned char>(*p) > ' ') return false;
  return true;
}

}  // namespace

CsvTokenizer::CsvTokenizer(const CsvFormat& format, std::string_view text)
    : format_(format), begin_(text.data()), pos_(text.data()), end_(text.data() + text.size()) {
  if (format_.delimiter.empty()) format_.delimiter = ",";
  singleDelimiter_ = format_.delimiter.size() == 1;
  delimiter0_ = format_.delimiter[0];
  if (!format_.lineSep.empty()) {
    separator_ = format_.lineSep;
  } else if (format_.multiLine) {
    // univocity's line separator detection: the first line end in the input.
    const char* p = begin_;
    while (p < end_ && *p != '\n' && *p != '\r') ++p;
    if (p < end_ && *p == '\r') {
      separator_ = p + 1 < end_ && p[1] == '\n' ? "\r\n" : "\r";
    } else {
      separator_ = "\n";
    }
  }
  normalizeNewlines_ = format_.multiLine && format_.lineSep.empty() && separator_ != "\n";
}

void CsvTokenizer::push(std::vector<CsvField>& fields, const char* data, size_t size,
                        CsvField::Kind kind) {
  if (size > static_cast<size_t>(std::numeric_limits<int32_t>::max()))
    throw ExecutionException("A CSV value of " + std::to_string(size) +
                             " bytes exceeds the maximum of 2147483647 bytes.");
  fields.push_back({data, static_cast<uint32_t>(size), kind});
}

bool CsvTokenizer::next(std::vector<CsvField>& fields, TextArena& arena, std::string_view& raw) {
  malformed_ = false;
  if (!format_.multiLine) {
    while (pos_ < end_) {
      const char* lineStart = pos_;
      const char* lineEnd;
      if (separator_.empty()) {
        // Hadoop's LineRecordReader: \n, \r\n and \r end a line.
        size_t remaining = static_cast<size_t>(end_ - lineStart);
        auto* lf = static_cast<const char*>(std::memchr(lineStart, '\n', remaining));
        const char* limit = lf ? lf : end_;
        auto* cr = static_cast<const char*>(
            std::memchr(lineStart, '\r', static_cast<size_t>(limit - lineStart)));
        if (cr) {
          lineEnd = cr;
          pos_ = cr + (cr + 1 < end_ && cr[1] == '\n' ? 2 : 1);
        } else {
          lineEnd = limit;
          pos_ = lf ? lf + 1 : end_;
        }
      } else {
        std::string_view rest(lineStart, static_cast<size_t>(end_ - lineStart));
        size_t k = rest.find(separator_);
        lineEnd = k == std::string_view::npos ? end_ : lineStart + k;
        pos_ = k == std::string_view::npos ? end_ : lineEnd + separator_.size();
      }
      if (isBlankLine(lineStart, lineEnd)) continue;
      if (format_.comment != '\0' && *lineStart == format_.comment) continue;
      size_t before = fields.size();
      parseRecord(lineStart, lineEnd, fields, arena);
      if (fields.size() == before) continue;
      raw = {lineStart, static_cast<size_t>(lineEnd - lineStart)};
      return true;
    }
    return false;
  }
  while (pos_ < end_) {
    if (size_t n = newlineAt(pos_, end_)) {  // univocity skips empty lines
      pos_ += n;
      continue;
    }
    if (format_.comment != '\0' && *pos_ == format_.comment) {
      std::string_view rest(pos_, static_cast<size_t>(end_ - pos_));
      size_t k = rest.find(separator_);
      pos_ = k == std::string_view::npos ? end_ : pos_ + k + separator_.size();
      continue;
    }
    const char* start = pos_;
    size_t before = fields.size();
    const char* recordEnd = parseRecord(pos_, end_, fields, arena);
    pos_ = recordEnd + newlineAt(recordEnd, end_);
    if (pos_ == start) ++pos_;  // never stall on unexpected input
    if (fields.size() == before) continue;
    raw = {start, static_cast<size_t>(recordEnd - start)};
    return true;
  }
  return false;
}

const char* CsvTokenizer::parseRecord(const char* p, const char* end, std::vector<CsvField>& fields,
                                      TextArena& arena) {
  size_t before = fields.size();
  while (true) {
    if (format_.ignoreLeadingWhiteSpace) {
      while (p < end && isWhitespace(*p) && !newlineAt(p, end) && !delimiterAt(p, end)) ++p;
    }
    if (atRecordEnd(p, end)) {
      // A record of blanks has no field; blanks after a delimiter are an empty field.
      if (fields.size() > before) push(fields, p, 0, CsvField::kUnquotedEmpty);
      return p;
    }
    if (delimiterAt(p, end)) {
      push(fields, p, 0, CsvField::kUnquotedEmpty);
    } else if (format_.quote != '\0' && *p == format_.quote) {
      p = parseQuoted(p, end, fields, arena);
      if (atRecordEnd(p, end)) return p;
    } else {
      p = parseUnquoted(p, end, fields);
      if (atRecordEnd(p, end)) return p;
    }
    p += format_.delimiter.size();
    if (atRecordEnd(p, end)) {  // a trailing delimiter ends with an empty field
      push(fields, p, 0, CsvField::kUnquotedEmpty);
      return p;
    }
  }
}

const char* CsvTokenizer::parseUnquoted(const char* p, const char* end,
                                        std::vector<CsvField>& fields) {
  const char* start = p;
  if (singleDelimiter_ && !format_.multiLine) {
    auto* hit = static_cast<const char*>(std::memchr(p, delimiter0_, static_cast<size_t>(end - p)));
    p = hit ? hit : end;
  } else if (singleDelimiter_) {
    const char newline0 = separator_[0];
    while (p < end && *p != delimiter0_ && (*p != newline0 || !newlineAt(p, end))) ++p;
  } else {
    while (p < end && !delimiterAt(p, end) && !newlineAt(p, end)) ++p;
  }
  const char* valueEnd = p;
  if (format_.ignoreTrailingWhiteSpace) {
    while (valueEnd > start && static_cast<unsigned char>(valueEnd[-1]) <= ' ') --valueEnd;
  }
  size_t size = static_cast<size_t>(valueEnd - start);
  push(fields, start, size, size == 0 ? CsvField::kUnquotedEmpty : CsvField::kText);
  return p;
}

const char* CsvTokenizer::parseQuoted(const char* p, const char* end, std::vector<CsvField>& fields,
                                      TextArena& arena) {
  // Fast path: a quoted value without escapes, closed right before a delimiter or line end.
  const char quote = format_.quote, escape = format_.escape, escapeEscape = format_.escapeEscape;
  const char newline0 = normalizeNewlines_ ? separator_[0] : quote;
  const char* value = p + 1;
  const char* s = value;
  while (s < end) {
    char c = *s;
    if (c == quote || (c == escape && escape != '\0') ||
        (c == escapeEscape && escapeEscape != '\0') || c == newline0)
      break;
    ++s;
  }
  if (s < end && *s == quote) {
    const char* after = s + 1;
    if (after == end || delimiterAt(after, end) || newlineAt(after, end)) {
      size_t size = static_cast<size_t>(s - value);
      push(fields, value, size, size == 0 ? CsvField::kQuotedEmpty : CsvField::kText);
      return after;
    }
  }
  return parseQuotedSlow(p, end, fields, arena);
}

const char* CsvTokenizer::appendUntilDelimiter(const char* s, const char* end) {
  const char* start = s;
  while (s < end && !delimiterAt(s, end) && !newlineAt(s, end)) ++s;
  value_.append(start, static_cast<size_t>(s - start));
  if (format_.ignoreTrailingWhiteSpace) {
    while (!value_.empty() && static_cast<unsigned char>(value_.back()) <= ' ') value_.pop_back();
  }
  return s;
}

// Follows univocity's CsvParser.parseQuotedValue: escapes are resolved, and a quote followed by
// more text is handled as unescapedQuoteHandling says (by default the whole value, quotes
// included, is read up to the next delimiter).
const char* CsvTokenizer::parseQuotedSlow(const char* p, const char* end,
                                          std::vector<CsvField>& fields, TextArena& arena) {
  const char quote = format_.quote, escape = format_.escape, escapeEscape = format_.escapeEscape;
  const auto handling = format_.unescapedQuoteHandling;
  const bool untilDelimiter = handling == UnescapedQuoteHandling::kStopAtDelimiter ||
                              handling == UnescapedQuoteHandling::kBackToDelimiter ||
                              handling == UnescapedQuoteHandling::kSkipValue;
  value_.clear();
  bool skipped = false;
  char prev = '\0';
  const char* s = p + 1;

  auto skipToDelimiter = [&](const char* at) {
    while (at < end && !delimiterAt(at, end) && !newlineAt(at, end)) ++at;
    return at;
  };
  // Text follows what looked like a closing quote (after the blanks `gap`); `at` is its first
  // character. Returns true when the value is complete (s then at its delimiter or line end).
  auto unescapedQuote = [&](const char* at, bool appendChar, std::string_view gap) {
    if (handling == UnescapedQuoteHandling::kRaiseError) {
      malformed_ = true;
      s = skipToDelimiter(at);
      return true;
    }
    if (handling == UnescapedQuoteHandling::kSkipValue) {
      skipped = true;
      s = skipToDelimiter(at);
      return true;
    }
    value_ += quote;
    value_.append(gap);
    if (appendChar) value_ += *at;
    prev = *at;
    s = at + 1;
    if (untilDelimiter) {
      value_.insert(value_.begin(), quote);
      s = appendUntilDelimiter(s, end);
      return true;
    }
    return false;  // STOP_AT_CLOSING_QUOTE: keep reading the quoted value
  };

  bool done = false;
  while (!done) {
    // Inside the quoted value.
    bool closed = false;
    while (s < end) {
      char ch = *s;
      size_t newline = newlineAt(s, end);
      if (prev == quote && (isWhitespace(ch) || delimiterAt(s, end) || newline)) {
        closed = true;
        break;
      }
      if (newline) {  // a line end inside quotes (multiLine) is part of the value
        if (normalizeNewlines_) {
          value_ += '\n';
        } else {
          value_.append(s, newline);
        }
        prev = '\n';
        s += newline;
        continue;
      }
      bool isQuote = ch == quote;
      bool isEscape = escape != '\0' && ch == escape;
      if (!isQuote && !isEscape) {
        if (prev == quote) {
          if (unescapedQuote(s, true, {})) {
            done = true;
            break;
          }
          continue;
        }
        if (escape != '\0' && prev == escape) value_ += escape;
        const char* run = s;
        while (s < end) {
          char c = *s;
          if (c == quote || (c == escape && escape != '\0') ||
              (c == escapeEscape && escapeEscape != '\0') || newlineAt(s, end))
            break;
          ++s;
        }
        if (s == run) {
          // An escapeEscape that is not the escape: univocity keeps it as `prev` only, so that
          // it escapes a following escape character, and drops it from the value.
          prev = *s++;
          continue;
        }
        value_.append(run, static_cast<size_t>(s - run));
        prev = s[-1];
        continue;
      }
      char current = ch;
      if (isEscape && escapeEscape != '\0' && prev == escapeEscape) {
        value_ += escape;
        current = '\0';
      } else if (escape != '\0' && prev == escape) {
        if (isQuote) {
          value_ += quote;
          current = '\0';
        } else {
          value_ += prev;
        }
      } else if (isQuote && prev == quote) {
        value_ += quote;
      } else if (prev == quote) {
        // An escape character right after a closing quote.
        if (unescapedQuote(s, true, {})) {
          done = true;
          break;
        }
        continue;
      }
      prev = current;
      ++s;
    }
    if (done || !closed) break;  // complete, or the input ended inside the quotes
    // Right after the closing quote: blanks, then a delimiter or line end, else more text.
    if (s < end && !delimiterAt(s, end) && !newlineAt(s, end)) {
      const char* blanks = s;
      while (s < end && isWhitespace(*s) && !newlineAt(s, end) && !delimiterAt(s, end)) ++s;
      if (s < end && !delimiterAt(s, end) && !newlineAt(s, end)) {
        char ch = *s;
        bool appendChar = untilDelimiter || (ch != quote && ch != escape);
        std::string_view gap(blanks, static_cast<size_t>(s - blanks));
        if (unescapedQuote(s, appendChar, gap)) break;
        continue;
      }
    }
    break;
  }

  if (skipped) {
    push(fields, s, 0, CsvField::kUnquotedEmpty);
  } else if (value_.empty()) {
    push(fields, s, 0, CsvField::kQuotedEmpty);
  } else {
    std::string_view stored = arena.copy(value_);
    push(fields, stored.data(), stored.size(), CsvField::kText);
  }
  return s;
}

}  // namespace spate
