#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace spate {

/// A fixed set of worker threads (`local[N]`) that run parallel loops over morsels.
class ThreadPool {
 public:
  explicit ThreadPool(int threads);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  int size() const { return static_cast<int>(workers_.size()) + 1; }

  /// Runs fn(task, worker) for every task in [0, tasks), spread over the workers and the calling
  /// thread; `worker` in [0, size()) identifies the thread for per-thread state. Rethrows the first
  /// exception a task threw, after every task has finished.
  void parallelFor(int64_t tasks, const std::function<void(int64_t task, int worker)>& fn);

 private:
  void workerLoop(int worker);
  struct Job;
  std::vector<std::thread> workers_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable done_;
  Job* job_ = nullptr;
  uint64_t generation_ = 0;
  bool stopping_ = false;
  std::mutex submit_;  // one parallelFor at a time
};

}  // namespace spate
