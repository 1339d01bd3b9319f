#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace spate {

enum class JsonToken {
  kNotAvailable,  ///< end of input (Jackson's null token)
  kStartObject,
  kEndObject,
  kStartArray,
  kEndArray,
  kFieldName,
  kString,
  kNumberInt,
  kNumberFloat,
  kTrue,
  kFalse,
  kNull,
};

/// A streaming JSON tokenizer with Jackson's JsonParser semantics, configured as Spark's
/// SharedFactory for get_json_object, json_tuple, json_array_length and json_object_keys: single
/// quotes and unescaped control characters are accepted; everything else is strict (no comments,
/// no leading zeros, no trailing commas). Like Jackson it reads only as far as it is asked to, so
/// text after the first value is never looked at unless requested.
///
/// Malformed input makes next() return kNotAvailable and sets failed() (Jackson would throw).
class JsonTokenizer {
 public:
  explicit JsonTokenizer(std::string_view text) : text_(text) {}

  JsonToken next();
  JsonToken current() const { return current_; }
  bool failed() const { return failed_; }

  /// Decoded text of the current string or field name; the token text of a number or literal.
  std::string_view text() const { return currentText_; }
  /// Name of the field the current token belongs to (Jackson's getCurrentName).
  std::string_view currentName() const;

  /// Jackson's skipChildren: on a start token, moves to its matching end token.
  bool skipChildren();
  /// Jackson's JsonGenerator.copyCurrentStructure: appends the current value (with its children)
  /// compactly, strings re-escaped and numbers re-printed as Jackson does, and moves past it.
  bool copyCurrentStructure(std::string& out);

 private:
  struct Context {
    bool isObject;
    int entries = 0;           // values (array) or fields (object) started
    bool expectValue = false;  // object: a field name was read, its value comes next
    std::string name;
  };
  JsonToken fail();
  void skipWhitespace();
  bool readString(char quote);
  bool readNumber();
  bool readLiteral(std::string_view word, JsonToken token);

  std::string_view text_;
  size_t pos_ = 0;
  JsonToken current_ = JsonToken::kNotAvailable;
  bool failed_ = false;
  std::vector<Context> stack_;
  std::string_view currentText_;
  std::string decoded_;
  bool rootDone_ = false;
};

}  // namespace spate
