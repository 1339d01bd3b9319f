#include "vector/json_text.h"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <vector>

#include "common/strings.h"

namespace spate {

bool isBlankJson(std::string_view text) {
  for (char c : text)
    if (!isJsonWhitespace(c)) return false;
  return true;
}

void appendJsonString(std::string& out, std::string_view s) {
  static const char* kHex = "0123456789ABCDEF";
  out += '"';
  size_t runStart = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + runStart, i - runStart);
    runStart = i + 1;
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
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 15];
    }
  }
  out.append(s.data() + runStart, s.size() - runStart);
  out += '"';
}

JsonNumberKind classifyJsonNumber(std::string_view t) {
  size_t i = 0, n = t.size();
  if (i < n && t[i] == '-') ++i;
  if (i >= n) return JsonNumberKind::kInvalid;
  if (t[i] == '0') {
    ++i;
  } else if (t[i] >= '1' && t[i] <= '9') {
    while (i < n && t[i] >= '0' && t[i] <= '9') ++i;
  } else {
    return JsonNumberKind::kInvalid;
  }
  bool isFloat = false;
  if (i < n && t[i] == '.') {
    isFloat = true;
    ++i;
    size_t start = i;
    while (i < n && t[i] >= '0' && t[i] <= '9') ++i;
    if (i == start) return JsonNumberKind::kInvalid;
  }
  if (i < n && (t[i] == 'e' || t[i] == 'E')) {
    isFloat = true;
    ++i;
    if (i < n && (t[i] == '+' || t[i] == '-')) ++i;
    size_t start = i;
    while (i < n && t[i] >= '0' && t[i] <= '9') ++i;
    if (i == start) return JsonNumberKind::kInvalid;
  }
  if (i != n) return JsonNumberKind::kInvalid;
  return isFloat ? JsonNumberKind::kFloat : JsonNumberKind::kInteger;
}

void appendCanonicalJsonNumber(std::string& out, std::string_view token, JsonNumberKind kind) {
  if (kind == JsonNumberKind::kInteger) {
    out += token == "-0" ? std::string_view("0") : token;
    return;
  }
  std::string text(token);
  double d = std::strtod(text.c_str(), nullptr);
  if (std::isinf(d)) {
    // Jackson quotes non-finite numbers (QUOTE_NON_NUMERIC_NUMBERS).
    out += d > 0 ? "\"Infinity\"" : "\"-Infinity\"";
    return;
  }
  out += formatDouble(d);
}

namespace {

void appendUtf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool readHex4(std::string_view s, size_t pos, uint32_t& value) {
  if (pos + 4 > s.size()) return false;
  value = 0;
  for (size_t i = pos; i < pos + 4; ++i) {
    int h = hexValue(s[i]);
    if (h < 0) return false;
    value = value * 16 + h;
  }
  return true;
}

}  // namespace

bool unescapeJsonString(std::string_view token, std::string& out) {
  out.clear();
  if (token.size() < 2) return false;
  char quote = token[0];
  if ((quote != '"' && quote != '\'') || token.back() != quote) return false;
  std::string_view s = token.substr(1, token.size() - 2);
  for (size_t i = 0; i < s.size();) {
    char c = s[i];
    if (c == quote) return false;
    if (c != '\\') {
      size_t j = i;
      while (j < s.size() && s[j] != '\\' && s[j] != quote) ++j;
      out.append(s.data() + i, j - i);
      i = j;
      continue;
    }
    if (i + 1 >= s.size()) return false;
    char e = s[i + 1];
    i += 2;
    switch (e) {
      case '"':
        out += '"';
        break;
      case '\\':
        out += '\\';
        break;
      case '/':
        out += '/';
        break;
      case '\'':
        out += '\'';
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'u': {
        uint32_t cp;
        if (!readHex4(s, i, cp)) return false;
        i += 4;
        if (cp >= 0xD800 && cp <= 0xDBFF) {
          uint32_t low;
          if (i + 1 < s.size() && s[i] == '\\' && s[i + 1] == 'u' && readHex4(s, i + 2, low) &&
              low >= 0xDC00 && low <= 0xDFFF) {
            i += 6;
            appendUtf8(out, 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00));
          } else {
            out += '?';
          }
        } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
          out += '?';
        } else {
          appendUtf8(out, cp);
        }
        break;
      }
      default:
        return false;
    }
  }
  return true;
}

size_t jsonValueExtent(std::string_view text) {
  size_t i = 0;
  while (i < text.size() && isJsonWhitespace(text[i])) ++i;
  if (i >= text.size() || (text[i] != '{' && text[i] != '[')) return std::string_view::npos;
  std::vector<char> closers;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (c == '"') {
      for (++i; i < text.size() && text[i] != '"'; ++i)
        if (text[i] == '\\') ++i;
      if (i >= text.size()) return std::string_view::npos;
    } else if (c == '{') {
      closers.push_back('}');
    } else if (c == '[') {
      closers.push_back(']');
    } else if (c == '}' || c == ']') {
      if (closers.empty() || closers.back() != c) return std::string_view::npos;
      closers.pop_back();
      if (closers.empty()) return i + 1;
    }
  }
  return std::string_view::npos;
}

namespace {

// Length of the valid UTF-8 sequence at s[i], or 0 when it is malformed.
size_t validUtf8Length(std::string_view s, size_t i) {
  auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = b(i);
  if (c < 0x80) return 1;
  size_t n;
  uint32_t min;
  if ((c & 0xE0) == 0xC0)
    n = 2, min = 0x80;
  else if ((c & 0xF0) == 0xE0)
    n = 3, min = 0x800;
  else if ((c & 0xF8) == 0xF0)
    n = 4, min = 0x10000;
  else
    return 0;
  if (i + n > s.size()) return 0;
  uint32_t cp = c & (0x7F >> n);
  for (size_t k = 1; k < n; ++k) {
    if ((b(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b(i + k) & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

}  // namespace

bool repairJsonText(std::string_view text, const JsonOptions& options, std::string& out) {
  out.clear();
  bool changed = false;
  // Pass 1: UTF-8.
  std::string utf8;
  std::string_view src = text;
  for (size_t i = 0; i < text.size();) {
    size_t n = validUtf8Length(text, i);
    if (n == 0) {
      if (!changed) utf8.assign(text.data(), i);
      changed = true;
      utf8 += "\xEF\xBF\xBD";
      ++i;
      while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) ++i;
      continue;
    }
    if (changed) utf8.append(text.data() + i, n);
    i += n;
  }
  if (changed) src = utf8;
  // Pass 2: quotes, comments and control characters, outside and inside strings.
  out.reserve(src.size() + 16);
  static const char* kHex = "0123456789ABCDEF";
  auto appendStringChar = [&](char c) {
    if (static_cast<unsigned char>(c) < 0x20 && options.allowUnquotedControlChars) {
      out += "\\u00";
      out += kHex[(c >> 4) & 15];
      out += kHex[c & 15];
      changed = true;
    } else {
      out += c;
    }
  };
  for (size_t i = 0; i < src.size(); ++i) {
    char c = src[i];
    if (c == '"') {
      out += c;
      size_t j = i + 1;
      for (; j < src.size() && src[j] != '"'; ++j) {
        if (src[j] == '\\' && j + 1 < src.size()) {
          out.append(src.data() + j, 2);
          ++j;
        } else {
          appendStringChar(src[j]);
        }
      }
      if (j < src.size()) out += '"';
      i = j;
    } else if (c == '\'' && options.allowSingleQuotes) {
      changed = true;
      out += '"';
      size_t j = i + 1;
      for (; j < src.size() && src[j] != '\''; ++j) {
        if (src[j] == '"') {
          out += "\\\"";
        } else if (src[j] == '\\' && j + 1 < src.size()) {
          if (src[j + 1] == '\'')
            out += '\'';
          else
            out.append(src.data() + j, 2);
          ++j;
        } else {
          appendStringChar(src[j]);
        }
      }
      if (j < src.size()) out += '"';
      i = j;
    } else if (c == '/' && options.allowComments && i + 1 < src.size() &&
               (src[i + 1] == '/' || src[i + 1] == '*')) {
      changed = true;
      size_t end = src[i + 1] == '/' ? src.find_first_of("\r\n", i) : src.find("*/", i + 2);
      if (end == std::string_view::npos)
        end = src.size();
      else if (src[i + 1] == '*')
        end += 2;
      out += ' ';
      i = end - 1;
    } else if (options.allowNonNumericNumbers && (c == 'N' || c == 'I' || c == '+' || c == '-')) {
      // Jackson's ALLOW_NON_NUMERIC_NUMBERS tokens become the strings Spark's converters accept.
      static constexpr std::string_view kTokens[] = {"NaN",       "Infinity", "+Infinity",
                                                     "-Infinity", "+INF",     "-INF"};
      std::string_view rest = src.substr(i);
      bool replaced = false;
      for (std::string_view token : kTokens) {
        if (rest.substr(0, token.size()) != token) continue;
        char next = rest.size() > token.size() ? rest[token.size()] : ' ';
        if (std::isalnum(static_cast<unsigned char>(next)) || next == '_') continue;
        out += '"';
        out += token;
        out += '"';
        i += token.size() - 1;
        replaced = changed = true;
        break;
      }
      if (!replaced) out += c;
    } else {
      out += c;
    }
  }
  return changed;
}

std::string base64Encode(std::string_view bytes) {
  static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  auto b = [&](size_t k) { return static_cast<uint32_t>(static_cast<unsigned char>(bytes[k])); };
  for (; i + 3 <= bytes.size(); i += 3) {
    uint32_t v = (b(i) << 16) | (b(i + 1) << 8) | b(i + 2);
    out += kAlphabet[v >> 18];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  if (bytes.size() - i == 1) {
    uint32_t v = b(i) << 16;
    out += kAlphabet[v >> 18];
    out += kAlphabet[(v >> 12) & 63];
    out += "==";
  } else if (bytes.size() - i == 2) {
    uint32_t v = (b(i) << 16) | (b(i + 1) << 8);
    out += kAlphabet[v >> 18];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += '=';
  }
  return out;
}

bool base64Decode(std::string_view text, std::string& out) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  out.clear();
  int quad[4];
  int n = 0, padding = 0;
  for (char c : text) {
    if (static_cast<unsigned char>(c) <= ' ') continue;
    if (c == '=') {
      if (n < 2) return false;
      ++padding;
      quad[n++] = 0;
    } else {
      if (padding) return false;
      int v = value(c);
      if (v < 0) return false;
      quad[n++] = v;
    }
    if (n == 4) {
      uint32_t v = (quad[0] << 18) | (quad[1] << 12) | (quad[2] << 6) | quad[3];
      out += static_cast<char>(v >> 16);
      if (padding < 2) out += static_cast<char>((v >> 8) & 0xFF);
      if (padding < 1) out += static_cast<char>(v & 0xFF);
      n = 0;
      if (padding) padding = 3;  // nothing may follow the padding
    }
  }
  return n == 0;
}

namespace {

struct DecimalDigits {
  bool negative = false;
  std::string digits;  // no leading zeros; "0" for zero
  int64_t scale = 0;   // value = digits × 10^-scale
};

// java.math.BigDecimal(String) grammar: sign, digits with an optional point, optional exponent.
std::optional<DecimalDigits> parseBigDecimal(std::string_view s) {
  DecimalDigits d;
  size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) d.negative = s[i++] == '-';
  size_t digitCount = 0, fraction = 0;
  bool point = false;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (c >= '0' && c <= '9') {
      if (!(d.digits.empty() && c == '0')) d.digits += c;
      ++digitCount;
      if (point) ++fraction;
    } else if (c == '.' && !point) {
      point = true;
    } else {
      break;
    }
  }
  if (digitCount == 0) return std::nullopt;
  int64_t exponent = 0;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    bool negative = false;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) negative = s[i++] == '-';
    size_t start = i;
    for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) {
      exponent = exponent * 10 + (s[i] - '0');
      if (exponent > 1'000'000'000) return std::nullopt;
    }
    if (i == start) return std::nullopt;
    if (negative) exponent = -exponent;
  }
  if (i != s.size()) return std::nullopt;
  if (d.digits.empty()) d.digits = "0";
  d.scale = static_cast<int64_t>(fraction) - exponent;
  return d;
}

}  // namespace

std::optional<Int128> parseDecimalText(std::string_view text, int precision, int scale) {
  auto d = parseBigDecimal(text);
  if (!d) return std::nullopt;
  std::string digits = d->digits;
  if (d->scale > scale) {
    int64_t drop = d->scale - scale;
    if (drop > static_cast<int64_t>(digits.size())) {
      digits = "0";
    } else {
      bool roundUp = digits[digits.size() - drop] >= '5';
      digits.resize(digits.size() - drop);
      if (digits.empty()) digits = "0";
      if (roundUp) {
        int k = static_cast<int>(digits.size()) - 1;
        while (k >= 0 && digits[k] == '9') digits[k--] = '0';
        if (k < 0)
          digits.insert(digits.begin(), '1');
        else
          ++digits[k];
      }
    }
  } else if (d->scale < scale) {
    if (digits != "0") {
      if (scale - d->scale > 40) return std::nullopt;
      digits.append(scale - d->scale, '0');
    }
  }
  size_t first = digits.find_first_not_of('0');
  digits = first == std::string::npos ? "0" : digits.substr(first);
  if (static_cast<int>(digits.size()) > precision || digits.size() > 38) return std::nullopt;
  Int128 v = 0;
  for (char c : digits) v = v * 10 + (c - '0');
  return d->negative ? -v : v;
}

std::optional<std::pair<int, int>> decimalPrecisionScale(std::string_view text) {
  auto d = parseBigDecimal(text);
  if (!d || d->scale > 1'000'000 || d->scale < -1'000'000) return std::nullopt;
  return std::make_pair(static_cast<int>(d->digits.size()), static_cast<int>(d->scale));
}

std::string javaBigDecimalString(Int128 unscaled, int scale) {
  bool negative = unscaled < 0;
  unsigned __int128 magnitude = negative ? -static_cast<unsigned __int128>(unscaled) : unscaled;
  std::string digits;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(magnitude % 10)));
    magnitude /= 10;
  } while (magnitude);
  int64_t adjusted = -static_cast<int64_t>(scale) + static_cast<int64_t>(digits.size()) - 1;
  std::string out = negative ? "-" : "";
  if (scale >= 0 && adjusted >= -6) {
    if (scale == 0) return out + digits;
    if (static_cast<int>(digits.size()) <= scale) digits.insert(0, scale - digits.size() + 1, '0');
    digits.insert(digits.size() - scale, ".");
    return out + digits;
  }
  out += digits[0];
  if (digits.size() > 1) {
    out += '.';
    out.append(digits, 1);
  }
  out += 'E';
  if (adjusted > 0) out += '+';
  return out + std::to_string(adjusted);
}

}  // namespace spate
