#pragma once

// UTF-8 helpers with Spark's UTF8String conventions: a character starts at a lead byte whose width
// comes from a fixed table, and bytes that cannot start a character (continuation bytes, C0, C1,
// F5..FF) count as one-byte characters, so malformed input never stops a scan.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace spate::utf8 {

/// Bytes of the character starting with lead byte `b` (1 for bytes that cannot start one).
inline int charWidth(uint8_t b) {
  if (b < 0xC2) return 1;
  if (b < 0xE0) return 2;
  if (b < 0xF0) return 3;
  if (b < 0xF5) return 4;
  return 1;
}

inline bool isAscii(std::string_view s) {
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t w;
    __builtin_memcpy(&w, s.data() + i, 8);
    if (w & 0x8080808080808080ULL) return false;
  }
  for (; i < s.size(); ++i)
    if (static_cast<uint8_t>(s[i]) & 0x80) return false;
  return true;
}

/// Number of characters (code points) as Spark counts them.
inline int64_t length(std::string_view s) {
  if (isAscii(s)) return static_cast<int64_t>(s.size());
  int64_t n = 0;
  for (size_t i = 0; i < s.size(); i += charWidth(static_cast<uint8_t>(s[i]))) ++n;
  return n;
}

/// Byte offset of character `index` (clamped to s.size()).
inline size_t offsetOf(std::string_view s, int64_t index) {
  size_t i = 0;
  for (int64_t c = 0; c < index && i < s.size(); ++c) i += charWidth(static_cast<uint8_t>(s[i]));
  return i < s.size() ? i : s.size();
}

/// Characters [start, end) as Spark's UTF8String.substring (clamped, never fails).
inline std::string_view substring(std::string_view s, int64_t start, int64_t end) {
  if (end <= start || start >= static_cast<int64_t>(s.size())) return {};
  size_t b = offsetOf(s, start);
  size_t e = b;
  for (int64_t c = start; c < end && e < s.size(); ++c) e += charWidth(static_cast<uint8_t>(s[e]));
  if (e > s.size()) e = s.size();
  return s.substr(b, e - b);
}

/// Decodes the character at byte `i` and advances `i` past it. Malformed bytes decode to
/// themselves (as Latin-1), so every byte sequence decodes to something.
inline uint32_t decode(std::string_view s, size_t& i) {
  uint8_t b = static_cast<uint8_t>(s[i]);
  int w = charWidth(b);
  if (w == 1 || i + w > s.size()) {
    ++i;
    return b;
  }
  uint32_t cp = w == 2 ? (b & 0x1F) : w == 3 ? (b & 0x0F) : (b & 0x07);
  for (int k = 1; k < w; ++k) cp = (cp << 6) | (static_cast<uint8_t>(s[i + k]) & 0x3F);
  i += w;
  return cp;
}

/// Appends the UTF-8 encoding of code point `cp`.
inline void append(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

/// True if `s` is well-formed UTF-8 (no overlongs, surrogates or values above U+10FFFF).
bool isValid(std::string_view s);
/// `s` with every malformed sequence replaced by U+FFFD, as Java decodes bytes to a String.
std::string makeValid(std::string_view s);

}  // namespace spate::utf8
