#include "vector/json_column_builder.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>

namespace spate::json_internal {

namespace {

bool needsOffsets(TypeId id) {
  return id == TypeId::kString || id == TypeId::kBinary || id == TypeId::kArray ||
         id == TypeId::kMap;
}

}  // namespace

RawKey makeRawKey(std::string_view name) {
  RawKey key;
  std::string bytes(name);
  bytes += '"';
  key.wordCount = static_cast<int>((bytes.size() + 7) / 8);
  bytes.resize(key.wordCount * 8, '\0');
  std::memcpy(key.words, bytes.data(), bytes.size());
  size_t tail = (name.size() + 1) % 8;
  key.lastMask = tail == 0 ? ~uint64_t{0} : (uint64_t{1} << (8 * tail)) - 1;
  return key;
}

uint32_t hashName(std::string_view s) {
  uint32_t h = 2166136261u;
  for (char c : s) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
  return h;
}

void initNode(Node& n, const TypePtr& type, const std::string* corruptName) {
  n.type = type;
  n.id = type->id();
  n.width = type->fixedWidth();
  n.precision = type->precision();
  n.scale = type->scale();
  if (needsOffsets(n.id)) n.offsets.push<int32_t>(0);
  switch (n.id) {
    case TypeId::kArray:
      n.children.resize(1);
      initNode(n.children[0], type->element(), nullptr);
      break;
    case TypeId::kMap:
      n.children.resize(2);
      initNode(n.children[0], type->key(), nullptr);
      initNode(n.children[1], type->value(), nullptr);
      break;
    case TypeId::kStruct: {
      const auto& fields = type->fields();
      n.children.resize(fields.size());
      size_t slotCount = 8;
      while (slotCount < fields.size() * 2) slotCount *= 2;
      n.slots.assign(slotCount, -1);
      n.slotMask = static_cast<uint32_t>(slotCount - 1);
      for (size_t i = 0; i < fields.size(); ++i) {
        const std::string& name = fields[i].name;
        initNode(n.children[i], fields[i].type, nullptr);
        n.names.push_back(name);
        bool corrupt = corruptName && name == *corruptName &&
                       fields[i].type->id() == TypeId::kString && n.corruptIndex < 0;
        if (corrupt) n.corruptIndex = static_cast<int>(i);
        bool comparable = !corrupt && name.size() < kJsonPadding;
        for (char c : name)
          if (c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20) comparable = false;
        n.rawKeys.push_back(comparable ? makeRawKey(name) : RawKey{});
        if (corrupt) continue;
        uint32_t h = hashName(name) & n.slotMask;
        bool duplicate = false;
        while (n.slots[h] >= 0) {
          if (n.names[n.slots[h]] == name) duplicate = true;  // first field of a name wins
          h = (h + 1) & n.slotMask;
        }
        if (!duplicate) n.slots[h] = static_cast<int32_t>(i);
      }
      n.seen.assign((fields.size() + 63) / 64 + 1, 0);
      n.allFields = fields.size() >= 64 ? ~uint64_t{0} : (uint64_t{1} << fields.size()) - 1;
      break;
    }
    default:
      break;
  }
}

void reserveNode(Node& n, int64_t rows) {
  if (n.id == TypeId::kStruct) {
    for (auto& c : n.children) reserveNode(c, rows);
  } else if (n.width) {
    n.data.reserve(rows * n.width);
  } else if (n.id == TypeId::kString || n.id == TypeId::kBinary) {
    n.offsets.reserve((rows + 1) * sizeof(int32_t));
  }
}

void appendNullValue(Node& n) {
  switch (n.id) {
    case TypeId::kString:
    case TypeId::kBinary:
      n.offsets.push<int32_t>(static_cast<int32_t>(n.chars.size()));
      break;
    case TypeId::kArray:
    case TypeId::kMap:
      n.offsets.push<int32_t>(static_cast<int32_t>(n.children[0].size));
      break;
    case TypeId::kStruct:
      for (auto& c : n.children) appendNullValue(c);
      break;
    default:
      if (n.width) {
        size_t old = n.data.size();
        n.data.resize(old + n.width);
        std::memset(n.data.data() + old, 0, n.width);
      }
  }
  n.nullRows.push_back(n.size);
  ++n.size;
}

void truncate(Node& n, int64_t rows) {
  switch (n.id) {
    case TypeId::kString:
    case TypeId::kBinary:
      if (rows == n.size) return;
      n.chars.resize(n.offsets.as<int32_t>()[rows]);
      n.offsets.resize((rows + 1) * sizeof(int32_t));
      break;
    case TypeId::kArray:
    case TypeId::kMap: {
      int64_t elements = n.offsets.as<int32_t>()[rows];
      for (auto& c : n.children) truncate(c, elements);
      n.offsets.resize((rows + 1) * sizeof(int32_t));
      break;
    }
    case TypeId::kStruct:
      for (auto& c : n.children) truncate(c, rows);
      break;
    default:
      if (rows == n.size) return;
      n.data.resize(rows * n.width);
  }
  if (rows == n.size) return;
  n.size = rows;
  while (!n.nullRows.empty() && n.nullRows.back() >= rows) n.nullRows.pop_back();
}

ColumnPtr finishNode(Node& n) {
  auto column = std::make_shared<Column>(n.type, n.size);
  if (!n.nullRows.empty()) {
    Buffer& bits = column->mutableValidity();
    bits.resize(bitmapWords(n.size) * sizeof(uint64_t));
    std::memset(bits.data(), 0xff, bits.size());
    for (int64_t row : n.nullRows) clearBit(bits.as<uint64_t>(), row);
    n.nullRows.clear();
  }
  column->mutableData() = std::move(n.data);
  column->mutableOffsets() = std::move(n.offsets);
  column->mutableChars() = std::move(n.chars);
  for (auto& c : n.children) column->mutableChildren().push_back(finishNode(c));
  n.size = 0;
  n.data = Buffer();
  n.offsets = Buffer();
  n.chars = Buffer();
  if (needsOffsets(n.id)) n.offsets.push<int32_t>(0);
  return column;
}

bool parseInt64(std::string_view token, int64_t& out) {
  auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), out);
  return ec == std::errc() && end == token.data() + token.size();
}

Status convertFromNumber(Node& n, std::string_view token, JsonNumberKind kind,
                         std::string& scratch) {
  switch (n.id) {
    case TypeId::kByte:
    case TypeId::kShort:
    case TypeId::kInt:
    case TypeId::kLong:
    case TypeId::kTimestamp: {
      int64_t v;
      if (kind != JsonNumberKind::kInteger || !parseInt64(token, v))
        return Status::kMismatchInArray;
      switch (n.id) {
        case TypeId::kByte:
          // Jackson's getByteValue accepts -128..255 and wraps 128..255 to negative bytes.
          if (v < -128 || v > 255) return Status::kMismatchInArray;
          appendFixed(n, static_cast<int8_t>(static_cast<uint8_t>(v)));
          break;
        case TypeId::kShort:
          if (v < -32768 || v > 32767) return Status::kMismatchInArray;
          appendFixed(n, static_cast<int16_t>(v));
          break;
        case TypeId::kInt:
          if (v < std::numeric_limits<int32_t>::min() || v > std::numeric_limits<int32_t>::max())
            return Status::kMismatchInArray;
          appendFixed(n, static_cast<int32_t>(v));
          break;
        case TypeId::kTimestamp:
          // Seconds since the epoch; Spark multiplies with Java's wrapping arithmetic.
          appendFixed(n, static_cast<int64_t>(static_cast<uint64_t>(v) * 1000000u));
          break;
        default:
          appendFixed(n, v);
      }
      return Status::kOk;
    }
    case TypeId::kFloat: {
      scratch.assign(token);
      appendFixed(n, std::strtof(scratch.c_str(), nullptr));
      return Status::kOk;
    }
    case TypeId::kDouble: {
      scratch.assign(token);
      appendFixed(n, std::strtod(scratch.c_str(), nullptr));
      return Status::kOk;
    }
    case TypeId::kDecimal: {
      auto v = parseDecimalText(token, n.precision, n.scale);
      if (!v) return Status::kMismatchInArray;
      appendFixed(n, *v);
      return Status::kOk;
    }
    default:
      return Status::kMismatchInArray;
  }
}

namespace {

std::string withoutGmt(std::string_view s) {
  std::string out(s);
  for (size_t p; (p = out.find("GMT")) != std::string::npos;) out.erase(p, 3);
  return out;
}

}  // namespace

Status convertFromString(Node& n, std::string_view s, const JsonOptions& options,
                         const TimeZone& zone) {
  switch (n.id) {
    case TypeId::kString:
      appendString(n, s);
      return Status::kOk;
    case TypeId::kBinary: {
      std::string bytes;
      if (!base64Decode(s, bytes)) return Status::kMismatchInArray;
      appendString(n, bytes);
      return Status::kOk;
    }
    case TypeId::kFloat:
    case TypeId::kDouble: {
      if (!options.allowNonNumericNumbers) return Status::kMismatchInArray;
      double v;
      if (s == "NaN")
        v = std::numeric_limits<double>::quiet_NaN();
      else if (s == "+INF" || s == "+Infinity" || s == "Infinity")
        v = std::numeric_limits<double>::infinity();
      else if (s == "-INF" || s == "-Infinity")
        v = -std::numeric_limits<double>::infinity();
      else
        return Status::kMismatchInArray;
      if (n.id == TypeId::kFloat)
        appendFixed(n, static_cast<float>(v));
      else
        appendFixed(n, v);
      return Status::kOk;
    }
    case TypeId::kDecimal: {
      if (s.empty()) return Status::kMismatchInArray;
      std::string text;
      for (char c : s)
        if (c != ',') text += c;
      auto v = parseDecimalText(text, n.precision, n.scale);
      if (!v) return Status::kMismatchInArray;
      appendFixed(n, *v);
      return Status::kOk;
    }
    case TypeId::kTimestamp: {
      if (s.empty()) return Status::kMismatchInArray;
      std::optional<int64_t> v;
      if (options.timestampFormat) {
        v = options.timestampFormat->parseTimestamp(s, zone);
      } else {
        v = parseTimestamp(s, zone);
        if (!v && s.find("GMT") != std::string_view::npos) v = parseTimestamp(withoutGmt(s), zone);
      }
      if (!v) return Status::kMismatchInArray;
      appendFixed(n, *v);
      return Status::kOk;
    }
    case TypeId::kDate: {
      if (s.empty()) return Status::kMismatchInArray;
      std::optional<int32_t> v;
      if (options.dateFormat) {
        v = options.dateFormat->parseDate(s);
      } else {
        v = parseDate(s);
        if (!v && s.find("GMT") != std::string_view::npos) v = parseDate(withoutGmt(s));
        if (!v) {
          // Spark 1.5 stored dates as day numbers in strings.
          int64_t days;
          std::string_view digits = s.size() > 1 && s[0] == '+' ? s.substr(1) : s;
          if (parseInt64(digits, days) && days >= std::numeric_limits<int32_t>::min() &&
              days <= std::numeric_limits<int32_t>::max())
            v = static_cast<int32_t>(days);
        }
      }
      if (!v) return Status::kMismatchInArray;
      appendFixed(n, *v);
      return Status::kOk;
    }
    default:
      return Status::kMismatchInArray;
  }
}

}  // namespace spate::json_internal
