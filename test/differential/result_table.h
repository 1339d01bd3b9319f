#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace spate::differential {

/// One result value in an engine-neutral form: both engines' values are mapped to these kinds, so
/// that an INT from Spate equals a NUMERIC from PostgreSQL when their values are equal.
struct Cell {
  enum class Kind { kNull, kBool, kNumber, kString };
  Kind kind = Kind::kNull;
  bool boolean = false;
  /// Numbers: `exact` ones (integers, and decimals without a fraction) compare exactly as
  /// `integer`; the others as doubles with a tolerance.
  bool exact = false;
  int64_t integer = 0;
  double number = 0;
  std::string text;  ///< strings, dates and timestamps as text

  static Cell null() { return {}; }
  static Cell ofBool(bool v);
  static Cell ofInteger(int64_t v);
  static Cell ofDouble(double v);
  static Cell ofString(std::string v);
  /// A decimal number as text ("12", "-0.50", "1e5", "NaN"): exact when it is an integer.
  static Cell ofNumberText(const std::string& v);

  std::string toString() const;
};

using ResultRow = std::vector<Cell>;

struct ResultTable {
  size_t numColumns = 0;
  std::vector<ResultRow> rows;
};

struct CompareOptions {
  bool ordered = false;     ///< compare rows in order (ORDER BY makes it total)
  double tolerance = 1e-9;  ///< relative tolerance for inexact numbers
};

/// Returns nullopt when the tables hold the same rows (in the same order when `ordered`, as
/// multisets otherwise), else a one-line description of the first difference.
std::optional<std::string> compareResults(const ResultTable& actual, const ResultTable& expected,
                                          const CompareOptions& options);

/// The rows in the order they are compared: as they are when `ordered`, else sorted.
ResultTable comparisonOrder(const ResultTable& table, const CompareOptions& options);

/// The table as text, one row per line, at most `maxRows` rows.
std::string formatTable(const ResultTable& table, size_t maxRows);

}  // namespace spate::differential
