#pragma once

// JSON text exactly as Spark's json4s-jackson prints it: compact (Jackson's default generator) or
// pretty (Jackson's DefaultPrettyPrinter: objects one entry per line with 2-space indent and
// `" : "`, arrays inline `[ 1, 2 ]` / `[ {` … `} ]`, empty containers `{ }` / `[ ]`, no trailing
// newline). Strings are escaped as Jackson does (\" \\ \b \f \n \r \t, other control characters
// as \u00XX with upper-case hex, everything else verbatim); doubles print as Java's
// Double.toString.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace spate::streaming {

class JsonWriter {
 public:
  explicit JsonWriter(bool pretty) : pretty_(pretty) {}

  void beginObject();
  void endObject();
  /// The next entry's name in the current object; a value call must follow.
  void key(std::string_view name);
  void beginArray();
  void endArray();

  void string(std::string_view value);
  void null();
  void boolean(bool value);
  void integer(int64_t value);
  /// Java's Double.toString; NaN/Infinity as Jackson quotes them ("NaN", "Infinity").
  void number(double value);
  /// A JSON integer given as text (an integer too large for int64), written verbatim.
  void integerText(std::string_view digits);

  /// Embeds `json` as a JSON value the way Spark embeds offsets (json4s parse, then render):
  /// valid JSON is re-rendered in this writer's style (key order kept, integers exact, decimals
  /// as Java doubles); anything else is written as a JSON string.
  void embedJson(std::string_view json);

  /// The text written so far.
  const std::string& text() const { return out_; }
  std::string take() { return std::move(out_); }

 private:
  struct Frame {
    bool isObject;
    int64_t entries;
  };
  void beforeValue();
  void indent();

  bool pretty_;
  std::string out_;
  std::vector<Frame> stack_;
  // Nesting of objects only: Jackson's arrays are inline and do not indent.
  int objectDepth_ = 0;
};

/// Appends `value` as a quoted, Jackson-escaped JSON string.
void appendJsonString(std::string& out, std::string_view value);

}  // namespace spate::streaming
