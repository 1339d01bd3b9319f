#include "common/terminal_output.h"

#include <gtest/gtest.h>

#include <string>

namespace spate {
namespace {

class RecordingOverlay : public TerminalOverlay {
 public:
  void hide() override { calls += "hide "; }
  void show() override { calls += "show "; }
  std::string calls;
};

TEST(TerminalOutputTest, OutputGoesBetweenHideAndShow) {
  RecordingOverlay overlay;
  setTerminalOverlay(&overlay);
  withTerminalOutput([&] { overlay.calls += "write "; });
  redrawTerminalOverlay();
  setTerminalOverlay(nullptr);
  EXPECT_EQ(overlay.calls, "hide write show show ");

  // Removed: writes run alone and nothing is redrawn.
  withTerminalOutput([&] { overlay.calls += "alone "; });
  redrawTerminalOverlay();
  EXPECT_EQ(overlay.calls, "hide write show show alone ");
}

TEST(TerminalOutputTest, NestedOutputDoesNotDeadlock) {
  RecordingOverlay overlay;
  setTerminalOverlay(&overlay);
  withTerminalOutput([&] { withTerminalOutput([&] { overlay.calls += "inner "; }); });
  setTerminalOverlay(nullptr);
  EXPECT_EQ(overlay.calls, "hide hide inner show show ");
}

}  // namespace
}  // namespace spate
