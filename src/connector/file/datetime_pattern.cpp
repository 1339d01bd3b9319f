#include "connector/file/datetime_pattern.h"

#include <array>
#include <cctype>

#include "common/error.h"

namespace spate {

namespace {

using Node = DateTimePattern::Node;

bool isLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool isDigit(char c) { return c >= '0' && c <= '9'; }

constexpr std::array<std::string_view, 12> kMonths = {
    "january", "february", "march",     "april",   "may",      "june",
    "july",    "august",   "september", "october", "november", "december"};

// Numeric widths of a field as java.time's DateTimeFormatterBuilder.appendPattern sets them
// (strict parsing); 0/0 for text and offset fields.
void setWidths(Node& node) {
  int n = node.count;
  switch (node.letter) {
    case 'y':
      if (n == 2) {
        node.minWidth = node.maxWidth = 2;
      } else if (n < 4) {
        node.minWidth = n;
        node.maxWidth = 19;
      } else {
        node.minWidth = node.maxWidth = n;  // more digits need an explicit '+'
      }
      break;
    case 'M':
    case 'L':
      if (n <= 2) node.minWidth = n, node.maxWidth = n == 1 ? 19 : 2;
      break;
    case 'D':
      node.minWidth = n;
      node.maxWidth = n == 1 ? 19 : 3;
      break;
    case 'd':
    case 'H':
    case 'h':
    case 'k':
    case 'K':
    case 'm':
    case 's':
      node.minWidth = n;
      node.maxWidth = n == 1 ? 19 : 2;
      break;
    case 'u':
      node.minWidth = node.maxWidth = n;
      break;
    default:
      break;
  }
}

void checkLetter(char c, int count) {
  static constexpr std::string_view kIllegal = "AcenNpEFqQ";
  if (kIllegal.find(c) != std::string_view::npos)
    throw IllegalArgumentException(std::string("Illegal pattern character: ") + c);
  if (c == 'Y' || c == 'w' || c == 'W')
    throw IllegalArgumentException(
        std::string("All week-based patterns are unsupported since Spark 3.0, detected: ") + c +
        ", Please use the SQL function EXTRACT instead");
  static constexpr std::string_view kSupported = "GyMLdDuaHhkKmsSXxZOVz";
  if (kSupported.find(c) == std::string_view::npos)
    throw IllegalArgumentException(std::string("Unknown pattern letter: ") + c);
  bool tooMany = false;
  switch (c) {
    case 'G':
    case 'M':
    case 'L': tooMany = count >= 5; break;
    case 'y': tooMany = count >= 7; break;
    case 'd':
    case 'H':
    case 'h':
    case 'k':
    case 'K':
    case 'm':
    case 's':
    case 'u':
    case 'a': tooMany = count > 2 || (c == 'a' && count > 1); break;
    case 'D': tooMany = count > 3; break;
    case 'X':
    case 'x':
    case 'Z': tooMany = count > 5; break;
    case 'O': tooMany = count != 1 && count != 4; break;
    case 'V': tooMany = count != 2; break;
    case 'z': tooMany = count > 4; break;
    default: break;
  }
  if (tooMany) throw IllegalArgumentException(std::string("Too many pattern letters: ") + c);
}

// Marks how many digits the fixed-width numeric fields right after each field need, so that
// "yyyyMMdd"-like patterns parse (java.time's adjacent value parsing).
void reserveAdjacent(std::vector<Node>& nodes) {
  for (size_t i = 0; i < nodes.size(); ++i) {
    if (nodes[i].kind == Node::kOptional) reserveAdjacent(nodes[i].children);
    if (nodes[i].maxWidth == 0) continue;
    int reserved = 0;
    for (size_t j = i + 1; j < nodes.size(); ++j) {
      const Node& next = nodes[j];
      if (next.kind != Node::kField || next.maxWidth == 0) {
        if (next.kind == Node::kField && next.letter == 'S') reserved += 1;
        break;
      }
      if (next.minWidth != next.maxWidth) break;
      reserved += next.minWidth;
    }
    nodes[i].reserved = reserved;
  }
}

struct Fields {
  std::optional<int64_t> year, yearOfEra, month, day, dayOfYear, hourOfDay, hourOfAmPm, amPm,
      minute, second, nanos;
  std::optional<bool> bc;
  std::optional<int64_t> offset;  // µs east of UTC
  TimeZonePtr zone;
};

bool assign(std::optional<int64_t>& slot, int64_t value) {
  if (slot && *slot != value) return false;  // a field given twice with two values
  slot = value;
  return true;
}

bool matchesIgnoreCase(std::string_view text, size_t pos, std::string_view word) {
  if (text.size() - pos < word.size()) return false;
  for (size_t i = 0; i < word.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(text[pos + i])) !=
        std::tolower(static_cast<unsigned char>(word[i])))
      return false;
  return true;
}

// Parses an offset "+HH", "+HHmm", "+HHMM", "+HH:MM", "+HHMMss", "+HH:MM:ss".
bool parseOffsetText(std::string_view text, size_t& pos, bool colon, bool minutesRequired,
                     bool allowSeconds, bool hourOnly, int64_t& offset) {
  if (pos >= text.size() || (text[pos] != '+' && text[pos] != '-')) return false;
  int sign = text[pos] == '-' ? -1 : 1;
  size_t p = pos + 1;
  auto two = [&](int64_t& out) {
    if (p + 2 > text.size() || !isDigit(text[p]) || !isDigit(text[p + 1])) return false;
    out = (text[p] - '0') * 10 + (text[p + 1] - '0');
    p += 2;
    return true;
  };
  int64_t h = 0, m = 0, s = 0;
  if (!two(h)) return false;
  if (!hourOnly) {
    size_t beforeMinutes = p;
    bool haveColon = colon && p < text.size() && text[p] == ':';
    if (haveColon) ++p;
    if ((colon && !haveColon) || !two(m)) {
      if (minutesRequired) return false;
      p = beforeMinutes;
      m = 0;
    } else if (allowSeconds) {
      size_t beforeSeconds = p;
      bool secondColon = colon && p < text.size() && text[p] == ':';
      if (secondColon) ++p;
      if ((colon && !secondColon) || !two(s)) p = beforeSeconds, s = 0;
    }
  }
  if (h > 18 || m > 59 || s > 59) return false;
  offset = sign * (h * kMicrosPerHour + m * kMicrosPerMinute + s * kMicrosPerSecond);
  pos = p;
  return true;
}

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  bool parseAll(const std::vector<Node>& nodes, Fields& fields) {
    size_t pos = 0;
    if (!parseNodes(nodes, pos, fields)) return false;
    return pos == text_.size();
  }

 private:
  bool parseNodes(const std::vector<Node>& nodes, size_t& pos, Fields& fields) {
    for (const Node& node : nodes) {
      if (node.kind == Node::kOptional) {
        size_t saved = pos;
        Fields backup = fields;
        if (!parseNodes(node.children, pos, fields)) {
          pos = saved;
          fields = std::move(backup);
        }
        continue;
      }
      if (node.kind == Node::kLiteral) {
        if (!matchesIgnoreCase(text_, pos, node.text)) return false;
        pos += node.text.size();
        continue;
      }
      if (!parseField(node, pos, fields)) return false;
    }
    return true;
  }

  bool parseNumber(const Node& node, size_t& pos, int64_t& value) {
    size_t available = 0;
    while (pos + available < text_.size() && isDigit(text_[pos + available])) ++available;
    int maxWidth = node.maxWidth;
    if (available > static_cast<size_t>(node.reserved))
      maxWidth = std::min<int>(maxWidth, static_cast<int>(available) - node.reserved);
    size_t width = std::min<size_t>(available, static_cast<size_t>(maxWidth));
    if (width < static_cast<size_t>(node.minWidth) || width == 0 || width > 18) return false;
    value = 0;
    for (size_t i = 0; i < width; ++i) value = value * 10 + (text_[pos + i] - '0');
    pos += width;
    return true;
  }

  bool parseField(const Node& node, size_t& pos, Fields& f) {
    char c = node.letter;
    int n = node.count;
    if ((c == 'M' || c == 'L') && n >= 3) {
      for (size_t m = 0; m < kMonths.size(); ++m) {
        std::string_view name = n == 3 ? kMonths[m].substr(0, 3) : kMonths[m];
        if (matchesIgnoreCase(text_, pos, name)) {
          pos += name.size();
          return assign(f.month, static_cast<int64_t>(m + 1));
        }
      }
      return false;
    }
    if (c == 'y' && n < 4 && n != 2 && pos < text_.size() && text_[pos] == '-') {
      // 'y' and 'yyy' accept a sign (SignStyle.NORMAL).
      ++pos;
      int64_t v;
      if (!parseNumber(node, pos, v)) return false;
      return assign(f.year, -v);
    }
    if (c == 'y' && n >= 4 && pos < text_.size() && (text_[pos] == '+' || text_[pos] == '-')) {
      // EXCEEDS_PAD: a sign allows more digits than the pad width.
      bool negative = text_[pos] == '-';
      ++pos;
      Node wide = node;
      wide.maxWidth = 19;
      int64_t v;
      if (!parseNumber(wide, pos, v)) return false;
      return assign(hasEraYear_ ? f.yearOfEra : f.year, negative ? -v : v);
    }
    switch (c) {
      case 'G': {
        std::string_view ad = n == 4 ? "Anno Domini" : "AD";
        std::string_view bc = n == 4 ? "Before Christ" : "BC";
        if (matchesIgnoreCase(text_, pos, ad)) {
          pos += ad.size();
          f.bc = false;
          return true;
        }
        if (matchesIgnoreCase(text_, pos, bc)) {
          pos += bc.size();
          f.bc = true;
          return true;
        }
        return false;
      }
      case 'a': {
        if (matchesIgnoreCase(text_, pos, "AM") || matchesIgnoreCase(text_, pos, "PM")) {
          bool pm = std::tolower(static_cast<unsigned char>(text_[pos])) == 'p';
          pos += 2;
          return assign(f.amPm, pm ? 1 : 0);
        }
        return false;
      }
      case 'S': {
        size_t digits = 0;
        int64_t nanos = 0;
        while (pos < text_.size() && isDigit(text_[pos]) && digits < static_cast<size_t>(n)) {
          if (digits < 9) nanos = nanos * 10 + (text_[pos] - '0');
          ++digits;
          ++pos;
        }
        if (digits == 0) return false;
        for (size_t k = digits; k < 9; ++k) nanos *= 10;
        return assign(f.nanos, nanos);
      }
      case 'X':
      case 'x':
      case 'Z':
        return parseOffsetField(node, pos, f);
      case 'O': {
        if (!matchesIgnoreCase(text_, pos, "GMT")) return false;
        pos += 3;
        if (pos >= text_.size() || (text_[pos] != '+' && text_[pos] != '-')) {
          return assign(f.offset, 0);
        }
        int sign = text_[pos] == '-' ? -1 : 1;
        size_t p = pos + 1;
        int64_t h = 0, m = 0;
        size_t start = p;
        while (p < text_.size() && isDigit(text_[p]) && p - start < 2) h = h * 10 + (text_[p++] - '0');
        if (p == start || (n == 4 && p - start != 2)) return false;
        if (p < text_.size() && text_[p] == ':') {
          ++p;
          if (p + 2 > text_.size() || !isDigit(text_[p]) || !isDigit(text_[p + 1])) return false;
          m = (text_[p] - '0') * 10 + (text_[p + 1] - '0');
          p += 2;
        } else if (n == 4) {
          return false;
        }
        if (h > 18 || m > 59) return false;
        pos = p;
        return assign(f.offset, sign * (h * kMicrosPerHour + m * kMicrosPerMinute));
      }
      case 'V':
      case 'z': {
        size_t end = pos;
        while (end < text_.size() &&
               (std::isalnum(static_cast<unsigned char>(text_[end])) ||
                std::string_view("/_+-:").find(text_[end]) != std::string_view::npos))
          ++end;
        // The longest prefix naming a zone.
        for (size_t len = end - pos; len > 0; --len) {
          if (auto zone = TimeZone::of(text_.substr(pos, len))) {
            f.zone = zone;
            pos += len;
            return true;
          }
        }
        return false;
      }
      default:
        break;
    }
    int64_t v;
    if (!parseNumber(node, pos, v)) return false;
    switch (c) {
      case 'y':
        if (n == 2) v += 2000;  // reduced two-digit year, base 2000
        return assign(hasEraYear_ ? f.yearOfEra : f.year, v);
      case 'M':
      case 'L': return assign(f.month, v);
      case 'd': return assign(f.day, v);
      case 'D': return assign(f.dayOfYear, v);
      case 'u': return v >= 1 && v <= 7;  // day of week, not cross-checked
      case 'H': return assign(f.hourOfDay, v) && v <= 23;
      case 'k': return v >= 1 && v <= 24 && assign(f.hourOfDay, v == 24 ? 0 : v);
      case 'K': return v <= 11 && assign(f.hourOfAmPm, v);
      case 'h': return v >= 1 && v <= 12 && assign(f.hourOfAmPm, v == 12 ? 0 : v);
      case 'm': return v <= 59 && assign(f.minute, v);
      case 's': return v <= 59 && assign(f.second, v);
      default: return false;
    }
  }

  bool parseOffsetField(const Node& node, size_t& pos, Fields& f) {
    char c = node.letter;
    int n = node.count;
    bool zForZero = c == 'X' || (c == 'Z' && n == 5);
    if (zForZero && pos < text_.size() && (text_[pos] == 'Z' || text_[pos] == 'z')) {
      ++pos;
      return assign(f.offset, 0);
    }
    if (c == 'Z' && n == 4) {  // localized: GMT, GMT+08:00
      if (!matchesIgnoreCase(text_, pos, "GMT")) return false;
      pos += 3;
      if (pos >= text_.size() || (text_[pos] != '+' && text_[pos] != '-'))
        return assign(f.offset, 0);
      int64_t offset;
      if (!parseOffsetText(text_, pos, true, true, true, false, offset)) return false;
      return assign(f.offset, offset);
    }
    bool colon = false, minutesRequired = false, seconds = false, hourOnly = false;
    if (c == 'Z') {
      if (n <= 3) minutesRequired = true;
      if (n == 5) colon = minutesRequired = seconds = true;
    } else if (n == 1) {
      hourOnly = false;  // +HHmm: minutes optional
    } else {
      minutesRequired = true;
      colon = n == 3 || n == 5;
      seconds = n >= 4;
    }
    int64_t offset;
    if (!parseOffsetText(text_, pos, colon, minutesRequired, seconds, hourOnly, offset))
      return false;
    return assign(f.offset, offset);
  }

 public:
  bool hasEraYear_ = false;

 private:
  std::string_view text_;
};

// Spark's DateTimeFormatterHelper.toLocalDate: missing fields default to 1970-01-01.
std::optional<int32_t> resolveDate(const Fields& f) {
  int64_t year = 1970;
  if (f.year) year = *f.year;
  if (f.yearOfEra) year = f.bc.value_or(false) ? 1 - *f.yearOfEra : *f.yearOfEra;
  if (year < -290000 || year > 290000) return std::nullopt;
  auto y = static_cast<int32_t>(year);
  if (f.dayOfYear) {
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (*f.dayOfYear < 1 || *f.dayOfYear > (leap ? 366 : 365)) return std::nullopt;
    int32_t days = daysFromCivil(y, 1, 1) + static_cast<int32_t>(*f.dayOfYear) - 1;
    CivilDate c = civilFromDays(days);
    if ((f.month && *f.month != c.month) || (f.day && *f.day != c.day)) return std::nullopt;
    return days;
  }
  int64_t month = f.month.value_or(1), day = f.day.value_or(1);
  if (month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
  if (!isValidCivilDate(y, static_cast<uint32_t>(month), static_cast<uint32_t>(day)))
    return std::nullopt;
  return daysFromCivil(y, static_cast<uint32_t>(month), static_cast<uint32_t>(day));
}

std::optional<int64_t> resolveTimeOfDay(const Fields& f) {
  int64_t hour = 0;
  if (f.hourOfDay) {
    hour = *f.hourOfDay;
    if (f.hourOfAmPm && *f.hourOfAmPm + 12 * f.amPm.value_or(0) != hour) return std::nullopt;
  } else if (f.hourOfAmPm) {
    hour = *f.hourOfAmPm + 12 * f.amPm.value_or(0);  // no am/pm: assume am, as Spark
  }
  return hour * kMicrosPerHour + f.minute.value_or(0) * kMicrosPerMinute +
         f.second.value_or(0) * kMicrosPerSecond + f.nanos.value_or(0) / 1000;
}

}  // namespace

DateTimePattern DateTimePattern::compile(std::string_view pattern) {
  DateTimePattern result;
  result.pattern_ = std::string(pattern);
  std::vector<std::vector<Node>*> stack = {&result.nodes_};
  auto addLiteral = [&](std::string_view text) {
    auto& nodes = *stack.back();
    if (!nodes.empty() && nodes.back().kind == Node::kLiteral) {
      nodes.back().text += text;
    } else {
      Node node;
      node.kind = Node::kLiteral;
      node.text = std::string(text);
      nodes.push_back(std::move(node));
    }
  };
  for (size_t i = 0; i < pattern.size();) {
    char c = pattern[i];
    if (isLetter(c)) {
      size_t j = i;
      while (j < pattern.size() && pattern[j] == c) ++j;
      int count = static_cast<int>(j - i);
      checkLetter(c, count);
      Node node;
      node.kind = Node::kField;
      node.letter = c == 'L' ? 'M' : c;
      node.count = count;
      setWidths(node);
      if (c == 'G') result.hasEra_ = true;
      stack.back()->push_back(std::move(node));
      i = j;
    } else if (c == '\'') {
      size_t j = i + 1;
      std::string text;
      while (j < pattern.size()) {
        if (pattern[j] == '\'') {
          if (j + 1 < pattern.size() && pattern[j + 1] == '\'') {
            text += '\'';
            j += 2;
            continue;
          }
          break;
        }
        text += pattern[j++];
      }
      if (j >= pattern.size())
        throw IllegalArgumentException("Pattern ends with an incomplete string literal: " +
                                       std::string(pattern));
      addLiteral(j == i + 1 ? "'" : std::string_view(text));
      i = j + 1;
    } else if (c == '[') {
      Node node;
      node.kind = Node::kOptional;
      stack.back()->push_back(std::move(node));
      stack.push_back(&stack.back()->back().children);
      ++i;
    } else if (c == ']') {
      if (stack.size() == 1)
        throw IllegalArgumentException("Pattern invalid as it contains ] without previous [");
      stack.pop_back();
      ++i;
    } else if (c == '{' || c == '}' || c == '#') {
      throw IllegalArgumentException(std::string("Pattern includes reserved character: '") + c +
                                     "'");
    } else {
      addLiteral(std::string_view(&pattern[i], 1));
      ++i;
    }
  }
  reserveAdjacent(result.nodes_);
  return result;
}

std::optional<int64_t> DateTimePattern::parseTimestamp(std::string_view text,
                                                       const TimeZone& zone) const {
  Fields f;
  Parser parser(text);
  parser.hasEraYear_ = hasEra_;
  if (!parser.parseAll(nodes_, f)) return std::nullopt;
  auto days = resolveDate(f);
  auto time = resolveTimeOfDay(f);
  if (!days || !time) return std::nullopt;
  int64_t local = static_cast<int64_t>(*days) * kMicrosPerDay + *time;
  if (f.offset) return local - *f.offset;
  if (f.zone) return f.zone->localToUtc(local);
  return zone.localToUtc(local);
}

std::optional<int32_t> DateTimePattern::parseDate(std::string_view text) const {
  Fields f;
  Parser parser(text);
  parser.hasEraYear_ = hasEra_;
  if (!parser.parseAll(nodes_, f)) return std::nullopt;
  if (!resolveTimeOfDay(f)) return std::nullopt;
  return resolveDate(f);
}

}  // namespace spate
