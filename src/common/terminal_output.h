#pragma once

// Output that shares the terminal with a live display. `spate run` draws one status line per query
// at the bottom of the terminal and redraws it in place; a log line or a console sink batch written
// in between would be overwritten or would leave the display torn. Engine code that writes to
// stdout or stderr does so through withTerminalOutput, which erases the display first and draws it
// again below the new text. Without a display installed it just runs the write.

#include <functional>
#include <string_view>

namespace spate {

/// A display kept below all other terminal output. Its methods are called with the terminal lock
/// held: they write to the terminal themselves and must not log or call withTerminalOutput.
class TerminalOverlay {
 public:
  virtual ~TerminalOverlay() = default;
  /// Erases what the overlay drew, leaving the cursor where other output should go.
  virtual void hide() = 0;
  /// Draws the overlay again, below the output written since hide().
  virtual void show() = 0;
};

/// Installs `overlay` (nullptr removes it). The caller keeps it alive until it is removed.
void setTerminalOverlay(TerminalOverlay* overlay);

/// Runs `write` (which writes whole lines to stdout or stderr and flushes them) under the terminal
/// lock, with the overlay hidden around it.
void withTerminalOutput(const std::function<void()>& write);

/// Lets the overlay redraw itself (under the terminal lock) after its content changed.
void redrawTerminalOverlay();

}  // namespace spate
