#include <algorithm>
#include <filesystem>
#include <system_error>

#include "common/error.h"
#include "common/strings.h"
#include "connector/file/file_formats.h"

namespace spate {

FileOptions::FileOptions(std::map<std::string, std::string> options) {
  for (auto& [key, value] : options) options_[toLower(key)] = std::move(value);
}

std::optional<std::string> FileOptions::get(std::string_view key) const {
  auto it = options_.find(toLower(key));
  if (it == options_.end()) return std::nullopt;
  return it->second;
}

std::string FileOptions::getOr(std::string_view key, std::string fallback) const {
  auto value = get(key);
  return value ? std::move(*value) : std::move(fallback);
}

bool FileOptions::getBool(std::string_view key, bool fallback) const {
  auto value = get(key);
  if (!value) return fallback;
  if (equalsIgnoreCase(*value, "true")) return true;
  if (equalsIgnoreCase(*value, "false")) return false;
  throw IllegalArgumentException(std::string(key) + " flag can be true or false");
}

namespace {

namespace fs = std::filesystem;

// Spark's InMemoryFileIndex.shouldFilterOutPathName, plus checksum files.
bool isHiddenName(std::string_view name) {
  bool exclude = (name.starts_with('_') && name.find('=') == std::string_view::npos) ||
                 name.starts_with('.') || name.ends_with("._COPYING_") || name.ends_with(".crc");
  bool include = name.starts_with("_common_metadata") || name.starts_with("_metadata");
  return exclude && !include;
}

bool hasGlob(std::string_view s) { return s.find_first_of("*?[{\\") != std::string_view::npos; }

// Hadoop's qualified form without the scheme: absolute, "." and ".." resolved, no trailing "/".
std::string absoluteLocalPath(std::string_view path) {
  if (path.starts_with("file://")) {
    path.remove_prefix(7);
    if (path.starts_with("localhost/")) path.remove_prefix(9);
  } else if (path.starts_with("file:")) {
    path.remove_prefix(5);
  }
  fs::path p{std::string(path)};
  if (p.is_relative()) p = fs::current_path() / p;
  std::string s = p.lexically_normal().string();
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  return s;
}

[[noreturn]] void throwPathNotFound(const std::string& absolute) {
  throw AnalysisException("[PATH_NOT_FOUND] Path does not exist: file:" + absolute + ".",
                          "PATH_NOT_FOUND");
}

// Decodes one UTF-8 code point leniently (a stray byte is its own code point).
char32_t codePointAt(std::string_view s, size_t i, size_t& length) {
  auto b = static_cast<unsigned char>(s[i]);
  size_t n = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 1;
  if (i + n > s.size()) n = 1;
  char32_t cp = n == 1 ? b : b & (0x7F >> n);
  for (size_t k = 1; k < n; ++k) {
    auto c = static_cast<unsigned char>(s[i + k]);
    if ((c & 0xC0) != 0x80) {
      length = 1;
      return b;
    }
    cp = (cp << 6) | (c & 0x3F);
  }
  length = n;
  return cp;
}

// Matches one pattern element (not '*') at p[pi] against the character at s[si]. Returns the
// pattern and text lengths consumed, or false.
bool matchElement(std::string_view p, size_t pi, std::string_view s, size_t si, size_t& pLen,
                  size_t& sLen) {
  size_t textLen;
  char32_t text = codePointAt(s, si, textLen);
  sLen = textLen;
  char c = p[pi];
  if (c == '?') {
    pLen = 1;
    return true;
  }
  if (c == '[') {
    size_t j = pi + 1;
    bool negate = j < p.size() && (p[j] == '^' || p[j] == '!');
    if (negate) ++j;
    bool matched = false;
    bool first = true;
    while (j < p.size() && (p[j] != ']' || first)) {
      first = false;
      size_t len;
      if (p[j] == '\\' && j + 1 < p.size()) ++j;
      char32_t lo = codePointAt(p, j, len);
      j += len;
      char32_t hi = lo;
      if (j + 1 < p.size() && p[j] == '-' && p[j + 1] != ']') {
        ++j;
        if (p[j] == '\\' && j + 1 < p.size()) ++j;
        hi = codePointAt(p, j, len);
        j += len;
      }
      if (text >= lo && text <= hi) matched = true;
    }
    if (j < p.size()) {  // a closed class
      pLen = j + 1 - pi;
      return matched != negate;
    }
    // An unclosed '[' is a literal.
  }
  size_t literalStart = pi;
  if (c == '\\' && pi + 1 < p.size()) ++literalStart;
  size_t len;
  char32_t literal = codePointAt(p, literalStart, len);
  pLen = literalStart + len - pi;
  return literal == text;
}

// Glob match of one path component: * ? [set] [^set] \x (braces are expanded beforehand).
bool matchGlob(std::string_view p, std::string_view s) {
  size_t pi = 0, si = 0;
  size_t starP = std::string_view::npos, starS = 0;
  while (si < s.size()) {
    if (pi < p.size()) {
      if (p[pi] == '*') {
        starP = ++pi;
        starS = si;
        continue;
      }
      size_t pLen, sLen;
      if (matchElement(p, pi, s, si, pLen, sLen)) {
        pi += pLen;
        si += sLen;
        continue;
      }
    }
    if (starP == std::string_view::npos) return false;
    size_t len;
    codePointAt(s, starS, len);
    starS += len;
    pi = starP;
    si = starS;
  }
  while (pi < p.size() && p[pi] == '*') ++pi;
  return pi == p.size();
}

// Expands {a,b} alternatives (nested allowed) into plain patterns; an unclosed '{' is literal.
void expandBraces(const std::string& pattern, std::vector<std::string>& out) {
  constexpr size_t kMaxPatterns = 4096;  // guards against exponential blow-up
  size_t open = std::string::npos;
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '\\') {
      ++i;
    } else if (pattern[i] == '{') {
      open = i;
      break;
    }
  }
  if (open == std::string::npos || out.size() >= kMaxPatterns) {
    out.push_back(pattern);
    return;
  }
  std::vector<size_t> cuts = {open};
  size_t close = std::string::npos;
  int depth = 0;
  for (size_t j = open; j < pattern.size(); ++j) {
    char c = pattern[j];
    if (c == '\\') {
      ++j;
    } else if (c == '{') {
      ++depth;
    } else if (c == '}') {
      if (--depth == 0) {
        close = j;
        break;
      }
    } else if (c == ',' && depth == 1) {
      cuts.push_back(j);
    }
  }
  if (close == std::string::npos) {
    std::string escaped = pattern.substr(0, open) + "\\{";
    std::vector<std::string> rest;
    expandBraces(pattern.substr(open + 1), rest);
    for (auto& r : rest) out.push_back(escaped + r);
    return;
  }
  cuts.push_back(close);
  std::string prefix = pattern.substr(0, open);
  std::string suffix = pattern.substr(close + 1);
  for (size_t k = 0; k + 1 < cuts.size(); ++k) {
    std::string alternative = pattern.substr(cuts[k] + 1, cuts[k + 1] - cuts[k] - 1);
    expandBraces(prefix + alternative + suffix, out);
  }
}

std::string unescapeGlob(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) ++i;
    out += s[i];
  }
  return out;
}

std::string joinPath(const std::string& dir, std::string_view name) {
  return dir == "/" ? "/" + std::string(name) : dir + "/" + std::string(name);
}

// Paths matching an absolute glob pattern, component by component.
std::vector<std::string> expandGlob(const std::string& pattern) {
  std::vector<std::string_view> components;
  std::string_view rest = pattern;
  while (!rest.empty()) {
    size_t slash = rest.find('/');
    std::string_view part = rest.substr(0, slash);
    if (!part.empty()) components.push_back(part);
    if (slash == std::string_view::npos) break;
    rest.remove_prefix(slash + 1);
  }
  std::vector<std::string> candidates = {"/"};
  for (size_t c = 0; c < components.size(); ++c) {
    std::string_view component = components[c];
    bool last = c + 1 == components.size();
    std::vector<std::string> next;
    if (!hasGlob(component)) {
      for (auto& dir : candidates) next.push_back(joinPath(dir, unescapeGlob(component)));
    } else {
      std::vector<std::string> patterns;
      expandBraces(std::string(component), patterns);
      for (auto& dir : candidates) {
        std::error_code ec;
        fs::directory_iterator it(dir, ec), end;
        for (; !ec && it != end; it.increment(ec)) {
          std::string name = it->path().filename().string();
          if (last && isHiddenName(name) && !component.starts_with(name.substr(0, 1))) continue;
          for (auto& p : patterns) {
            if (matchGlob(p, name)) {
              next.push_back(joinPath(dir, name));
              break;
            }
          }
        }
      }
    }
    candidates = std::move(next);
    if (candidates.empty()) break;
  }
  std::vector<std::string> existing;
  for (auto& candidate : candidates) {
    std::error_code ec;
    if (fs::exists(candidate, ec)) existing.push_back(std::move(candidate));
  }
  return existing;
}

void listDirectory(const std::string& dir, bool recursive, std::vector<std::string>& files) {
  std::error_code ec;
  fs::directory_iterator it(dir, ec), end;
  if (ec) throw ExecutionException("Unable to list directory file:" + dir + ": " + ec.message());
  for (; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (isHiddenName(name)) continue;
    std::error_code statError;
    auto status = fs::status(it->path(), statError);
    if (statError) continue;  // a dangling link
    if (fs::is_directory(status)) {
      if (recursive) listDirectory(joinPath(dir, name), recursive, files);
    } else {
      files.push_back(joinPath(dir, name));
    }
  }
}

}  // namespace

std::vector<std::string> listDataFiles(const std::string& path, bool recursive) {
  std::string absolute = absoluteLocalPath(path);
  std::vector<std::string> roots;
  if (hasGlob(absolute)) {
    roots = expandGlob(absolute);
  } else {
    std::error_code ec;
    if (fs::exists(absolute, ec)) roots.push_back(absolute);
  }
  if (roots.empty()) throwPathNotFound(absolute);
  std::vector<std::string> files;
  for (auto& root : roots) {
    std::error_code ec;
    if (fs::is_directory(root, ec)) {
      listDirectory(root, recursive, files);
    } else {
      files.push_back(root);
    }
  }
  std::sort(files.begin(), files.end());
  files.erase(std::unique(files.begin(), files.end()), files.end());
  return files;
}

}  // namespace spate
