#include "streaming/json_writer.h"

#include <cmath>
#include <nlohmann/json.hpp>

#include "common/strings.h"

namespace spate::streaming {

namespace {

// Replays a parsed document into a JsonWriter (the json4s parse + render round trip).
class ReplayHandler : public nlohmann::json_sax<nlohmann::json> {
 public:
  explicit ReplayHandler(JsonWriter& writer) : writer_(writer) {}

  bool null() override {
    writer_.null();
    return true;
  }
  bool boolean(bool value) override {
    writer_.boolean(value);
    return true;
  }
  bool number_integer(number_integer_t value) override {
    writer_.integer(value);
    return true;
  }
  bool number_unsigned(number_unsigned_t value) override {
    if (value <= static_cast<number_unsigned_t>(INT64_MAX)) {
      writer_.integer(static_cast<int64_t>(value));
    } else {
      writer_.integerText(std::to_string(value));
    }
    return true;
  }
  bool number_float(number_float_t value, const string_t& text) override {
    // Integers beyond 64 bits arrive here; json4s keeps them exact (BigInt).
    if (text.find_first_of(".eE") == string_t::npos) {
      writer_.integerText(text);
    } else {
      writer_.number(value);
    }
    return true;
  }
  bool string(string_t& value) override {
    writer_.string(value);
    return true;
  }
  bool binary(binary_t&) override { return false; }
  bool start_object(std::size_t) override {
    writer_.beginObject();
    return true;
  }
  bool key(string_t& name) override {
    writer_.key(name);
    return true;
  }
  bool end_object() override {
    writer_.endObject();
    return true;
  }
  bool start_array(std::size_t) override {
    writer_.beginArray();
    return true;
  }
  bool end_array() override {
    writer_.endArray();
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    return false;
  }

 private:
  JsonWriter& writer_;
};

constexpr char kHexDigits[] = "0123456789ABCDEF";

}  // namespace

void appendJsonString(std::string& out, std::string_view value) {
  out += '"';
  for (char c : value) {
    auto u = static_cast<unsigned char>(c);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (u < 0x20) {
          out += "\\u00";
          out += kHexDigits[u >> 4];
          out += kHexDigits[u & 0xF];
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

void JsonWriter::indent() {
  out_ += '\n';
  out_.append(static_cast<size_t>(objectDepth_) * 2, ' ');
}

void JsonWriter::beforeValue() {
  if (stack_.empty()) return;
  Frame& top = stack_.back();
  if (top.isObject) return;  // key() already wrote the separator
  if (top.entries > 0) out_ += ',';
  if (pretty_) out_ += ' ';
  ++top.entries;
}

void JsonWriter::beginObject() {
  beforeValue();
  out_ += '{';
  stack_.push_back({true, 0});
  ++objectDepth_;
}

void JsonWriter::endObject() {
  --objectDepth_;
  if (pretty_) {
    if (stack_.back().entries > 0) {
      indent();
    } else {
      out_ += ' ';
    }
  }
  out_ += '}';
  stack_.pop_back();
}

void JsonWriter::key(std::string_view name) {
  Frame& top = stack_.back();
  if (top.entries > 0) out_ += ',';
  if (pretty_) indent();
  ++top.entries;
  appendJsonString(out_, name);
  out_ += pretty_ ? " : " : ":";
}

void JsonWriter::beginArray() {
  beforeValue();
  out_ += '[';
  stack_.push_back({false, 0});
}

void JsonWriter::endArray() {
  if (pretty_) out_ += ' ';
  out_ += ']';
  stack_.pop_back();
}

void JsonWriter::string(std::string_view value) {
  beforeValue();
  appendJsonString(out_, value);
}

void JsonWriter::null() {
  beforeValue();
  out_ += "null";
}

void JsonWriter::boolean(bool value) {
  beforeValue();
  out_ += value ? "true" : "false";
}

void JsonWriter::integer(int64_t value) {
  beforeValue();
  out_ += std::to_string(value);
}

void JsonWriter::number(double value) {
  beforeValue();
  // Jackson's QUOTE_NON_NUMERIC_NUMBERS (on by default) quotes NaN and the infinities.
  if (std::isfinite(value)) {
    out_ += formatDouble(value);
  } else {
    appendJsonString(out_, formatDouble(value));
  }
}

void JsonWriter::integerText(std::string_view digits) {
  beforeValue();
  out_ += digits;
}

void JsonWriter::embedJson(std::string_view json) {
  if (!nlohmann::json::accept(json)) {
    string(json);
    return;
  }
  ReplayHandler handler(*this);
  nlohmann::json::sax_parse(json, &handler);
}

}  // namespace spate::streaming
