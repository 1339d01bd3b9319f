#pragma once

// Small files connectors keep across restarts (Spark's HDFSMetadataLog files): written whole and
// atomically, read back whole, with Spark's version line.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"

namespace spate::connector {

/// Writes `text` to `path` through a hidden temporary file in the same directory, synced and
/// renamed, so that a reader sees the old file or the whole new one.
Status writeFileAtomically(const std::string& path, std::string_view text);
/// Like writeFileAtomically, but keeps an existing file (HDFSMetadataLog.add): false if it existed.
Result<bool> createFileAtomically(const std::string& path, std::string_view text);
/// The file's content, nullopt when it does not exist.
Result<std::optional<std::string>> readWholeFile(const std::string& path);

/// Checks a log file's first line "v<N>" against the highest version this reader knows, with
/// Spark's messages (MetadataVersionUtil.validateVersion). Returns an error or success.
Status validateLogVersion(std::string_view line, int maxSupportedVersion);

/// A random (version 4) UUID, lower-case hex with dashes.
std::string randomUuid();

/// The last-modification time of a file in milliseconds since the epoch, as Hadoop reports it.
std::optional<int64_t> modificationTimeMillis(const std::string& path);

/// The local path of a "file:" URI ("file:///a%20b", "file:/a", "/a" → "/a b"…); percent escapes
/// decoded.
std::string localPathOfUri(std::string_view uri);

}  // namespace spate::connector
