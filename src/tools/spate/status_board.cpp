#include "status_board.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace spate::cli {

namespace {

// Query names and error messages come from users and servers: control characters (an escape
// sequence in a name) must not reach the terminal, and a line must stay one line.
std::string printable(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  return out;
}

std::string firstLine(const std::string& text) { return text.substr(0, text.find('\n')); }

// The largest maxOffsetsBehindLatest any source reports (Kafka's per-source metric), if any.
std::optional<int64_t> sourceLag(const streaming::StreamingQueryProgress& progress) {
  std::optional<int64_t> lag;
  for (const auto& source : progress.sources) {
    auto it = source.metrics.find("maxOffsetsBehindLatest");
    if (it == source.metrics.end()) continue;
    char* end = nullptr;
    long long value = std::strtoll(it->second.c_str(), &end, 10);
    if (end == it->second.c_str()) continue;
    lag = std::max(lag.value_or(value), static_cast<int64_t>(value));
  }
  return lag;
}

std::string cursorUp(int lines) { return "\r\x1b[" + std::to_string(lines) + "A"; }

constexpr const char* kEraseToEndOfLine = "\x1b[K";
constexpr const char* kEraseBelow = "\x1b[J";

}  // namespace

std::string formatRate(double rowsPerSecond) {
  if (std::isnan(rowsPerSecond)) return "-";
  static const char* kSuffixes[] = {"", "k", "M", "G"};
  double scaled = rowsPerSecond;
  size_t unit = 0;
  // Pick the unit after rounding, so 999.96 prints as 1.0k rather than 1000.0.
  while (unit + 1 < std::size(kSuffixes) && std::round(std::abs(scaled) * 10) >= 10000) {
    scaled /= 1000;
    ++unit;
  }
  return fmt::format("{:.1f}{}", scaled, kSuffixes[unit]);
}

std::string fitToWidth(const std::string& text, int columns) {
  if (columns <= 0) return "";
  // Byte offsets where each code point starts (UTF-8 continuation bytes are 10xxxxxx).
  std::vector<size_t> starts;
  for (size_t i = 0; i < text.size(); ++i)
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) starts.push_back(i);
  if (static_cast<int>(starts.size()) <= columns) return text;
  if (columns <= 3) return text.substr(0, starts[columns]);
  return text.substr(0, starts[columns - 3]) + "...";
}

std::string statusLine(const std::string& label,
                       const std::optional<streaming::StreamingQueryProgress>& last,
                       const std::string& state) {
  std::string head = label + "  " + (state.empty() ? std::string(last ? "" : "starting") : state);
  if (!last) return head;
  if (!state.empty()) head += "  ";
  std::string line = fmt::format("{}batch {}  in {} rows/s  processed {} rows/s", head,
                                 last->batchId, formatRate(last->inputRowsPerSecond()),
                                 formatRate(last->processedRowsPerSecond()));
  // The lag before the (long) watermark: on a narrow terminal the end of the line is cut.
  if (auto lag = sourceLag(*last)) line += "  lag " + std::to_string(*lag);
  if (auto it = last->eventTime.find("watermark"); it != last->eventTime.end())
    line += "  watermark " + it->second;
  return line;
}

StatusBoard::Query* StatusBoard::find(const std::string& id) {
  for (auto& q : queries_)
    if (q.id == id) return &q;
  return nullptr;
}

void StatusBoard::started(const std::string& id, const std::optional<std::string>& name) {
  Query* q = find(id);
  if (!q) q = &queries_.emplace_back();
  q->id = id;
  q->label = printable(name && !name->empty() ? *name : id.substr(0, 8));
  q->last.reset();
  changed_ = true;
}

void StatusBoard::progress(const streaming::StreamingQueryProgress& progress) {
  Query* q = find(progress.id);
  if (!q) {
    // A query started before the board existed.
    started(progress.id, progress.name);
    q = find(progress.id);
  }
  q->last = progress;
  changed_ = true;
}

void StatusBoard::terminated(const std::string& id, const std::optional<std::string>& error) {
  auto it =
      std::find_if(queries_.begin(), queries_.end(), [&](const Query& q) { return q.id == id; });
  if (it == queries_.end()) return;
  // The outcome first: the end of a long line is cut on a narrow terminal.
  finished_.push_back(statusLine(it->label, it->last,
                                 error ? "failed: " + printable(firstLine(*error)) : "stopped"));
  queries_.erase(it);
  changed_ = true;
}

std::string StatusBoard::redraw(TerminalSize size) {
  std::vector<std::string> live;
  size_t maxLive = static_cast<size_t>(std::max(size.height - 1, 1));
  for (const auto& q : queries_) {
    if (live.size() + 1 == maxLive && queries_.size() > maxLive) {
      live.push_back(fmt::format("... and {} more queries", queries_.size() - live.size()));
      break;
    }
    live.push_back(statusLine(q.label, q.last));
  }
  changed_ = false;
  if (drawnLines_ == 0 && finished_.empty() && live.empty()) return "";
  std::string out;
  if (drawnLines_ > 0) out += cursorUp(drawnLines_);
  for (const auto& line : finished_)
    out += fitToWidth(line, size.width - 1) + kEraseToEndOfLine + "\n";
  for (const auto& line : live) out += fitToWidth(line, size.width - 1) + kEraseToEndOfLine + "\n";
  out += kEraseBelow;
  finished_.clear();
  drawnLines_ = static_cast<int>(live.size());
  return out;
}

std::string StatusBoard::erase() {
  if (drawnLines_ == 0) return "";
  std::string out = cursorUp(drawnLines_) + kEraseBelow;
  drawnLines_ = 0;
  return out;
}

}  // namespace spate::cli
