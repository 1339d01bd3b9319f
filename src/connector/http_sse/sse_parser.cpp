// The event-stream parser; see sse_parser.h for the rules it follows.
#include "connector/http_sse/sse_parser.h"

#include "connector/file/file_buffer.h"

namespace spate::connector {

namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

bool allAsciiDigits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text)
    if (c < '0' || c > '9') return false;
  return true;
}

}  // namespace

void SseParser::feed(std::string_view bytes) {
  // One leading UTF-8 byte order mark is ignored; it may arrive split across chunks.
  while (atStreamStart_ && !bytes.empty()) {
    if (bomPrefix_.size() < kByteOrderMark.size() &&
        bytes[0] == kByteOrderMark[bomPrefix_.size()]) {
      bomPrefix_ += bytes[0];
      bytes.remove_prefix(1);
      if (bomPrefix_.size() == kByteOrderMark.size()) atStreamStart_ = false;
      continue;
    }
    // Not a BOM after all: the bytes held back are ordinary text.
    atStreamStart_ = false;
    std::string held = std::move(bomPrefix_);
    bomPrefix_.clear();
    if (!held.empty()) feed(held);
  }
  size_t begin = 0;
  for (size_t i = 0; i < bytes.size(); ++i) {
    char c = bytes[i];
    if (skipLineFeed_) {
      skipLineFeed_ = false;
      if (c == '\n') {
        begin = i + 1;
        continue;
      }
    }
    if (c != '\n' && c != '\r') continue;
    line_.append(bytes.data() + begin, i - begin);
    processLine(line_);
    line_.clear();
    skipLineFeed_ = c == '\r';
    begin = i + 1;
  }
  line_.append(bytes.data() + begin, bytes.size() - begin);
}

void SseParser::reset() {
  line_.clear();
  skipLineFeed_ = false;
  atStreamStart_ = true;
  bomPrefix_.clear();
  type_.clear();
  data_.clear();
  hasData_ = false;
  idBuffer_.clear();
}

void SseParser::processLine(std::string_view line) {
  if (line.empty()) {
    dispatch();
    return;
  }
  if (line[0] == ':') return;  // a comment: heartbeats such as ":ok"
  std::string_view field = line;
  std::string_view value;
  if (size_t colon = line.find(':'); colon != std::string_view::npos) {
    field = line.substr(0, colon);
    value = line.substr(colon + 1);
    if (!value.empty() && value[0] == ' ') value.remove_prefix(1);
  }
  if (field == "event") {
    type_.assign(value);
  } else if (field == "data") {
    data_.append(value);
    data_ += '\n';
    hasData_ = true;
  } else if (field == "id") {
    if (value.find('\0') == std::string_view::npos) idBuffer_.assign(value);
  } else if (field == "retry") {
    if (allAsciiDigits(value) && value.size() <= 12) retryMs_ = std::stoll(std::string(value));
  }
  // Any other field is ignored, as the spec says.
}

void SseParser::dispatch() {
  lastEventId_ = idBuffer_;
  if (!hasData_) {
    type_.clear();
    data_.clear();
    return;
  }
  data_.pop_back();  // the "\n" after the last data line
  SseEvent event;
  std::string storage;
  std::string_view text = decodeText(data_, "UTF-8", storage);
  event.data.assign(text);
  event.type = type_.empty() ? "message" : std::move(type_);
  event.id = lastEventId_;
  type_.clear();
  data_.clear();
  hasData_ = false;
  onEvent_(std::move(event));
}

}  // namespace spate::connector
