#include "result_table.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace spate::differential {

Cell Cell::ofBool(bool v) {
  Cell c;
  c.kind = Kind::kBool;
  c.boolean = v;
  return c;
}

Cell Cell::ofInteger(int64_t v) {
  Cell c;
  c.kind = Kind::kNumber;
  c.exact = true;
  c.integer = v;
  c.number = static_cast<double>(v);
  return c;
}

Cell Cell::ofDouble(double v) {
  Cell c;
  c.kind = Kind::kNumber;
  c.number = v;
  return c;
}

Cell Cell::ofString(std::string v) {
  Cell c;
  c.kind = Kind::kString;
  c.text = std::move(v);
  return c;
}

Cell Cell::ofNumberText(const std::string& v) {
  // An integer spelled without fraction or exponent that fits 64 bits is exact; "12.000" (NUMERIC
  // avg of equal integers) is compared as a double, and that is exact for such values anyway.
  if (!v.empty() && v.find_first_of(".eEnN") == std::string::npos) {
    errno = 0;
    char* end = nullptr;
    long long i = std::strtoll(v.c_str(), &end, 10);
    if (errno == 0 && end && *end == '\0') return ofInteger(i);
  }
  Cell c = ofDouble(std::strtod(v.c_str(), nullptr));
  return c;
}

std::string Cell::toString() const {
  switch (kind) {
    case Kind::kNull:
      return "NULL";
    case Kind::kBool:
      return boolean ? "true" : "false";
    case Kind::kNumber: {
      if (exact) return std::to_string(integer);
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.17g", number);
      return buf;
    }
    case Kind::kString:
      return "'" + text + "'";
  }
  return "?";
}

namespace {

bool numbersEqual(const Cell& a, const Cell& b, double tolerance) {
  if (a.exact && b.exact) return a.integer == b.integer;
  double x = a.number, y = b.number;
  if (std::isnan(x) || std::isnan(y)) return std::isnan(x) && std::isnan(y);
  if (std::isinf(x) || std::isinf(y)) return x == y;
  // Relative, with an absolute floor of `tolerance` near zero (sums that cancel).
  double scale = std::max({1.0, std::fabs(x), std::fabs(y)});
  return std::fabs(x - y) <= tolerance * scale;
}

bool cellsEqual(const Cell& a, const Cell& b, double tolerance) {
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case Cell::Kind::kNull:
      return true;
    case Cell::Kind::kBool:
      return a.boolean == b.boolean;
    case Cell::Kind::kNumber:
      return numbersEqual(a, b, tolerance);
    case Cell::Kind::kString:
      return a.text == b.text;
  }
  return false;
}

// Orders cells of one column so that both engines' rows sort alike: numbers within the tolerance
// are equal, so tiny floating-point differences in one column defer to the next.
int compareCells(const Cell& a, const Cell& b, double tolerance) {
  if (a.kind != b.kind) return a.kind < b.kind ? -1 : 1;
  switch (a.kind) {
    case Cell::Kind::kNull:
      return 0;
    case Cell::Kind::kBool:
      return a.boolean == b.boolean ? 0 : (a.boolean ? 1 : -1);
    case Cell::Kind::kNumber:
      if (numbersEqual(a, b, tolerance)) return 0;
      if (a.exact && b.exact) return a.integer < b.integer ? -1 : 1;
      return a.number < b.number ? -1 : 1;
    case Cell::Kind::kString:
      return a.text.compare(b.text) < 0 ? -1 : (a.text == b.text ? 0 : 1);
  }
  return 0;
}

std::vector<ResultRow> sortedRows(const ResultTable& table, double tolerance) {
  std::vector<ResultRow> rows = table.rows;
  // stable_sort tolerates the tolerance making the order not quite a strict weak order.
  std::stable_sort(rows.begin(), rows.end(), [tolerance](const ResultRow& a, const ResultRow& b) {
    for (size_t i = 0; i < a.size() && i < b.size(); ++i) {
      int c = compareCells(a[i], b[i], tolerance);
      if (c != 0) return c < 0;
    }
    return a.size() < b.size();
  });
  return rows;
}

std::string formatRow(const ResultRow& row) {
  std::string out;
  for (size_t i = 0; i < row.size(); ++i) out += (i ? " | " : "") + row[i].toString();
  return out;
}

}  // namespace

std::optional<std::string> compareResults(const ResultTable& actual, const ResultTable& expected,
                                          const CompareOptions& options) {
  if (actual.numColumns != expected.numColumns)
    return "column count " + std::to_string(actual.numColumns) + " vs " +
           std::to_string(expected.numColumns);
  if (actual.rows.size() != expected.rows.size())
    return "row count " + std::to_string(actual.rows.size()) + " vs " +
           std::to_string(expected.rows.size());
  std::vector<ResultRow> a = options.ordered ? actual.rows : sortedRows(actual, options.tolerance);
  std::vector<ResultRow> e =
      options.ordered ? expected.rows : sortedRows(expected, options.tolerance);
  for (size_t r = 0; r < a.size(); ++r) {
    for (size_t c = 0; c < a[r].size() && c < e[r].size(); ++c) {
      if (!cellsEqual(a[r][c], e[r][c], options.tolerance))
        return std::string(options.ordered ? "row " : "sorted row ") + std::to_string(r) +
               ", column " + std::to_string(c) + ": " + a[r][c].toString() + " vs " +
               e[r][c].toString() + "  [" + formatRow(a[r]) + "] vs [" + formatRow(e[r]) + "]";
    }
  }
  return std::nullopt;
}

ResultTable comparisonOrder(const ResultTable& table, const CompareOptions& options) {
  if (options.ordered) return table;
  return {table.numColumns, sortedRows(table, options.tolerance)};
}

std::string formatTable(const ResultTable& table, size_t maxRows) {
  std::string out;
  for (size_t r = 0; r < table.rows.size() && r < maxRows; ++r)
    out += "    " + formatRow(table.rows[r]) + "\n";
  if (table.rows.size() > maxRows)
    out += "    … " + std::to_string(table.rows.size() - maxRows) + " more rows\n";
  if (table.rows.empty()) out += "    (no rows)\n";
  return out;
}

}  // namespace spate::differential
