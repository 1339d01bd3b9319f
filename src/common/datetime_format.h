#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/time.h"

namespace spate {

/// A compiled Spark 3 datetime pattern ("yyyy-MM-dd HH:mm:ss", "dd MMM yyyy", "HH:mm:ss.SSSXXX"),
/// with java.time.DateTimeFormatter's semantics as Spark configures it: case-insensitive parsing,
/// STRICT resolution, 'y' as the proleptic year unless an era 'G' is present, variable-length
/// second fractions when parsing, optional sections in [ ], text in English.
class DateTimePattern {
 public:
  /// Compiles `pattern`; throws IllegalArgumentException with Java's or Spark's message for
  /// patterns Spark rejects (unknown letters, week-based fields, too many letters, and 'E', 'F',
  /// 'q', 'Q' when parsing).
  static std::shared_ptr<const DateTimePattern> compile(std::string_view pattern, bool forParsing);

  const std::string& pattern() const { return pattern_; }

  /// Renders the instant `utcMicros` as seen in `zone`.
  std::string format(int64_t utcMicros, const TimeZone& zone) const;
  void formatTo(std::string& out, int64_t utcMicros, const TimeZone& zone) const;

  /// Parses the whole of `text` into an instant; fields the pattern lacks default to 1970-01-01
  /// 00:00:00 and the zone to `zone`. nullopt when the text does not match or names an invalid
  /// date or time.
  std::optional<int64_t> parse(std::string_view text, const TimeZone& zone) const;

  // Shorthands for the file formats' dateFormat / timestampFormat options.
  std::optional<int64_t> parseTimestamp(std::string_view text, const TimeZone& zone) const {
    return parse(text, zone);
  }
  /// The date the text names (its time fields are checked, then dropped).
  std::optional<int32_t> parseDate(std::string_view text) const {
    auto micros = parse(text, *TimeZone::utc());
    if (!micros) return std::nullopt;
    return static_cast<int32_t>(floorDiv(*micros, kMicrosPerDay));
  }
  std::string formatTimestamp(int64_t utcMicros, const TimeZone& zone) const { return format(utcMicros, zone); }
  std::string formatDate(int32_t days) const { return format(days * kMicrosPerDay, *TimeZone::utc()); }

  // ---- compiled form (shared by the formatting and parsing code) ----
  enum class Field : uint8_t {
    kYear,                   // proleptic year ('y' without 'G')
    kYearOfEra,              // 'y' with 'G'
    kMonth,                  // M, L
    kDayOfMonth,             // d
    kDayOfYear,              // D
    kHourOfDay,              // H
    kClockHourOfDay,         // k (1..24)
    kHourOfAmPm,             // K (0..11)
    kClockHourOfAmPm,        // h (1..12)
    kMinute,                 // m
    kSecond,                 // s
    kAlignedWeekdayOfMonth,  // F
    kQuarter,                // Q, q
    kEra,                    // G
    kAmPm,                   // a
    kDayOfWeek,              // E
    kCount,
  };
  enum class Kind : uint8_t {
    kLiteral,          // `text`
    kNumber,           // field digits: minWidth..maxWidth, sign style, adjacent-parsing reserve
    kReducedYear,      // yy: two digits, 2000..2099
    kText,             // field names: month, weekday, am/pm, era, quarter (`full` for long form)
    kFraction,         // S…: fraction of second, minWidth..maxWidth digits
    kZoneText,         // z: zone abbreviation (`full` for the long name)
    kZoneId,           // VV
    kOffset,           // X, x, Z: `offsetType` indexes Java's "+HH" … "+HH:MM:SS" patterns
    kLocalizedOffset,  // O, ZZZZ: "GMT+8" / "GMT+08:00"
    kOptionalStart,
    kOptionalEnd,
  };
  enum class Sign : uint8_t { kNormal, kNotNegative, kExceedsPad };
  struct Token {
    Kind kind = Kind::kLiteral;
    Field field = Field::kYear;
    Sign sign = Sign::kNormal;
    bool full = false;
    int minWidth = 1;
    int maxWidth = 19;
    /// Adjacent value parsing (java.time): digits to leave for the fixed-width numbers that
    /// follow; -1 once the run was closed by a variable-width number.
    int subsequentWidth = 0;
    int offsetType = 0;
    std::string text;  // literal text, or the text printed for a zero offset
  };
  const std::vector<Token>& tokens() const { return tokens_; }

  DateTimePattern(std::string pattern, std::vector<Token> tokens)
      : pattern_(std::move(pattern)), tokens_(std::move(tokens)) {}

 private:
  std::string pattern_;
  std::vector<Token> tokens_;
};

/// English names java.time prints for ISO fields.
extern const char* const kMonthShortNames[12];
extern const char* const kMonthFullNames[12];
/// Monday first, as java.time's DayOfWeek.
extern const char* const kWeekdayShortNames[7];
extern const char* const kWeekdayFullNames[7];

/// The zone abbreviation java.time prints for pattern 'z' ("PST", "CEST", "UTC", "+02:00").
std::string zoneShortName(const TimeZone& zone, int64_t utcMicros);
/// The long zone name for 'zzzz' ("Pacific Standard Time"); falls back to the abbreviation.
std::string zoneFullName(const TimeZone& zone, int64_t utcMicros);
/// The zone id java.time prints for 'VV': the region name, or a normalised offset id.
std::string zoneIdText(const TimeZone& zone);
/// java.time's ZoneOffset id: "Z", "+02:00", "-05:30", "+01:02:03".
std::string offsetIdText(int64_t offsetSeconds);

}  // namespace spate
