#include "api/progress_json_log.h"

#include <cerrno>
#include <cstring>

#include "common/logging.h"

namespace spate::sql {

ProgressJsonLog::ProgressJsonLog(std::function<std::string()> path) : path_(std::move(path)) {}

void ProgressJsonLog::onQueryProgress(const streaming::QueryProgressEvent& event) {
  std::string path = path_();
  if (path.empty()) return;
  std::string line = event.progress.json();
  line += '\n';
  std::lock_guard lock(mutex_);
  if (!file_ || path != openPath_) {
    file_.reset(std::fopen(path.c_str(), "a"));
    openPath_ = path;
    if (!file_) {
      // A monitoring file must not stop the job; say once why it stays empty.
      if (failedPath_ != path)
        logWarn("ProgressJsonLog", "Cannot append streaming progress to {}: {}", path,
                std::strerror(errno));
      failedPath_ = path;
      return;
    }
  }
  std::fwrite(line.data(), 1, line.size(), file_.get());
  std::fflush(file_.get());
}

}  // namespace spate::sql
