#include "common/terminal_output.h"

#include <mutex>

namespace spate {

namespace {

// One lock for everything written to the terminal, so a line and the overlay never interleave.
std::recursive_mutex& terminalMutex() {
  static std::recursive_mutex mutex;
  return mutex;
}

TerminalOverlay* overlay = nullptr;  // guarded by terminalMutex()

}  // namespace

void setTerminalOverlay(TerminalOverlay* newOverlay) {
  std::lock_guard lock(terminalMutex());
  overlay = newOverlay;
}

void withTerminalOutput(const std::function<void()>& write) {
  std::lock_guard lock(terminalMutex());
  // Recursive: a write that itself logs (a failing stream) must not deadlock; the nested call then
  // finds the overlay already hidden and hides/shows it again harmlessly.
  TerminalOverlay* current = overlay;
  if (current) current->hide();
  write();
  if (current) current->show();
}

void redrawTerminalOverlay() {
  std::lock_guard lock(terminalMutex());
  if (overlay) overlay->show();
}

}  // namespace spate
