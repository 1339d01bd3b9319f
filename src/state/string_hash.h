#pragma once

#include <xxhash.h>

#include <cstddef>
#include <string_view>

namespace spate::state {

/// Transparent hash for std::string keyed containers: lookups by std::string_view build no
/// temporary std::string (use with std::equal_to<>).
/// Deliberately not noexcept: libstdc++ then stores each node's hash, so a bucket walk compares
/// hashes instead of rehashing and comparing (usually heap-allocated) keys, which made lookups in
/// large maps several times slower.
struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return XXH3_64bits(s.data(), s.size()); }
};

}  // namespace spate::state
