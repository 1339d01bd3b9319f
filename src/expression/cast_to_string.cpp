// CAST(x AS STRING) in Spark's non-ANSI form: Java's number renderings, BigDecimal.toString for
// decimals, dates and timestamps in the session time zone, binary as its bytes, and nested values
// as "[1, null]", "{a -> 1}", "{1, x}" with lower-case nulls.
#include <charconv>
#include <cmath>

#include "common/error.h"
#include "common/strings.h"
#include "expression/cast_kernels.h"
#include "expression/decimal.h"

namespace spate {

namespace {

constexpr std::string_view kNull = "null";

inline char* write2(char* p, uint32_t v) {
  p[0] = static_cast<char>('0' + v / 10);
  p[1] = static_cast<char>('0' + v % 10);
  return p + 2;
}

// "yyyy-MM-dd" for years 0..9999 (others have a sign and go through formatDate); returns the end
// or nullptr.
char* writeDate(char* p, int64_t days) {
  if (days < -719528 || days > 2932896) return nullptr;  // outside 0000-01-01 .. 9999-12-31
  CivilDate c = civilFromDays(static_cast<int32_t>(days));
  uint32_t y = static_cast<uint32_t>(c.year);
  p = write2(p, y / 100);
  p = write2(p, y % 100);
  *p++ = '-';
  p = write2(p, c.month);
  *p++ = '-';
  return write2(p, c.day);
}

// Spark's timestamp rendering of a local time: the fraction without trailing zeros.
size_t writeLocalTimestamp(char* start, int64_t local) {
  int64_t days = floorDiv(local, kMicrosPerDay);
  int64_t micros = floorMod(local, kMicrosPerDay);
  char* p = writeDate(start, days);
  if (!p) {
    std::string s = formatLocalTimestamp(local);
    std::memcpy(start, s.data(), s.size());
    return s.size();
  }
  auto seconds = static_cast<uint32_t>(micros / kMicrosPerSecond);
  *p++ = ' ';
  p = write2(p, seconds / 3600);
  *p++ = ':';
  p = write2(p, seconds / 60 % 60);
  *p++ = ':';
  p = write2(p, seconds % 60);
  auto fraction = static_cast<uint32_t>(micros % kMicrosPerSecond);
  if (fraction) {
    *p++ = '.';
    int digits = 6;
    while (fraction % 10 == 0) {
      fraction /= 10;
      --digits;
    }
    for (int d = digits - 1; d >= 0; --d) {
      p[d] = static_cast<char>('0' + fraction % 10);
      fraction /= 10;
    }
    p += digits;
  }
  return static_cast<size_t>(p - start);
}

// Java's Double.toString / Float.toString laid out from the shortest round-trip digits, without
// allocating (the same rendering as formatDouble/formatFloat). Returns the length written.
template <typename T>
size_t writeJavaFloating(char* out, T value) {
  if (std::isnan(value)) return std::string_view("NaN").copy(out, 3);
  if (std::isinf(value)) {
    std::string_view s = value > 0 ? "Infinity" : "-Infinity";
    return s.copy(out, s.size());
  }
  char* p = out;
  if (std::signbit(value)) *p++ = '-';
  if (value == 0) return static_cast<size_t>(std::string_view("0.0").copy(p, 3) + (p - out));
  char sci[48];
  auto r = std::to_chars(sci, sci + sizeof sci, std::abs(value), std::chars_format::scientific);
  // sci is "d[.ddd]e±xx".
  char digits[24];
  int n = 0;
  const char* q = sci;
  for (; q < r.ptr && *q != 'e'; ++q)
    if (*q != '.') digits[n++] = *q;
  int exponent = 0;
  std::from_chars(q + 1 + (q[1] == '+'), r.ptr, exponent);
  T magnitude = std::abs(value);
  if (magnitude >= T(1e-3) && magnitude < T(1e7)) {
    if (exponent >= 0) {
      for (int i = 0; i <= exponent; ++i) *p++ = i < n ? digits[i] : '0';
      *p++ = '.';
      if (n > exponent + 1) {
        for (int i = exponent + 1; i < n; ++i) *p++ = digits[i];
      } else {
        *p++ = '0';
      }
    } else {
      *p++ = '0';
      *p++ = '.';
      for (int i = 0; i < -exponent - 1; ++i) *p++ = '0';
      for (int i = 0; i < n; ++i) *p++ = digits[i];
    }
  } else {
    *p++ = digits[0];
    *p++ = '.';
    if (n > 1) {
      for (int i = 1; i < n; ++i) *p++ = digits[i];
    } else {
      *p++ = '0';
    }
    *p++ = 'E';
    auto e = std::to_chars(p, p + 8, exponent);
    p = e.ptr;
  }
  return static_cast<size_t>(p - out);
}

// Calls write(row, writer) for each valid row; null rows stay null.
template <typename F>
ColumnPtr mapToString(const Column& in, const TypePtr& to, size_t bytesPerRow, F&& write) {
  StringColumnWriter writer(to, in.size(), bytesPerRow);
  writer.copyValidity(in);
  for (int64_t i = 0, n = in.size(); i < n; ++i) {
    if (in.isNull(i))
      writer.skipNull(i);
    else
      write(i, writer);
  }
  return writer.finish();
}

template <typename T>
ColumnPtr floatingToString(const Column& in, const TypePtr& to) {
  const T* v = in.values<T>();
  return mapToString(in, to, 12, [v](int64_t i, StringColumnWriter& w) {
    char* p = w.reserve(48);
    w.commit(i, writeJavaFloating(p, v[i]));
  });
}

template <typename In>
ColumnPtr integralToString(const Column& in, const TypePtr& to) {
  const In* v = in.values<In>();
  return mapToString(in, to, 8, [v](int64_t i, StringColumnWriter& w) {
    char* p = w.reserve(24);
    auto r = std::to_chars(p, p + 24, v[i]);
    w.commit(i, static_cast<size_t>(r.ptr - p));
  });
}

ColumnPtr timestampToString(const Column& in, const TypePtr& to, const TimeZone& zone) {
  const int64_t* v = in.values<int64_t>();
  return mapToString(in, to, 26, [v, &zone](int64_t i, StringColumnWriter& w) {
    char* p = w.reserve(64);
    w.commit(i, writeLocalTimestamp(p, zone.utcToLocal(v[i])));
  });
}

ColumnPtr dateToString(const Column& in, const TypePtr& to) {
  const int32_t* v = in.values<int32_t>();
  return mapToString(in, to, 10, [v](int64_t i, StringColumnWriter& w) {
    char* p = w.reserve(16);
    if (char* end = writeDate(p, v[i]))
      w.commit(i, static_cast<size_t>(end - p));
    else
      w.append(i, formatDate(v[i]));
  });
}

void appendElement(std::string& out, const Column& strings, int64_t k) {
  if (strings.isNull(k))
    out += kNull;
  else
    out += strings.stringAt(k);
}

ColumnPtr arrayToString(const Column& in, const TypePtr& to, const EvalContext& context) {
  ColumnPtr elements = castColumn(in.child(0), to, context);
  std::string row;
  return mapToString(in, to, 16, [&](int64_t i, StringColumnWriter& w) {
    row.assign("[");
    for (int64_t k = in.listStart(i), e = k + in.listLength(i); k < e; ++k) {
      if (k != in.listStart(i)) row += ", ";
      appendElement(row, *elements, k);
    }
    row += ']';
    w.append(i, row);
  });
}

ColumnPtr mapToStringColumn(const Column& in, const TypePtr& to, const EvalContext& context) {
  ColumnPtr keys = castColumn(in.child(0), to, context);
  ColumnPtr values = castColumn(in.child(1), to, context);
  std::string row;
  return mapToString(in, to, 16, [&](int64_t i, StringColumnWriter& w) {
    row.assign("{");
    for (int64_t k = in.listStart(i), e = k + in.listLength(i); k < e; ++k) {
      if (k != in.listStart(i)) row += ", ";
      appendElement(row, *keys, k);
      row += " -> ";
      appendElement(row, *values, k);
    }
    row += '}';
    w.append(i, row);
  });
}

ColumnPtr structToString(const Column& in, const TypePtr& to, const EvalContext& context) {
  std::vector<ColumnPtr> fields;
  for (size_t f = 0; f < in.numChildren(); ++f)
    fields.push_back(castColumn(in.child(f), to, context));
  std::string row;
  return mapToString(in, to, 16, [&](int64_t i, StringColumnWriter& w) {
    row.assign("{");
    for (size_t f = 0; f < fields.size(); ++f) {
      if (f) row += ", ";
      appendElement(row, *fields[f], i);
    }
    row += '}';
    w.append(i, row);
  });
}

}  // namespace

ColumnPtr castToStringColumn(const Column& in, const TypePtr& to, const EvalContext& context) {
  switch (in.typeId()) {
    case TypeId::kBoolean: {
      const uint8_t* v = in.values<uint8_t>();
      return mapToString(in, to, 5, [v](int64_t i, StringColumnWriter& w) {
        w.append(i, v[i] ? "true" : "false");
      });
    }
    case TypeId::kByte:
      return integralToString<int8_t>(in, to);
    case TypeId::kShort:
      return integralToString<int16_t>(in, to);
    case TypeId::kInt:
      return integralToString<int32_t>(in, to);
    case TypeId::kLong:
      return integralToString<int64_t>(in, to);
    case TypeId::kFloat:
      return floatingToString<float>(in, to);
    case TypeId::kDouble:
      return floatingToString<double>(in, to);
    case TypeId::kDecimal: {
      const Int128* v = in.values<Int128>();
      int scale = in.type()->scale();
      return mapToString(in, to, 8, [v, scale](int64_t i, StringColumnWriter& w) {
        w.append(i, decimalToJavaString(v[i], scale));
      });
    }
    case TypeId::kDate:
      return dateToString(in, to);
    case TypeId::kTimestamp:
      return timestampToString(in, to, *context.timeZone);
    case TypeId::kInterval: {
      const Interval* v = in.values<Interval>();
      return mapToString(
          in, to, 16, [v](int64_t i, StringColumnWriter& w) { w.append(i, formatInterval(v[i])); });
    }
    case TypeId::kString:
    case TypeId::kBinary:
      return relabelStringColumn(in, to);
    case TypeId::kArray:
      return arrayToString(in, to, context);
    case TypeId::kMap:
      return mapToStringColumn(in, to, context);
    case TypeId::kStruct:
      return structToString(in, to, context);
    default:
      break;
  }
  throw InternalError("no cast kernel from " + in.type()->simpleString() + " to string");
}

}  // namespace spate
