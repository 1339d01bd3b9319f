#pragma once

// Java regular expressions (java.util.regex, which Spark uses) on top of RE2: the pattern is
// translated to RE2's syntax, and the match loops follow java.util.regex.Matcher (find() after
// an empty match starts one character later; an empty match may follow a non-empty one).
//
// Java constructs RE2 cannot run (backreferences, lookaround, atomic groups, possessive
// quantifiers, \G, class intersections) are rejected with RegexError. Known approximations: `$`
// (without MULTILINE) matches only at the very end, not before a final line terminator; (?i) folds
// case with Unicode rules; \b uses RE2's ASCII word characters.

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace re2 {
class RE2;
}

namespace spate {

/// A pattern Java rejects or RE2 cannot run; `what()` says why.
class RegexError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Translates Java regex syntax to RE2 syntax. Throws RegexError.
std::string translateJavaRegex(std::string_view javaPattern);

/// A compiled Java regular expression. Immutable and shareable across threads.
class JavaRegex {
 public:
  /// Throws RegexError for invalid or unsupported patterns.
  static std::shared_ptr<const JavaRegex> compile(std::string_view javaPattern);
  ~JavaRegex();

  const std::string& pattern() const { return pattern_; }
  /// The text the pattern matches when it has no metacharacters (searched without RE2).
  const std::optional<std::string>& literal() const { return literal_; }
  int groupCount() const { return groupCount_; }
  /// Index of a named group, or -1.
  int groupIndex(std::string_view name) const;

  /// Finds the first match starting at or after byte `from`; `groups` receives groupCount()+1
  /// views (group 0 = whole match; data() == nullptr for groups that did not participate).
  bool find(std::string_view text, size_t from, std::vector<std::string_view>& groups) const;
  /// True if the pattern matches somewhere in `text` (rlike).
  bool contains(std::string_view text) const;

  /// Calls `onMatch(groups)` for every match in `text` from byte `from` in Matcher.find() order;
  /// stops early when it returns false.
  template <typename F>
  void forEachMatch(std::string_view text, size_t from, F&& onMatch) const {
    std::vector<std::string_view> groups;
    size_t pos = from;
    while (pos <= text.size() && find(text, pos, groups)) {
      size_t start = groups[0].data() - text.data();
      size_t end = start + groups[0].size();
      if (!onMatch(groups)) return;
      if (end == start) {
        if (end >= text.size()) return;
        pos = end + nextCharWidth(text, end);
      } else {
        pos = end;
      }
    }
  }

 private:
  JavaRegex() = default;
  static size_t nextCharWidth(std::string_view text, size_t at);
  std::string pattern_;
  std::unique_ptr<re2::RE2> re_;
  std::optional<std::string> literal_;
  int groupCount_ = 0;
};

/// A parsed java.util.regex replacement string: `$n` / `${name}` group references, `\x` escapes.
class JavaReplacement {
 public:
  /// Parses `replacement` for `regex`. A malformed replacement is remembered and reported by
  /// appendTo (Java reports it only when there is a match to replace).
  JavaReplacement(std::string_view replacement, const JavaRegex& regex);
  /// Appends the replacement for one match; throws RegexError if the replacement is malformed.
  void appendTo(const std::vector<std::string_view>& groups, std::string& out) const;

 private:
  struct Part {
    int group;  // -1: literal
    std::string literal;
  };
  std::vector<Part> parts_;
  std::string error_;
};

/// Spark's split(str, regex, limit) (UTF8String.split over Java's String.split): limit > 0 keeps
/// at most `limit` pieces (the last one holds the rest), limit <= 0 keeps every piece, including
/// trailing empty ones; an empty pattern splits between characters.
void javaSplit(std::string_view text, const JavaRegex& regex, std::string_view pattern,
               int32_t limit, std::vector<std::string_view>& out);

}  // namespace spate
