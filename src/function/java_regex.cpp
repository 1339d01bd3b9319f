#include "function/java_regex.h"

#include <re2/re2.h>

#include <cctype>
#include <cstdio>
#include <cstring>

#include "function/utf8.h"

namespace spate {

namespace {

constexpr std::string_view kJavaSpace = "\\t\\n\\x0B\\f\\r ";
constexpr std::string_view kVerticalSpace = "\\n\\x0B\\f\\r\\x{85}\\x{2028}\\x{2029}";
constexpr std::string_view kHorizontalSpace =
    " \\t\\x{A0}\\x{1680}\\x{180e}\\x{2000}-\\x{200a}\\x{202f}\\x{205f}\\x{3000}";
constexpr std::string_view kLineTerminators = "\\n\\r\\x{85}\\x{2028}\\x{2029}";

std::string hexCodePoint(uint32_t cp) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "\\x{%X}", cp);
  return buf;
}

[[noreturn]] void unsupported(const std::string& what) {
  throw RegexError(what + " " + "not supported (Spate matches regular expressions with RE2)");
}

class Translator {
 public:
  explicit Translator(std::string_view pattern) : p_(pattern) {}

  std::string run() {
    while (i_ < p_.size()) atom();
    if (!stack_.empty()) syntax("Unclosed group");
    return out_;
  }

 private:
  struct Flags {
    bool dotAll = false;
    bool unixLines = false;
    bool comments = false;
  };

  [[noreturn]] void syntax(const std::string& message) {
    throw RegexError(message + " near index " + std::to_string(i_));
  }

  bool more() const { return i_ < p_.size(); }
  char peek(size_t ahead = 0) const { return i_ + ahead < p_.size() ? p_[i_ + ahead] : '\0'; }

  void skipComments() {
    if (!flags_.comments) return;
    while (more()) {
      char c = p_[i_];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\x0B' || c == '\f' || c == '\r') {
        ++i_;
      } else if (c == '#') {
        while (more() && p_[i_] != '\n' && p_[i_] != '\r') ++i_;
      } else {
        break;
      }
    }
  }

  void atom() {
    skipComments();
    if (!more()) return;
    char c = p_[i_];
    switch (c) {
      case '\\':
        escape(false);
        break;
      case '[':
        out_.push_back('[');
        ++i_;
        characterClass(false);
        out_.push_back(']');
        break;
      case '(':
        group();
        return;  // a group's quantifier is read when the group closes
      case ')':
        if (stack_.empty()) syntax("Unmatched closing ')'");
        ++i_;
        flags_ = stack_.back();
        stack_.pop_back();
        out_.push_back(')');
        break;
      case '.':
        ++i_;
        if (flags_.dotAll)
          out_ += "(?s:.)";
        else if (flags_.unixLines)
          out_ += "[^\\n]";
        else
          out_ += "[^" + std::string(kLineTerminators) + "]";
        break;
      case '*':
      case '+':
      case '?':
        syntax("Dangling meta character '" + std::string(1, c) + "'");
      case '{':
        syntax("Illegal repetition");
      default: {
        size_t w = std::min<size_t>(utf8::charWidth(static_cast<uint8_t>(c)), p_.size() - i_);
        out_.append(p_.substr(i_, w));
        i_ += w;
      }
    }
    quantifier();
  }

  void quantifier() {
    skipComments();
    if (!more()) return;
    char c = p_[i_];
    if (c == '*' || c == '+' || c == '?') {
      out_.push_back(c);
      ++i_;
    } else if (c == '{') {
      size_t j = i_ + 1;
      auto digits = [&] {
        size_t s = j;
        while (j < p_.size() && std::isdigit(static_cast<unsigned char>(p_[j]))) ++j;
        return p_.substr(s, j - s);
      };
      std::string_view lo = digits(), hi;
      bool comma = false;
      if (j < p_.size() && p_[j] == ',') {
        comma = true;
        ++j;
        hi = digits();
      }
      if (lo.empty() || j >= p_.size() || p_[j] != '}') syntax("Illegal repetition");
      if (lo.size() > 9 || hi.size() > 9) syntax("Illegal repetition range");
      if (comma && !hi.empty() && std::stol(std::string(hi)) < std::stol(std::string(lo)))
        syntax("Illegal repetition range");
      out_.append(p_.substr(i_, j + 1 - i_));
      i_ = j + 1;
    } else {
      return;
    }
    if (more() && p_[i_] == '?') {
      out_.push_back('?');
      ++i_;
    } else if (more() && p_[i_] == '+') {
      unsupported("possessive quantifiers are");
    }
  }

  void group() {
    ++i_;  // '('
    stack_.push_back(flags_);
    if (peek() != '?') {
      out_.push_back('(');
      return;
    }
    ++i_;
    char c = peek();
    if (c == ':') {
      ++i_;
      out_ += "(?:";
    } else if (c == '=' || c == '!') {
      unsupported("lookahead is");
    } else if (c == '>') {
      unsupported("atomic groups are");
    } else if (c == '<') {
      char d = peek(1);
      if (d == '=' || d == '!') unsupported("lookbehind is");
      ++i_;
      size_t start = i_;
      while (more() && std::isalnum(static_cast<unsigned char>(p_[i_]))) ++i_;
      if (!more() || p_[i_] != '>' || i_ == start)
        syntax("named capturing group is missing trailing '>'");
      if (!std::isalpha(static_cast<unsigned char>(p_[start])))
        syntax("capturing group name does not start with a Latin letter");
      out_ += "(?P<" + std::string(p_.substr(start, i_ - start)) + ">";
      ++i_;
    } else {
      inlineFlags();
    }
  }

  // (?idmsux-idmsux) or (?idmsux-idmsux:X). s, d and x are applied here; i and m go to RE2.
  void inlineFlags() {
    std::string on, off;
    bool negate = false;
    Flags next = flags_;
    while (more() && p_[i_] != ')' && p_[i_] != ':') {
      char f = p_[i_++];
      switch (f) {
        case '-':
          negate = true;
          break;
        case 'i':
        case 'm':
          (negate ? off : on).push_back(f);
          break;
        case 's':
          next.dotAll = !negate;
          break;
        case 'd':
          next.unixLines = !negate;
          break;
        case 'x':
          next.comments = !negate;
          break;
        case 'u':
        case 'U':
        case 'c':
          break;  // Unicode case/classes, canonical equivalence: RE2's defaults
        default:
          syntax("Unknown inline modifier");
      }
    }
    if (!more()) syntax("Unclosed group");
    std::string flags = on + (off.empty() ? "" : "-" + off);
    if (p_[i_] == ')') {
      // Applies to the rest of the enclosing group.
      ++i_;
      stack_.pop_back();
      flags_ = next;
      if (!flags.empty()) out_ += "(?" + flags + ")";
    } else {
      ++i_;
      flags_ = next;
      out_ += flags.empty() ? "(?:" : "(?" + flags + ":";
    }
  }

  uint32_t hexValue(size_t start, size_t count) {
    if (start + count > p_.size()) syntax("Illegal hexadecimal escape sequence");
    uint32_t v = 0;
    for (size_t k = start; k < start + count; ++k) {
      char c = p_[k];
      if (!std::isxdigit(static_cast<unsigned char>(c)))
        syntax("Illegal hexadecimal escape sequence");
      v = v * 16 + static_cast<uint32_t>(std::isdigit(static_cast<unsigned char>(c))
                                             ? c - '0'
                                             : (std::tolower(c) - 'a' + 10));
    }
    return v;
  }

  // A property name as Java spells it, as RE2 text (inside or outside a class).
  std::string property(bool negated, bool inClass) {
    std::string name;
    if (peek() == '{') {
      size_t close = p_.find('}', i_);
      if (close == std::string_view::npos) syntax("Unclosed character family");
      name = std::string(p_.substr(i_ + 1, close - i_ - 1));
      i_ = close + 1;
    } else {
      if (!more()) syntax("Illegal character family");
      name = std::string(1, p_[i_++]);
    }
    static const std::pair<const char*, const char*> kPosix[] = {
        {"Lower", "lower"}, {"Upper", "upper"}, {"ASCII", "ascii"}, {"Alpha", "alpha"},
        {"Digit", "digit"}, {"Alnum", "alnum"}, {"Punct", "punct"}, {"Graph", "graph"},
        {"Print", "print"}, {"Blank", "blank"}, {"Cntrl", "cntrl"}, {"XDigit", "xdigit"},
        {"Space", "space"}};
    for (const auto& [java, posix] : kPosix) {
      if (name == java) {
        std::string cls = std::string("[:") + (negated ? "^" : "") + posix + ":]";
        return inClass ? cls : "[" + cls + "]";
      }
    }
    auto strip = [&](std::string_view prefix) {
      if (name.rfind(prefix, 0) == 0) {
        name = name.substr(prefix.size());
        return true;
      }
      return false;
    };
    if (name.rfind("In", 0) == 0 || strip("block=") || strip("blk="))
      unsupported("Unicode blocks (\\p{" + name + "}) are");
    static const std::pair<const char*, const char*> kAliases[] = {
        {"javaLowerCase", "Ll"}, {"javaUpperCase", "Lu"}, {"javaLetter", "L"}, {"javaDigit", "Nd"},
        {"Alphabetic", "L"},     {"Letter", "L"},         {"Lowercase", "Ll"}, {"Uppercase", "Lu"},
        {"Digit", "Nd"},         {"Punctuation", "P"},    {"Control", "Cc"},   {"Titlecase", "Lt"}};
    if (!strip("Is")) {
      if (!strip("script=") && !strip("sc=") && !strip("general_category=")) strip("gc=");
    }
    for (const auto& [java, re2Name] : kAliases)
      if (name == java) name = re2Name;
    if (name == "javaWhitespace" || name == "White_Space" || name == "WhiteSpace") {
      std::string set =
          "\\t\\n\\x0B\\f\\r\\x1C-\\x1F \\x{1680}\\x{2000}-\\x{2006}\\x{2008}-"
          "\\x{200A}\\x{2028}\\x{2029}\\x{205F}\\x{3000}";
      if (inClass) {
        if (negated) unsupported("negated whitespace properties inside classes are");
        return set;
      }
      return std::string("[") + (negated ? "^" : "") + set + "]";
    }
    return std::string(negated ? "\\P{" : "\\p{") + name + "}";
  }

  // Emits the code point of a numeric escape (octal, hex, unicode, control) at i_ (after '\').
  bool numericEscape(char c) {
    uint32_t cp;
    if (c == '0') {
      size_t j = i_;
      uint32_t v = 0;
      int n = 0;
      while (j < p_.size() && n < 3 && p_[j] >= '0' && p_[j] <= '7') {
        uint32_t nv = v * 8 + static_cast<uint32_t>(p_[j] - '0');
        if (nv > 0377) break;
        v = nv;
        ++j;
        ++n;
      }
      if (n == 0) syntax("Illegal octal escape sequence");
      i_ = j;
      cp = v;
    } else if (c == 'x') {
      if (peek() == '{') {
        size_t close = p_.find('}', i_);
        if (close == std::string_view::npos || close == i_ + 1)
          syntax("Unclosed hexadecimal escape sequence");
        cp = hexValue(i_ + 1, close - i_ - 1);
        i_ = close + 1;
      } else {
        cp = hexValue(i_, 2);
        i_ += 2;
      }
    } else if (c == 'u') {
      cp = hexValue(i_, 4);
      i_ += 4;
      if (cp >= 0xD800 && cp <= 0xDBFF && peek() == '\\' && peek(1) == 'u') {
        uint32_t low = hexValue(i_ + 2, 4);
        if (low >= 0xDC00 && low <= 0xDFFF) {
          cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          i_ += 6;
        }
      }
    } else if (c == 'c') {
      if (!more()) syntax("Illegal control escape sequence");
      cp = static_cast<uint32_t>(p_[i_++]) ^ 64;
    } else if (c == 't') {
      cp = '\t';
    } else if (c == 'n') {
      cp = '\n';
    } else if (c == 'r') {
      cp = '\r';
    } else if (c == 'f') {
      cp = '\f';
    } else if (c == 'a') {
      cp = 7;
    } else if (c == 'e') {
      cp = 27;
    } else {
      return false;
    }
    if (cp > 0x10FFFF) syntax("Hexadecimal codepoint is too big");
    out_ += hexCodePoint(cp);
    return true;
  }

  void quoted() {
    // \Q…\E: every character literal.
    size_t end = p_.find("\\E", i_);
    std::string_view text =
        p_.substr(i_, end == std::string_view::npos ? std::string_view::npos : end - i_);
    for (size_t k = 0; k < text.size();) {
      size_t w = std::min<size_t>(utf8::charWidth(static_cast<uint8_t>(text[k])), text.size() - k);
      if (w == 1 && !std::isalnum(static_cast<unsigned char>(text[k])) && text[k] != '_' &&
          static_cast<uint8_t>(text[k]) < 0x80)
        out_.push_back('\\');
      out_.append(text.substr(k, w));
      k += w;
    }
    i_ = end == std::string_view::npos ? p_.size() : end + 2;
  }

  // Returns true when the escape stands for a set of characters (\d, \s, \p{…}), after
  // which a '-' is a literal in Java.
  bool escape(bool inClass) {
    ++i_;  // '\'
    if (!more()) syntax("Unexpected internal error");
    char c = p_[i_++];
    if (numericEscape(c)) return false;
    switch (c) {
      case 'Q':
        quoted();
        return false;
      case 'd':
      case 'D':
      case 'w':
      case 'W':
        out_ += "\\" + std::string(1, c);
        return true;
      case 's':
        out_ += inClass ? std::string(kJavaSpace) : "[" + std::string(kJavaSpace) + "]";
        return true;
      case 'S':
        out_ += inClass ? std::string("\\S") : "[^" + std::string(kJavaSpace) + "]";
        return true;
      case 'h':
        out_ += inClass ? std::string(kHorizontalSpace) : "[" + std::string(kHorizontalSpace) + "]";
        return true;
      case 'v':
        out_ += inClass ? std::string(kVerticalSpace) : "[" + std::string(kVerticalSpace) + "]";
        return true;
      case 'H':
      case 'V':
        if (inClass) unsupported("\\H and \\V inside character classes are");
        out_ += "[^" + std::string(c == 'H' ? kHorizontalSpace : kVerticalSpace) + "]";
        return true;
      case 'p':
      case 'P':
        out_ += property(c == 'P', inClass);
        return true;
      default:
        break;
    }
    if (!inClass) {
      switch (c) {
        case 'b':
          if (peek() == '{') unsupported("\\b{g} is");
          [[fallthrough]];
        case 'B':
        case 'A':
        case 'z':
          out_ += "\\" + std::string(1, c);
          return false;
        case 'Z':
          out_ += "(?:(?:\\r\\n|[" + std::string(kLineTerminators) + "])?\\z)";
          return false;
        case 'R':
          out_ += "(?:\\r\\n|[" + std::string(kVerticalSpace) + "])";
          return false;
        case 'G':
          unsupported("\\G is");
        case 'X':
          unsupported("\\X is");
        case 'k':
          unsupported("named backreferences are");
        case 'N':
          unsupported("\\N{name} is");
        default:
          break;
      }
      if (c >= '1' && c <= '9') unsupported("backreferences (\\" + std::string(1, c) + ") are");
    }
    if (std::isalnum(static_cast<unsigned char>(c))) syntax("Illegal/unsupported escape sequence");
    // An escaped non-alphanumeric character is itself.
    size_t start = i_ - 1;
    size_t w = std::min<size_t>(utf8::charWidth(static_cast<uint8_t>(c)), p_.size() - start);
    if (w == 1) {
      out_.push_back('\\');
      out_.push_back(c);
    } else {
      out_.append(p_.substr(start, w));
      i_ = start + w;
    }
    return false;
  }

  // Contents of a class after '[' (nested classes are flattened into the outer one when they are
  // plain unions); consumes the closing ']'.
  void characterClass(bool nested) {
    if (peek() == '^') {
      if (nested) unsupported("negated nested character classes are");
      out_.push_back('^');
      ++i_;
    }
    bool first = true;
    while (true) {
      if (!more()) syntax("Unclosed character class");
      char c = p_[i_];
      if (flags_.comments && (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f')) {
        ++i_;
        continue;
      }
      if (c == ']' && !first) {
        ++i_;
        return;
      }
      if (c == '[') {
        ++i_;
        characterClass(true);
      } else if (c == '&' && peek(1) == '&') {
        unsupported("character class intersections (&&) are");
      } else if (c == '\\') {
        if (escape(true) && peek() == '-' && peek(1) != ']') {
          out_ += "\\-";
          ++i_;
        }
      } else if (c == ']' || c == '[') {
        out_ += "\\]";
        ++i_;
      } else {
        size_t w = std::min<size_t>(utf8::charWidth(static_cast<uint8_t>(c)), p_.size() - i_);
        out_.append(p_.substr(i_, w));
        i_ += w;
      }
      first = false;
    }
  }

  std::string_view p_;
  size_t i_ = 0;
  std::string out_;
  Flags flags_;
  std::vector<Flags> stack_;
};

// The literal text of a pattern without metacharacters (escaped punctuation allowed).
std::optional<std::string> literalText(std::string_view p) {
  std::string out;
  for (size_t i = 0; i < p.size(); ++i) {
    char c = p[i];
    if (c == '\\') {
      if (i + 1 >= p.size()) return std::nullopt;
      char n = p[++i];
      if (std::isalnum(static_cast<unsigned char>(n)) || static_cast<uint8_t>(n) >= 0x80)
        return std::nullopt;
      out.push_back(n);
    } else if (std::strchr("^$.|?*+()[]{}#", c) != nullptr || c == '\0') {
      return std::nullopt;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace

std::string translateJavaRegex(std::string_view javaPattern) {
  return Translator(javaPattern).run();
}

JavaRegex::~JavaRegex() = default;

std::shared_ptr<const JavaRegex> JavaRegex::compile(std::string_view javaPattern) {
  std::string translated = translateJavaRegex(javaPattern);
  RE2::Options options;
  options.set_log_errors(false);
  options.set_max_mem(int64_t{64} << 20);
  auto re = std::make_unique<RE2>(translated, options);
  if (!re->ok()) throw RegexError(re->error());
  auto regex = std::shared_ptr<JavaRegex>(new JavaRegex());
  regex->pattern_ = std::string(javaPattern);
  regex->groupCount_ = re->NumberOfCapturingGroups();
  regex->literal_ = literalText(javaPattern);
  regex->re_ = std::move(re);
  return regex;
}

int JavaRegex::groupIndex(std::string_view name) const {
  const auto& named = re_->NamedCapturingGroups();
  auto it = named.find(std::string(name));
  return it == named.end() ? -1 : it->second;
}

bool JavaRegex::find(std::string_view text, size_t from,
                     std::vector<std::string_view>& groups) const {
  if (literal_) {
    if (from > text.size()) return false;
    size_t at = text.find(*literal_, from);
    if (at == std::string_view::npos) return false;
    groups.assign(1, text.substr(at, literal_->size()));
    return true;
  }
  int n = groupCount_ + 1;
  re2::StringPiece small[16];
  std::vector<re2::StringPiece> large;
  re2::StringPiece* pieces = small;
  if (n > 16) {
    large.resize(static_cast<size_t>(n));
    pieces = large.data();
  }
  if (!re_->Match(re2::StringPiece(text.data(), text.size()), from, text.size(), RE2::UNANCHORED,
                  pieces, n))
    return false;
  groups.resize(static_cast<size_t>(n));
  for (int k = 0; k < n; ++k)
    groups[static_cast<size_t>(k)] = std::string_view(pieces[k].data(), pieces[k].size());
  return true;
}

bool JavaRegex::contains(std::string_view text) const {
  if (literal_) return text.find(*literal_) != std::string_view::npos;
  return re_->Match(re2::StringPiece(text.data(), text.size()), 0, text.size(), RE2::UNANCHORED,
                    nullptr, 0);
}

size_t JavaRegex::nextCharWidth(std::string_view text, size_t at) {
  return std::min<size_t>(utf8::charWidth(static_cast<uint8_t>(text[at])), text.size() - at);
}

JavaReplacement::JavaReplacement(std::string_view rep, const JavaRegex& regex) {
  std::string literal;
  auto flush = [&] {
    if (!literal.empty()) parts_.push_back({-1, std::move(literal)});
    literal.clear();
  };
  size_t i = 0;
  while (i < rep.size()) {
    char c = rep[i];
    if (c == '\\') {
      ++i;
      if (i >= rep.size()) {
        error_ = "character to be escaped is missing";
        return;
      }
      size_t w = std::min<size_t>(utf8::charWidth(static_cast<uint8_t>(rep[i])), rep.size() - i);
      literal.append(rep.substr(i, w));
      i += w;
    } else if (c == '$') {
      ++i;
      if (i >= rep.size()) {
        error_ = "Illegal group reference: group index is missing";
        return;
      }
      int ref;
      if (rep[i] == '{') {
        size_t start = ++i;
        while (i < rep.size() && std::isalnum(static_cast<unsigned char>(rep[i]))) ++i;
        if (i >= rep.size() || rep[i] != '}') {
          error_ = "named capturing group is missing trailing '}'";
          return;
        }
        std::string name(rep.substr(start, i - start));
        ++i;
        if (name.empty()) {
          error_ = "named capturing group has 0 length name";
          return;
        }
        if (std::isdigit(static_cast<unsigned char>(name[0]))) {
          error_ = "capturing group name {" + name + "} starts with digit character";
          return;
        }
        ref = regex.groupIndex(name);
        if (ref < 0) {
          error_ = "No group with name {" + name + "}";
          return;
        }
      } else {
        if (!std::isdigit(static_cast<unsigned char>(rep[i]))) {
          error_ = "Illegal group reference";
          return;
        }
        ref = rep[i++] - '0';
        // Java takes the longest group number that exists.
        while (i < rep.size() && std::isdigit(static_cast<unsigned char>(rep[i]))) {
          int next = ref * 10 + (rep[i] - '0');
          if (next > regex.groupCount()) break;
          ref = next;
          ++i;
        }
        if (ref > regex.groupCount()) {
          error_ = "No group " + std::to_string(ref);
          return;
        }
      }
      flush();
      parts_.push_back({ref, {}});
    } else {
      literal.push_back(c);
      ++i;
    }
  }
  flush();
}

void JavaReplacement::appendTo(const std::vector<std::string_view>& groups,
                               std::string& out) const {
  if (!error_.empty()) throw RegexError(error_);
  for (const Part& part : parts_) {
    if (part.group < 0) {
      out.append(part.literal);
    } else {
      const std::string_view& g = groups[static_cast<size_t>(part.group)];
      if (g.data()) out.append(g);
    }
  }
}

void javaSplit(std::string_view text, const JavaRegex& regex, std::string_view pattern,
               int32_t limit, std::vector<std::string_view>& out) {
  out.clear();
  if (!text.empty() && pattern.empty()) {
    // Spark splits between characters and drops the trailing empty piece.
    int64_t chars = utf8::length(text);
    int64_t pieces = (limit > chars || limit <= 0) ? chars : limit;
    size_t at = 0;
    for (int64_t k = 0; k + 1 < pieces; ++k) {
      size_t w =
          std::min<size_t>(utf8::charWidth(static_cast<uint8_t>(text[at])), text.size() - at);
      out.push_back(text.substr(at, w));
      at += w;
    }
    out.push_back(text.substr(at));
    return;
  }
  bool limited = limit > 0;
  size_t index = 0;
  regex.forEachMatch(text, 0, [&](const std::vector<std::string_view>& groups) {
    size_t start = groups[0].data() - text.data();
    size_t end = start + groups[0].size();
    if (!limited || out.size() < static_cast<size_t>(limit) - 1) {
      if (index == 0 && start == 0 && start == end) return true;  // no leading empty piece
      out.push_back(text.substr(index, start - index));
      index = end;
    } else if (out.size() == static_cast<size_t>(limit) - 1) {
      out.push_back(text.substr(index));
      index = end;
    }
    return true;
  });
  if (index == 0) {
    out.assign(1, text);
    return;
  }
  if (!limited || out.size() < static_cast<size_t>(limit)) out.push_back(text.substr(index));
}

}  // namespace spate
