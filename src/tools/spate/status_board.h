#pragma once

// What `spate run` shows on a terminal while its queries run: one status line per query (name or
// id, batch, input and processed rows per second, watermark, source lag), redrawn in place with
// ANSI cursor control. This is the model and the drawing as text; TerminalStatus feeds it from a
// StreamingQueryListener and writes the text to the terminal.
//
// Drawing overwrites the previous lines instead of clearing them first (no flicker): the cursor
// goes up to the first status line, each line is rewritten and erased to its end, and whatever is
// left below is erased. The cursor rests at the start of the line after the status lines, so other
// output written after erase() appears above them.

#include <optional>
#include <string>
#include <vector>

#include "streaming/progress.h"

namespace spate::cli {

/// A terminal's size in character cells.
struct TerminalSize {
  int width = 80;
  int height = 24;
};

class StatusBoard {
 public:
  void started(const std::string& id, const std::optional<std::string>& name);
  void progress(const streaming::StreamingQueryProgress& progress);
  /// The query ended; its last line is printed once more, above the live lines, and stays there.
  void terminated(const std::string& id, const std::optional<std::string>& error);

  /// The text that brings the terminal from what was drawn last to the current state. Lines are
  /// cut to width − 1 columns (a full-width line would wrap in some terminals), and at most
  /// height − 1 live lines are shown.
  std::string redraw(TerminalSize size);
  /// The text that erases the live lines; the cursor goes back to where the first one was.
  std::string erase();
  /// Whether something changed since the last redraw.
  bool changed() const { return changed_; }
  /// How many live lines are on the terminal now.
  int drawnLines() const { return drawnLines_; }

 private:
  struct Query {
    std::string id;
    std::string label;
    std::optional<streaming::StreamingQueryProgress> last;
  };
  Query* find(const std::string& id);

  std::vector<Query> queries_;         // running, in start order
  std::vector<std::string> finished_;  // lines of ended queries, printed at the next redraw
  int drawnLines_ = 0;
  bool changed_ = false;
};

/// One query's status line, not cut: "clicks  batch 12  in 1.2k rows/s  processed 45.0k rows/s
/// lag 17  watermark 2024-01-01T00:00:10.000Z" (lag and watermark when known), or "clicks
/// starting" before its first batch. `label` is the query name or the first 8 characters of its
/// id; a `state` ("stopped", "failed: …") comes right after it.
std::string statusLine(const std::string& label,
                       const std::optional<streaming::StreamingQueryProgress>& last,
                       const std::string& state = "");

/// Rows per second with one decimal and a k/M/G suffix from 1000 on ("0.0", "999.9", "1.0k",
/// "12.3M"); "-" for NaN (Spark reports no rate when a batch took 0 ms).
std::string formatRate(double rowsPerSecond);

/// `text` cut to at most `columns` characters (UTF-8 aware), ending in "..." when cut.
std::string fitToWidth(const std::string& text, int columns);

}  // namespace spate::cli
