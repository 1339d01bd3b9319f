#include "function/json_tokenizer.h"

#include <cctype>

#include "vector/json_text.h"

namespace spate {

JsonToken JsonTokenizer::fail() {
  failed_ = true;
  current_ = JsonToken::kNotAvailable;
  return current_;
}

void JsonTokenizer::skipWhitespace() {
  while (pos_ < text_.size() && isJsonWhitespace(text_[pos_])) ++pos_;
}

std::string_view JsonTokenizer::currentName() const {
  if (current_ == JsonToken::kStartObject || current_ == JsonToken::kStartArray) {
    if (stack_.size() >= 2 && stack_[stack_.size() - 2].isObject)
      return stack_[stack_.size() - 2].name;
    return {};
  }
  if (stack_.empty() || !stack_.back().isObject) return {};
  return stack_.back().name;
}

bool JsonTokenizer::readString(char quote) {
  size_t start = pos_;
  bool escaped = false;
  for (++pos_; pos_ < text_.size() && text_[pos_] != quote; ++pos_) {
    if (text_[pos_] == '\\') {
      escaped = true;
      ++pos_;
    }
  }
  if (pos_ >= text_.size()) return false;
  ++pos_;
  std::string_view token = text_.substr(start, pos_ - start);
  if (!escaped) {
    currentText_ = token.substr(1, token.size() - 2);
    return true;
  }
  if (!unescapeJsonString(token, decoded_)) return false;
  currentText_ = decoded_;
  return true;
}

bool JsonTokenizer::readNumber() {
  size_t start = pos_;
  if (text_[pos_] == '-') ++pos_;
  auto digit = [&](size_t p) { return p < text_.size() && text_[p] >= '0' && text_[p] <= '9'; };
  if (!digit(pos_)) return false;
  if (text_[pos_] == '0') {
    ++pos_;
    if (digit(pos_)) return false;  // leading zeros are not allowed
  } else {
    while (digit(pos_)) ++pos_;
  }
  bool isFloat = false;
  if (pos_ < text_.size() && text_[pos_] == '.') {
    isFloat = true;
    ++pos_;
    if (!digit(pos_)) return false;
    while (digit(pos_)) ++pos_;
  }
  if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
    isFloat = true;
    ++pos_;
    if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-')) ++pos_;
    if (!digit(pos_)) return false;
    while (digit(pos_)) ++pos_;
  }
  // A root-level number must be followed by white space (Jackson's _verifyRootSpace).
  if (stack_.empty() && pos_ < text_.size() && !isJsonWhitespace(text_[pos_])) return false;
  currentText_ = text_.substr(start, pos_ - start);
  current_ = isFloat ? JsonToken::kNumberFloat : JsonToken::kNumberInt;
  return true;
}

bool JsonTokenizer::readLiteral(std::string_view word, JsonToken token) {
  if (text_.substr(pos_, word.size()) != word) return false;
  size_t end = pos_ + word.size();
  if (end < text_.size()) {
    auto c = static_cast<unsigned char>(text_[end]);
    if (std::isalnum(c) || c == '_' || c == '$' || c >= 0x80) return false;  // "truex"
  }
  pos_ = end;
  currentText_ = word;
  current_ = token;
  return true;
}

JsonToken JsonTokenizer::next() {
  if (failed_) return JsonToken::kNotAvailable;
  skipWhitespace();
  if (pos_ >= text_.size()) {
    if (!stack_.empty()) return fail();  // unexpected end of input
    current_ = JsonToken::kNotAvailable;
    return current_;
  }
  char c = text_[pos_];
  if (!stack_.empty()) {
    Context& ctx = stack_.back();
    if (ctx.isObject && !ctx.expectValue) {
      if (c == '}') {
        ++pos_;
        stack_.pop_back();
        return current_ = JsonToken::kEndObject;
      }
      if (ctx.entries > 0) {
        if (c != ',') return fail();
        ++pos_;
        skipWhitespace();
        if (pos_ >= text_.size()) return fail();
        c = text_[pos_];
      }
      if (c != '"' && c != '\'') return fail();
      if (!readString(c)) return fail();
      skipWhitespace();
      if (pos_ >= text_.size() || text_[pos_] != ':') return fail();
      ++pos_;
      ctx.name.assign(currentText_);
      currentText_ = ctx.name;
      ++ctx.entries;
      ctx.expectValue = true;
      return current_ = JsonToken::kFieldName;
    }
    if (ctx.isObject) {
      ctx.expectValue = false;
    } else {
      if (c == ']') {
        ++pos_;
        stack_.pop_back();
        return current_ = JsonToken::kEndArray;
      }
      if (ctx.entries > 0) {
        if (c != ',') return fail();
        ++pos_;
        skipWhitespace();
        if (pos_ >= text_.size()) return fail();
        c = text_[pos_];
      }
      ++ctx.entries;
    }
  }
  switch (c) {
    case '{':
      ++pos_;
      stack_.push_back({true});
      return current_ = JsonToken::kStartObject;
    case '[':
      ++pos_;
      stack_.push_back({false});
      return current_ = JsonToken::kStartArray;
    case '"':
    case '\'':
      if (!readString(c)) return fail();
      return current_ = JsonToken::kString;
    case 't':
      return readLiteral("true", JsonToken::kTrue) ? current_ : fail();
    case 'f':
      return readLiteral("false", JsonToken::kFalse) ? current_ : fail();
    case 'n':
      return readLiteral("null", JsonToken::kNull) ? current_ : fail();
    default:
      if (c == '-' || (c >= '0' && c <= '9')) return readNumber() ? current_ : fail();
      return fail();
  }
}

bool JsonTokenizer::skipChildren() {
  if (current_ != JsonToken::kStartObject && current_ != JsonToken::kStartArray) return !failed_;
  int depth = 1;
  while (depth > 0) {
    switch (next()) {
      case JsonToken::kStartObject:
      case JsonToken::kStartArray:
        ++depth;
        break;
      case JsonToken::kEndObject:
      case JsonToken::kEndArray:
        --depth;
        break;
      case JsonToken::kNotAvailable:
        return false;
      default:
        break;
    }
  }
  return true;
}

bool JsonTokenizer::copyCurrentStructure(std::string& out) {
  switch (current_) {
    case JsonToken::kFieldName:
      appendJsonString(out, currentText_);
      out += ':';
      next();
      return copyCurrentStructure(out);
    case JsonToken::kStartObject: {
      out += '{';
      bool first = true;
      while (next() == JsonToken::kFieldName) {
        if (!first) out += ',';
        first = false;
        appendJsonString(out, currentText_);
        out += ':';
        next();
        if (!copyCurrentStructure(out)) return false;
      }
      if (current_ != JsonToken::kEndObject) return false;
      out += '}';
      return true;
    }
    case JsonToken::kStartArray: {
      out += '[';
      bool first = true;
      while (next() != JsonToken::kEndArray) {
        if (current_ == JsonToken::kNotAvailable) return false;
        if (!first) out += ',';
        first = false;
        if (!copyCurrentStructure(out)) return false;
      }
      out += ']';
      return true;
    }
    case JsonToken::kString:
      appendJsonString(out, currentText_);
      return true;
    case JsonToken::kNumberInt:
      appendCanonicalJsonNumber(out, currentText_, JsonNumberKind::kInteger);
      return true;
    case JsonToken::kNumberFloat:
      appendCanonicalJsonNumber(out, currentText_, JsonNumberKind::kFloat);
      return true;
    case JsonToken::kTrue:
    case JsonToken::kFalse:
    case JsonToken::kNull:
      out += currentText_;
      return true;
    default:
      return false;  // "No current event to copy"
  }
}

}  // namespace spate
