// String functions with Spark 3.5's names and semantics (non-ANSI): lengths and positions count
// characters (code points), positions are 1-based, NULL in → NULL out unless noted.
#include <algorithm>
#include <climits>

#include "common/error.h"
#include "function/argument_checks.h"
#include "function/kernel.h"
#include "function/registry.h"
#include "function/string_family.h"
#include "function/unicode_case.h"
#include "function/utf8.h"

namespace spate {

void checkResultSize(size_t bytes, std::string_view function) {
  if (bytes > static_cast<size_t>(INT32_MAX))
    throw ExecutionException("[COLLECTION_SIZE_LIMIT_EXCEEDED] The result of `" +
                                 std::string(function) + "` would exceed the size limit of " +
                                 std::to_string(INT32_MAX) + " bytes.",
                             "COLLECTION_SIZE_LIMIT_EXCEEDED");
}

namespace {

using Args = std::vector<ExprPtr>;

bool isBinary(const ExprPtr& e) { return e->type->id() == TypeId::kBinary; }

// ---- length family ---------------------------------------------------------------------------

ExprPtr bindLength(std::string_view name, Args args, int bitsPerUnit) {
  checkArity(name, args, 1, 1);
  args[0] = stringOrBinaryArg(name, args, 0);
  bool binary = isBinary(args[0]);
  bool nullable = args[0]->nullable;
  return makeCall(
      std::string(name), DataType::integer(), std::move(args),
      [binary, bitsPerUnit](const KernelArgs& a) {
        return mapUnary<int32_t, std::string_view>(a, [&](std::string_view s) {
          if (bitsPerUnit) return static_cast<int32_t>(s.size() * bitsPerUnit);
          return static_cast<int32_t>(binary ? s.size() : utf8::length(s));
        });
      },
      nullptr, nullable);
}

// ---- case ------------------------------------------------------------------------------------

template <bool kUpper>
ExprPtr bindCase(std::string_view name, Args args) {
  checkArity(name, args, 1, 1);
  args[0] = stringArg(name, args, 0);
  bool nullable = args[0]->nullable;
  return makeCall(
      std::string(name), DataType::string(), std::move(args),
      [](const KernelArgs& a) {
        std::string scratch;
        return mapUnary<std::string_view, std::string_view>(a, [&](std::string_view s) {
          scratch.clear();
          if constexpr (kUpper)
            appendUpperCase(s, scratch);
          else
            appendLowerCase(s, scratch);
          return std::string_view(scratch);
        });
      },
      nullptr, nullable);
}

// initcap: lower-cases, then title-cases the first character and every character after a space
// (Spark 3.5's toLowerCase().toTitleCase()).
ExprPtr bindInitcap(Args args) {
  checkArity("initcap", args, 1, 1);
  args[0] = stringArg("initcap", args, 0);
  bool nullable = args[0]->nullable;
  return makeCall(
      "initcap", DataType::string(), std::move(args),
      [](const KernelArgs& a) {
        std::string lowered, scratch;
        return mapUnary<std::string_view, std::string_view>(a, [&](std::string_view s) {
          lowered.clear();
          appendLowerCase(s, lowered);
          scratch.clear();
          size_t i = 0;
          bool initial = true;
          while (i < lowered.size()) {
            size_t start = i;
            uint32_t cp = utf8::decode(lowered, i);
            if (initial && i - start == static_cast<size_t>(utf8::charWidth(
                                            static_cast<uint8_t>(lowered[start])))) {
              utf8::append(scratch, titleCodePoint(cp));
            } else {
              scratch.append(lowered, start, i - start);
            }
            initial = cp == ' ';
          }
          return std::string_view(scratch);
        });
      },
      nullptr, nullable);
}

// ---- trim ------------------------------------------------------------------------------------

enum TrimSide { kBoth, kLeft, kRight };

std::string_view trimSpaces(std::string_view s, TrimSide side) {
  size_t b = 0, e = s.size();
  if (side != kRight)
    while (b < e && s[b] == ' ') ++b;
  if (side != kLeft)
    while (e > b && s[e - 1] == ' ') --e;
  return s.substr(b, e - b);
}

bool containsCodePoint(std::string_view set, std::string_view ch) {
  for (size_t i = 0; i < set.size();) {
    size_t w = std::min<size_t>(utf8::charWidth(static_cast<uint8_t>(set[i])), set.size() - i);
    if (set.substr(i, w) == ch) return true;
    i += w;
  }
  return false;
}

std::string_view trimChars(std::string_view s, std::string_view set, TrimSide side) {
  size_t b = 0, e = s.size();
  if (side != kRight) {
    while (b < e) {
      size_t w = std::min<size_t>(utf8::charWidth(static_cast<uint8_t>(s[b])), e - b);
      if (!containsCodePoint(set, s.substr(b, w))) break;
      b += w;
    }
  }
  if (side != kLeft) {
    while (e > b) {
      size_t p = e - 1;
      while (p > b && (static_cast<uint8_t>(s[p]) & 0xC0) == 0x80) --p;
      if (!containsCodePoint(set, s.substr(p, e - p))) break;
      e = p;
    }
  }
  return s.substr(b, e - b);
}

// trim(str) / trim(trimStr, str) (function form puts the characters first); btrim(str, trimStr).
ExprPtr bindTrim(std::string name, Args args, TrimSide side, bool sourceFirst) {
  checkArity(name, args, 1, 2);
  for (size_t i = 0; i < args.size(); ++i) args[i] = stringArg(name, args, i);
  bool nullable = anyNullable(args);
  if (args.size() == 1) {
    return makeCall(
        name, DataType::string(), std::move(args),
        [side](const KernelArgs& a) {
          return mapUnary<std::string_view, std::string_view>(
              a, [side](std::string_view s) { return trimSpaces(s, side); });
        },
        nullptr, nullable);
  }
  // Children keep the call's order; the kernel picks the source.
  return makeCall(
      name, DataType::string(), std::move(args),
      [side, sourceFirst](const KernelArgs& a) {
        return mapBinary<std::string_view, std::string_view, std::string_view>(
            a, [&](std::string_view x, std::string_view y) {
              std::string_view src = sourceFirst ? x : y, set = sourceFirst ? y : x;
              return trimChars(src, set, side);
            });
      },
      nullptr, nullable);
}

// ---- substring -------------------------------------------------------------------------------

// Spark's substringSQL window [start, end) over `units` characters or bytes.
std::pair<int64_t, int64_t> sqlWindow(int64_t units, int64_t pos, int64_t len) {
  int64_t start = pos > 0 ? pos - 1 : pos < 0 ? units + pos : 0;
  int64_t end = std::clamp<int64_t>(start + len, INT32_MIN, INT32_MAX);
  return {std::max<int64_t>(start, 0), end};
}

}  // namespace

std::string_view substringSql(std::string_view s, bool binary, int64_t pos, int64_t len) {
  if (binary || utf8::isAscii(s)) {
    if (binary && pos > static_cast<int64_t>(s.size())) return {};
    auto [start, end] = sqlWindow(static_cast<int64_t>(s.size()), pos, len);
    if (start >= end || start >= static_cast<int64_t>(s.size())) return {};
    end = std::min<int64_t>(end, static_cast<int64_t>(s.size()));
    return s.substr(start, end - start);
  }
  int64_t chars = pos < 0 ? utf8::length(s) : 0;
  auto [start, end] = sqlWindow(chars, pos, len);
  return utf8::substring(s, start, end);
}

namespace {

ExprPtr bindSubstring(std::string name, Args args) {
  checkArity(name, args, 2, 3);
  args[0] = stringOrBinaryArg(name, args, 0);
  args[1] = intArg(name, args, 1);
  if (args.size() == 3) args[2] = intArg(name, args, 2);
  bool binary = isBinary(args[0]);
  TypePtr type = args[0]->type;
  bool nullable = anyNullable(args);
  if (args.size() == 2) {
    return makeCall(
        name, type, std::move(args),
        [binary](const KernelArgs& a) {
          return mapBinary<std::string_view, std::string_view, int32_t>(
              a, [&](std::string_view s, int32_t pos) {
                return substringSql(s, binary, pos, INT32_MAX);
              });
        },
        nullptr, nullable);
  }
  return makeCall(
      name, type, std::move(args),
      [binary](const KernelArgs& a) {
        return mapTernary<std::string_view, std::string_view, int32_t, int32_t>(
            a, [&](std::string_view s, int32_t pos, int32_t len) {
              return substringSql(s, binary, pos, len);
            });
      },
      nullptr, nullable);
}

// left(str, len) = substring(str, 1, len); right(str, len) = "" for len <= 0, else
// substring(str, -len).
ExprPtr bindLeftRight(std::string name, Args args, bool left) {
  checkArity(name, args, 2, 2);
  args[0] = stringOrBinaryArg(name, args, 0);
  args[1] = intArg(name, args, 1);
  bool binary = isBinary(args[0]);
  TypePtr type = args[0]->type;
  bool nullable = anyNullable(args);
  return makeCall(
      name, type, std::move(args),
      [binary, left](const KernelArgs& a) {
        return mapBinary<std::string_view, std::string_view, int32_t>(
            a, [&](std::string_view s, int32_t len) -> std::string_view {
              if (left) return substringSql(s, binary, 1, len);
              if (len <= 0) return {};
              return substringSql(s, binary, -static_cast<int64_t>(len), INT32_MAX);
            });
      },
      nullptr, nullable);
}

// ---- concat ----------------------------------------------------------------------------------

ExprPtr bindConcat(Args args) {
  bool anyArray = false, allBinary = !args.empty();
  for (const auto& a : args) {
    anyArray |= a->type->id() == TypeId::kArray;
    allBinary &= a->type->id() == TypeId::kBinary;
  }
  if (anyArray) return bindArrayConcat(std::move(args));
  TypePtr type = allBinary ? DataType::binary() : DataType::string();
  for (size_t i = 0; i < args.size(); ++i) {
    if (allBinary) continue;
    auto cast = implicitToString(args[i]);
    if (!cast)
      throwUnexpectedInputType("concat", args, i, "(\"STRING\" or \"BINARY\" or \"ARRAY\")");
    args[i] = *cast;
  }
  bool nullable = anyNullable(args);
  return makeCall(
      "concat", type, std::move(args),
      [](const KernelArgs& a) {
        ColumnBuilder out(a.resultType, a.rows);
        std::string scratch;
        for (int64_t r = 0; r < a.rows; ++r) {
          scratch.clear();
          bool isNull = false;
          for (const auto& c : a.columns) {
            if (c->isNull(r)) {
              isNull = true;
              break;
            }
            scratch.append(c->stringAt(r));
          }
          if (isNull)
            out.appendNull();
          else
            out.appendString(scratch);
        }
        return out.finish();
      },
      nullptr, nullable);
}

// concat_ws(sep, str | array<string>, …): NULL values and elements are skipped.
ExprPtr bindConcatWs(Args args) {
  checkArity("concat_ws", args, 1, -1);
  for (size_t i = 0; i < args.size(); ++i) {
    const auto& t = *args[i]->type;
    if (i > 0 && t.id() == TypeId::kArray) {
      if (t.element()->id() == TypeId::kString) continue;
      if (isAtomicType(*t.element()) || t.element()->id() == TypeId::kNull) {
        args[i] = castTo(args[i], DataType::array(DataType::string(), t.containsNull()));
        continue;
      }
      throwUnexpectedInputType("concat_ws", args, i, "(\"ARRAY<STRING>\" or \"STRING\")");
    }
    auto cast = implicitToString(args[i]);
    if (!cast) throwUnexpectedInputType("concat_ws", args, i, "(\"ARRAY<STRING>\" or \"STRING\")");
    args[i] = *cast;
  }
  bool nullable = args[0]->nullable;
  return makeCall(
      "concat_ws", DataType::string(), std::move(args),
      [](const KernelArgs& a) {
        ColumnBuilder out(a.resultType, a.rows);
        std::string scratch;
        const Column& sepColumn = *a.columns[0];
        for (int64_t r = 0; r < a.rows; ++r) {
          if (sepColumn.isNull(r)) {
            out.appendNull();
            continue;
          }
          std::string_view sep = sepColumn.stringAt(r);
          scratch.clear();
          bool first = true;
          auto add = [&](std::string_view v) {
            if (!first) scratch.append(sep);
            scratch.append(v);
            first = false;
          };
          for (size_t k = 1; k < a.columns.size(); ++k) {
            const Column& c = *a.columns[k];
            if (c.isNull(r)) continue;
            if (c.typeId() == TypeId::kArray) {
              const Column& elements = *c.child(0);
              for (int64_t e = c.listStart(r), end = e + c.listLength(r); e < end; ++e)
                if (!elements.isNull(e)) add(elements.stringAt(e));
            } else {
              add(c.stringAt(r));
            }
          }
          out.appendString(scratch);
        }
        return out.finish();
      },
      nullptr, nullable);
}

// ---- search ----------------------------------------------------------------------------------

// Spark's UTF8String.indexOf(v, start): character index of `v` at or after character `start`, or
// -1; an empty `v` is found at 0 whatever `start` is.
int64_t indexOfChars(std::string_view s, std::string_view v, int64_t start) {
  if (v.empty()) return 0;
  size_t i = 0;
  int64_t c = 0;
  while (i < s.size() && c < start) {
    i += utf8::charWidth(static_cast<uint8_t>(s[i]));
    ++c;
  }
  if (i >= s.size()) return -1;
  if (utf8::isAscii(s)) {
    size_t found = s.find(v, i);
    return found == std::string_view::npos ? -1 : static_cast<int64_t>(found);
  }
  while (i < s.size()) {
    if (i + v.size() > s.size()) return -1;
    if (s.compare(i, v.size(), v) == 0) return c;
    i += utf8::charWidth(static_cast<uint8_t>(s[i]));
    ++c;
  }
  return -1;
}

ExprPtr bindInstr(Args args) {
  checkArity("instr", args, 2, 2);
  for (size_t i = 0; i < 2; ++i) args[i] = stringArg("instr", args, i);
  bool nullable = anyNullable(args);
  return makeCall(
      "instr", DataType::integer(), std::move(args),
      [](const KernelArgs& a) {
        return mapBinary<int32_t, std::string_view, std::string_view>(
            a, [](std::string_view s, std::string_view v) {
              return static_cast<int32_t>(indexOfChars(s, v, 0) + 1);
            });
      },
      nullptr, nullable);
}

// locate(substr, str[, pos]): a NULL pos gives 0 (as Hive), pos < 1 gives 0.
ExprPtr bindLocate(std::string name, Args args) {
  checkArity(name, args, 2, 3);
  args[0] = stringArg(name, args, 0);
  args[1] = stringArg(name, args, 1);
  if (args.size() == 3)
    args[2] = intArg(name, args, 2);
  else
    args.push_back(makeLiteral(Value(1), DataType::integer()));
  bool nullable = args[0]->nullable || args[1]->nullable;
  return makeCall(
      name, DataType::integer(), std::move(args),
      [](const KernelArgs& a) {
        const Column& sub = *a.columns[0];
        const Column& str = *a.columns[1];
        const Column& pos = *a.columns[2];
        KernelWriter<int32_t> w(a.resultType, a.rows);
        for (int64_t r = 0; r < a.rows; ++r) {
          if (pos.isNull(r)) {
            w.set(r, 0);
          } else if (sub.isNull(r) || str.isNull(r)) {
            w.setNull(r);
          } else {
            int32_t p = pos.valueAt<int32_t>(r);
            w.set(r, p < 1 ? 0
                           : static_cast<int32_t>(
                                 indexOfChars(str.stringAt(r), sub.stringAt(r), p - 1) + 1));
          }
        }
        return w.finish();
      },
      nullptr, nullable);
}

// contains / startswith / endswith on strings or binaries.
ExprPtr bindStringPredicate(std::string name, Args args, int which) {
  checkArity(name, args, 2, 2);
  if (!(isBinary(args[0]) && isBinary(args[1]))) {
    for (size_t i = 0; i < 2; ++i) args[i] = stringArg(name, args, i);
  }
  bool nullable = anyNullable(args);
  return makeCall(
      name, DataType::boolean(), std::move(args),
      [which](const KernelArgs& a) {
        return mapBinary<bool, std::string_view, std::string_view>(
            a, [which](std::string_view s, std::string_view v) {
              if (which == 0) return s.find(v) != std::string_view::npos;
              if (which == 1) return s.starts_with(v);
              return s.ends_with(v);
            });
      },
      nullptr, nullable);
}

}  // namespace

void registerStringFunctions(FunctionRegistry& registry) {
  auto add = [&](const char* name, auto binder, const char* usage) {
    registry.addScalar(name, std::function<ExprPtr(std::vector<ExprPtr>)>(binder), usage);
  };
  add(
      "length", [](Args a) { return bindLength("length", std::move(a), 0); },
      "length(expr) - character length of a string, byte length of a binary");
  registry.addAlias("char_length", "length");
  registry.addAlias("character_length", "length");
  add(
      "octet_length", [](Args a) { return bindLength("octet_length", std::move(a), 1); },
      "octet_length(expr) - byte length");
  add(
      "bit_length", [](Args a) { return bindLength("bit_length", std::move(a), 8); },
      "bit_length(expr) - bit length");
  add(
      "lower", [](Args a) { return bindCase<false>("lower", std::move(a)); },
      "lower(str) - lower case");
  add(
      "lcase", [](Args a) { return bindCase<false>("lcase", std::move(a)); },
      "lcase(str) - lower case");
  add(
      "upper", [](Args a) { return bindCase<true>("upper", std::move(a)); },
      "upper(str) - upper case");
  add(
      "ucase", [](Args a) { return bindCase<true>("ucase", std::move(a)); },
      "ucase(str) - upper case");
  add("initcap", bindInitcap, "initcap(str) - first letter of each word in upper case");
  add(
      "trim", [](Args a) { return bindTrim("trim", std::move(a), kBoth, false); },
      "trim([trimStr, ]str) - removes leading and trailing spaces (or trimStr characters)");
  add(
      "ltrim", [](Args a) { return bindTrim("ltrim", std::move(a), kLeft, false); },
      "ltrim([trimStr, ]str) - removes leading spaces (or trimStr characters)");
  add(
      "rtrim", [](Args a) { return bindTrim("rtrim", std::move(a), kRight, false); },
      "rtrim([trimStr, ]str) - removes trailing spaces (or trimStr characters)");
  add(
      "btrim", [](Args a) { return bindTrim("btrim", std::move(a), kBoth, true); },
      "btrim(str[, trimStr]) - removes leading and trailing spaces (or trimStr characters)");
  add(
      "substring", [](Args a) { return bindSubstring("substring", std::move(a)); },
      "substring(str, pos[, len]) - substring from 1-based pos (negative: from the end)");
  add(
      "substr", [](Args a) { return bindSubstring("substr", std::move(a)); },
      "substr(str, pos[, len]) - substring from 1-based pos (negative: from the end)");
  add(
      "left", [](Args a) { return bindLeftRight("left", std::move(a), true); },
      "left(str, len) - leftmost len characters");
  add(
      "right", [](Args a) { return bindLeftRight("right", std::move(a), false); },
      "right(str, len) - rightmost len characters");
  add("concat", bindConcat,
      "concat(col1, col2, ...) - concatenation of strings, binaries or arrays");
  add("concat_ws", bindConcatWs,
      "concat_ws(sep, [str | array(str)]+) - strings joined by sep, NULLs skipped");
  add("instr", bindInstr, "instr(str, substr) - 1-based position of substr in str, 0 if absent");
  add(
      "locate", [](Args a) { return bindLocate("locate", std::move(a)); },
      "locate(substr, str[, pos]) - 1-based position of substr in str at or after pos");
  add(
      "position", [](Args a) { return bindLocate("position", std::move(a)); },
      "position(substr, str[, pos]) - 1-based position of substr in str at or after pos");
  add(
      "contains", [](Args a) { return bindStringPredicate("contains", std::move(a), 0); },
      "contains(left, right) - true if right is found in left");
  add(
      "startswith", [](Args a) { return bindStringPredicate("startswith", std::move(a), 1); },
      "startswith(left, right) - true if left starts with right");
  add(
      "endswith", [](Args a) { return bindStringPredicate("endswith", std::move(a), 2); },
      "endswith(left, right) - true if left ends with right");
  registerStringEditFunctions(registry);
  registerStringEncodingFunctions(registry);
  registerFormatFunctions(registry);
  registerLikeFunctions(registry);
}

}  // namespace spate
