#pragma once

// The web UI's pages, scripts and styles, compiled into the program from src/server/assets/ at
// build time (embed_assets.cmake), so the UI needs no files next to the binary and no network.

#include <span>
#include <string_view>

namespace spate::server {

struct EmbeddedAsset {
  std::string_view name;  ///< file name under assets/, e.g. "spate.js"
  std::string_view contentType;
  std::string_view content;
};

std::span<const EmbeddedAsset> embeddedAssets();
/// The asset named `name`, or null.
const EmbeddedAsset* findEmbeddedAsset(std::string_view name);

}  // namespace spate::server
