// Regular-expression functions with Java regex semantics (function/java_regex.h): rlike,
// regexp_replace/extract/extract_all/count/substr/instr and split. Constant patterns are compiled
// once at bind time; other patterns are compiled per distinct value while a batch is evaluated.
#include "common/error.h"
#include "function/argument_checks.h"
#include "function/java_regex.h"
#include "function/kernel.h"
#include "function/registry.h"
#include "function/utf8.h"

namespace spate {

namespace {

using Args = std::vector<ExprPtr>;

std::string patternMessage(std::string_view function, std::string_view pattern,
                           const RegexError& error) {
  return "[INVALID_PARAMETER_VALUE.PATTERN] The value of parameter(s) `regexp` in `" +
         std::string(function) +
         "` is invalid: " + sqlValue(Value(std::string(pattern)), *DataType::string()) + ". " +
         error.what() + ".";
}

struct RegexState {
  std::string function;
  std::shared_ptr<const JavaRegex> fixed;
  // Constant replacement for regexp_replace with a constant pattern.
  std::shared_ptr<const JavaReplacement> replacement;
};

std::shared_ptr<RegexState> makeState(std::string_view function, const Expr& pattern) {
  auto state = std::make_shared<RegexState>();
  state->function = std::string(function);
  if (auto v = constantValue(pattern); v && !v->isNull()) {
    try {
      state->fixed = JavaRegex::compile(v->asString());
    } catch (const RegexError& e) {
      throw AnalysisException(patternMessage(function, v->asString(), e),
                              "INVALID_PARAMETER_VALUE.PATTERN");
    }
  }
  return state;
}

// The regex for one row: the bind-time one, or the last compiled one if the pattern repeats.
class RegexCache {
 public:
  explicit RegexCache(const RegexState& state) : state_(state) {}
  const JavaRegex& get(std::string_view pattern) {
    if (state_.fixed) return *state_.fixed;
    if (!last_ || pattern != last_->pattern()) {
      try {
        last_ = JavaRegex::compile(pattern);
      } catch (const RegexError& e) {
        throw ExecutionException(patternMessage(state_.function, pattern, e),
                                 "INVALID_PARAMETER_VALUE.PATTERN");
      }
    }
    return *last_;
  }

 private:
  const RegexState& state_;
  std::shared_ptr<const JavaRegex> last_;
};

[[noreturn]] void throwGroupIndex(std::string_view function, int groupCount, int64_t index) {
  throw ExecutionException(
      "[INVALID_PARAMETER_VALUE.REGEX_GROUP_INDEX] The value of parameter(s) `idx` in `" +
          std::string(function) + "` is invalid: Expects group index between 0 and " +
          std::to_string(groupCount) + ", but got " + std::to_string(index) + ".",
      "INVALID_PARAMETER_VALUE.REGEX_GROUP_INDEX");
}

void checkGroupIndex(std::string_view function, const JavaRegex& regex, int64_t index) {
  if (index < 0 || index > regex.groupCount()) throwGroupIndex(function, regex.groupCount(), index);
}

// ---- rlike -------------------------------------------------------------------------------------

ExprPtr bindRlike(std::string name, Args args) {
  checkArity(name, args, 2, 2);
  args[0] = stringArg(name, args, 0);
  args[1] = stringArg(name, args, 1);
  auto state = makeState(name, *args[1]);
  bool nullable = anyNullable(args);
  return makeCall(
      name, DataType::boolean(), std::move(args),
      [](const KernelArgs& a) {
        RegexCache cache(*static_cast<const RegexState*>(a.state));
        return mapBinary<bool, std::string_view, std::string_view>(
            a, [&](std::string_view s, std::string_view p) { return cache.get(p).contains(s); });
      },
      state, nullable);
}

// ---- regexp_replace ----------------------------------------------------------------------------

ExprPtr bindRegexpReplace(Args args) {
  const char* name = "regexp_replace";
  checkArity(name, args, 3, 4);
  for (size_t i = 0; i < 3; ++i) args[i] = stringArg(name, args, i);
  if (args.size() == 4) {
    args[3] = intArg(name, args, 3);
    auto pos = constantValue(*args[3]);
    if (!pos)
      throwDataTypeMismatch(name, args, "NON_FOLDABLE_INPUT",
                            "the input `position` should be a foldable \"INT\" expression; "
                            "however, got \"" +
                                exprSql(*args[3]) + "\".");
    if (!pos->isNull() && pos->asLong() <= 0)
      throwDataTypeMismatch(name, args, "VALUE_OUT_OF_RANGE",
                            "The `position` must be between (0, 2147483647] (current value = " +
                                std::to_string(pos->asLong()) + ").");
  } else {
    args.push_back(makeLiteral(Value(1), DataType::integer()));
  }
  auto state = makeState(name, *args[1]);
  if (state->fixed) {
    if (auto rep = constantValue(*args[2]); rep && !rep->isNull())
      state->replacement = std::make_shared<const JavaReplacement>(rep->asString(), *state->fixed);
  }
  bool nullable = anyNullable(args);
  return makeCall(
      name, DataType::string(), std::move(args),
      [](const KernelArgs& a) {
        const auto& st = *static_cast<const RegexState*>(a.state);
        RegexCache cache(st);
        std::optional<JavaReplacement> rowReplacement;
        std::string lastRep;
        const JavaRegex* lastRegex = nullptr;
        std::string scratch;
        ColumnBuilder out(a.resultType, a.rows);
        for (int64_t r = 0; r < a.rows; ++r) {
          bool isNull = false;
          for (const auto& c : a.columns) isNull |= c->isNull(r);
          if (isNull) {
            out.appendNull();
            continue;
          }
          std::string_view s = a.columns[0]->stringAt(r);
          const JavaRegex& regex = cache.get(a.columns[1]->stringAt(r));
          std::string_view rep = a.columns[2]->stringAt(r);
          const JavaReplacement* replacement = st.replacement.get();
          if (!replacement) {
            if (!rowReplacement || rep != lastRep || &regex != lastRegex) {
              rowReplacement.emplace(rep, regex);
              lastRep.assign(rep);
              lastRegex = &regex;
            }
            replacement = &*rowReplacement;
          }
          // The search starts at character pos - 1 of a region that begins there (Java's
          // Matcher.region), so `^` can match at that position.
          int64_t pos = a.columns[3]->valueAt<int32_t>(r) - 1;
          int64_t chars = utf8::length(s);
          if (pos != 0 && pos >= chars) {
            out.appendString(s);
            continue;
          }
          size_t regionStart = utf8::offsetOf(s, pos);
          std::string_view region = s.substr(regionStart);
          scratch.assign(s.substr(0, regionStart));
          size_t appended = 0;
          try {
            regex.forEachMatch(region, 0, [&](const std::vector<std::string_view>& groups) {
              size_t start = groups[0].data() - region.data();
              scratch.append(region.substr(appended, start - appended));
              replacement->appendTo(groups, scratch);
              appended = start + groups[0].size();
              return true;
            });
          } catch (const RegexError& e) {
            throw ExecutionException(std::string("java.lang.IllegalArgumentException: ") +
                                     e.what());
          }
          scratch.append(region.substr(appended));
          out.appendString(scratch);
        }
        return out.finish();
      },
      state, nullable);
}

// ---- extraction --------------------------------------------------------------------------------

ExprPtr bindRegexpExtract(Args args) {
  const char* name = "regexp_extract";
  checkArity(name, args, 2, 3);
  args[0] = stringArg(name, args, 0);
  args[1] = stringArg(name, args, 1);
  if (args.size() == 3)
    args[2] = intArg(name, args, 2);
  else
    args.push_back(makeLiteral(Value(1), DataType::integer()));
  auto state = makeState(name, *args[1]);
  bool nullable = anyNullable(args);
  return makeCall(
      name, DataType::string(), std::move(args),
      [](const KernelArgs& a) {
        const auto& st = *static_cast<const RegexState*>(a.state);
        RegexCache cache(st);
        std::vector<std::string_view> groups;
        return mapTernary<std::string_view, std::string_view, std::string_view, int32_t>(
            a, [&](std::string_view s, std::string_view p, int32_t idx) -> std::string_view {
              const JavaRegex& regex = cache.get(p);
              if (!regex.find(s, 0, groups)) return {};
              checkGroupIndex(st.function, regex, idx);
              return groups[static_cast<size_t>(idx)];
            });
      },
      state, nullable);
}

ExprPtr bindRegexpExtractAll(Args args) {
  const char* name = "regexp_extract_all";
  checkArity(name, args, 2, 3);
  args[0] = stringArg(name, args, 0);
  args[1] = stringArg(name, args, 1);
  if (args.size() == 3)
    args[2] = intArg(name, args, 2);
  else
    args.push_back(makeLiteral(Value(1), DataType::integer()));
  auto state = makeState(name, *args[1]);
  bool nullable = anyNullable(args);
  return makeCall(
      name, DataType::array(DataType::string(), true), std::move(args),
      [](const KernelArgs& a) {
        const auto& st = *static_cast<const RegexState*>(a.state);
        RegexCache cache(st);
        ColumnBuilder out(a.resultType, a.rows);
        for (int64_t r = 0; r < a.rows; ++r) {
          if (a.columns[0]->isNull(r) || a.columns[1]->isNull(r) || a.columns[2]->isNull(r)) {
            out.appendNull();
            continue;
          }
          std::string_view s = a.columns[0]->stringAt(r);
          const JavaRegex& regex = cache.get(a.columns[1]->stringAt(r));
          int32_t idx = a.columns[2]->valueAt<int32_t>(r);
          regex.forEachMatch(s, 0, [&](const std::vector<std::string_view>& groups) {
            checkGroupIndex(st.function, regex, idx);
            out.child(0).appendString(groups[static_cast<size_t>(idx)]);
            return true;
          });
          out.endList();
        }
        return out.finish();
      },
      state, nullable);
}

ExprPtr bindRegexpCount(Args args) {
  const char* name = "regexp_count";
  checkArity(name, args, 2, 2);
  args[0] = stringArg(name, args, 0);
  args[1] = stringArg(name, args, 1);
  auto state = makeState(name, *args[1]);
  bool nullable = anyNullable(args);
  return makeCall(
      name, DataType::integer(), std::move(args),
      [](const KernelArgs& a) {
        RegexCache cache(*static_cast<const RegexState*>(a.state));
        return mapBinary<int32_t, std::string_view, std::string_view>(
            a, [&](std::string_view s, std::string_view p) {
              int32_t n = 0;
              cache.get(p).forEachMatch(s, 0, [&](const auto&) {
                ++n;
                return true;
              });
              return n;
            });
      },
      state, nullable);
}

// regexp_substr: the first match, NULL when there is none or it is empty.
ExprPtr bindRegexpSubstr(Args args) {
  const char* name = "regexp_substr";
  checkArity(name, args, 2, 2);
  args[0] = stringArg(name, args, 0);
  args[1] = stringArg(name, args, 1);
  auto state = makeState(name, *args[1]);
  return makeCall(
      name, DataType::string(), std::move(args),
      [](const KernelArgs& a) {
        RegexCache cache(*static_cast<const RegexState*>(a.state));
        std::vector<std::string_view> groups;
        return mapBinary<std::string_view, std::string_view, std::string_view>(
            a, [&](std::string_view s, std::string_view p) -> std::optional<std::string_view> {
              if (!cache.get(p).find(s, 0, groups) || groups[0].empty()) return std::nullopt;
              return groups[0];
            });
      },
      state);
}

// regexp_instr: 1-based character position of the first match of group idx, 0 if none.
ExprPtr bindRegexpInstr(Args args) {
  const char* name = "regexp_instr";
  checkArity(name, args, 2, 3);
  args[0] = stringArg(name, args, 0);
  args[1] = stringArg(name, args, 1);
  if (args.size() == 3)
    args[2] = intArg(name, args, 2);
  else
    args.push_back(makeLiteral(Value(0), DataType::integer()));
  auto state = makeState(name, *args[1]);
  bool nullable = anyNullable(args);
  return makeCall(
      name, DataType::integer(), std::move(args),
      [](const KernelArgs& a) {
        const auto& st = *static_cast<const RegexState*>(a.state);
        RegexCache cache(st);
        std::vector<std::string_view> groups;
        return mapTernary<int32_t, std::string_view, std::string_view, int32_t>(
            a, [&](std::string_view s, std::string_view p, int32_t idx) {
              const JavaRegex& regex = cache.get(p);
              if (!regex.find(s, 0, groups)) return int32_t{0};
              checkGroupIndex(st.function, regex, idx);
              std::string_view g = groups[static_cast<size_t>(idx)];
              if (!g.data()) return int32_t{0};
              return static_cast<int32_t>(utf8::length(s.substr(0, g.data() - s.data())) + 1);
            });
      },
      state, nullable);
}

// ---- split -------------------------------------------------------------------------------------

ExprPtr bindSplit(Args args) {
  const char* name = "split";
  checkArity(name, args, 2, 3);
  args[0] = stringArg(name, args, 0);
  args[1] = stringArg(name, args, 1);
  if (args.size() == 3)
    args[2] = intArg(name, args, 2);
  else
    args.push_back(makeLiteral(Value(-1), DataType::integer()));
  auto state = makeState(name, *args[1]);
  bool nullable = anyNullable(args);
  return makeCall(
      name, DataType::array(DataType::string(), false), std::move(args),
      [](const KernelArgs& a) {
        RegexCache cache(*static_cast<const RegexState*>(a.state));
        std::vector<std::string_view> pieces;
        ColumnBuilder out(a.resultType, a.rows);
        for (int64_t r = 0; r < a.rows; ++r) {
          if (a.columns[0]->isNull(r) || a.columns[1]->isNull(r) || a.columns[2]->isNull(r)) {
            out.appendNull();
            continue;
          }
          std::string_view pattern = a.columns[1]->stringAt(r);
          javaSplit(a.columns[0]->stringAt(r), cache.get(pattern), pattern,
                    a.columns[2]->valueAt<int32_t>(r), pieces);
          for (std::string_view piece : pieces) out.child(0).appendString(piece);
          out.endList();
        }
        return out.finish();
      },
      state, nullable);
}

}  // namespace

void registerRegexFunctions(FunctionRegistry& registry) {
  auto add = [&](const char* name, auto binder, const char* usage) {
    registry.addScalar(name, std::function<ExprPtr(std::vector<ExprPtr>)>(binder), usage);
  };
  add(
      "rlike", [](Args a) { return bindRlike("rlike", std::move(a)); },
      "rlike(str, regexp) - true if the Java regex matches somewhere in str");
  add(
      "regexp", [](Args a) { return bindRlike("regexp", std::move(a)); },
      "regexp(str, regexp) - true if the Java regex matches somewhere in str");
  add(
      "regexp_like", [](Args a) { return bindRlike("regexp_like", std::move(a)); },
      "regexp_like(str, regexp) - true if the Java regex matches somewhere in str");
  add("regexp_replace", bindRegexpReplace,
      "regexp_replace(str, regexp, rep[, position]) - every match replaced ($1 group references)");
  add("regexp_extract", bindRegexpExtract,
      "regexp_extract(str, regexp[, idx]) - group idx of the first match, \"\" if none");
  add("regexp_extract_all", bindRegexpExtractAll,
      "regexp_extract_all(str, regexp[, idx]) - group idx of every match");
  add("regexp_count", bindRegexpCount, "regexp_count(str, regexp) - number of matches");
  add("regexp_substr", bindRegexpSubstr,
      "regexp_substr(str, regexp) - the first match, NULL if none");
  add("regexp_instr", bindRegexpInstr,
      "regexp_instr(str, regexp[, idx]) - 1-based position of the first match, 0 if none");
  add("split", bindSplit, "split(str, regex[, limit]) - pieces of str around matches of regex");
}

}  // namespace spate
