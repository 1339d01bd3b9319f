#include "terminal_status.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace spate::cli {

namespace {

constexpr auto kRedrawInterval = std::chrono::milliseconds(100);

int envInt(const char* name, int fallback) {
  const char* value = std::getenv(name);
  if (!value) return fallback;
  int n = std::atoi(value);
  return n > 0 ? n : fallback;
}

}  // namespace

bool liveStatusSupported() {
  const char* term = std::getenv("TERM");
  return isatty(STDOUT_FILENO) && term && *term && std::strcmp(term, "dumb") != 0;
}

TerminalSize terminalSize() {
  winsize ws{};
  if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 && ws.ws_row > 0)
    return {ws.ws_col, ws.ws_row};
  return {envInt("COLUMNS", 80), envInt("LINES", 24)};
}

TerminalStatus::TerminalStatus() {
  setTerminalOverlay(this);
  drawer_ = std::thread([this] { drawLoop(); });
}

TerminalStatus::~TerminalStatus() { close(); }

void TerminalStatus::close() {
  {
    std::lock_guard lock(mutex_);
    if (closed_) return;
    closed_ = true;
  }
  wake_.notify_all();
  if (drawer_.joinable()) drawer_.join();
  // The last state (the lines of ended queries stay), and nothing live below the final output.
  withTerminalOutput([this] {
    std::lock_guard lock(mutex_);
    write(board_.redraw(terminalSize()) + board_.erase());
  });
  setTerminalOverlay(nullptr);
}

void TerminalStatus::onQueryStarted(const streaming::QueryStartedEvent& event) {
  {
    std::lock_guard lock(mutex_);
    board_.started(event.id, event.name);
  }
  redrawTerminalOverlay();
}

void TerminalStatus::onQueryProgress(const streaming::QueryProgressEvent& event) {
  std::lock_guard lock(mutex_);
  board_.progress(event.progress);  // drawn by the drawing thread
}

void TerminalStatus::onQueryTerminated(const streaming::QueryTerminatedEvent& event) {
  {
    std::lock_guard lock(mutex_);
    board_.terminated(event.id, event.exception);
  }
  redrawTerminalOverlay();
}

void TerminalStatus::hide() {
  std::lock_guard lock(mutex_);
  write(board_.erase());
}

void TerminalStatus::show() {
  std::lock_guard lock(mutex_);
  if (closed_) return;
  write(board_.redraw(terminalSize()));
}

void TerminalStatus::drawLoop() {
  std::unique_lock lock(mutex_);
  while (!closed_) {
    wake_.wait_for(lock, kRedrawInterval, [this] { return closed_; });
    if (closed_ || !board_.changed()) continue;
    // The terminal lock comes first (lock order: terminal, then this mutex).
    lock.unlock();
    redrawTerminalOverlay();
    lock.lock();
  }
}

void TerminalStatus::write(const std::string& text) {
  if (text.empty()) return;
  // One write per frame: the terminal never shows a half-drawn status.
  std::fflush(stdout);
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fflush(stdout);
}

}  // namespace spate::cli
