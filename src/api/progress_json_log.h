#pragma once

// `--progress-json FILE`: every progress event of a session's streaming queries appended to a file
// as one line of Spark's compact progress JSON (StreamingQueryProgress.json), flushed per event, so
// that scripts and dashboards can follow a job with `tail -f` and a JSON parser. The file is named
// by a session configuration read at each event (so `SET` applies at once); its default comes from
// the environment, which is how `spate run` hands it to every session of a job, SQL or Python.

#include <cstdio>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "streaming/listener.h"

namespace spate::sql {

/// The session configuration naming the progress file (empty or unset: no file).
inline constexpr const char* kProgressJsonFileConf = "spate.streaming.progressJsonFile";
/// The environment variable giving that configuration's default for every session of the process
/// and of the processes it starts (set by `spate run --progress-json FILE`).
inline constexpr const char* kProgressJsonFileEnv = "SPATE_PROGRESS_JSON";

/// A StreamingQueryListener appending each progress as a JSON line. Thread-safe: queries post
/// progress from their own threads; each line is written whole and flushed.
class ProgressJsonLog : public streaming::StreamingQueryListener {
 public:
  /// `path` returns the file to append to for this event (empty: write nothing).
  explicit ProgressJsonLog(std::function<std::string()> path);
  void onQueryProgress(const streaming::QueryProgressEvent& event) override;

 private:
  struct CloseFile {
    void operator()(std::FILE* file) const { std::fclose(file); }
  };
  std::function<std::string()> path_;
  std::mutex mutex_;
  std::string openPath_;
  std::unique_ptr<std::FILE, CloseFile> file_;
  std::string failedPath_;  // the path that could not be opened (warned once)
};

}  // namespace spate::sql
