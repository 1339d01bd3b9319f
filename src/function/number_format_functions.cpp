// bin, hex (numbers, strings and binary), conv and format_number.
#include <cmath>
#include <cstdio>

#include "common/strings.h"
#include "function/analysis_errors.h"
#include "function/coercion.h"
#include "function/decimal_arithmetic.h"
#include "function/kernel.h"
#include "function/math_registration.h"

namespace spate {

namespace {

constexpr char kUpperHex[] = "0123456789ABCDEF";

// Integral inputs read as BIGINT inside the kernel; other numbers and strings are cast.
ExprPtr longInput(const std::string& sql, int index, const ExprPtr& x) {
  if (x->type->isIntegral()) return x;
  if (x->type->isNumeric() || x->type->id() == TypeId::kString || x->type->id() == TypeId::kNull)
    return coerceTo(x, DataType::longType());
  throwUnexpectedInputType(sql, index, "\"BIGINT\"", *x);
}

int64_t readLong(const Column& c, int64_t i) {
  switch (c.typeId()) {
    case TypeId::kByte:
      return c.valueAt<int8_t>(i);
    case TypeId::kShort:
      return c.valueAt<int16_t>(i);
    case TypeId::kInt:
      return c.valueAt<int32_t>(i);
    default:
      return c.valueAt<int64_t>(i);
  }
}

template <typename F>
ColumnPtr mapLongToString(const KernelArgs& a, F f) {
  const Column& c = *a.columns[0];
  KernelWriter<std::string> w(a.resultType, a.rows);
  for (int64_t i = 0; i < a.rows; ++i) {
    if (c.isNull(i))
      w.setNull(i);
    else
      w.set(i, f(static_cast<uint64_t>(readLong(c, i))));
  }
  return w.finish();
}

// Long.toBinaryString / Long.toHexString (two's complement, no leading zeros).
std::string unsignedInBase(uint64_t v, int shift) {
  if (v == 0) return "0";
  std::string out;
  uint64_t mask = (uint64_t{1} << shift) - 1;
  while (v) {
    out.insert(out.begin(), kUpperHex[v & mask]);
    v >>= shift;
  }
  return out;
}

ExprPtr bindBin(std::vector<ExprPtr> args, const BindContext&) {
  checkArgCount("bin", args, 1, 1);
  ExprPtr x = longInput(callSql("bin", args), 1, args[0]);
  return makeCall("bin", DataType::string(), {x}, [](const KernelArgs& a) {
    return mapLongToString(a, [](uint64_t v) { return unsignedInBase(v, 1); });
  });
}

ExprPtr bindHex(std::vector<ExprPtr> args, const BindContext&) {
  checkArgCount("hex", args, 1, 1);
  TypeId t = args[0]->type->id();
  if (t == TypeId::kString || t == TypeId::kBinary) {
    return makeCall("hex", DataType::string(), args, [](const KernelArgs& a) {
      return mapUnary<std::string, std::string_view>(a, [](std::string_view s) {
        std::string out(s.size() * 2, '0');
        for (size_t i = 0; i < s.size(); ++i) {
          auto b = static_cast<unsigned char>(s[i]);
          out[2 * i] = kUpperHex[b >> 4];
          out[2 * i + 1] = kUpperHex[b & 15];
        }
        return out;
      });
    });
  }
  std::string sql = callSql("hex", args);
  if (!args[0]->type->isNumeric() && t != TypeId::kNull)
    throwUnexpectedInputType(sql, 1, "(\"BIGINT\" or \"BINARY\" or \"STRING\")", *args[0]);
  ExprPtr x = longInput(sql, 1, args[0]);
  return makeCall("hex", DataType::string(), {x}, [](const KernelArgs& a) {
    return mapLongToString(a, [](uint64_t v) { return unsignedInBase(v, 4); });
  });
}

// ---- conv (Spark's NumberConverter)
// --------------------------------------------------------------

int digitValue(char c, int radix) {
  int v = -1;
  if (c >= '0' && c <= '9')
    v = c - '0';
  else if (c >= 'a' && c <= 'z')
    v = c - 'a' + 10;
  else if (c >= 'A' && c <= 'Z')
    v = c - 'A' + 10;
  return v < radix ? v : -1;
}

std::optional<std::string> convert(std::string_view n, int fromBase, int toBase) {
  if (fromBase < 2 || fromBase > 36 || std::abs(toBase) < 2 || std::abs(toBase) > 36)
    return std::nullopt;
  if (n.empty()) return std::nullopt;
  bool negative = n[0] == '-';
  if (negative) n.remove_prefix(1);
  // Digits up to the first invalid one, accumulated as an unsigned 64-bit value; overflow → -1.
  uint64_t v = 0;
  bool overflow = false;
  for (char c : n) {
    int d = digitValue(c, fromBase);
    if (d < 0) break;
    unsigned __int128 next = static_cast<unsigned __int128>(v) * fromBase + d;
    if (next > UINT64_MAX) {
      overflow = true;
      break;
    }
    v = static_cast<uint64_t>(next);
  }
  if (overflow) v = UINT64_MAX;
  auto sv = static_cast<int64_t>(v);
  if (negative && toBase > 0) sv = sv < 0 ? -1 : -sv;
  if (toBase < 0 && sv < 0) {
    sv = static_cast<int64_t>(0 - static_cast<uint64_t>(sv));
    negative = true;
  }
  uint64_t u = static_cast<uint64_t>(sv);
  int radix = std::abs(toBase);
  std::string out;
  do {
    out.insert(out.begin(), "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"[u % radix]);
    u /= radix;
  } while (u);
  if (negative && toBase < 0) out.insert(out.begin(), '-');
  return out;
}

ExprPtr bindConv(std::vector<ExprPtr> args, const BindContext&) {
  checkArgCount("conv", args, 3, 3);
  std::string sql = callSql("conv", args);
  ExprPtr num = coerceTo(args[0], DataType::string());
  ExprPtr from = args[1], to = args[2];
  for (int i : {1, 2})
    if (!args[i]->type->isIntegral() && args[i]->type->id() != TypeId::kNull &&
        args[i]->type->id() != TypeId::kString)
      throwUnexpectedInputType(sql, i + 1, "\"INT\"", *args[i]);
  from = coerceTo(from, DataType::integer());
  to = coerceTo(to, DataType::integer());
  return makeCall("conv", DataType::string(), {num, from, to}, [](const KernelArgs& a) {
    return mapTernary<std::string, std::string_view, int32_t, int32_t>(
        a, [](std::string_view n, int32_t f, int32_t t) { return convert(n, f, t); });
  });
}

// ---- format_number
// -------------------------------------------------------------------------------

std::string groupThousands(std::string_view integerPart) {
  std::string out;
  int n = static_cast<int>(integerPart.size());
  for (int i = 0; i < n; ++i) {
    if (i > 0 && (n - i) % 3 == 0) out += ',';
    out += integerPart[i];
  }
  return out;
}

// Plain digits "[-]123.4500" → "-123.4500" with grouping in the integer part.
std::string groupPlain(const std::string& plain) {
  size_t start = plain[0] == '-' ? 1 : 0;
  size_t point = plain.find('.');
  std::string integer =
      plain.substr(start, point == std::string::npos ? std::string::npos : point - start);
  std::string out = (start ? "-" : "") + groupThousands(integer);
  if (point != std::string::npos) out += plain.substr(point);
  return out;
}

// DecimalFormat("#,##0.000") on a double: HALF_EVEN on the exact binary value, digits beyond
// Double.toString's shortest form printed as zeros.
std::string formatNumberDouble(double x, int d) {
  if (std::isnan(x)) return "NaN";
  if (std::isinf(x)) return x > 0 ? "\u221E" : "-\u221E";
  std::string shortest = formatDouble(x);
  // Fraction digits of the shortest form at its scale.
  bool negative = shortest[0] == '-';
  std::string body = negative ? shortest.substr(1) : shortest;
  size_t e = body.find('E');
  int exponent = e == std::string::npos ? 0 : std::atoi(body.c_str() + e + 1);
  std::string mantissa = body.substr(0, e);
  size_t point = mantissa.find('.');
  std::string digits = mantissa.substr(0, point) + mantissa.substr(point + 1);
  int fraction = static_cast<int>(mantissa.size() - point - 1) - exponent;
  while (fraction > 0 && digits.size() > 1 && digits.back() == '0') {
    digits.pop_back();
    --fraction;
  }
  std::string plain;
  if (fraction <= d) {
    // Exact in the shortest digits: pad.
    if (fraction < 0) {
      digits.append(-fraction, '0');
      fraction = 0;
    }
    if (static_cast<int>(digits.size()) <= fraction)
      digits.insert(0, fraction - digits.size() + 1, '0');
    std::string integer = digits.substr(0, digits.size() - fraction);
    std::string frac = digits.substr(digits.size() - fraction) + std::string(d - fraction, '0');
    plain = (negative ? "-" : "") + integer + (d > 0 ? "." + frac : "");
  } else {
    std::vector<char> buffer(static_cast<size_t>(d) + 400);
    std::snprintf(buffer.data(), buffer.size(), "%.*f", d, x);
    plain = buffer.data();
  }
  return groupPlain(plain);
}

std::string formatNumberDecimal(Int128 v, int scale, int d) {
  auto rounded = rescaleDecimal(v, scale, std::min(scale, d), 38, RoundingMode::kHalfEven);
  std::string plain = formatDecimal(*rounded, std::min(scale, d));
  if (d > scale) {
    if (scale == 0) plain += '.';
    plain.append(d - scale, '0');
  }
  // DecimalFormat keeps the sign of a negative value that rounds to zero.
  if (v < 0 && plain[0] != '-') plain.insert(plain.begin(), '-');
  return groupPlain(plain);
}

ExprPtr bindFormatNumber(std::vector<ExprPtr> args, const BindContext&) {
  checkArgCount("format_number", args, 2, 2);
  std::string sql = callSql("format_number", args);
  ExprPtr x = args[0], d = args[1];
  if (x->type->id() == TypeId::kString || x->type->id() == TypeId::kNull)
    x = coerceTo(x, DataType::doubleType());
  if (!x->type->isNumeric()) throwUnexpectedInputType(sql, 1, "\"NUMERIC\"", *x);
  if (d->type->id() == TypeId::kString)
    throw AnalysisException("format_number with a format pattern string is not supported yet");
  if (!d->type->isIntegral() && d->type->id() != TypeId::kNull)
    throwUnexpectedInputType(sql, 2, "(\"INT\" or \"STRING\")", *d);
  d = coerceTo(d, DataType::integer());
  TypePtr type = x->type;
  return makeCall("format_number", DataType::string(), {x, d}, [type](const KernelArgs& a) {
    const Column& c = *a.columns[0];
    const Column& digits = *a.columns[1];
    KernelWriter<std::string> w(a.resultType, a.rows);
    for (int64_t i = 0; i < a.rows; ++i) {
      if (c.isNull(i) || digits.isNull(i) || digits.valueAt<int32_t>(i) < 0) {
        w.setNull(i);
        continue;
      }
      int n = std::min(digits.valueAt<int32_t>(i), 340);  // DecimalFormat's maximum
      switch (type->id()) {
        case TypeId::kFloat:
          w.set(i, formatNumberDouble(c.valueAt<float>(i), n));
          break;
        case TypeId::kDouble:
          w.set(i, formatNumberDouble(c.valueAt<double>(i), n));
          break;
        case TypeId::kDecimal:
          w.set(i, formatNumberDecimal(c.valueAt<Int128>(i), type->scale(), n));
          break;
        default:
          w.set(i, formatNumberDecimal(readLong(c, i), 0, n));
          break;
      }
    }
    return w.finish();
  });
}

}  // namespace

void registerNumberFormatFunctions(FunctionRegistry& registry) {
  registry.addScalar("bin", bindBin,
                     "bin(expr) - Returns the string representation of the long value `expr` "
                     "represented in binary.");
  registry.addScalar("hex", bindHex,
                     "hex(expr) - Converts `expr` (a number, string or binary) to hexadecimal.");
  registry.addScalar(
      "conv", bindConv,
      "conv(num, from_base, to_base) - Convert `num` from `from_base` to `to_base`.");
  registry.addScalar("format_number", bindFormatNumber,
                     "format_number(expr1, expr2) - Formats `expr1` like '#,###,###.##', rounded "
                     "to `expr2` decimal places.");
}

}  // namespace spate
