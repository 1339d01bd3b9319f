#include "function/coercion.h"

#include <algorithm>
#include <cstdlib>

#include "common/strings.h"
#include "expression/cast.h"

namespace spate {

namespace {

bool isAtomic(const DataType& t) {
  switch (t.id()) {
    case TypeId::kBoolean:
    case TypeId::kByte:
    case TypeId::kShort:
    case TypeId::kInt:
    case TypeId::kLong:
    case TypeId::kFloat:
    case TypeId::kDouble:
    case TypeId::kDecimal:
    case TypeId::kString:
    case TypeId::kBinary:
    case TypeId::kDate:
    case TypeId::kTimestamp:
      return true;
    default:
      return false;
  }
}

bool isFractional(const DataType& t) {
  return t.id() == TypeId::kFloat || t.id() == TypeId::kDouble;
}

// Position in Spark's numericPrecedence (byte < short < int < long < float < double), -1 for
// decimals and non-numeric types.
int numericRank(const DataType& t) {
  switch (t.id()) {
    case TypeId::kByte:
      return 0;
    case TypeId::kShort:
      return 1;
    case TypeId::kInt:
      return 2;
    case TypeId::kLong:
      return 3;
    case TypeId::kFloat:
      return 4;
    case TypeId::kDouble:
      return 5;
    default:
      return -1;
  }
}

// Cast.canNullSafeCastToDecimal.
bool canNullSafeCastToDecimal(const DataType& from, const DataType& to) {
  if (from.id() == TypeId::kBoolean) return true;
  if (from.isIntegral() || from.id() == TypeId::kDecimal) return decimalIsWiderThan(to, from);
  return false;
}

// Cast.forceNullable: whether casting `from` to `to` may turn a value into NULL.
bool forceNullable(const DataType& from, const DataType& to) {
  TypeId f = from.id(), t = to.id();
  if (f == TypeId::kNull) return false;
  if (from.equals(to)) return false;
  if (f == TypeId::kString && t == TypeId::kBinary) return false;
  if (f == TypeId::kString) return true;
  if (t == TypeId::kString) return false;
  if (isFractional(from) && t == TypeId::kTimestamp) return true;
  if (f == TypeId::kTimestamp && t == TypeId::kDate) return false;
  if (t == TypeId::kDate) return true;
  if (f == TypeId::kDate && t == TypeId::kTimestamp) return false;
  if (f == TypeId::kDate) return true;
  if (t == TypeId::kInterval) return true;
  if (t == TypeId::kDecimal && !canNullSafeCastToDecimal(from, to)) return true;
  if (isFractional(from) && to.isIntegral()) return true;
  return false;
}

using TypeFinder = std::optional<TypePtr> (*)(const TypePtr&, const TypePtr&);

// TypeCoercion.findTypeForComplex: arrays, maps and structs element-wise with `find`.
std::optional<TypePtr> findTypeForComplex(const TypePtr& a, const TypePtr& b, TypeFinder find) {
  if (a->id() != b->id()) return std::nullopt;
  switch (a->id()) {
    case TypeId::kArray: {
      auto e = find(a->element(), b->element());
      if (!e) return std::nullopt;
      bool containsNull = a->containsNull() || b->containsNull() ||
                          forceNullable(*a->element(), **e) || forceNullable(*b->element(), **e);
      return DataType::array(*e, containsNull);
    }
    case TypeId::kMap: {
      auto k = find(a->key(), b->key());
      if (!k || forceNullable(*a->key(), **k) || forceNullable(*b->key(), **k)) return std::nullopt;
      auto v = find(a->value(), b->value());
      if (!v) return std::nullopt;
      bool valueContainsNull = a->valueContainsNull() || b->valueContainsNull() ||
                               forceNullable(*a->value(), **v) || forceNullable(*b->value(), **v);
      return DataType::map(*k, *v, valueContainsNull);
    }
    case TypeId::kStruct: {
      const auto& fa = a->fields();
      const auto& fb = b->fields();
      if (fa.size() != fb.size()) return std::nullopt;
      std::vector<StructField> fields;
      for (size_t i = 0; i < fa.size(); ++i) {
        // spark.sql.caseSensitive=false: field names match ignoring case; the left name is kept.
        if (!equalsIgnoreCase(fa[i].name, fb[i].name)) return std::nullopt;
        auto t = find(fa[i].type, fb[i].type);
        if (!t) return std::nullopt;
        bool nullable = fa[i].nullable || fb[i].nullable || forceNullable(*fa[i].type, **t) ||
                        forceNullable(*fb[i].type, **t);
        fields.push_back({fa[i].name, *t, nullable});
      }
      return DataType::structType(std::move(fields));
    }
    default:
      return std::nullopt;
  }
}

// TypeCoercion.findWiderTypeForDecimal.
std::optional<TypePtr> findWiderTypeForDecimal(const TypePtr& a, const TypePtr& b) {
  bool da = a->id() == TypeId::kDecimal, db = b->id() == TypeId::kDecimal;
  if (da && db) return widerDecimalType(*a, *b);
  if (db && a->isIntegral()) return widerDecimalType(*decimalForType(*a), *b);
  if (da && b->isIntegral()) return widerDecimalType(*decimalForType(*b), *a);
  if ((db && isFractional(*a)) || (da && isFractional(*b))) return DataType::doubleType();
  return std::nullopt;
}

// TypeCoercion.stringPromotion: string with any atomic type but binary and boolean → string.
std::optional<TypePtr> stringPromotion(const TypePtr& a, const TypePtr& b) {
  auto promotable = [](const DataType& t) {
    return isAtomic(t) && t.id() != TypeId::kBinary && t.id() != TypeId::kBoolean;
  };
  if (a->id() == TypeId::kString && promotable(*b)) return DataType::string();
  if (b->id() == TypeId::kString && promotable(*a)) return DataType::string();
  return std::nullopt;
}

std::optional<TypePtr> findWiderTypeForTwo(const TypePtr& a, const TypePtr& b) {
  if (auto t = findTightestCommonType(a, b)) return t;
  if (auto t = findWiderTypeForDecimal(a, b)) return t;
  if (auto t = stringPromotion(a, b)) return t;
  return findTypeForComplex(a, b, findWiderTypeForTwo);
}

std::optional<TypePtr> findWiderTypeWithoutStringPromotionForTwo(const TypePtr& a,
                                                                 const TypePtr& b) {
  if (auto t = findTightestCommonType(a, b)) return t;
  if (auto t = findWiderTypeForDecimal(a, b)) return t;
  return findTypeForComplex(a, b, findWiderTypeWithoutStringPromotionForTwo);
}

bool hasStringType(const DataType& t) {
  if (t.id() == TypeId::kString) return true;
  if (t.id() == TypeId::kArray) return hasStringType(*t.element());
  return false;
}

// TypeCoercion.findCommonTypeForBinaryComparison (spark.sql.legacy.castDatetimeToString=false).
std::optional<TypePtr> findCommonTypeForBinaryComparison(const TypePtr& a, const TypePtr& b) {
  TypeId x = a->id(), y = b->id();
  auto pair = [&](TypeId p, TypeId q) { return (x == p && y == q) || (x == q && y == p); };
  if (pair(TypeId::kString, TypeId::kDate)) return DataType::date();
  if (pair(TypeId::kString, TypeId::kTimestamp)) return DataType::timestamp();
  if (pair(TypeId::kString, TypeId::kNull)) return DataType::string();
  if (pair(TypeId::kTimestamp, TypeId::kDate)) return DataType::timestamp();
  if (pair(TypeId::kString, TypeId::kDecimal)) return DataType::doubleType();
  // A string compared with any other atomic type is cast to that type (SPARK-22469 excepted
  // above for decimals): '1.5' = 1 casts '1.5' to INT (1) and is true.
  if (x == TypeId::kString && y != TypeId::kString && isAtomic(*b)) return b;
  if (y == TypeId::kString && x != TypeId::kString && isAtomic(*a)) return a;
  return std::nullopt;
}

}  // namespace

// ---- Decimal type rules ------------------------------------------------------------------------

TypePtr decimalForType(const DataType& type) {
  switch (type.id()) {
    case TypeId::kByte:
      return DataType::decimal(3, 0);
    case TypeId::kShort:
      return DataType::decimal(5, 0);
    case TypeId::kInt:
      return DataType::decimal(10, 0);
    case TypeId::kLong:
      return DataType::decimal(20, 0);
    case TypeId::kFloat:
      return DataType::decimal(14, 7);
    case TypeId::kDouble:
      return DataType::decimal(30, 15);
    case TypeId::kDecimal:
      return DataType::decimal(type.precision(), type.scale());
    default:
      return nullptr;
  }
}

TypePtr boundedDecimal(int precision, int scale) {
  return DataType::decimal(std::min(precision, kMaxDecimalPrecision),
                           std::min(scale, kMaxDecimalPrecision));
}

TypePtr widerDecimalType(const DataType& a, const DataType& b) {
  int scale = std::max(a.scale(), b.scale());
  int range = std::max(a.precision() - a.scale(), b.precision() - b.scale());
  return boundedDecimal(range + scale, scale);
}

TypePtr adjustPrecisionScale(int precision, int scale) {
  if (precision <= kMaxDecimalPrecision) return DataType::decimal(precision, scale);
  int intDigits = precision - scale;
  int minScale = std::min(scale, kMinimumAdjustedScale);
  int adjustedScale = std::max(kMaxDecimalPrecision - intDigits, minScale);
  return DataType::decimal(kMaxDecimalPrecision, adjustedScale);
}

TypePtr decimalForIntegralLiteral(int64_t value) {
  uint64_t magnitude = value < 0 ? 0 - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
  int digits = 1;
  while (magnitude >= 10) {
    magnitude /= 10;
    ++digits;
  }
  return DataType::decimal(digits, 0);
}

bool decimalIsWiderThan(const DataType& wide, const DataType& narrow) {
  TypePtr n = narrow.id() == TypeId::kDecimal ? nullptr : decimalForType(narrow);
  const DataType& d = n ? *n : narrow;
  if (d.id() != TypeId::kDecimal) return false;
  return wide.precision() - wide.scale() >= d.precision() - d.scale() && wide.scale() >= d.scale();
}

// ---- Common types ------------------------------------------------------------------------------

std::optional<TypePtr> findTightestCommonType(const TypePtr& a, const TypePtr& b) {
  if (a->equals(*b)) return a;
  if (a->id() == TypeId::kNull) return b;
  if (b->id() == TypeId::kNull) return a;
  if (a->isIntegral() && b->id() == TypeId::kDecimal && decimalIsWiderThan(*b, *a)) return b;
  if (b->isIntegral() && a->id() == TypeId::kDecimal && decimalIsWiderThan(*a, *b)) return a;
  int ra = numericRank(*a), rb = numericRank(*b);
  if (ra >= 0 && rb >= 0) return ra >= rb ? a : b;
  if ((a->id() == TypeId::kDate && b->id() == TypeId::kTimestamp) ||
      (a->id() == TypeId::kTimestamp && b->id() == TypeId::kDate))
    return DataType::timestamp();
  return findTypeForComplex(a, b, findTightestCommonType);
}

std::optional<TypePtr> findWiderType(const TypePtr& a, const TypePtr& b) {
  return findWiderTypeForTwo(a, b);
}

std::optional<TypePtr> findWiderType(const std::vector<TypePtr>& types) {
  // findWiderTypeForTwo is not associative when strings are involved: Spark folds the (distinct)
  // string-like types first so that (timestamp, int, string) still gives string.
  std::vector<TypePtr> ordered;
  for (const auto& t : types) {
    if (!hasStringType(*t)) continue;
    bool seen = std::any_of(ordered.begin(), ordered.end(),
                            [&](const TypePtr& o) { return o->equals(*t); });
    if (!seen) ordered.push_back(t);
  }
  for (const auto& t : types)
    if (!hasStringType(*t)) ordered.push_back(t);
  std::optional<TypePtr> result = DataType::null();
  for (const auto& t : ordered) {
    result = findWiderTypeForTwo(*result, t);
    if (!result) return std::nullopt;
  }
  return result;
}

std::optional<TypePtr> findWiderTypeWithoutStringPromotion(const std::vector<TypePtr>& types) {
  std::optional<TypePtr> result = DataType::null();
  for (const auto& t : types) {
    result = findWiderTypeWithoutStringPromotionForTwo(*result, t);
    if (!result) return std::nullopt;
  }
  return result;
}

std::optional<TypePtr> arithmeticOperandType(const TypePtr& left, const TypePtr& right) {
  // PromoteStrings: a string operand of arithmetic becomes DOUBLE (unless the other side is an
  // interval, which date/time arithmetic handles).
  TypePtr a = left, b = right;
  if (a->id() == TypeId::kString && b->id() != TypeId::kInterval) a = DataType::doubleType();
  if (b->id() == TypeId::kString && a->id() != TypeId::kInterval) b = DataType::doubleType();
  bool numericA = a->isNumeric() || a->id() == TypeId::kNull;
  bool numericB = b->isNumeric() || b->id() == TypeId::kNull;
  if (!numericA || !numericB) return std::nullopt;
  if (a->id() == TypeId::kNull && b->id() == TypeId::kNull) return DataType::doubleType();
  if (a->id() == TypeId::kDecimal || b->id() == TypeId::kDecimal) {
    if (a->id() == TypeId::kNull) return b;
    if (b->id() == TypeId::kNull) return a;
    return findWiderTypeForDecimal(a, b);
  }
  return findTightestCommonType(a, b);
}

ExprPtr coerceTo(const ExprPtr& expr, const TypePtr& type) {
  if (expr->type->equals(*type)) return expr;
  // Nested types that differ only in nullability flags (or field-name case) share one layout.
  if (expr->type->isNested() && expr->type->sameType(*type)) return expr;
  if (expr->type->id() == TypeId::kNull && expr->kind == ExprKind::kLiteral)
    return makeLiteral(Value::null(), type);
  return makeCast(expr, type);
}

std::optional<TypePtr> comparisonOperandType(const TypePtr& a, const TypePtr& b) {
  if (a->equals(*b)) return a;
  if (auto t = findCommonTypeForBinaryComparison(a, b)) return t;
  if (a->id() == TypeId::kDecimal || b->id() == TypeId::kDecimal) {
    if (auto t = findWiderTypeForDecimal(a, b)) return t;
  }
  if (auto t = findTightestCommonType(a, b)) return t;
  // Nested types that differ only in nullability flags compare as they are.
  if (a->sameType(*b)) return findTypeForComplex(a, b, findTightestCommonType);
  return std::nullopt;
}

}  // namespace spate
