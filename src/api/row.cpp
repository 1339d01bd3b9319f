#include "api/row.h"

#include "common/error.h"

namespace spate::sql {

const Value& Row::get(std::string_view name) const {
  int i = schema_->fieldIndex(name);
  if (i < 0) throw IllegalArgumentException("Field \"" + std::string(name) + "\" does not exist.");
  return values_[i];
}

std::string Row::toString() const {
  std::string out = "[";
  for (size_t i = 0; i < values_.size(); ++i) {
    if (i) out += ",";
    out += formatValue(values_[i], *schema_->fields()[i].type, *TimeZone::utc(), false);
  }
  return out + "]";
}

}  // namespace spate::sql
