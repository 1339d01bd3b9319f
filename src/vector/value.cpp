#include "vector/value.h"

#include "common/strings.h"

namespace spate {

bool Value::operator==(const Value& other) const {
  if (storage_.index() != other.storage_.index()) return false;
  if (auto* l = std::get_if<std::shared_ptr<const ValueList>>(&storage_))
    return **l == *std::get<std::shared_ptr<const ValueList>>(other.storage_);
  if (auto* m = std::get_if<std::shared_ptr<const ValueMap>>(&storage_))
    return **m == *std::get<std::shared_ptr<const ValueMap>>(other.storage_);
  return storage_ == other.storage_;
}

std::string formatDecimal(Int128 unscaled, int scale) {
  bool negative = unscaled < 0;
  unsigned __int128 magnitude = negative ? -static_cast<unsigned __int128>(unscaled) : unscaled;
  std::string digits;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(magnitude % 10)));
    magnitude /= 10;
  } while (magnitude);
  if (scale > 0) {
    if (static_cast<int>(digits.size()) <= scale) digits.insert(0, scale - digits.size() + 1, '0');
    digits.insert(digits.size() - scale, ".");
  }
  return negative ? "-" + digits : digits;
}

std::string formatValue(const Value& v, const DataType& type, const TimeZone& zone, bool pretty) {
  if (v.isNull()) return pretty ? "NULL" : "null";
  switch (type.id()) {
    case TypeId::kNull: return pretty ? "NULL" : "null";
    case TypeId::kBoolean: return v.asBool() ? "true" : "false";
    case TypeId::kByte:
    case TypeId::kShort:
    case TypeId::kInt:
    case TypeId::kLong: return std::to_string(v.asLong());
    case TypeId::kFloat: return formatFloat(static_cast<float>(v.asDouble()));
    case TypeId::kDouble: return formatDouble(v.asDouble());
    case TypeId::kDecimal: return formatDecimal(v.asDecimal(), type.scale());
    case TypeId::kString: return v.asString();
    case TypeId::kBinary: {
      if (!pretty) return v.asString();
      std::string out = "[";
      static const char* kHex = "0123456789ABCDEF";
      for (size_t i = 0; i < v.asString().size(); ++i) {
        if (i) out += ' ';
        auto b = static_cast<unsigned char>(v.asString()[i]);
        out += kHex[b >> 4];
        out += kHex[b & 15];
      }
      return out + "]";
    }
    case TypeId::kDate: return formatDate(static_cast<int32_t>(v.asLong()));
    case TypeId::kTimestamp: return formatTimestamp(v.asLong(), zone);
    case TypeId::kInterval: return formatInterval(v.asInterval());
    case TypeId::kArray: {
      std::string out = "[";
      const auto& list = v.asList();
      for (size_t i = 0; i < list.size(); ++i) {
        if (i) out += ", ";
        out += formatValue(list[i], *type.element(), zone, pretty);
      }
      return out + "]";
    }
    case TypeId::kMap: {
      std::string out = "{";
      const auto& map = v.asMap();
      for (size_t i = 0; i < map.size(); ++i) {
        if (i) out += ", ";
        out += formatValue(map[i].first, *type.key(), zone, pretty) + " -> " +
               formatValue(map[i].second, *type.value(), zone, pretty);
      }
      return out + "}";
    }
    case TypeId::kStruct: {
      std::string out = "{";
      const auto& fields = v.asList();
      for (size_t i = 0; i < fields.size(); ++i) {
        if (i) out += ", ";
        out += formatValue(fields[i], *type.fields()[i].type, zone, pretty);
      }
      return out + "}";
    }
  }
  return "?";
}

}  // namespace spate
