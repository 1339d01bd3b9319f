#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>

namespace spate::streaming {

/// When a query runs its micro-batches (Spark's Trigger).
struct Trigger {
  enum class Kind {
    kProcessingTime,  ///< every intervalMs (0 = as fast as possible, the default)
    kOnce,            ///< one batch with everything available, then stop
    kAvailableNow,    ///< everything available at start, in as many batches as limits need, then stop
    kManual,          ///< only when the caller asks (tests): no query thread
  };
  Kind kind = Kind::kProcessingTime;
  int64_t intervalMs = 0;

  static Trigger processingTime(int64_t intervalMs);
  /// "5 seconds", "1 minute", "interval 2 seconds"; IllegalArgumentException when negative or bad.
  static Trigger processingTime(const std::string& interval);
  static Trigger once() { return {Kind::kOnce, 0}; }
  static Trigger availableNow() { return {Kind::kAvailableNow, 0}; }
  static Trigger manual() { return {Kind::kManual, 0}; }
  /// The trigger an SQL sink table's `trigger` option names ('0 seconds', '5 seconds', 'once',
  /// 'availableNow').
  static Trigger parse(const std::string& text);
  std::string toString() const;
};

/// Processing time. The system clock in production; a manual clock in tests.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual int64_t nowMs() const = 0;
  /// Waits until nowMs() >= targetMs or `wake` returns true (checked when notified).
  virtual void waitUntil(int64_t targetMs, const std::function<bool()>& wake) = 0;
  /// Wakes waiters so they re-check `wake`.
  virtual void notifyAll() = 0;
};

class SystemClock : public Clock {
 public:
  int64_t nowMs() const override;
  void waitUntil(int64_t targetMs, const std::function<bool()>& wake) override;
  void notifyAll() override;

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
};

/// A clock that only moves when told to.
class ManualClock : public Clock {
 public:
  explicit ManualClock(int64_t startMs = 0) : nowMs_(startMs) {}
  int64_t nowMs() const override;
  void advance(int64_t ms);
  void set(int64_t ms);
  void waitUntil(int64_t targetMs, const std::function<bool()>& wake) override;
  void notifyAll() override;

 private:
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  int64_t nowMs_;
};

}  // namespace spate::streaming
