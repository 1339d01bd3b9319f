// String functions that pad, repeat, replace, split or compare strings (Spark 3.5 semantics,
// positions and lengths in characters).
#include <algorithm>
#include <climits>

#include "common/error.h"
#include "function/argument_checks.h"
#include "function/kernel.h"
#include "function/string_family.h"
#include "function/utf8.h"

namespace spate {

namespace {

using Args = std::vector<ExprPtr>;

bool isBinary(const ExprPtr& e) { return e->type->id() == TypeId::kBinary; }

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
                std::sort(dict.begin(), dict.end(),
                          [](const auto& x, const auto& y) { return x.first < y.first; });
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
  if (args.size() == 4)
    args[3] = intArg("overlay", args, 3);
  else
    args.push_back(makeLiteral(Value(-1), DataType::integer()));
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
          scratch.append(substringSql(
              s, binary, std::clamp<int64_t>(pos + len, INT32_MIN, INT32_MAX), INT32_MAX));
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
      if (k < 1 || k > n)
        out.appendNull();
      else
        out.appendFrom(*a.columns[k], r);
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

void registerStringEditFunctions(FunctionRegistry& registry) {
  auto add = [&](const char* name, auto binder, const char* usage) {
    registry.addScalar(name, std::function<ExprPtr(std::vector<ExprPtr>)>(binder), usage);
  };
  add(
      "lpad", [](Args a) { return bindPad("lpad", std::move(a), true); },
      "lpad(str, len[, pad]) - str left-padded with pad to len characters");
  add(
      "rpad", [](Args a) { return bindPad("rpad", std::move(a), false); },
      "rpad(str, len[, pad]) - str right-padded with pad to len characters");
  add(
      "chr", [](Args a) { return bindChr("chr", std::move(a)); },
      "chr(n) - the character with code n mod 256");
  add(
      "char", [](Args a) { return bindChr("char", std::move(a)); },
      "char(n) - the character with code n mod 256");
  add("repeat", bindRepeat, "repeat(str, n) - str repeated n times");
  add("space", bindSpace, "space(n) - n spaces");
  add("reverse", bindReverse, "reverse(str | array) - reversed string or array");
  add("replace", bindReplace, "replace(str, search[, replace]) - every search replaced");
  add("translate", bindTranslate, "translate(input, from, to) - characters of from replaced by to");
  add("overlay", bindOverlay,
      "overlay(input, replace, pos[, len]) - input with len characters at pos replaced");
  add("ascii", bindAscii, "ascii(str) - code point of the first character");
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
}

}  // namespace spate
