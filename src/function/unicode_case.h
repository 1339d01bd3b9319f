#pragma once

// Java's String.toLowerCase/toUpperCase (Locale.ROOT) over UTF-8, which Spark's lower()/upper()
// use for non-ASCII strings: full mappings (ß → SS, İ → i̇) and the final-sigma rule.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace spate {

namespace unicode_case {
/// Code points [first, last] stepping by `stride` map to cp + delta.
struct CaseRange {
  uint32_t first;
  uint32_t last;
  int32_t delta;
  uint32_t stride;
};
/// A code point whose mapping has several code points (UTF-8 text).
struct CaseSpecial {
  uint32_t codePoint;
  const char* utf8;
};
extern const CaseRange kLowerRanges[];
extern const size_t kLowerRangeCount;
extern const CaseSpecial kLowerSpecials[];
extern const size_t kLowerSpecialCount;
extern const CaseRange kUpperRanges[];
extern const size_t kUpperRangeCount;
extern const CaseSpecial kUpperSpecials[];
extern const size_t kUpperSpecialCount;
extern const uint32_t kTitleExceptionPairs[][2];
extern const size_t kTitleExceptionCount;
}  // namespace unicode_case

/// One code point's simple (1:1) mapping.
uint32_t lowerCodePoint(uint32_t cp);
uint32_t upperCodePoint(uint32_t cp);
/// Java's Character.toTitleCase(char) for BMP code points (others are returned unchanged).
uint32_t titleCodePoint(uint32_t cp);

/// Appends the lower/upper case of UTF-8 `s` to `out` (ASCII fast path).
void appendLowerCase(std::string_view s, std::string& out);
void appendUpperCase(std::string_view s, std::string& out);

}  // namespace spate
