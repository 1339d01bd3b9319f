#include "connector/file/file_buffer.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>

#include "common/error.h"
#include "common/strings.h"

namespace spate {

namespace {

[[noreturn]] void throwReadError(const std::string& path, int error) {
  throw ExecutionException("Encountered error while reading file " + fileUrl(path) +
                           ". Details: " + std::strerror(error));
}

struct FdCloser {
  int fd;
  ~FdCloser() { ::close(fd); }
};

void appendUtf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

constexpr char32_t kReplacement = 0xFFFD;

// Length of the valid UTF-8 sequence at s[i], or 0 when malformed; `subpart` receives the length
// of the maximal malformed prefix to replace by one U+FFFD (Unicode's recommended practice).
size_t utf8SequenceLength(std::string_view s, size_t i, size_t& subpart) {
  auto b = static_cast<unsigned char>(s[i]);
  size_t n;
  unsigned char lo = 0x80, hi = 0xBF;  // range of the second byte
  if (b < 0x80) return 1;
  if (b >= 0xC2 && b <= 0xDF) {
    n = 2;
  } else if (b >= 0xE0 && b <= 0xEF) {
    n = 3;
    if (b == 0xE0) lo = 0xA0;
    if (b == 0xED) hi = 0x9F;  // no surrogates
  } else if (b >= 0xF0 && b <= 0xF4) {
    n = 4;
    if (b == 0xF0) lo = 0x90;
    if (b == 0xF4) hi = 0x8F;
  } else {
    subpart = 1;
    return 0;
  }
  size_t k = 1;
  for (; k < n && i + k < s.size(); ++k) {
    auto c = static_cast<unsigned char>(s[i + k]);
    unsigned char l = k == 1 ? lo : 0x80, h = k == 1 ? hi : 0xBF;
    if (c < l || c > h) break;
  }
  if (k == n) return n;
  subpart = k;
  return 0;
}

// Index of the first byte that is not part of valid UTF-8, or s.size().
size_t firstInvalidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    if (i + 8 <= s.size()) {
      uint64_t word;
      std::memcpy(&word, s.data() + i, 8);
      if ((word & 0x8080808080808080ULL) == 0) {
        i += 8;
        continue;
      }
    }
    size_t subpart;
    size_t n = utf8SequenceLength(s, i, subpart);
    if (n == 0) return i;
    i += n;
  }
  return s.size();
}

void repairUtf8(std::string_view s, size_t validPrefix, std::string& out) {
  out.reserve(s.size() + 16);
  out.assign(s.data(), validPrefix);
  size_t i = validPrefix;
  while (i < s.size()) {
    size_t subpart;
    size_t n = utf8SequenceLength(s, i, subpart);
    if (n == 0) {
      appendUtf8(out, kReplacement);
      i += subpart;
    } else {
      out.append(s.data() + i, n);
      i += n;
    }
  }
}

// windows-1252 code points for 0x80..0x9F (unmapped bytes decode to U+FFFD, as in Java).
constexpr char32_t kCp1252[32] = {0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                  0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
                                  0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                  0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178};

enum class Charset {
  kUtf8,
  kLatin1,
  kAscii,
  kCp1252,
  kUtf16,
  kUtf16Le,
  kUtf16Be,
  kUtf32,
  kUtf32Le,
  kUtf32Be
};

Charset charsetOf(std::string_view name) {
  std::string n = toLower(trimWhitespace(name));
  if (n == "utf-8" || n == "utf8") return Charset::kUtf8;
  if (n == "iso-8859-1" || n == "iso8859-1" || n == "iso8859_1" || n == "iso_8859_1" ||
      n == "iso_8859-1" || n == "latin1" || n == "l1" || n == "iso-latin-1" || n == "cp819" ||
      n == "ibm819" || n == "8859_1")
    return Charset::kLatin1;
  if (n == "us-ascii" || n == "ascii" || n == "us" || n == "iso646-us" || n == "ascii7")
    return Charset::kAscii;
  if (n == "windows-1252" || n == "cp1252" || n == "cp5348") return Charset::kCp1252;
  if (n == "utf-16" || n == "utf16" || n == "unicode") return Charset::kUtf16;
  if (n == "utf-16le" || n == "utf_16le" || n == "x-utf-16le" || n == "unicodelittleunmarked")
    return Charset::kUtf16Le;
  if (n == "utf-16be" || n == "utf_16be" || n == "x-utf-16be" || n == "unicodebigunmarked")
    return Charset::kUtf16Be;
  if (n == "utf-32" || n == "utf32") return Charset::kUtf32;
  if (n == "utf-32le" || n == "utf_32le") return Charset::kUtf32Le;
  if (n == "utf-32be" || n == "utf_32be") return Charset::kUtf32Be;
  throw IllegalArgumentException("Unsupported charset: " + std::string(name));
}

void decodeUtf16(std::string_view s, bool bigEndian, std::string& out) {
  auto unit = [&](size_t i) -> char32_t {
    auto a = static_cast<unsigned char>(s[i]), b = static_cast<unsigned char>(s[i + 1]);
    return bigEndian ? (a << 8) | b : (b << 8) | a;
  };
  size_t i = 0;
  for (; i + 1 < s.size(); i += 2) {
    char32_t u = unit(i);
    if (u >= 0xD800 && u <= 0xDBFF && i + 3 < s.size()) {
      char32_t low = unit(i + 2);
      if (low >= 0xDC00 && low <= 0xDFFF) {
        appendUtf8(out, 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00));
        i += 2;
        continue;
      }
    }
    appendUtf8(out, u >= 0xD800 && u <= 0xDFFF ? kReplacement : u);
  }
  if (i < s.size()) appendUtf8(out, kReplacement);
}

void decodeUtf32(std::string_view s, bool bigEndian, std::string& out) {
  size_t i = 0;
  for (; i + 3 < s.size(); i += 4) {
    char32_t u = 0;
    for (size_t k = 0; k < 4; ++k) {
      auto byte = static_cast<unsigned char>(s[i + (bigEndian ? k : 3 - k)]);
      u = (u << 8) | byte;
    }
    appendUtf8(out, u > 0x10FFFF || (u >= 0xD800 && u <= 0xDFFF) ? kReplacement : u);
  }
  if (i < s.size()) appendUtf8(out, kReplacement);
}

}  // namespace

FileBuffer FileBuffer::read(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throwReadError(path, errno);
  FdCloser closer{fd};
  struct stat st;
  if (::fstat(fd, &st) != 0) throwReadError(path, errno);
  if (S_ISDIR(st.st_mode)) throwReadError(path, EISDIR);
  // Regular files are read in one call; pipes and growing files fall back to more reads.
  size_t capacity = st.st_size > 0 ? static_cast<size_t>(st.st_size) + 1 : 64 * 1024;
  FileBuffer buffer;
  buffer.data_ = std::make_unique_for_overwrite<char[]>(capacity);
  while (true) {
    if (buffer.size_ == capacity) {
      size_t bigger = capacity * 2;
      auto grown = std::make_unique_for_overwrite<char[]>(bigger);
      std::memcpy(grown.get(), buffer.data_.get(), buffer.size_);
      buffer.data_ = std::move(grown);
      capacity = bigger;
    }
    ssize_t n = ::read(fd, buffer.data_.get() + buffer.size_, capacity - buffer.size_);
    if (n < 0) {
      if (errno == EINTR) continue;
      throwReadError(path, errno);
    }
    if (n == 0) break;
    buffer.size_ += static_cast<size_t>(n);
  }
  return buffer;
}

std::string_view stripUtf8Bom(std::string_view bytes) {
  if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
  return bytes;
}

bool isUtf8Charset(std::string_view charset) {
  std::string n = toLower(trimWhitespace(charset));
  return n == "utf-8" || n == "utf8";
}

std::string_view decodeText(std::string_view bytes, std::string_view charset,
                            std::string& storage) {
  Charset cs = charsetOf(charset);
  storage.clear();
  switch (cs) {
    case Charset::kUtf8: {
      bytes = stripUtf8Bom(bytes);
      size_t invalid = firstInvalidUtf8(bytes);
      if (invalid == bytes.size()) return bytes;
      repairUtf8(bytes, invalid, storage);
      return storage;
    }
    case Charset::kLatin1:
    case Charset::kAscii:
    case Charset::kCp1252: {
      if (firstInvalidUtf8(bytes) == bytes.size() &&
          std::all_of(bytes.begin(), bytes.end(), [](char c) { return (c & 0x80) == 0; }))
        return bytes;
      storage.reserve(bytes.size() * 2);
      for (char c : bytes) {
        auto b = static_cast<unsigned char>(c);
        char32_t cp = b;
        if (b >= 0x80) {
          if (cs == Charset::kAscii) cp = kReplacement;
          if (cs == Charset::kCp1252 && b < 0xA0) cp = kCp1252[b - 0x80];
        }
        appendUtf8(storage, cp);
      }
      return storage;
    }
    case Charset::kUtf16:
    case Charset::kUtf16Le:
    case Charset::kUtf16Be: {
      bool bigEndian = cs != Charset::kUtf16Le;
      if (bytes.starts_with("\xFE\xFF")) {
        bytes.remove_prefix(2);
        if (cs == Charset::kUtf16) bigEndian = true;
      } else if (bytes.starts_with("\xFF\xFE")) {
        bytes.remove_prefix(2);
        if (cs == Charset::kUtf16) bigEndian = false;
      }
      decodeUtf16(bytes, bigEndian, storage);
      return storage;
    }
    case Charset::kUtf32:
    case Charset::kUtf32Le:
    case Charset::kUtf32Be: {
      bool bigEndian = cs != Charset::kUtf32Le;
      if (bytes.starts_with(std::string_view("\0\0\xFE\xFF", 4))) {
        bytes.remove_prefix(4);
        if (cs == Charset::kUtf32) bigEndian = true;
      } else if (bytes.starts_with(std::string_view("\xFF\xFE\0\0", 4))) {
        bytes.remove_prefix(4);
        if (cs == Charset::kUtf32) bigEndian = false;
      }
      decodeUtf32(bytes, bigEndian, storage);
      return storage;
    }
  }
  return bytes;
}

std::string fileUrl(std::string_view path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out = "file://";
  for (char c : path) {
    auto b = static_cast<unsigned char>(c);
    // Non-ASCII characters stay as they are, as java.net.URI prints them.
    if (b >= 0x80 || std::isalnum(b) || (c != '\0' && std::strchr("/-._~!$&'()*+,;=:@", c))) {
      out += c;
    } else {
      out += '%';
      out += kHex[b >> 4];
      out += kHex[b & 15];
    }
  }
  return out;
}

}  // namespace spate
