// Kafka offsets as JSON. A small reader for the only shapes these texts have (an object of
// objects of integers, or an object of integer arrays) keeps the parser out of the hot path and
// gives Spark's "Expected e.g. …" messages for anything else.
#include "connector/kafka/offsets_json.h"

#include <charconv>
#include <functional>

#include "common/error.h"
#include "connector/api/metadata_files.h"
#include "vector/json_text.h"

namespace spate::connector::kafka {

namespace {

class JsonCursor {
 public:
  explicit JsonCursor(std::string_view text) : text_(text) {}

  bool consume(char c) {
    skipSpace();
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  bool atEnd() {
    skipSpace();
    return pos_ == text_.size();
  }
  std::optional<std::string> string() {
    skipSpace();
    if (pos_ >= text_.size() || text_[pos_] != '"') return std::nullopt;
    size_t end = pos_ + 1;
    while (end < text_.size() && text_[end] != '"') end += text_[end] == '\\' ? 2 : 1;
    if (end >= text_.size()) return std::nullopt;
    std::string out;
    if (!unescapeJsonString(text_.substr(pos_, end + 1 - pos_), out)) return std::nullopt;
    pos_ = end + 1;
    return out;
  }
  /// A JSON integer, or a string holding one (Jackson coerces both into a Long).
  std::optional<int64_t> integer() {
    skipSpace();
    if (pos_ < text_.size() && text_[pos_] == '"') {
      auto s = string();
      if (!s) return std::nullopt;
      return parseInteger(*s);
    }
    size_t start = pos_;
    while (pos_ < text_.size() &&
           (text_[pos_] == '-' || (text_[pos_] >= '0' && text_[pos_] <= '9')))
      ++pos_;
    return parseInteger(text_.substr(start, pos_ - start));
  }

  /// Parses `{ "key": <value>, … }`, calling onMember after each key.
  bool object(const std::function<bool(const std::string&)>& onMember) {
    if (!consume('{')) return false;
    if (consume('}')) return true;
    do {
      auto key = string();
      if (!key || !consume(':') || !onMember(*key)) return false;
    } while (consume(','));
    return consume('}');
  }

  static std::optional<int64_t> parseInteger(std::string_view s) {
    int64_t value = 0;
    if (s.empty()) return std::nullopt;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
    return value;
  }

 private:
  void skipSpace() {
    while (pos_ < text_.size() && isJsonWhitespace(text_[pos_])) ++pos_;
  }
  std::string_view text_;
  size_t pos_ = 0;
};

std::optional<PartitionOffsets> parseNested(std::string_view json) {
  JsonCursor cursor(json);
  PartitionOffsets out;
  bool ok = cursor.object([&](const std::string& topic) {
    return cursor.object([&](const std::string& partitionText) {
      auto partition = JsonCursor::parseInteger(partitionText);
      auto offset = cursor.integer();
      if (!partition || !offset || *partition < INT32_MIN || *partition > INT32_MAX) return false;
      out[TopicPartition{topic, static_cast<int32_t>(*partition)}] = *offset;
      return true;
    });
  });
  if (!ok || !cursor.atEnd()) return std::nullopt;
  return out;
}

constexpr char kInitialOffsetsVersion[] = "v1";

}  // namespace

std::string offsetsToJson(const PartitionOffsets& offsets) {
  std::string out = "{";
  const std::string* topic = nullptr;
  for (const auto& [tp, offset] : offsets) {
    if (!topic || *topic != tp.topic) {
      if (topic) out += "},";
      appendJsonString(out, tp.topic);
      out += ":{";
      topic = &tp.topic;
    } else {
      out += ',';
    }
    out += '"' + std::to_string(tp.partition) + "\":" + std::to_string(offset);
  }
  if (topic) out += '}';
  return out + "}";
}

std::optional<PartitionOffsets> parseOffsetsJson(std::string_view json) {
  return parseNested(json);
}

PartitionOffsets parseOffsetsOption(std::string_view json) {
  if (auto offsets = parseNested(json)) return *offsets;
  throw IllegalArgumentException(
      R"(Expected e.g. {"topicA":{"0":23,"1":-1},"topicB":{"0":-2}}, got )" + std::string(json));
}

PartitionOffsets parseTimestampsOption(std::string_view json) {
  if (auto offsets = parseNested(json)) return *offsets;
  throw IllegalArgumentException(
      "Expected e.g. {\"topicA\": {\"0\": 123456789, \"1\": 123456789},\n\"topicB\": {\"0\": "
      "123456789, \"1\": 123456789}}, got " +
      std::string(json));
}

std::vector<TopicPartition> parseAssignOption(std::string_view json) {
  JsonCursor cursor(json);
  std::vector<TopicPartition> out;
  bool ok = cursor.object([&](const std::string& topic) {
    if (!cursor.consume('[')) return false;
    if (cursor.consume(']')) return true;
    do {
      auto partition = cursor.integer();
      if (!partition || *partition < INT32_MIN || *partition > INT32_MAX) return false;
      out.push_back({topic, static_cast<int32_t>(*partition)});
    } while (cursor.consume(','));
    return cursor.consume(']');
  });
  if (!ok || !cursor.atEnd())
    throw IllegalArgumentException(R"(Expected e.g. {"topicA":[0,1],"topicB":[0,1]}, got )" +
                                   std::string(json));
  return out;
}

Status writeInitialOffsets(const std::string& path, const PartitionOffsets& offsets) {
  std::string text(1, '\0');  // Spark writes a zero byte first (SPARK-19517)
  text += kInitialOffsetsVersion;
  text += '\n';
  text += offsetsToJson(offsets);
  auto created = createFileAtomically(path, text);
  if (!created.ok()) return created.error();
  return Status::success();
}

Result<std::optional<PartitionOffsets>> readInitialOffsets(const std::string& path) {
  auto content = readWholeFile(path);
  if (!content.ok()) return content.error();
  if (!*content) return std::optional<PartitionOffsets>();
  std::string_view text = **content;
  if (!text.empty() && text[0] == '\0') text.remove_prefix(1);
  if (!text.empty() && text[0] == 'v') {
    size_t newline = text.find('\n');
    if (newline == std::string_view::npos || newline == 0)
      return Error::user("Log file was malformed: failed to detect the log file version line.");
    Status version = validateLogVersion(text.substr(0, newline), 1);
    if (!version.ok()) return version.error();
    text.remove_prefix(newline + 1);
  }
  auto offsets = parseNested(text);
  if (!offsets)
    return Error::user("The Kafka source's initial offsets in " + path +
                       " are not valid JSON offsets: " + std::string(text));
  return std::optional<PartitionOffsets>(std::move(*offsets));
}

}  // namespace spate::connector::kafka
