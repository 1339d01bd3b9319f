#pragma once

#include <optional>
#include <string_view>

namespace spate {

/// A streaming query's output mode (Spark's OutputMode).
enum class OutputMode { kAppend, kUpdate, kComplete };

/// "append" / "update" / "complete" in any case; nullopt for anything else.
inline std::optional<OutputMode> parseOutputMode(std::string_view text) {
  auto equals = [&](std::string_view name) {
    if (text.size() != name.size()) return false;
    for (size_t i = 0; i < text.size(); ++i)
      if ((text[i] | 0x20) != name[i]) return false;
    return true;
  };
  if (equals("append")) return OutputMode::kAppend;
  if (equals("update")) return OutputMode::kUpdate;
  if (equals("complete")) return OutputMode::kComplete;
  return std::nullopt;
}

/// Spark's capitalised name, as in its messages: "Append", "Update", "Complete".
inline const char* outputModeName(OutputMode mode) {
  switch (mode) {
    case OutputMode::kAppend: return "Append";
    case OutputMode::kUpdate: return "Update";
    case OutputMode::kComplete: return "Complete";
  }
  return "Append";
}

}  // namespace spate
