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
          if constexpr (kUpper) appendUpperCase(s, scratch);
          else appendLowerCase(s, scratch);
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
          if (isNull) out.appendNull();
          else out.appendString(scratch);
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
  if (args.size() == 3) args[2] = intArg(name, args, 2);
  else args.push_back(makeLiteral(Value(1), DataType::integer()));
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

// ---- padding and repetition ------------------------------------------------------------------

// Spark's lpad/rpad: truncates to `len` characters, pads with repetitions of `pad` (an empty pad
// leaves the string as is).
void padString(std::string_view s, int64_t len, std::string_view pad, bool left, bool binary,
               std::string& out) {
  int64_t units = binary ? static_cast<int64_t>(s.size()) : utf8::length(s);
  int64_t spaces = len - units;
  if (spaces <= 0 || pad.empty()) {
    out.append(binary ? s.substr(0, std::clamp<int64_t>(len, 0, s.size()))
                      : utf8::substring(s, 0, len));
    return;
  }
  int64_t padUnits = binary ? static_cast<int64_t>(pad.size()) : utf8::length(pad);
  int64_t count = spaces / padUnits;
  std::string_view remain = binary ? pad.substr(0, spaces - padUnits * count)
                                   : utf8::substring(pad, 0, spaces - padUnits * count);
  checkResultSize(s.size() + pad.size() * count + remain.size(), left ? "lpad" : "rpad");
  if (!left) out.append(s);
  for (int64_t k = 0; k < count; ++k) out.append(pad);
  out.append(remain);
  if (left) out.append(s);
}

ExprPtr bindPad(std::string name, Args args, bool left) {
  checkArity(name, args, 2, 3);
  bool binary = isBinary(args[0]) && args.size() == 3 && isBinary(args[2]);
  if (!binary) args[0] = stringArg(name, args, 0);
  args[1] = intArg(name, args, 1);
  if (args.size() == 3) {
    if (!binary) args[2] = stringArg(name, args, 2);
  } else {
    args.push_back(makeLiteral(Value(" "), DataType::string()));
  }
  TypePtr type = args[0]->type;
  bool nullable = anyNullable(args);
  return makeCall(
      name, type, std::move(args),
      [left, binary](const KernelArgs& a) {
        std::string scratch;
        return mapTernary<std::string_view, std::string_view, int32_t, std::string_view>(
            a, [&](std::string_view s, int32_t len, std::string_view pad) {
              scratch.clear();
              padString(s, len, pad, left, binary, scratch);
              return std::string_view(scratch);
            });
      },
      nullptr, nullable);
}

ExprPtr bindRepeat(Args args) {
  checkArity("repeat", args, 2, 2);
  args[0] = stringArg("repeat", args, 0);
  args[1] = intArg("repeat", args, 1);
  bool nullable = anyNullable(args);
  return makeCall(
      "repeat", DataType::string(), std::move(args),
      [](const KernelArgs& a) {
        std::string scratch;
        return mapBinary<std::string_view, std::string_view, int32_t>(
            a, [&](std::string_view s, int32_t n) {
              scratch.clear();
              if (n > 0) {
                checkResultSize(s.size() * static_cast<size_t>(n), "repeat");
                for (int32_t k = 0; k < n; ++k) scratch.append(s);
              }
              return std::string_view(scratch);
            });
      },
      nullptr, nullable);
}

ExprPtr bindSpace(Args args) {
  checkArity("space", args, 1, 1);
  args[0] = intArg("space", args, 0);
  bool nullable = args[0]->nullable;
  return makeCall(
      "space", DataType::string(), std::move(args),
      [](const KernelArgs& a) {
        std::string scratch;
        return mapUnary<std::string_view, int32_t>(a, [&](int32_t n) {
          scratch.clear();
          if (n > 0) {
            checkResultSize(static_cast<size_t>(n), "space");
            scratch.assign(static_cast<size_t>(n), ' ');
          }
          return std::string_view(scratch);
        });
      },
      nullptr, nullable);
}

// ---- reverse, replace, translate ---------------------------------------------------------------

ExprPtr bindReverse(Args args) {
  checkArity("reverse", args, 1, 1);
  if (args[0]->type->id() == TypeId::kArray) return bindArrayReverse(args[0]);
  args[0] = stringArg("reverse", args, 0);
  bool nullable = args[0]->nullable;
  return makeCall(
      "reverse", DataType::string(), std::move(args),
      [](const KernelArgs& a) {
        std::string scratch;
        return mapUnary<std::string_view, std::string_view>(a, [&](std::string_view s) {
          scratch.assign(s.size(), '\0');
          size_t i = 0;
          while (i < s.size()) {
            size_t w = std::min<size_t>(utf8::charWidth(static_cast<uint8_t>(s[i])), s.size() - i);
            std::copy(s.begin() + i, s.begin() + i + w, scratch.end() - i - w);
            i += w;
          }
          return std::string_view(scratch);
        });
      },
      nullptr, nullable);
}

ExprPtr bindReplace(Args args) {
  checkArity("replace", args, 2, 3);
  if (args.size() == 2) args.push_back(makeLiteral(Value(""), DataType::string()));
  for (size_t i = 0; i < 3; ++i) args[i] = stringArg("replace", args, i);
  bool nullable = anyNullable(args);
  return makeCall(
      "replace", DataType::string(), std::move(args),
      [](const KernelArgs& a) {
        std::string scratch;
        return mapTernary<std::string_view, std::string_view, std::string_view, std::string_view>(
            a, [&](std::string_view s, std::string_view search, std::string_view rep) {
              if (search.empty()) return s;
              size_t at = s.find(search);
              if (at == std::string_view::npos) return s;
              scratch.clear();
              size_t from = 0;
              while (at != std::string_view::npos) {
                scratch.append(s.substr(from, at - from));
                scratch.append(rep);
                from = at + search.size();
                at = s.find(search, from);
              }
              scratch.append(s.substr(from));
              return std::string_view(scratch);
            });
      },
      nullptr, nullable);
}

// translate(str, from, to): each character of `from` maps to the character of `to` at the same
// position, or is deleted when `to` is shorter; the first occurrence in `from` wins.
ExprPtr bindTranslate(Args args) {
  checkArity("translate", args, 3, 3);
  for (size_t i = 0; i < 3; ++i) args[i] = stringArg("translate", args, i);
  bool nullable = anyNullable(args);
  return makeCall(
      "translate", DataType::string(), std::move(args),
      [](const KernelArgs& a) {
        std::string scratch, lastFrom, lastTo;
        bool haveDict = false;
        // code point → replacement code point, or UINT32_MAX to delete
        std::vector<std::pair<uint32_t, uint32_t>> dict;
        return mapTernary<std::string_view, std::string_view, std::string_view, std::string_view>(
            a, [&](std::string_view s, std::string_view from, std::string_view to) {
              if (!haveDict || from != lastFrom || to != lastTo) {
                dict.clear();
                size_t i = 0, j = 0;
                while (i < from.size()) {
                  uint32_t f = utf8::decode(from, i);
                  uint32_t t = j < to.size() ? utf8::decode(to, j) : UINT32_MAX;
                  bool seen = std::any_of(dict.begin(), dict.end(),
                                          [f](const auto& e) { return e.first == f; });
                  if (!seen) dict.emplace_back(f, t);
                }
                std::sort(dict.begin(), dict.end(), [](const auto& x, const auto& y) {
                  return x.first < y.first;
                });
                lastFrom.assign(from);
                lastTo.assign(to);
                haveDict = true;
              }
              scratch.clear();
              size_t i = 0;
              while (i < s.size()) {
                size_t start = i;
                uint32_t cp = utf8::decode(s, i);
                auto it = std::lower_bound(dict.begin(), dict.end(), cp,
                                           [](const auto& e, uint32_t v) { return e.first < v; });
                if (it == dict.end() || it->first != cp) {
                  scratch.append(s.substr(start, i - start));
                } else if (it->second != UINT32_MAX) {
                  utf8::append(scratch, it->second);
                }
              }
              return std::string_view(scratch);
            });
      },
      nullptr, nullable);
}

// overlay(input, replace, pos[, len]): input[1, pos) + replace + input[pos + len, …); a negative
// len means the length of `replace`.
ExprPtr bindOverlay(Args args) {
  checkArity("overlay", args, 3, 4);
  bool binary = isBinary(args[0]) && isBinary(args[1]);
  if (!binary) {
    args[0] = stringArg("overlay", args, 0);
    args[1] = stringArg("overlay", args, 1);
  }
  args[2] = intArg("overlay", args, 2);
  if (args.size() == 4) args[3] = intArg("overlay", args, 3);
  else args.push_back(makeLiteral(Value(-1), DataType::integer()));
  TypePtr type = args[0]->type;
  bool nullable = anyNullable(args);
  return makeCall(
      "overlay", type, std::move(args),
      [binary](const KernelArgs& a) {
        ColumnBuilder out(a.resultType, a.rows);
        std::string scratch;
        for (int64_t r = 0; r < a.rows; ++r) {
          bool isNull = false;
          for (const auto& c : a.columns) isNull |= c->isNull(r);
          if (isNull) {
            out.appendNull();
            continue;
          }
          std::string_view s = a.columns[0]->stringAt(r), rep = a.columns[1]->stringAt(r);
          int64_t pos = a.columns[2]->valueAt<int32_t>(r);
          int64_t len = a.columns[3]->valueAt<int32_t>(r);
          if (len < 0) len = binary ? static_cast<int64_t>(rep.size()) : utf8::length(rep);
          scratch.clear();
          scratch.append(substringSql(s, binary, 1, pos - 1));
          scratch.append(rep);
          scratch.append(substringSql(s, binary, std::clamp<int64_t>(pos + len, INT32_MIN, INT32_MAX),
                                      INT32_MAX));
          out.appendString(scratch);
        }
        return out.finish();
      },
      nullptr, nullable);
}

// ---- characters ------------------------------------------------------------------------------

ExprPtr bindAscii(Args args) {
  checkArity("ascii", args, 1, 1);
  args[0] = stringArg("ascii", args, 0);
  bool nullable = args[0]->nullable;
  return makeCall(
      "ascii", DataType::integer(), std::move(args),
      [](const KernelArgs& a) {
        return mapUnary<int32_t, std::string_view>(a, [](std::string_view s) {
          if (s.empty()) return int32_t{0};
          size_t i = 0;
          return static_cast<int32_t>(utf8::decode(s, i));
        });
      },
      nullptr, nullable);
}

// chr(n): "" for n < 0, else the character (n mod 256), U+0000 for multiples of 256.
ExprPtr bindChr(std::string name, Args args) {
  checkArity(name, args, 1, 1);
  args[0] = longArg(name, args, 0);
  bool nullable = args[0]->nullable;
  return makeCall(
      name, DataType::string(), std::move(args),
      [](const KernelArgs& a) {
        std::string scratch;
        return mapUnary<std::string_view, int64_t>(a, [&](int64_t n) {
          scratch.clear();
          if (n >= 0) utf8::append(scratch, static_cast<uint32_t>(n & 0xFF));
          return std::string_view(scratch);
        });
      },
      nullptr, nullable);
}

// ---- splitting -------------------------------------------------------------------------------

// Java's String.split(Pattern.quote(delim), -1) on a literal delimiter.
void splitLiteral(std::string_view s, std::string_view delim, std::vector<std::string_view>& out) {
  out.clear();
  if (delim.empty()) {
    out.push_back(s);
    return;
  }
  size_t from = 0;
  size_t at = s.find(delim);
  if (at == std::string_view::npos) {
    out.push_back(s);
    return;
  }
  while (at != std::string_view::npos) {
    out.push_back(s.substr(from, at - from));
    from = at + delim.size();
    at = s.find(delim, from);
  }
  out.push_back(s.substr(from));
}

[[noreturn]] void throwIndexOfZero() {
  throw ExecutionException(
      "[INVALID_INDEX_OF_ZERO] The index 0 is invalid. An index shall be either < 0 or > 0 (the "
      "first element has index 1).",
      "INVALID_INDEX_OF_ZERO");
}

// split_part(str, delimiter, partNum): 1-based, negative from the end, out of range → "".
ExprPtr bindSplitPart(Args args) {
  checkArity("split_part", args, 3, 3);
  args[0] = stringArg("split_part", args, 0);
  args[1] = stringArg("split_part", args, 1);
  args[2] = intArg("split_part", args, 2);
  bool nullable = anyNullable(args);
  return makeCall(
      "split_part", DataType::string(), std::move(args),
      [](const KernelArgs& a) {
        std::vector<std::string_view> parts;
        return mapTernary<std::string_view, std::string_view, std::string_view, int32_t>(
            a, [&](std::string_view s, std::string_view delim, int32_t part) -> std::string_view {
              if (part == 0) throwIndexOfZero();
              splitLiteral(s, delim, parts);
              int64_t n = static_cast<int64_t>(parts.size());
              int64_t idx = part > 0 ? part - 1 : n + part;
              if (idx < 0 || idx >= n) return {};
              return parts[idx];
            });
      },
      nullptr, nullable);
}

// substring_index(str, delim, count): everything before the count-th delimiter (from the right
// for a negative count).
ExprPtr bindSubstringIndex(Args args) {
  checkArity("substring_index", args, 3, 3);
  args[0] = stringArg("substring_index", args, 0);
  args[1] = stringArg("substring_index", args, 1);
  args[2] = intArg("substring_index", args, 2);
  bool nullable = anyNullable(args);
  return makeCall(
      "substring_index", DataType::string(), std::move(args),
      [](const KernelArgs& a) {
        return mapTernary<std::string_view, std::string_view, std::string_view, int32_t>(
            a, [](std::string_view s, std::string_view delim, int32_t count) -> std::string_view {
              if (delim.empty() || count == 0) return {};
              if (count > 0) {
                size_t at = 0;
                size_t from = 0;
                for (int32_t k = 0; k < count; ++k) {
                  at = s.find(delim, from);
                  if (at == std::string_view::npos) return s;
                  from = at + 1;
                }
                return s.substr(0, at);
              }
              size_t end = s.size();
              size_t at = std::string_view::npos;
              for (int64_t k = 0; k < -static_cast<int64_t>(count); ++k) {
                if (end == 0) return s;
                at = s.rfind(delim, end - 1);
                if (at == std::string_view::npos) return s;
                end = at;
              }
              return s.substr(at + delim.size());
            });
      },
      nullptr, nullable);
}

// find_in_set(str, list): 1-based position of str in the comma-separated list; 0 if absent or
// if str contains a comma.
ExprPtr bindFindInSet(Args args) {
  checkArity("find_in_set", args, 2, 2);
  for (size_t i = 0; i < 2; ++i) args[i] = stringArg("find_in_set", args, i);
  bool nullable = anyNullable(args);
  return makeCall(
      "find_in_set", DataType::integer(), std::move(args),
      [](const KernelArgs& a) {
        return mapBinary<int32_t, std::string_view, std::string_view>(
            a, [](std::string_view match, std::string_view list) {
              if (match.find(',') != std::string_view::npos) return int32_t{0};
              int32_t n = 1;
              size_t from = 0;
              while (true) {
                size_t comma = list.find(',', from);
                std::string_view item = list.substr(
                    from, comma == std::string_view::npos ? std::string_view::npos : comma - from);
                if (item == match) return n;
                if (comma == std::string_view::npos) return int32_t{0};
                from = comma + 1;
                ++n;
              }
            });
      },
      nullptr, nullable);
}

// elt(n, v1, v2, …): the n-th value, NULL when out of range (non-ANSI).
ExprPtr bindElt(Args args) {
  checkArity("elt", args, 2, -1);
  args[0] = intArg("elt", args, 0);
  bool allBinary = true;
  for (size_t i = 1; i < args.size(); ++i) allBinary &= isBinary(args[i]);
  if (!allBinary)
    for (size_t i = 1; i < args.size(); ++i) args[i] = stringArg("elt", args, i);
  TypePtr type = allBinary ? DataType::binary() : DataType::string();
  return makeCall("elt", type, std::move(args), [](const KernelArgs& a) {
    ColumnBuilder out(a.resultType, a.rows);
    const Column& index = *a.columns[0];
    int64_t n = static_cast<int64_t>(a.columns.size()) - 1;
    for (int64_t r = 0; r < a.rows; ++r) {
      if (index.isNull(r)) {
        out.appendNull();
        continue;
      }
      int64_t k = index.valueAt<int32_t>(r);
      if (k < 1 || k > n) out.appendNull();
      else out.appendFrom(*a.columns[k], r);
    }
    return out.finish();
  });
}

// ---- distances -------------------------------------------------------------------------------

ExprPtr bindLevenshtein(Args args) {
  checkArity("levenshtein", args, 2, 3);
  args[0] = stringArg("levenshtein", args, 0);
  args[1] = stringArg("levenshtein", args, 1);
  if (args.size() == 3) args[2] = intArg("levenshtein", args, 2);
  bool nullable = anyNullable(args);
  return makeCall(
      "levenshtein", DataType::integer(), std::move(args),
      [](const KernelArgs& a) {
        std::vector<uint32_t> x, y;
        std::vector<int32_t> prev, cur;
        auto distance = [&](std::string_view s, std::string_view t) {
          x.clear();
          y.clear();
          for (size_t i = 0; i < s.size();) x.push_back(utf8::decode(s, i));
          for (size_t i = 0; i < t.size();) y.push_back(utf8::decode(t, i));
          prev.resize(y.size() + 1);
          cur.resize(y.size() + 1);
          for (size_t j = 0; j <= y.size(); ++j) prev[j] = static_cast<int32_t>(j);
          for (size_t i = 1; i <= x.size(); ++i) {
            cur[0] = static_cast<int32_t>(i);
            for (size_t j = 1; j <= y.size(); ++j) {
              int32_t cost = x[i - 1] == y[j - 1] ? 0 : 1;
              cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
            }
            std::swap(prev, cur);
          }
          return prev[y.size()];
        };
        if (a.columns.size() == 2) {
          return mapBinary<int32_t, std::string_view, std::string_view>(a, distance);
        }
        // With a threshold: -1 when the distance exceeds it.
        return mapTernary<int32_t, std::string_view, std::string_view, int32_t>(
            a, [&](std::string_view s, std::string_view t, int32_t threshold) {
              if (threshold < 0) return int32_t{-1};
              int32_t d = distance(s, t);
              return d > threshold ? int32_t{-1} : d;
            });
      },
      nullptr, nullable);
}

// soundex: American Soundex of ASCII letters; a string not starting with a letter is returned
// unchanged.
ExprPtr bindSoundex(Args args) {
  checkArity("soundex", args, 1, 1);
  args[0] = stringArg("soundex", args, 0);
  bool nullable = args[0]->nullable;
  return makeCall(
      "soundex", DataType::string(), std::move(args),
      [](const KernelArgs& a) {
        static constexpr char kCodes[] = "01230127022455012623017202";
        std::string scratch;
        return mapUnary<std::string_view, std::string_view>(a, [&](std::string_view s) {
          if (s.empty()) return s;
          auto upper = [](char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c; };
          char first = upper(s[0]);
          if (first < 'A' || first > 'Z') return s;
          scratch.assign("0000");
          scratch[0] = first;
          size_t out = 1;
          char last = kCodes[first - 'A'];
          for (size_t i = 1; i < s.size() && out < 4; ++i) {
            char c = upper(s[i]);
            if (c < 'A' || c > 'Z') {
              last = '0';
              continue;
            }
            char code = kCodes[c - 'A'];
            if (code == '7') continue;  // H and W do not separate equal codes
            if (code != '0' && code != last) scratch[out++] = code;
            last = code;
          }
          return std::string_view(scratch);
        });
      },
      nullptr, nullable);
}

}  // namespace

void registerStringFunctions(FunctionRegistry& registry) {
  auto add = [&](const char* name, auto binder, const char* usage) {
    registry.addScalar(
        name, [binder](std::vector<ExprPtr> args, const BindContext&) { return binder(std::move(args)); },
        usage);
  };
  add("length", [](Args a) { return bindLength("length", std::move(a), 0); },
      "length(expr) - character length of a string, byte length of a binary");
  registry.addAlias("char_length", "length");
  registry.addAlias("character_length", "length");
  add("octet_length", [](Args a) { return bindLength("octet_length", std::move(a), 1); },
      "octet_length(expr) - byte length");
  add("bit_length", [](Args a) { return bindLength("bit_length", std::move(a), 8); },
      "bit_length(expr) - bit length");
  add("lower", [](Args a) { return bindCase<false>("lower", std::move(a)); },
      "lower(str) - lower case");
  add("lcase", [](Args a) { return bindCase<false>("lcase", std::move(a)); },
      "lcase(str) - lower case");
  add("upper", [](Args a) { return bindCase<true>("upper", std::move(a)); },
      "upper(str) - upper case");
  add("ucase", [](Args a) { return bindCase<true>("ucase", std::move(a)); },
      "ucase(str) - upper case");
  add("initcap", bindInitcap, "initcap(str) - first letter of each word in upper case");
  add("trim", [](Args a) { return bindTrim("trim", std::move(a), kBoth, false); },
      "trim([trimStr, ]str) - removes leading and trailing spaces (or trimStr characters)");
  add("ltrim", [](Args a) { return bindTrim("ltrim", std::move(a), kLeft, false); },
      "ltrim([trimStr, ]str) - removes leading spaces (or trimStr characters)");
  add("rtrim", [](Args a) { return bindTrim("rtrim", std::move(a), kRight, false); },
      "rtrim([trimStr, ]str) - removes trailing spaces (or trimStr characters)");
  add("btrim", [](Args a) { return bindTrim("btrim", std::move(a), kBoth, true); },
      "btrim(str[, trimStr]) - removes leading and trailing spaces (or trimStr characters)");
  add("substring", [](Args a) { return bindSubstring("substring", std::move(a)); },
      "substring(str, pos[, len]) - substring from 1-based pos (negative: from the end)");
  add("substr", [](Args a) { return bindSubstring("substr", std::move(a)); },
      "substr(str, pos[, len]) - substring from 1-based pos (negative: from the end)");
  add("left", [](Args a) { return bindLeftRight("left", std::move(a), true); },
      "left(str, len) - leftmost len characters");
  add("right", [](Args a) { return bindLeftRight("right", std::move(a), false); },
      "right(str, len) - rightmost len characters");
  add("concat", bindConcat, "concat(col1, col2, ...) - concatenation of strings, binaries or arrays");
  add("concat_ws", bindConcatWs,
      "concat_ws(sep, [str | array(str)]+) - strings joined by sep, NULLs skipped");
  add("instr", bindInstr, "instr(str, substr) - 1-based position of substr in str, 0 if absent");
  add("locate", [](Args a) { return bindLocate("locate", std::move(a)); },
      "locate(substr, str[, pos]) - 1-based position of substr in str at or after pos");
  add("position", [](Args a) { return bindLocate("position", std::move(a)); },
      "position(substr, str[, pos]) - 1-based position of substr in str at or after pos");
  add("contains", [](Args a) { return bindStringPredicate("contains", std::move(a), 0); },
      "contains(left, right) - true if right is found in left");
  add("startswith", [](Args a) { return bindStringPredicate("startswith", std::move(a), 1); },
      "startswith(left, right) - true if left starts with right");
  add("endswith", [](Args a) { return bindStringPredicate("endswith", std::move(a), 2); },
      "endswith(left, right) - true if left ends with right");
  add("lpad", [](Args a) { return bindPad("lpad", std::move(a), true); },
      "lpad(str, len[, pad]) - str left-padded with pad to len characters");
  add("rpad", [](Args a) { return bindPad("rpad", std::move(a), false); },
      "rpad(str, len[, pad]) - str right-padded with pad to len characters");
  add("repeat", bindRepeat, "repeat(str, n) - str repeated n times");
  add("space", bindSpace, "space(n) - n spaces");
  add("reverse", bindReverse, "reverse(str | array) - reversed string or array");
  add("replace", bindReplace, "replace(str, search[, replace]) - every search replaced");
  add("translate", bindTranslate, "translate(input, from, to) - characters of from replaced by to");
  add("overlay", bindOverlay,
      "overlay(input, replace, pos[, len]) - input with len characters at pos replaced");
  add("ascii", bindAscii, "ascii(str) - code point of the first character");
  add("chr", [](Args a) { return bindChr("chr", std::move(a)); },
      "chr(n) - the character with code n mod 256");
  add("char", [](Args a) { return bindChr("char", std::move(a)); },
      "char(n) - the character with code n mod 256");
  add("split_part", bindSplitPart,
      "split_part(str, delimiter, partNum) - the partNum-th field (1-based, negative from end)");
  add("substring_index", bindSubstringIndex,
      "substring_index(str, delim, count) - substring before count occurrences of delim");
  add("find_in_set", bindFindInSet,
      "find_in_set(str, strList) - 1-based index of str in a comma-separated list");
  add("elt", bindElt, "elt(n, input1, input2, ...) - the n-th input");
  add("levenshtein", bindLevenshtein,
      "levenshtein(str1, str2[, threshold]) - edit distance (-1 above threshold)");
  add("soundex", bindSoundex, "soundex(str) - Soundex code");
  registerStringEncodingFunctions(registry);
  registerFormatFunctions(registry);
  registerLikeFunctions(registry);
}

}  // namespace spate
