#include "execution/thread_pool.h"

#include <atomic>
#include <exception>

namespace spate {

struct ThreadPool::Job {
  const std::function<void(int64_t, int)>* fn;
  int64_t tasks;
  std::atomic<int64_t> next{0};
  int active = 0;
  std::exception_ptr error;
  std::mutex errorMutex;

  void run(int worker) {
    for (;;) {
      int64_t t = next.fetch_add(1);
      if (t >= tasks) return;
      try {
        (*fn)(t, worker);
      } catch (...) {
        std::lock_guard lock(errorMutex);
        if (!error) error = std::current_exception();
        next.store(tasks);  // stop handing out work
      }
    }
  }
};

ThreadPool::ThreadPool(int threads) {
  for (int i = 1; i < threads; ++i) workers_.emplace_back([this, i] { workerLoop(i); });
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& t : workers_) t.join();
}

void ThreadPool::workerLoop(int worker) {
  uint64_t seen = 0;
  for (;;) {
    Job* job;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || (job_ && generation_ != seen); });
      if (stopping_) return;
      seen = generation_;
      job = job_;
      ++job->active;
    }
    job->run(worker);
    {
      std::lock_guard lock(mutex_);
      --job->active;
    }
    done_.notify_all();
  }
}

void ThreadPool::parallelFor(int64_t tasks, const std::function<void(int64_t, int)>& fn) {
  if (tasks <= 0) return;
  if (workers_.empty() || tasks == 1) {
    for (int64_t t = 0; t < tasks; ++t) fn(t, 0);
    return;
  }
  std::lock_guard submit(submit_);
  Job job;
  job.fn = &fn;
  job.tasks = tasks;
  {
    std::lock_guard lock(mutex_);
    job_ = &job;
    ++generation_;
  }
  wake_.notify_all();
  job.run(0);
  {
    std::unique_lock lock(mutex_);
    job_ = nullptr;
    done_.wait(lock, [&] { return job.active == 0; });
  }
  if (job.error) std::rethrow_exception(job.error);
}

}  // namespace spate
