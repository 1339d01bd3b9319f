#include "server/event_stream.h"

#include <chrono>

namespace spate::server {

std::string EventStream::format(std::string_view event, std::string_view data) {
  std::string out;
  out.reserve(data.size() + event.size() + 16);
  if (!event.empty()) {
    out += "event: ";
    out += event;
    out += '\n';
  }
  // A line break inside data would end the field: each line becomes its own data: line, which
  // the browser's EventSource joins back with '\n'.
  size_t start = 0;
  for (;;) {
    size_t end = data.find('\n', start);
    out += "data: ";
    out += data.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    out += '\n';
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  out += '\n';
  return out;
}

void EventStream::publish(std::string_view event, std::string_view data) {
  std::string chunk = format(event, data);
  {
    std::lock_guard lock(mutex_);
    ++published_;
    for (Subscription* s : subscribers_) {
      if (s->queue_.size() >= kClientQueueLimit) s->queue_.pop_front();
      s->queue_.push_back(chunk);
    }
  }
  cv_.notify_all();
}

size_t EventStream::clients() const {
  std::lock_guard lock(mutex_);
  return subscribers_.size();
}

int64_t EventStream::published() const {
  std::lock_guard lock(mutex_);
  return published_;
}

std::shared_ptr<EventStream::Subscription> EventStream::subscribe() {
  auto subscription = std::make_shared<Subscription>(Subscription::Key{}, shared_from_this());
  std::lock_guard lock(mutex_);
  subscribers_.push_back(subscription.get());
  return subscription;
}

void EventStream::close() {
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
  }
  cv_.notify_all();
}

void EventStream::unsubscribe(Subscription* subscription) {
  std::lock_guard lock(mutex_);
  subscribers_.remove(subscription);
}

EventStream::Subscription::~Subscription() { stream_->unsubscribe(this); }

std::optional<std::string> EventStream::Subscription::next(int64_t heartbeatMs) {
  std::unique_lock lock(stream_->mutex_);
  bool ready = stream_->cv_.wait_for(lock, std::chrono::milliseconds(heartbeatMs),
                                     [&] { return stream_->closed_ || !queue_.empty(); });
  if (stream_->closed_) return std::nullopt;
  if (!ready) return std::string(": ping\n\n");
  std::string out;
  while (!queue_.empty()) {
    out += queue_.front();
    queue_.pop_front();
  }
  return out;
}

}  // namespace spate::server
