// format_string / printf: java.util.Formatter over Spark's internal values (dates are day
// numbers, timestamps microseconds, as Spark passes them to String.format).
#include <charconv>
#include <cmath>
#include <cstring>

#include "common/error.h"
#include "common/strings.h"
#include "function/argument_checks.h"
#include "function/kernel.h"
#include "function/string_family.h"
#include "function/unicode_case.h"
#include "function/utf8.h"

namespace spate {

namespace {

using Args = std::vector<ExprPtr>;

struct Spec {
  std::string literal;  // text before this specifier (or the whole tail when conversion == 0)
  int index = 0;        // 1-based argument, 0 = next ordinary, -1 = previous ('<')
  bool leftAlign = false, alternate = false, plus = false, space = false, zeroPad = false,
       grouping = false, parentheses = false;
  int width = -1;
  int precision = -1;
  char conversion = 0;  // 0: literal only
  bool upper = false;
  std::string text;  // the specifier as written, for messages
};

[[noreturn]] void throwFormatError(const std::string& javaClass, const std::string& message) {
  throw ExecutionException(javaClass + ": " + message);
}

std::vector<Spec> parseFormat(std::string_view f) {
  std::vector<Spec> specs;
  std::string literal;
  size_t i = 0;
  while (i < f.size()) {
    char c = f[i];
    if (c != '%') {
      literal.push_back(c);
      ++i;
      continue;
    }
    size_t start = i++;
    Spec s;
    // argument index: digits followed by '$', or '<'
    size_t j = i;
    while (j < f.size() && std::isdigit(static_cast<unsigned char>(f[j]))) ++j;
    if (j < f.size() && f[j] == '$' && j > i) {
      s.index = std::atoi(std::string(f.substr(i, j - i)).c_str());
      i = j + 1;
    }
    for (; i < f.size(); ++i) {
      char g = f[i];
      if (g == '-')
        s.leftAlign = true;
      else if (g == '#')
        s.alternate = true;
      else if (g == '+')
        s.plus = true;
      else if (g == ' ')
        s.space = true;
      else if (g == '0')
        s.zeroPad = true;
      else if (g == ',')
        s.grouping = true;
      else if (g == '(')
        s.parentheses = true;
      else if (g == '<')
        s.index = -1;
      else
        break;
    }
    j = i;
    while (j < f.size() && std::isdigit(static_cast<unsigned char>(f[j]))) ++j;
    if (j > i) s.width = std::atoi(std::string(f.substr(i, j - i)).c_str());
    i = j;
    if (i < f.size() && f[i] == '.') {
      j = ++i;
      while (j < f.size() && std::isdigit(static_cast<unsigned char>(f[j]))) ++j;
      if (j == i) throwFormatError("java.util.IllegalFormatPrecisionException", "-1");
      s.precision = std::atoi(std::string(f.substr(i, j - i)).c_str());
      i = j;
    }
    if (i >= f.size())
      throwFormatError("java.util.UnknownFormatConversionException",
                       "Conversion = '" + std::string(f.substr(start)) + "'");
    char conv = f[i++];
    s.text = std::string(f.substr(start, i - start));
    if (conv == '%' || conv == 'n') {
      literal += conv == '%' ? "%" : "\n";
      if (conv == '%' && s.width > 0) {
        literal.pop_back();
        std::string pct = "%";
        std::string pad(static_cast<size_t>(s.width - 1), ' ');
        literal += s.leftAlign ? pct + pad : pad + pct;
      }
      continue;
    }
    if (std::strchr("bBsScCdoxXeEfgG", conv) == nullptr)
      throwFormatError("java.util.UnknownFormatConversionException",
                       "Conversion = '" + std::string(1, conv) + "'");
    s.upper = std::isupper(static_cast<unsigned char>(conv)) != 0;
    s.conversion = static_cast<char>(std::tolower(static_cast<unsigned char>(conv)));
    s.literal = std::move(literal);
    literal.clear();
    specs.push_back(std::move(s));
  }
  Spec tail;
  tail.literal = std::move(literal);
  specs.push_back(std::move(tail));
  return specs;
}

const char* javaClassOf(const DataType& type) {
  switch (type.id()) {
    case TypeId::kBoolean:
      return "java.lang.Boolean";
    case TypeId::kByte:
      return "java.lang.Byte";
    case TypeId::kShort:
      return "java.lang.Short";
    case TypeId::kInt:
    case TypeId::kDate:
      return "java.lang.Integer";
    case TypeId::kLong:
    case TypeId::kTimestamp:
      return "java.lang.Long";
    case TypeId::kFloat:
      return "java.lang.Float";
    case TypeId::kDouble:
      return "java.lang.Double";
    case TypeId::kDecimal:
      return "org.apache.spark.sql.types.Decimal";
    case TypeId::kString:
      return "org.apache.spark.unsafe.types.UTF8String";
    case TypeId::kBinary:
      return "[B";
    case TypeId::kArray:
      return "org.apache.spark.sql.catalyst.util.GenericArrayData";
    case TypeId::kMap:
      return "org.apache.spark.sql.catalyst.util.ArrayBasedMapData";
    case TypeId::kStruct:
      return "org.apache.spark.sql.catalyst.expressions.GenericInternalRow";
    case TypeId::kInterval:
      return "org.apache.spark.unsafe.types.CalendarInterval";
    default:
      return "java.lang.Object";
  }
}

std::string groupDigits(std::string_view digits) {
  std::string out;
  size_t n = digits.size();
  for (size_t i = 0; i < n; ++i) {
    out.push_back(digits[i]);
    if (i + 1 < n && (n - 1 - i) % 3 == 0) out.push_back(',');
  }
  return out;
}

void pad(const Spec& s, std::string_view body, std::string& out) {
  int len = static_cast<int>(utf8::length(body));
  if (s.width > len && !s.leftAlign) out.append(static_cast<size_t>(s.width - len), ' ');
  out.append(body);
  if (s.width > len && s.leftAlign) out.append(static_cast<size_t>(s.width - len), ' ');
}

// Sign, grouping, zero padding and parentheses around the magnitude `digits`.
void emitNumber(const Spec& s, bool negative, std::string magnitude, std::string& out) {
  std::string prefix, suffix;
  if (negative) {
    if (s.parentheses) {
      prefix = "(";
      suffix = ")";
    } else {
      prefix = "-";
    }
  } else if (s.plus) {
    prefix = "+";
  } else if (s.space) {
    prefix = " ";
  }
  std::string body;
  if (s.zeroPad && s.width > 0) {
    int fill = s.width - static_cast<int>(prefix.size() + magnitude.size() + suffix.size());
    if (fill > 0) magnitude.insert(0, static_cast<size_t>(fill), '0');
  }
  body = prefix + magnitude + suffix;
  if (s.upper)
    for (char& c : body) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  pad(s, body, out);
}

// Shortest round-trip digits of |v| (as Java's Double.toString picks them) and the decimal
// exponent of the first digit: v = 0.d1d2… × 10^(exp + 1).
void shortestDigits(double v, std::string& digits, int& exp) {
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, std::fabs(v), std::chars_format::scientific);
  std::string_view text(buf, r.ptr - buf);
  size_t e = text.find('e');
  digits.clear();
  for (char c : text.substr(0, e))
    if (c != '.') digits.push_back(c);
  exp = std::atoi(std::string(text.substr(e + 1)).c_str());
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
}

// Rounds `digits` (first digit at 10^exp) half-up to keep `keep` digits; may carry into a new
// leading digit (exp grows).
void roundDigits(std::string& digits, int& exp, int keep) {
  if (keep < 0) {
    digits = "0";
    return;
  }
  if (static_cast<int>(digits.size()) <= keep) return;
  bool up = digits[static_cast<size_t>(keep)] >= '5';
  digits.resize(static_cast<size_t>(keep));
  if (up) {
    int k = keep - 1;
    while (k >= 0 && digits[static_cast<size_t>(k)] == '9') digits[static_cast<size_t>(k--)] = '0';
    if (k >= 0) {
      ++digits[static_cast<size_t>(k)];
    } else {
      digits.insert(digits.begin(), '1');
      ++exp;
    }
  }
  if (digits.empty()) {
    digits = "0";
  }
}

std::string fixedNotation(double v, int precision, bool grouping) {
  std::string digits;
  int exp = 0;
  if (v == 0) {
    digits = "0";
    exp = 0;
  } else {
    shortestDigits(v, digits, exp);
  }
  int keep = exp + 1 + precision;  // digits kept up to the precision's position
  if (keep < 0) {
    digits = "0";
    exp = 0;
  } else if (keep == 0) {
    // Only the rounding digit remains: rounds to one unit of the last place or to zero.
    bool up = digits[0] >= '5';
    digits = up ? "1" : "0";
    exp = -precision;
    if (!up) exp = 0;
  } else {
    roundDigits(digits, exp, keep);
  }
  std::string intPart, fracPart;
  for (int p = exp; p >= 0; --p) {
    int idx = exp - p;
    intPart.push_back(idx < static_cast<int>(digits.size()) ? digits[static_cast<size_t>(idx)]
                                                            : '0');
  }
  if (intPart.empty()) intPart = "0";
  for (int p = -1; p >= -precision; --p) {
    int idx = exp - p;
    fracPart.push_back(
        idx >= 0 && idx < static_cast<int>(digits.size()) ? digits[static_cast<size_t>(idx)] : '0');
  }
  if (digits == "0") {
    intPart = "0";
    fracPart.assign(static_cast<size_t>(precision), '0');
  }
  if (grouping) intPart = groupDigits(intPart);
  return precision > 0 ? intPart + "." + fracPart : intPart;
}

std::string scientificNotation(double v, int precision) {
  std::string digits;
  int exp = 0;
  if (v == 0) {
    digits = "0";
  } else {
    shortestDigits(v, digits, exp);
    roundDigits(digits, exp, precision + 1);
  }
  std::string mantissa(1, digits[0]);
  if (precision > 0) {
    mantissa.push_back('.');
    for (int k = 1; k <= precision; ++k)
      mantissa.push_back(k < static_cast<int>(digits.size()) ? digits[static_cast<size_t>(k)]
                                                             : '0');
  }
  char buf[16];
  std::snprintf(buf, sizeof buf, "e%c%02d", exp < 0 ? '-' : '+', exp < 0 ? -exp : exp);
  return mantissa + buf;
}

void formatFloating(const Spec& s, double v, std::string& out) {
  if (std::isnan(v) || std::isinf(v)) {
    Spec plain = s;
    plain.zeroPad = false;
    if (std::isnan(v)) {
      pad(plain, s.upper ? "NAN" : "NaN", out);
      return;
    }
    bool neg = v < 0;
    std::string body = neg       ? (s.parentheses ? "(Infinity)" : "-Infinity")
                       : s.plus  ? "+Infinity"
                       : s.space ? " Infinity"
                                 : "Infinity";
    if (s.upper)
      for (char& c : body) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    pad(plain, body, out);
    return;
  }
  bool negative = std::signbit(v);
  double mag = std::fabs(v);
  int precision = s.precision < 0 ? 6 : s.precision;
  std::string body;
  if (s.conversion == 'f') {
    body = fixedNotation(mag, precision, s.grouping);
  } else if (s.conversion == 'e') {
    body = scientificNotation(mag, precision);
  } else {  // 'g'
    if (precision == 0) precision = 1;
    std::string digits;
    int exp = 0;
    if (mag != 0) {
      shortestDigits(mag, digits, exp);
      roundDigits(digits, exp, precision);
    }
    if (mag != 0 && (exp < -4 || exp >= precision)) {
      body = scientificNotation(mag, precision - 1);
    } else {
      body = fixedNotation(mag, precision - (mag == 0 ? 1 : exp + 1), s.grouping);
    }
  }
  emitNumber(s, negative, body, out);
}

[[noreturn]] void throwConversion(const Spec& s, const DataType& type) {
  throwFormatError(
      "java.util.IllegalFormatConversionException",
      std::string(1, s.upper ? static_cast<char>(std::toupper(s.conversion)) : s.conversion) +
          " != " + javaClassOf(type));
}

void formatIntegral(const Spec& s, int64_t v, int bits, std::string& out) {
  if (s.conversion == 'd') {
    bool negative = v < 0;
    uint64_t mag = negative ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
    std::string digits = std::to_string(mag);
    if (s.grouping) digits = groupDigits(digits);
    emitNumber(s, negative, digits, out);
    return;
  }
  uint64_t u = static_cast<uint64_t>(v);
  if (bits < 64) u &= (uint64_t{1} << bits) - 1;
  char buf[32];
  std::snprintf(buf, sizeof buf, s.conversion == 'x' ? "%llx" : "%llo",
                static_cast<unsigned long long>(u));
  std::string body = buf;
  if (s.alternate) body.insert(0, s.conversion == 'x' ? "0x" : "0");
  Spec unsignedSpec = s;
  unsignedSpec.plus = unsignedSpec.space = unsignedSpec.parentheses = false;
  emitNumber(unsignedSpec, false, body, out);
}

// Java's String.valueOf(arg) for Spark's internal value of `column` row `row`.
std::string javaString(const Column& column, int64_t row) {
  const DataType& type = *column.type();
  switch (type.id()) {
    case TypeId::kBoolean:
      return column.valueAt<uint8_t>(row) ? "true" : "false";
    case TypeId::kByte:
      return std::to_string(column.valueAt<int8_t>(row));
    case TypeId::kShort:
      return std::to_string(column.valueAt<int16_t>(row));
    case TypeId::kInt:
    case TypeId::kDate:
      return std::to_string(column.valueAt<int32_t>(row));
    case TypeId::kLong:
    case TypeId::kTimestamp:
      return std::to_string(column.valueAt<int64_t>(row));
    case TypeId::kFloat:
      return formatFloat(column.valueAt<float>(row));
    case TypeId::kDouble:
      return formatDouble(column.valueAt<double>(row));
    case TypeId::kDecimal:
      return formatDecimal(column.valueAt<Int128>(row), type.scale());
    case TypeId::kString:
    case TypeId::kBinary:
      return std::string(column.stringAt(row));
    default:
      return formatValue(column.valueAt(row), type, *TimeZone::utc(), false);
  }
}

void formatArgument(const Spec& s, const Column& column, int64_t row, std::string& out) {
  const DataType& type = *column.type();
  if (column.isNull(row)) {
    if (s.conversion == 'b') {
      pad(s, s.upper ? "FALSE" : "false", out);
      return;
    }
    std::string body = s.upper ? "NULL" : "null";
    if (s.precision >= 0 && s.precision < 4) body.resize(static_cast<size_t>(s.precision));
    pad(s, body, out);
    return;
  }
  switch (s.conversion) {
    case 'b': {
      bool v = type.id() != TypeId::kBoolean || column.valueAt<uint8_t>(row) != 0;
      std::string body = v ? (s.upper ? "TRUE" : "true") : (s.upper ? "FALSE" : "false");
      pad(s, body, out);
      return;
    }
    case 's': {
      std::string body = javaString(column, row);
      if (s.precision >= 0) body = std::string(utf8::substring(body, 0, s.precision));
      if (s.upper) {
        std::string upper;
        appendUpperCase(body, upper);
        body.swap(upper);
      }
      pad(s, body, out);
      return;
    }
    case 'c': {
      int64_t cp;
      switch (type.id()) {
        case TypeId::kByte:
          cp = static_cast<uint8_t>(column.valueAt<int8_t>(row));
          break;
        case TypeId::kShort:
          cp = static_cast<uint16_t>(column.valueAt<int16_t>(row));
          break;
        case TypeId::kInt:
          cp = column.valueAt<int32_t>(row);
          break;
        default:
          throwConversion(s, type);
      }
      if (cp < 0 || cp > 0x10FFFF)
        throwFormatError(
            "java.util.IllegalFormatCodePointException", "Code point = 0x" + [&] {
              char b[16];
              std::snprintf(b, sizeof b, "%x", static_cast<unsigned>(cp));
              return std::string(b);
            }());
      std::string body;
      utf8::append(body, static_cast<uint32_t>(cp));
      if (s.upper) {
        for (char& c : body) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      }
      pad(s, body, out);
      return;
    }
    case 'd':
    case 'o':
    case 'x':
      switch (type.id()) {
        case TypeId::kByte:
          formatIntegral(s, column.valueAt<int8_t>(row), 8, out);
          return;
        case TypeId::kShort:
          formatIntegral(s, column.valueAt<int16_t>(row), 16, out);
          return;
        case TypeId::kInt:
        case TypeId::kDate:
          formatIntegral(s, column.valueAt<int32_t>(row), 32, out);
          return;
        case TypeId::kLong:
        case TypeId::kTimestamp:
          formatIntegral(s, column.valueAt<int64_t>(row), 64, out);
          return;
        default:
          throwConversion(s, type);
      }
    default:  // e, f, g
      if (type.id() == TypeId::kDouble)
        formatFloating(s, column.valueAt<double>(row), out);
      else if (type.id() == TypeId::kFloat)
        formatFloating(s, column.valueAt<float>(row), out);
      else
        throwConversion(s, type);
  }
}

void formatRow(const std::vector<Spec>& specs, std::span<const ColumnPtr> args, int64_t row,
               std::string& out) {
  int ordinary = 0, last = -1;
  for (const Spec& s : specs) {
    out.append(s.literal);
    if (!s.conversion) continue;
    int index;
    if (s.index == -1) {
      if (last < 0)
        throwFormatError("java.util.MissingFormatArgumentException",
                         "Format specifier '" + s.text + "'");
      index = last;
    } else if (s.index > 0) {
      index = s.index - 1;
    } else {
      index = ordinary++;
    }
    if (index >= static_cast<int>(args.size()))
      throwFormatError("java.util.MissingFormatArgumentException",
                       "Format specifier '" + s.text + "'");
    last = index;
    formatArgument(s, *args[static_cast<size_t>(index)], row, out);
  }
}

ExprPtr bindFormatString(std::string name, Args args) {
  checkArity(name, args, 1, -1);
  args[0] = stringArg(name, args, 0);
  std::shared_ptr<const std::vector<Spec>> fixed;
  if (auto v = constantValue(*args[0]); v && !v->isNull())
    fixed = std::make_shared<const std::vector<Spec>>(parseFormat(v->asString()));
  bool nullable = args[0]->nullable;
  return makeCall(
      name, DataType::string(), std::move(args),
      [](const KernelArgs& a) {
        const auto* fixedSpecs = static_cast<const std::vector<Spec>*>(a.state);
        ColumnBuilder out(a.resultType, a.rows);
        std::string scratch;
        std::vector<Spec> specs;
        std::string lastFormat;
        bool parsed = false;
        const Column& format = *a.columns[0];
        for (int64_t r = 0; r < a.rows; ++r) {
          if (format.isNull(r)) {
            out.appendNull();
            continue;
          }
          const std::vector<Spec>* use = fixedSpecs;
          if (!use) {
            std::string_view f = format.stringAt(r);
            if (!parsed || f != lastFormat) {
              specs = parseFormat(f);
              lastFormat.assign(f);
              parsed = true;
            }
            use = &specs;
          }
          scratch.clear();
          formatRow(*use, a.columns.subspan(1), r, scratch);
          out.appendString(scratch);
        }
        return out.finish();
      },
      fixed, nullable);
}

}  // namespace

void registerFormatFunctions(FunctionRegistry& registry) {
  registry.addScalar(
      "format_string",
      [](Args args, const BindContext&) {
        return bindFormatString("format_string", std::move(args));
      },
      "format_string(strfmt, obj, ...) - printf-style formatted string");
  registry.addScalar(
      "printf",
      [](Args args, const BindContext&) { return bindFormatString("printf", std::move(args)); },
      "printf(strfmt, obj, ...) - printf-style formatted string");
}

}  // namespace spate
