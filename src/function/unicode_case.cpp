#include "function/unicode_case.h"

#include <algorithm>

#include "function/utf8.h"

namespace spate {

namespace {

using unicode_case::CaseRange;
using unicode_case::CaseSpecial;

uint32_t mapCodePoint(uint32_t cp, const CaseRange* ranges, size_t count) {
  const CaseRange* end = ranges + count;
  const CaseRange* r =
      std::upper_bound(ranges, end, cp, [](uint32_t v, const CaseRange& x) { return v < x.first; });
  if (r == ranges) return cp;
  --r;
  if (cp > r->last || (cp - r->first) % r->stride != 0) return cp;
  return static_cast<uint32_t>(static_cast<int64_t>(cp) + r->delta);
}

const char* special(uint32_t cp, const CaseSpecial* specials, size_t count) {
  const CaseSpecial* end = specials + count;
  const CaseSpecial* s = std::lower_bound(
      specials, end, cp, [](const CaseSpecial& x, uint32_t v) { return x.codePoint < v; });
  return s != end && s->codePoint == cp ? s->utf8 : nullptr;
}

bool isCased(uint32_t cp) { return lowerCodePoint(cp) != cp || upperCodePoint(cp) != cp; }

// Java's final-sigma rule: Σ lower-cases to ς when a cased letter precedes it and none follows.
bool isFinalSigma(std::string_view s, size_t start, size_t next) {
  if (start == 0) return false;
  size_t p = start - 1;
  while (p > 0 && (static_cast<uint8_t>(s[p]) & 0xC0) == 0x80) --p;
  size_t q = p;
  if (!isCased(utf8::decode(s, q))) return false;
  if (next >= s.size()) return true;
  size_t n = next;
  return !isCased(utf8::decode(s, n));
}

}  // namespace

uint32_t lowerCodePoint(uint32_t cp) {
  if (cp < 0x80) return cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
  return mapCodePoint(cp, unicode_case::kLowerRanges, unicode_case::kLowerRangeCount);
}

uint32_t upperCodePoint(uint32_t cp) {
  if (cp < 0x80) return cp >= 'a' && cp <= 'z' ? cp - 32 : cp;
  return mapCodePoint(cp, unicode_case::kUpperRanges, unicode_case::kUpperRangeCount);
}

uint32_t titleCodePoint(uint32_t cp) {
  if (cp >= 0x10000) return cp;
  const auto* begin = unicode_case::kTitleExceptionPairs;
  const auto* end = begin + unicode_case::kTitleExceptionCount;
  const auto* it =
      std::lower_bound(begin, end, cp, [](const uint32_t(&e)[2], uint32_t v) { return e[0] < v; });
  if (it != end && (*it)[0] == cp) return (*it)[1];
  return upperCodePoint(cp);
}

void appendLowerCase(std::string_view s, std::string& out) {
  if (utf8::isAscii(s)) {
    size_t at = out.size();
    out.resize(at + s.size());
    char* o = out.data() + at;
    for (size_t k = 0; k < s.size(); ++k) {
      char c = s[k];
      o[k] = static_cast<char>(c + ((static_cast<unsigned>(c - 'A') < 26u) << 5));
    }
    return;
  }
  size_t i = 0;
  while (i < s.size()) {
    uint8_t b = static_cast<uint8_t>(s[i]);
    if (b < 0x80) {
      out.push_back(b >= 'A' && b <= 'Z' ? static_cast<char>(b + 32) : static_cast<char>(b));
      ++i;
      continue;
    }
    size_t start = i;
    uint32_t cp = utf8::decode(s, i);
    if (utf8::charWidth(b) == 1 || i - start != static_cast<size_t>(utf8::charWidth(b))) {
      out.append(s.substr(start, i - start));  // malformed bytes pass through
      continue;
    }
    if (cp == 0x3A3) {
      utf8::append(out, isFinalSigma(s, start, i) ? 0x3C2 : 0x3C3);
    } else if (const char* sp =
                   special(cp, unicode_case::kLowerSpecials, unicode_case::kLowerSpecialCount)) {
      out.append(sp);
    } else {
      utf8::append(out, lowerCodePoint(cp));
    }
  }
}

void appendUpperCase(std::string_view s, std::string& out) {
  if (utf8::isAscii(s)) {
    size_t at = out.size();
    out.resize(at + s.size());
    char* o = out.data() + at;
    for (size_t k = 0; k < s.size(); ++k) {
      char c = s[k];
      o[k] = static_cast<char>(c - ((static_cast<unsigned>(c - 'a') < 26u) << 5));
    }
    return;
  }
  size_t i = 0;
  while (i < s.size()) {
    uint8_t b = static_cast<uint8_t>(s[i]);
    if (b < 0x80) {
      out.push_back(b >= 'a' && b <= 'z' ? static_cast<char>(b - 32) : static_cast<char>(b));
      ++i;
      continue;
    }
    size_t start = i;
    uint32_t cp = utf8::decode(s, i);
    if (utf8::charWidth(b) == 1 || i - start != static_cast<size_t>(utf8::charWidth(b))) {
      out.append(s.substr(start, i - start));
      continue;
    }
    if (const char* sp =
            special(cp, unicode_case::kUpperSpecials, unicode_case::kUpperSpecialCount)) {
      out.append(sp);
    } else {
      utf8::append(out, upperCodePoint(cp));
    }
  }
}

namespace utf8 {

bool isValid(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    uint8_t b = static_cast<uint8_t>(s[i]);
    if (b < 0x80) {
      ++i;
      continue;
    }
    int w = charWidth(b);
    if (w == 1 || i + w > s.size()) return false;
    uint8_t b1 = static_cast<uint8_t>(s[i + 1]);
    if ((b == 0xE0 && b1 < 0xA0) || (b == 0xED && b1 > 0x9F) || (b == 0xF0 && b1 < 0x90) ||
        (b == 0xF4 && b1 > 0x8F))
      return false;
    for (int k = 1; k < w; ++k)
      if ((static_cast<uint8_t>(s[i + k]) & 0xC0) != 0x80) return false;
    i += w;
  }
  return true;
}

std::string makeValid(std::string_view s) {
  static constexpr std::string_view kReplacement = "\xEF\xBF\xBD";
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    uint8_t b = static_cast<uint8_t>(s[i]);
    if (b < 0x80) {
      out.push_back(static_cast<char>(b));
      ++i;
      continue;
    }
    int w = charWidth(b);
    if (w == 1) {
      out.append(kReplacement);
      ++i;
      continue;
    }
    // Maximal subpart replacement: one U+FFFD per invalid prefix, as Java's decoder does.
    size_t k = 1;
    bool ok = true;
    while (k < static_cast<size_t>(w)) {
      if (i + k >= s.size()) {
        ok = false;
        break;
      }
      uint8_t c = static_cast<uint8_t>(s[i + k]);
      bool valid = (c & 0xC0) == 0x80;
      if (k == 1) {
        if ((b == 0xE0 && c < 0xA0) || (b == 0xED && c > 0x9F) || (b == 0xF0 && c < 0x90) ||
            (b == 0xF4 && c > 0x8F))
          valid = false;
      }
      if (!valid) {
        ok = false;
        break;
      }
      ++k;
    }
    if (ok) {
      out.append(s.substr(i, w));
      i += w;
    } else {
      out.append(kReplacement);
      i += k;
    }
  }
  return out;
}

}  // namespace utf8

}  // namespace spate
