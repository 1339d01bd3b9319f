#pragma once

// `spate run`'s live status on a terminal: a StreamingQueryListener feeding a StatusBoard, drawn
// as the terminal overlay, so log lines and console-sink batches are written above it. Progress
// only marks the board changed; a drawing thread redraws at most 10 times a second (a query with
// the default trigger can run thousands of batches a second). Starts and ends are drawn at once.

#include <condition_variable>
#include <mutex>
#include <thread>

#include "common/terminal_output.h"
#include "status_board.h"
#include "streaming/listener.h"

namespace spate::cli {

/// Whether `spate run` should draw the live status: stdout is a terminal that understands cursor
/// control (TERM is set and not "dumb").
bool liveStatusSupported();

/// The size of the terminal on stdout (COLUMNS/LINES, then 80x24, when it cannot be asked).
TerminalSize terminalSize();

class TerminalStatus : public streaming::StreamingQueryListener, public TerminalOverlay {
 public:
  /// Installs itself as the terminal overlay and starts drawing.
  TerminalStatus();
  /// Calls close().
  ~TerminalStatus() override;
  TerminalStatus(const TerminalStatus&) = delete;
  TerminalStatus& operator=(const TerminalStatus&) = delete;

  /// Stops drawing: prints the lines of queries that ended, erases the live lines and removes the
  /// overlay. Idempotent.
  void close();

  void onQueryStarted(const streaming::QueryStartedEvent& event) override;
  void onQueryProgress(const streaming::QueryProgressEvent& event) override;
  void onQueryTerminated(const streaming::QueryTerminatedEvent& event) override;

  void hide() override;
  void show() override;

 private:
  void drawLoop();
  void write(const std::string& text);

  std::mutex mutex_;  // guards board_ and closed_; taken under the terminal lock, never around it
  std::condition_variable wake_;
  StatusBoard board_;
  bool closed_ = false;
  std::thread drawer_;
};

}  // namespace spate::cli
