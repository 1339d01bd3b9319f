#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/time.h"

namespace spate {

/// A java.time DateTimeFormatter pattern as Spark 3.5 parses dates and timestamps of text files
/// (the dateFormat and timestampFormat options): case-insensitive, strict, the whole text consumed.
/// Supported: G, y (year), M L (month, also MMM/MMMM names), d, D (day of year), u (day of week,
/// not cross-checked), a, H, k, K, h, m, s, S (fraction, 1..n digits), X x Z O (offsets), V z
/// (zone ids), 'quoted text', [optional sections]; other characters are literals. As in Spark,
/// E F q Q A c e n N p are rejected for parsing, and week-based Y w W too.
class DateTimePattern {
 public:
  /// Throws IllegalArgumentException for a letter outside the supported set.
  static DateTimePattern compile(std::string_view pattern);

  /// The instant the text denotes: its own offset or zone, else a local time in `zone`.
  std::optional<int64_t> parseTimestamp(std::string_view text, const TimeZone& zone) const;
  /// The date of the text (time fields are checked and ignored).
  std::optional<int32_t> parseDate(std::string_view text) const;
  const std::string& pattern() const { return pattern_; }

  /// One element of a compiled pattern.
  struct Node {
    enum Kind : uint8_t { kLiteral, kField, kOptional };
    Kind kind = kLiteral;
    char letter = '\0';
    int count = 0;
    int minWidth = 0;  // numeric fields
    int maxWidth = 0;
    int reserved = 0;  // digits left for the fixed-width numeric fields that follow
    std::string text;  // literal text
    std::vector<Node> children;  // optional section
  };

 private:
  std::string pattern_;
  std::vector<Node> nodes_;
  bool hasEra_ = false;
};

}  // namespace spate
