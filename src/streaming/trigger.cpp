#include "streaming/trigger.h"

#include <chrono>

#include "common/error.h"
#include "common/strings.h"
#include "common/time.h"

namespace spate::streaming {

Trigger Trigger::processingTime(int64_t intervalMs) {
  if (intervalMs < 0) throw IllegalArgumentException("Interval cannot be negative");
  return {Kind::kProcessingTime, intervalMs};
}

Trigger Trigger::processingTime(const std::string& interval) {
  std::string text(trimWhitespace(interval));
  auto parsed = parseInterval(text);
  if (!parsed && !text.empty()) throw IllegalArgumentException("Invalid interval: " + interval);
  if (!parsed) return processingTime(0);
  if (parsed->months != 0) throw IllegalArgumentException("Doesn't support month or year interval: " + interval);
  int64_t ms = parsed->days * 86'400'000 + parsed->micros / 1000;
  return processingTime(ms);
}

Trigger Trigger::parse(const std::string& text) {
  std::string t = toLower(trimWhitespace(text));
  if (t == "once") return once();
  if (t == "availablenow") return availableNow();
  return processingTime(text);
}

std::string Trigger::toString() const {
  switch (kind) {
    case Kind::kProcessingTime: return "ProcessingTimeTrigger(" + std::to_string(intervalMs) + ")";
    case Kind::kOnce: return "OneTimeTrigger";
    case Kind::kAvailableNow: return "AvailableNowTrigger";
    case Kind::kManual: return "ManualTrigger";
  }
  return "";
}

int64_t SystemClock::nowMs() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void SystemClock::waitUntil(int64_t targetMs, const std::function<bool()>& wake) {
  std::unique_lock lock(mutex_);
  while (!wake()) {
    int64_t now = nowMs();
    if (now >= targetMs) return;
    cv_.wait_for(lock, std::chrono::milliseconds(std::min<int64_t>(targetMs - now, 100)));
  }
}

void SystemClock::notifyAll() {
  std::lock_guard lock(mutex_);
  cv_.notify_all();
}

int64_t ManualClock::nowMs() const {
  std::lock_guard lock(mutex_);
  return nowMs_;
}

void ManualClock::advance(int64_t ms) {
  std::lock_guard lock(mutex_);
  nowMs_ += ms;
  cv_.notify_all();
}

void ManualClock::set(int64_t ms) {
  std::lock_guard lock(mutex_);
  nowMs_ = ms;
  cv_.notify_all();
}

void ManualClock::waitUntil(int64_t targetMs, const std::function<bool()>& wake) {
  std::unique_lock lock(mutex_);
  cv_.wait(lock, [&] { return nowMs_ >= targetMs || wake(); });
}

void ManualClock::notifyAll() {
  std::lock_guard lock(mutex_);
  cv_.notify_all();
}

}  // namespace spate::streaming
