#pragma once

// Helpers shared by the state store unit tests (not part of the engine).

#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "state/state_store.h"

namespace spate::state::testing {

/// A fresh directory under $TMPDIR, removed with its content at the end of the test.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "spate-state-XXXXXX").string();
    path_ = ::mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

using Content = std::map<std::string, std::string>;

inline Content contentOf(const StateStore& store) {
  Content content;
  store.forEach([&](std::string_view key, std::string_view value) {
    EXPECT_TRUE(content.emplace(std::string(key), std::string(value)).second)
        << "key seen twice: " << key;
  });
  return content;
}

/// The entries of `version` (the store is aborted afterwards).
inline Content load(StateStoreProvider& provider, int64_t version) {
  auto store = provider.getStore(version);
  EXPECT_TRUE(store.ok()) << (store.ok() ? "" : store.error().message);
  if (!store.ok()) return {};
  Content content = contentOf(*store.value());
  store.value()->abort();
  return content;
}

/// Sorted names in `dir`.
inline std::vector<std::string> filesIn(const std::string& dir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    names.push_back(it->path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace spate::state::testing
