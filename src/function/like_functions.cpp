// LIKE / ILIKE: SQL wildcard patterns (`%` any sequence, `_` one character, escape `\` by
// default) matched against the whole string; ILIKE lower-cases both sides first (as Spark).
#include <algorithm>

#include "common/error.h"
#include "function/argument_checks.h"
#include "function/kernel.h"
#include "function/string_family.h"
#include "function/unicode_case.h"
#include "function/utf8.h"

namespace spate {

namespace {

using Args = std::vector<ExprPtr>;

class LikePattern {
 public:
  LikePattern(std::string_view pattern, uint32_t escape) { compile(pattern, escape); }

  bool matches(std::string_view s) const {
    switch (kind_) {
      case Kind::kAny:
        return true;
      case Kind::kExact:
        return s == prefix_;
      case Kind::kPrefix:
        return s.starts_with(prefix_);
      case Kind::kSuffix:
        return s.ends_with(suffix_);
      case Kind::kContains:
        return s.find(prefix_) != std::string_view::npos;
      case Kind::kPrefixSuffix:
        return s.size() >= prefix_.size() + suffix_.size() && s.starts_with(prefix_) &&
               s.ends_with(suffix_);
      case Kind::kGeneral:
        return matchGeneral(s);
    }
    return false;
  }

 private:
  enum class Kind { kAny, kExact, kPrefix, kSuffix, kContains, kPrefixSuffix, kGeneral };
  enum class TokenKind { kLiteral, kOne, kMany };
  struct Token {
    TokenKind kind;
    std::string literal;
  };

  static std::string quote(std::string_view s) {
    std::string out = "'";
    for (char c : s) {
      if (c == '\'' || c == '\\') out.push_back('\\');
      out.push_back(c);
    }
    return out + "'";
  }

  void compile(std::string_view pattern, uint32_t escape) {
    size_t i = 0;
    auto addLiteral = [&](std::string_view text) {
      if (!tokens_.empty() && tokens_.back().kind == TokenKind::kLiteral)
        tokens_.back().literal.append(text);
      else
        tokens_.push_back({TokenKind::kLiteral, std::string(text)});
    };
    while (i < pattern.size()) {
      size_t start = i;
      uint32_t c = utf8::decode(pattern, i);
      if (c == escape) {
        if (i >= pattern.size())
          throw ExecutionException(
              "[INVALID_FORMAT.ESC_AT_THE_END] The format is invalid: " + quote(pattern) +
                  ". The escape character is not allowed to end with.",
              "INVALID_FORMAT.ESC_AT_THE_END");
        size_t nextStart = i;
        uint32_t next = utf8::decode(pattern, i);
        if (next != '_' && next != '%' && next != escape)
          throw ExecutionException(
              "[INVALID_FORMAT.ESC_IN_THE_MIDDLE] The format is invalid: " + quote(pattern) +
                  ". The escape character is not allowed to precede " +
                  quote(pattern.substr(nextStart, i - nextStart)) + ".",
              "INVALID_FORMAT.ESC_IN_THE_MIDDLE");
        addLiteral(pattern.substr(nextStart, i - nextStart));
      } else if (c == '_') {
        tokens_.push_back({TokenKind::kOne, {}});
      } else if (c == '%') {
        if (tokens_.empty() || tokens_.back().kind != TokenKind::kMany)
          tokens_.push_back({TokenKind::kMany, {}});
      } else {
        addLiteral(pattern.substr(start, i - start));
      }
    }
    classify();
  }

  void classify() {
    auto is = [&](size_t k, TokenKind kind) {
      return k < tokens_.size() && tokens_[k].kind == kind;
    };
    size_t n = tokens_.size();
    bool hasOne = std::any_of(tokens_.begin(), tokens_.end(),
                              [](const Token& t) { return t.kind == TokenKind::kOne; });
    kind_ = Kind::kGeneral;
    if (hasOne) return;
    if (n == 0) {
      kind_ = Kind::kExact;  // empty pattern matches only the empty string
    } else if (n == 1) {
      if (is(0, TokenKind::kMany)) {
        kind_ = Kind::kAny;
      } else {
        kind_ = Kind::kExact;
        prefix_ = tokens_[0].literal;
      }
    } else if (n == 2) {
      if (is(0, TokenKind::kLiteral)) {
        kind_ = Kind::kPrefix;
        prefix_ = tokens_[0].literal;
      } else {
        kind_ = Kind::kSuffix;
        suffix_ = tokens_[1].literal;
      }
    } else if (n == 3) {
      if (is(0, TokenKind::kMany)) {
        kind_ = Kind::kContains;
        prefix_ = tokens_[1].literal;
      } else {
        kind_ = Kind::kPrefixSuffix;
        prefix_ = tokens_[0].literal;
        suffix_ = tokens_[2].literal;
      }
    }
  }

  // Greedy matching that backtracks to the last `%` only (linear for typical patterns).
  bool matchGeneral(std::string_view s) const {
    size_t i = 0, t = 0;
    size_t starToken = SIZE_MAX, starPos = 0;
    size_t n = tokens_.size();
    auto width = [&](size_t at) {
      return std::min<size_t>(utf8::charWidth(static_cast<uint8_t>(s[at])), s.size() - at);
    };
    while (i < s.size()) {
      if (t < n && tokens_[t].kind == TokenKind::kLiteral &&
          s.compare(i, tokens_[t].literal.size(), tokens_[t].literal) == 0 &&
          i + tokens_[t].literal.size() <= s.size()) {
        i += tokens_[t].literal.size();
        ++t;
      } else if (t < n && tokens_[t].kind == TokenKind::kOne) {
        i += width(i);
        ++t;
      } else if (t < n && tokens_[t].kind == TokenKind::kMany) {
        starToken = t++;
        starPos = i;
      } else if (starToken != SIZE_MAX) {
        starPos += width(starPos);
        i = starPos;
        t = starToken + 1;
      } else {
        return false;
      }
    }
    while (t < n && tokens_[t].kind == TokenKind::kMany) ++t;
    return t == n;
  }

  Kind kind_ = Kind::kGeneral;
  std::string prefix_, suffix_;
  std::vector<Token> tokens_;
};

struct LikeState {
  uint32_t escape;
  bool caseInsensitive;
  std::shared_ptr<const LikePattern> fixed;  // constant pattern, compiled once
};

uint32_t escapeArgument(std::string_view name, const Args& args) {
  if (args.size() < 3) return '\\';
  const Expr& e = *args[2];
  if (e.kind != ExprKind::kLiteral || e.type->id() != TypeId::kString || e.literal.isNull())
    throw AnalysisException("The 'escape' parameter of function '" + std::string(name) +
                                "' needs to be a string literal.",
                            "_LEGACY_ERROR_TEMP_1100");
  const std::string& text = e.literal.asString();
  if (utf8::length(text) != 1)
    throw AnalysisException(
        "[INVALID_ESCAPE_CHAR] The escape character must be a string literal "
        "of length one, but got \"" +
            exprSql(e) + "\".",
        "INVALID_ESCAPE_CHAR");
  size_t i = 0;
  return utf8::decode(text, i);
}

ExprPtr bindLike(std::string name, Args args, bool caseInsensitive) {
  checkArity(name, args, 2, 3);
  uint32_t escape = escapeArgument(name, args);
  args.resize(2);
  args[0] = stringArg(name, args, 0);
  args[1] = stringArg(name, args, 1);
  auto state = std::make_shared<LikeState>();
  state->escape = escape;
  state->caseInsensitive = caseInsensitive;
  if (auto v = constantValue(*args[1]); v && !v->isNull()) {
    std::string pattern = v->asString();
    if (caseInsensitive) {
      std::string lowered;
      appendLowerCase(pattern, lowered);
      pattern.swap(lowered);
    }
    state->fixed = std::make_shared<const LikePattern>(pattern, escape);
  }
  bool nullable = anyNullable(args);
  return makeCall(
      name, DataType::boolean(), std::move(args),
      [](const KernelArgs& a) {
        const auto& st = *static_cast<const LikeState*>(a.state);
        std::shared_ptr<const LikePattern> current = st.fixed;
        std::string lastPattern, lowered, loweredPattern;
        return mapBinary<bool, std::string_view, std::string_view>(
            a, [&](std::string_view s, std::string_view p) {
              if (!st.fixed && (!current || p != lastPattern)) {
                lastPattern.assign(p);
                if (st.caseInsensitive) {
                  loweredPattern.clear();
                  appendLowerCase(p, loweredPattern);
                  current = std::make_shared<const LikePattern>(loweredPattern, st.escape);
                } else {
                  current = std::make_shared<const LikePattern>(p, st.escape);
                }
              }
              if (!st.caseInsensitive) return current->matches(s);
              lowered.clear();
              appendLowerCase(s, lowered);
              return current->matches(lowered);
            });
      },
      state, nullable);
}

}  // namespace

void registerLikeFunctions(FunctionRegistry& registry) {
  registry.addScalar(
      "like",
      [](Args args, const BindContext&) { return bindLike("like", std::move(args), false); },
      "like(str, pattern[, escape]) - SQL LIKE (% any sequence, _ one character)");
  registry.addScalar(
      "ilike",
      [](Args args, const BindContext&) { return bindLike("ilike", std::move(args), true); },
      "ilike(str, pattern[, escape]) - case-insensitive LIKE");
}

}  // namespace spate
