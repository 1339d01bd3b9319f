// Spark 3.5's Dataset.showString, reproduced byte for byte (spec §4.1).
#include "vector/show.h"

#include <algorithm>
#include <vector>

namespace spate {

namespace {

// Decodes one UTF-8 code point at s[i], advancing i. Invalid bytes count as one character.
uint32_t nextCodePoint(const std::string& s, size_t& i) {
  auto b = static_cast<unsigned char>(s[i]);
  int len = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 1;
  if (i + len > s.size()) len = 1;
  uint32_t cp = len == 1 ? b : b & (0x7f >> len);
  for (int k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3f);
  i += len;
  return cp;
}

// Java counts UTF-16 code units; supplementary characters count twice.
size_t javaLength(const std::string& s) {
  size_t n = 0;
  for (size_t i = 0; i < s.size();) n += nextCodePoint(s, i) >= 0x10000 ? 2 : 1;
  return n;
}

// Spark's Utils.stringHalfWidth: East Asian full-width characters take two columns.
bool isFullWidth(uint32_t cp) {
  return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
         (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
         (cp >= 0xFFE0 && cp <= 0xFFE6);
}

size_t displayWidth(const std::string& s) {
  size_t n = 0;
  for (size_t i = 0; i < s.size();) {
    uint32_t cp = nextCodePoint(s, i);
    n += cp >= 0x10000 ? 2 : isFullWidth(cp) ? 2 : 1;
  }
  return n;
}

// First `units` UTF-16 code units of s.
std::string javaSubstring(const std::string& s, size_t units) {
  size_t n = 0, i = 0;
  while (i < s.size()) {
    size_t start = i;
    uint32_t cp = nextCodePoint(s, i);
    size_t w = cp >= 0x10000 ? 2 : 1;
    if (n + w > units) return s.substr(0, start);
    n += w;
  }
  return s;
}

std::string escapeMetaCharacters(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\f': out += "\\f"; break;
      case '\b': out += "\\b"; break;
      case '\v': out += "\\v"; break;
      case '\a': out += "\\a"; break;
      default: out += c;
    }
  }
  return out;
}

std::string pad(const std::string& cell, size_t width, bool left) {
  size_t w = displayWidth(cell);
  if (w >= width) return cell;
  return left ? std::string(width - w, ' ') + cell : cell + std::string(width - w, ' ');
}

}  // namespace

std::string showString(const Batch& batch, int numRows, int truncate, bool vertical, const TimeZone& zone) {
  const auto& fields = batch.schema()->fields();
  int64_t available = batch.numRows();
  bool hasMoreData = available > numRows;
  int64_t shown = std::min<int64_t>(available, std::max(numRows, 0));

  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> header;
  for (const auto& f : fields) header.push_back(escapeMetaCharacters(f.name));
  rows.push_back(header);
  for (int64_t r = 0; r < shown; ++r) {
    std::vector<Value> values = batch.rowAt(r);
    std::vector<std::string> cells;
    for (size_t c = 0; c < fields.size(); ++c) {
      std::string cell = escapeMetaCharacters(formatValue(values[c], *fields[c].type, zone, true));
      if (truncate > 0 && javaLength(cell) > static_cast<size_t>(truncate)) {
        cell = truncate < 4 ? javaSubstring(cell, truncate) : javaSubstring(cell, truncate - 3) + "...";
      }
      cells.push_back(std::move(cell));
    }
    rows.push_back(std::move(cells));
  }

  constexpr size_t kMinimumColWidth = 3;
  std::string sb;
  if (!vertical) {
    std::vector<size_t> widths(fields.size(), kMinimumColWidth);
    for (const auto& row : rows)
      for (size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], displayWidth(row[c]));
    std::string sep = "+";
    for (size_t w : widths) sep += std::string(w, '-') + "+";
    sep += "\n";
    auto appendRow = [&](const std::vector<std::string>& row) {
      sb += "|";
      for (size_t c = 0; c < row.size(); ++c) sb += pad(row[c], widths[c], truncate > 0) + "|";
      sb += "\n";
    };
    sb += sep;
    appendRow(rows[0]);
    sb += sep;
    for (size_t r = 1; r < rows.size(); ++r) appendRow(rows[r]);
    sb += sep;
  } else {
    size_t nameWidth = kMinimumColWidth, dataWidth = kMinimumColWidth;
    for (const auto& name : rows[0]) nameWidth = std::max(nameWidth, displayWidth(name));
    for (size_t r = 1; r < rows.size(); ++r)
      for (const auto& cell : rows[r]) dataWidth = std::max(dataWidth, displayWidth(cell));
    for (size_t r = 1; r < rows.size(); ++r) {
      std::string head = "-RECORD " + std::to_string(r - 1);
      size_t total = nameWidth + dataWidth + 5;
      if (head.size() < total) head += std::string(total - head.size(), '-');
      sb += head + "\n";
      for (size_t c = 0; c < rows[r].size(); ++c)
        sb += " " + pad(rows[0][c], nameWidth, false) + " | " + pad(rows[r][c], dataWidth, false) + " \n";
    }
    if (rows.size() == 1) sb += "(0 rows)\n";
  }
  if (hasMoreData) sb += "only showing top " + std::to_string(numRows) + (numRows == 1 ? " row\n" : " rows\n");
  return sb;
}

}  // namespace spate
