#include "connector/memory/memory_stream.h"

#include "common/error.h"

namespace spate::connector {

int64_t MemoryStream::addData(std::vector<BatchPtr> rows) {
  std::vector<std::function<void()>> listeners;
  int64_t offset;
  {
    std::lock_guard lock(mutex_);
    appends_.push_back(std::move(rows));
    offset = static_cast<int64_t>(appends_.size()) - 1;
    for (const auto& [h, l] : listeners_) listeners.push_back(l);
  }
  for (const auto& l : listeners) l();
  return offset;
}

int MemoryStream::addListener(std::function<void()> listener) {
  std::lock_guard lock(mutex_);
  listeners_[nextListener_] = std::move(listener);
  return nextListener_++;
}

void MemoryStream::removeListener(int handle) {
  std::lock_guard lock(mutex_);
  listeners_.erase(handle);
}

int64_t MemoryStream::latestOffset() const {
  std::lock_guard lock(mutex_);
  return static_cast<int64_t>(appends_.size()) - 1;
}

std::vector<BatchPtr> MemoryStream::rows(int64_t startExclusive, int64_t endInclusive) const {
  std::lock_guard lock(mutex_);
  std::vector<BatchPtr> out;
  int64_t last = std::min<int64_t>(endInclusive, static_cast<int64_t>(appends_.size()) - 1);
  for (int64_t i = std::max<int64_t>(startExclusive + 1, 0); i <= last; ++i)
    out.insert(out.end(), appends_[i].begin(), appends_[i].end());
  return out;
}

std::vector<BatchPtr> MemoryStream::allRows() const {
  std::lock_guard lock(mutex_);
  std::vector<BatchPtr> out;
  for (const auto& a : appends_) out.insert(out.end(), a.begin(), a.end());
  return out;
}

namespace {

int64_t parseLongOffset(const std::string& json) {
  try {
    size_t used = 0;
    int64_t v = std::stoll(json, &used);
    if (used == json.size()) return v;
  } catch (const std::exception&) {
  }
  throw IllegalArgumentException("Invalid memory stream offset: " + json);
}

class MemorySource : public Source {
 public:
  MemorySource(std::shared_ptr<MemoryStream> stream, std::string name, std::function<void()> dataAvailable)
      : stream_(std::move(stream)), name_(std::move(name)) {
    if (dataAvailable) listener_ = stream_->addListener(std::move(dataAvailable));
  }
  ~MemorySource() override { stop(); }
  void stop() override {
    if (listener_ >= 0) stream_->removeListener(listener_);
    listener_ = -1;
  }
  SchemaPtr schema() const override { return stream_->schema(); }
  std::string description() const override { return "MemoryStream[" + name_ + "]"; }
  Result<std::optional<std::string>> latestOffset(const std::optional<std::string>&) override {
    int64_t latest = availableNowCap_ >= 0 ? availableNowCap_ : stream_->latestOffset();
    if (latest < 0) return std::optional<std::string>();
    return std::optional<std::string>(std::to_string(latest));
  }
  Result<std::vector<BatchPtr>> getBatch(const std::optional<std::string>& start,
                                         const std::string& end) override {
    return stream_->rows(start ? parseLongOffset(*start) : -1, parseLongOffset(end));
  }
  void prepareForTriggerAvailableNow() override { availableNowCap_ = stream_->latestOffset(); }

 private:
  std::shared_ptr<MemoryStream> stream_;
  std::string name_;
  int64_t availableNowCap_ = -1;
  int listener_ = -1;
};

}  // namespace

std::unique_ptr<Source> makeMemorySource(std::shared_ptr<MemoryStream> stream, std::string name,
                                         std::function<void()> dataAvailable) {
  return std::make_unique<MemorySource>(std::move(stream), std::move(name), std::move(dataAvailable));
}

}  // namespace spate::connector
