// Byte encodings: base64/unbase64 (Java's MIME coder, as Spark 3.5), hex/unhex, encode/decode.
#include <algorithm>

#include "common/error.h"
#include "common/strings.h"
#include "function/argument_checks.h"
#include "function/coercion.h"
#include "function/collection_support.h"
#include "function/kernel.h"
#include "function/string_family.h"
#include "function/utf8.h"

namespace spate {

namespace {

using Args = std::vector<ExprPtr>;

constexpr char kBase64Alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// java.util.Base64.getMimeEncoder(): 76-character lines joined by CRLF, no trailing separator.
void appendBase64(std::string_view in, std::string& out) {
  size_t lineLength = 0;
  auto put = [&](char c) {
    if (lineLength == 76) {
      out.append("\r\n");
      lineLength = 0;
    }
    out.push_back(c);
    ++lineLength;
  };
  size_t i = 0;
  const auto* b = reinterpret_cast<const uint8_t*>(in.data());
  for (; i + 3 <= in.size(); i += 3) {
    uint32_t v = (b[i] << 16) | (b[i + 1] << 8) | b[i + 2];
    put(kBase64Alphabet[v >> 18]);
    put(kBase64Alphabet[(v >> 12) & 63]);
    put(kBase64Alphabet[(v >> 6) & 63]);
    put(kBase64Alphabet[v & 63]);
  }
  size_t rest = in.size() - i;
  if (rest == 1) {
    uint32_t v = b[i] << 16;
    put(kBase64Alphabet[v >> 18]);
    put(kBase64Alphabet[(v >> 12) & 63]);
    put('=');
    put('=');
  } else if (rest == 2) {
    uint32_t v = (b[i] << 16) | (b[i + 1] << 8);
    put(kBase64Alphabet[v >> 18]);
    put(kBase64Alphabet[(v >> 12) & 63]);
    put(kBase64Alphabet[(v >> 6) & 63]);
    put('=');
  }
}

int base64Value(uint8_t c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  if (c == '=') return -2;
  return -1;
}

// java.util.Base64.getMimeDecoder(): characters outside the alphabet are skipped. Input the Java
// decoder rejects (bad padding, a dangling character) gives nullopt.
bool decodeBase64(std::string_view in, std::string& out) {
  uint32_t bits = 0;
  int shift = 18;
  size_t i = 0;
  while (i < in.size()) {
    int v = base64Value(static_cast<uint8_t>(in[i++]));
    if (v == -1) continue;
    if (v == -2) {
      if ((shift == 6 && (i == in.size() || in[i++] != '=')) || shift == 18) return false;
      break;
    }
    bits |= static_cast<uint32_t>(v) << shift;
    shift -= 6;
    if (shift < 0) {
      out.push_back(static_cast<char>(bits >> 16));
      out.push_back(static_cast<char>(bits >> 8));
      out.push_back(static_cast<char>(bits));
      shift = 18;
      bits = 0;
    }
  }
  if (shift == 6) {
    out.push_back(static_cast<char>(bits >> 16));
  } else if (shift == 0) {
    out.push_back(static_cast<char>(bits >> 16));
    out.push_back(static_cast<char>(bits >> 8));
  } else if (shift == 12) {
    return false;
  }
  for (; i < in.size(); ++i)
    if (base64Value(static_cast<uint8_t>(in[i])) >= 0) return false;
  return true;
}

ExprPtr bindBase64(Args args) {
  checkArity("base64", args, 1, 1);
  args[0] = binaryArg("base64", args, 0);
  bool nullable = args[0]->nullable;
  return makeCall(
      "base64", DataType::string(), std::move(args),
      [](const KernelArgs& a) {
        std::string scratch;
        return mapUnary<std::string_view, std::string_view>(a, [&](std::string_view s) {
          scratch.clear();
          appendBase64(s, scratch);
          return std::string_view(scratch);
        });
      },
      nullptr, nullable);
}

ExprPtr bindUnbase64(Args args) {
  checkArity("unbase64", args, 1, 1);
  args[0] = stringArg("unbase64", args, 0);
  return makeCall("unbase64", DataType::binary(), std::move(args), [](const KernelArgs& a) {
    std::string scratch;
    return mapUnary<std::string_view, std::string_view>(
        a, [&](std::string_view s) -> std::optional<std::string_view> {
          scratch.clear();
          if (!decodeBase64(s, scratch)) return std::nullopt;
          return std::string_view(scratch);
        });
  });
}

// hex(BIGINT): Long.toHexString upper-cased (two's complement); hex(STRING | BINARY): the bytes.
ExprPtr bindHex(Args args) {
  checkArity("hex", args, 1, 1);
  TypeId id = args[0]->type->id();
  bool integral = args[0]->type->isIntegral();
  if (!integral && id != TypeId::kString && id != TypeId::kBinary) {
    if (args[0]->type->isNumeric() || id == TypeId::kNull) {
      args[0] = castTo(args[0], DataType::longType());
      integral = true;
    } else if (auto s = implicitToString(args[0])) {
      args[0] = *s;
    } else {
      throwUnexpectedInputType("hex", args, 0, "(\"BIGINT\" or \"BINARY\" or \"STRING\")");
    }
  }
  bool nullable = args[0]->nullable;
  return makeCall(
      "hex", DataType::string(), std::move(args),
      [integral](const KernelArgs& a) {
        static constexpr char kDigits[] = "0123456789ABCDEF";
        std::string scratch;
        if (integral) {
          const Column& c = *a.columns[0];
          KernelWriter<std::string_view> w(a.resultType, a.rows);
          for (int64_t r = 0; r < a.rows; ++r) {
            if (c.isNull(r)) {
              w.setNull(r);
              continue;
            }
            int64_t v = 0;
            switch (c.typeId()) {
              case TypeId::kByte:
                v = c.valueAt<int8_t>(r);
                break;
              case TypeId::kShort:
                v = c.valueAt<int16_t>(r);
                break;
              case TypeId::kInt:
                v = c.valueAt<int32_t>(r);
                break;
              default:
                v = c.valueAt<int64_t>(r);
                break;
            }
            uint64_t u = static_cast<uint64_t>(v);
            char buf[16];
            int n = 0;
            do {
              buf[n++] = kDigits[u & 15];
              u >>= 4;
            } while (u);
            scratch.assign(std::reverse_iterator(buf + n), std::reverse_iterator(buf));
            w.set(r, scratch);
          }
          return w.finish();
        }
        return mapUnary<std::string_view, std::string_view>(a, [&](std::string_view s) {
          scratch.resize(s.size() * 2);
          for (size_t i = 0; i < s.size(); ++i) {
            auto b = static_cast<uint8_t>(s[i]);
            scratch[2 * i] = kDigits[b >> 4];
            scratch[2 * i + 1] = kDigits[b & 15];
          }
          return std::string_view(scratch);
        });
      },
      nullptr, nullable);
}

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// unhex(str): an odd number of digits is padded with a leading 0; a non-hex digit gives NULL.
ExprPtr bindUnhex(Args args) {
  checkArity("unhex", args, 1, 1);
  args[0] = stringArg("unhex", args, 0);
  return makeCall("unhex", DataType::binary(), std::move(args), [](const KernelArgs& a) {
    std::string scratch;
    return mapUnary<std::string_view, std::string_view>(
        a, [&](std::string_view s) -> std::optional<std::string_view> {
          scratch.clear();
          size_t i = 0;
          if (s.size() % 2 == 1) {
            int v = hexValue(s[0]);
            if (v < 0) return std::nullopt;
            scratch.push_back(static_cast<char>(v));
            i = 1;
          }
          for (; i < s.size(); i += 2) {
            int hi = hexValue(s[i]), lo = hexValue(s[i + 1]);
            if (hi < 0 || lo < 0) return std::nullopt;
            scratch.push_back(static_cast<char>((hi << 4) | lo));
          }
          return std::string_view(scratch);
        });
  });
}

// ---- encode / decode ---------------------------------------------------------------------------

enum class Charset { kUsAscii, kIso88591, kUtf8, kUtf16Be, kUtf16Le, kUtf16 };

std::optional<Charset> parseCharset(std::string_view name) {
  std::string n = toUpper(trimWhitespace(name));
  if (n == "UTF-8" || n == "UTF8") return Charset::kUtf8;
  if (n == "US-ASCII" || n == "ASCII") return Charset::kUsAscii;
  if (n == "ISO-8859-1" || n == "ISO8859_1" || n == "ISO-LATIN-1" || n == "LATIN1")
    return Charset::kIso88591;
  if (n == "UTF-16BE" || n == "UTF_16BE") return Charset::kUtf16Be;
  if (n == "UTF-16LE" || n == "UTF_16LE") return Charset::kUtf16Le;
  if (n == "UTF-16" || n == "UTF_16") return Charset::kUtf16;
  return std::nullopt;
}

[[noreturn]] void throwBadCharset(std::string_view function, std::string_view charset) {
  throw ExecutionException(
      "[INVALID_PARAMETER_VALUE.CHARSET] The value of parameter(s) `charset` in `" +
          std::string(function) +
          "` is invalid: expects one of the charsets 'US-ASCII', 'ISO-8859-1', 'UTF-8', "
          "'UTF-16BE', 'UTF-16LE', 'UTF-16', but got " +
          std::string(charset) + ".",
      "INVALID_PARAMETER_VALUE.CHARSET");
}

void putUtf16(std::string& out, uint32_t unit, bool bigEndian) {
  char hi = static_cast<char>(unit >> 8), lo = static_cast<char>(unit & 0xFF);
  out.push_back(bigEndian ? hi : lo);
  out.push_back(bigEndian ? lo : hi);
}

void encodeText(std::string_view text, Charset cs, std::string& out) {
  if (cs == Charset::kUtf8) {
    if (utf8::isValid(text))
      out.append(text);
    else
      out.append(utf8::makeValid(text));
    return;
  }
  std::string valid = utf8::isValid(text) ? std::string() : utf8::makeValid(text);
  std::string_view s = valid.empty() ? text : std::string_view(valid);
  if (cs == Charset::kUtf16) out.append("\xFE\xFF");
  bool bigEndian = cs != Charset::kUtf16Le;
  for (size_t i = 0; i < s.size();) {
    uint32_t cp = utf8::decode(s, i);
    switch (cs) {
      case Charset::kUsAscii:
        out.push_back(cp < 0x80 ? static_cast<char>(cp) : '?');
        break;
      case Charset::kIso88591:
        out.push_back(cp < 0x100 ? static_cast<char>(cp) : '?');
        break;
      default:
        if (cp >= 0x10000) {
          cp -= 0x10000;
          putUtf16(out, 0xD800 + (cp >> 10), bigEndian);
          putUtf16(out, 0xDC00 + (cp & 0x3FF), bigEndian);
        } else {
          putUtf16(out, cp, bigEndian);
        }
    }
  }
}

void decodeBytes(std::string_view bytes, Charset cs, std::string& out) {
  constexpr uint32_t kReplacement = 0xFFFD;
  switch (cs) {
    case Charset::kUtf8:
      if (utf8::isValid(bytes))
        out.append(bytes);
      else
        out.append(utf8::makeValid(bytes));
      return;
    case Charset::kUsAscii:
      for (char c : bytes) utf8::append(out, static_cast<uint8_t>(c) < 0x80 ? c : kReplacement);
      return;
    case Charset::kIso88591:
      for (char c : bytes) utf8::append(out, static_cast<uint8_t>(c));
      return;
    default:
      break;
  }
  bool bigEndian = cs != Charset::kUtf16Le;
  size_t i = 0;
  if (cs == Charset::kUtf16 && bytes.size() >= 2) {
    auto b0 = static_cast<uint8_t>(bytes[0]), b1 = static_cast<uint8_t>(bytes[1]);
    if (b0 == 0xFE && b1 == 0xFF)
      i = 2;
    else if (b0 == 0xFF && b1 == 0xFE) {
      bigEndian = false;
      i = 2;
    }
  }
  auto unitAt = [&](size_t k) -> uint32_t {
    auto x = static_cast<uint8_t>(bytes[k]), y = static_cast<uint8_t>(bytes[k + 1]);
    return bigEndian ? (x << 8) | y : (y << 8) | x;
  };
  while (i + 1 < bytes.size()) {
    uint32_t u = unitAt(i);
    i += 2;
    if (u >= 0xD800 && u <= 0xDBFF) {
      if (i + 1 < bytes.size()) {
        uint32_t low = unitAt(i);
        if (low >= 0xDC00 && low <= 0xDFFF) {
          i += 2;
          utf8::append(out, 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00));
          continue;
        }
      }
      utf8::append(out, kReplacement);
    } else if (u >= 0xDC00 && u <= 0xDFFF) {
      utf8::append(out, kReplacement);
    } else {
      utf8::append(out, u);
    }
  }
  if (i < bytes.size()) utf8::append(out, kReplacement);
}

// decode(expr, search1, result1, …[, default]): the result of the first search equal to expr
// (NULL equals NULL), else default or NULL — Spark's CASE form of decode.
ExprPtr bindDecodeCase(Args args) {
  Args original = args;
  std::vector<TypePtr> keyTypes{args[0]->type}, resultTypes;
  size_t pairs = (args.size() - 1) / 2;
  bool hasDefault = (args.size() - 1) % 2 == 1;
  for (size_t k = 0; k < pairs; ++k) {
    keyTypes.push_back(args[1 + 2 * k]->type);
    resultTypes.push_back(args[2 + 2 * k]->type);
  }
  if (hasDefault) resultTypes.push_back(args.back()->type);
  auto keyType = findWiderType(keyTypes);
  auto resultType = findWiderType(resultTypes);
  if (!keyType || !resultType) throwDataDiffTypes("decode", original, original);
  args[0] = castTo(args[0], *keyType);
  for (size_t k = 0; k < pairs; ++k) {
    args[1 + 2 * k] = castTo(args[1 + 2 * k], *keyType);
    args[2 + 2 * k] = castTo(args[2 + 2 * k], *resultType);
  }
  if (hasDefault) args.back() = castTo(args.back(), *resultType);
  return makeCall("decode", *resultType, std::move(args), [pairs, hasDefault](const KernelArgs& a) {
    ColumnBuilder out(a.resultType, a.rows);
    const Column& expr = *a.columns[0];
    for (int64_t r = 0; r < a.rows; ++r) {
      const Column* pick = hasDefault ? a.columns.back().get() : nullptr;
      for (size_t k = 0; k < pairs; ++k) {
        const Column& search = *a.columns[1 + 2 * k];
        bool en = expr.isNull(r), sn = search.isNull(r);
        if ((en && sn) || (!en && !sn && valuesEqual(expr, r, search, r))) {
          pick = a.columns[2 + 2 * k].get();
          break;
        }
      }
      if (pick)
        out.appendFrom(*pick, r);
      else
        out.appendNull();
    }
    return out.finish();
  });
}

ExprPtr bindEncodeDecode(Args args, bool encode) {
  const char* name = encode ? "encode" : "decode";
  if (!encode && args.size() > 2) return bindDecodeCase(std::move(args));
  checkArity(name, args, 2, 2);
  args[0] = encode ? stringArg(name, args, 0) : binaryArg(name, args, 0);
  args[1] = stringArg(name, args, 1);
  std::optional<Charset> fixed;
  if (auto v = constantValue(*args[1]); v && !v->isNull()) {
    fixed = parseCharset(v->asString());
    if (!fixed) throwBadCharset(name, v->asString());
  }
  bool nullable = anyNullable(args);
  return makeCall(
      name, encode ? DataType::binary() : DataType::string(), std::move(args),
      [encode, fixed, name](const KernelArgs& a) {
        std::string scratch;
        return mapBinary<std::string_view, std::string_view, std::string_view>(
            a, [&](std::string_view value, std::string_view charsetName) {
              std::optional<Charset> cs = fixed ? fixed : parseCharset(charsetName);
              if (!cs) throwBadCharset(name, charsetName);
              scratch.clear();
              if (encode)
                encodeText(value, *cs, scratch);
              else
                decodeBytes(value, *cs, scratch);
              return std::string_view(scratch);
            });
      },
      nullptr, nullable);
}

}  // namespace

void registerStringEncodingFunctions(FunctionRegistry& registry) {
  auto add = [&](const char* name, auto binder, const char* usage) {
    registry.addScalar(name, std::function<ExprPtr(std::vector<ExprPtr>)>(binder), usage);
  };
  add("base64", bindBase64, "base64(bin) - base64 text (MIME: 76-character lines)");
  add("unbase64", bindUnbase64, "unbase64(str) - bytes of base64 text");
  add("hex", bindHex, "hex(expr) - hexadecimal text of a number, string or binary");
  add("unhex", bindUnhex, "unhex(str) - bytes of hexadecimal text");
  add(
      "encode", [](Args a) { return bindEncodeDecode(std::move(a), true); },
      "encode(str, charset) - the string's bytes in a charset");
  add(
      "decode", [](Args a) { return bindEncodeDecode(std::move(a), false); },
      "decode(bin, charset) - text from bytes in a charset; decode(expr, search, result, ...[, "
      "default]) - the result of the first matching search");
}

}  // namespace spate
