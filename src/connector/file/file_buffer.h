#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace spate {

/// The bytes of one file, read with a single read so that readers can parse them in place.
class FileBuffer {
 public:
  /// Reads the whole file; throws ExecutionException when it cannot be read.
  static FileBuffer read(const std::string& path);

  std::string_view bytes() const { return {data_.get(), size_}; }

 private:
  std::unique_ptr<char[]> data_;
  size_t size_ = 0;
};

/// Drops a leading UTF-8 byte-order mark.
std::string_view stripUtf8Bom(std::string_view bytes);

/// Whether `charset` is one of Java's names for UTF-8.
bool isUtf8Charset(std::string_view charset);

/// A file's text as UTF-8, decoded as Java decodes it for Spark's text-based readers: a leading
/// byte-order mark dropped, other charsets (ISO-8859-1, US-ASCII, windows-1252, UTF-16, UTF-32)
/// converted, malformed sequences replaced by U+FFFD. Returns a view of `bytes` when they are
/// already clean UTF-8, else of `storage`. Throws IllegalArgumentException for an unknown charset.
std::string_view decodeText(std::string_view bytes, std::string_view charset, std::string& storage);

/// The URL form Spark prints for a local file in messages ("file:///tmp/a%20b.csv").
std::string fileUrl(std::string_view path);

}  // namespace spate
