// Comparisons (= <=> != < <= > >=), NOT, IS [NOT] NULL, IN and isnan with Spark 3.5's coercion
// and ordering: NaN equals NaN and is larger than any other double, strings compare byte-wise,
// arrays and structs lexicographically.
#include <unordered_set>

#include "function/analysis_errors.h"
#include "function/coercion.h"
#include "function/kernel.h"
#include "function/ordering.h"
#include "function/registry.h"
#include "function/vector_kernels.h"

namespace spate {

namespace {

enum class Cmp { kEq, kNullSafeEq, kNe, kLt, kLe, kGt, kGe };

template <typename T>
bool valueLess(T x, T y) {
  if constexpr (std::is_floating_point_v<T>)
    return x < y || (std::isnan(y) && !std::isnan(x));
  else
    return x < y;
}

template <typename T>
bool valueEqual(T x, T y) {
  if constexpr (std::is_floating_point_v<T>)
    return x == y || (std::isnan(x) && std::isnan(y));
  else
    return x == y;
}

template <typename T>
ScalarKernel fixedCompareKernel(Cmp c) {
  using S = StorageOf<T>;
  switch (c) {
    case Cmp::kEq:
    case Cmp::kNullSafeEq:
      return [](const KernelArgs& a) {
        return binaryFixed<bool, T, T>(a, [](S x, S y) -> uint8_t { return valueEqual<S>(x, y); });
      };
    case Cmp::kNe:
      return [](const KernelArgs& a) {
        return binaryFixed<bool, T, T>(a, [](S x, S y) -> uint8_t { return !valueEqual<S>(x, y); });
      };
    case Cmp::kLt:
      return [](const KernelArgs& a) {
        return binaryFixed<bool, T, T>(a, [](S x, S y) -> uint8_t { return valueLess<S>(x, y); });
      };
    case Cmp::kLe:
      return [](const KernelArgs& a) {
        return binaryFixed<bool, T, T>(a, [](S x, S y) -> uint8_t { return !valueLess<S>(y, x); });
      };
    case Cmp::kGt:
      return [](const KernelArgs& a) {
        return binaryFixed<bool, T, T>(a, [](S x, S y) -> uint8_t { return valueLess<S>(y, x); });
      };
    case Cmp::kGe:
      return [](const KernelArgs& a) {
        return binaryFixed<bool, T, T>(a, [](S x, S y) -> uint8_t { return !valueLess<S>(x, y); });
      };
  }
  return nullptr;
}

bool holds(Cmp c, int order) {
  switch (c) {
    case Cmp::kEq:
    case Cmp::kNullSafeEq:
      return order == 0;
    case Cmp::kNe:
      return order != 0;
    case Cmp::kLt:
      return order < 0;
    case Cmp::kLe:
      return order <= 0;
    case Cmp::kGt:
      return order > 0;
    case Cmp::kGe:
      return order >= 0;
  }
  return false;
}

// Strings, binary, intervals and nested types: row by row.
ScalarKernel rowCompareKernel(Cmp c, bool bytes) {
  return [c, bytes](const KernelArgs& a) {
    const Column& x = *a.columns[0];
    const Column& y = *a.columns[1];
    auto out = makeFixedColumn(a.resultType, a.rows, 1);
    uint8_t* o = out->mutableData().data();
    intersectValidity(*out, x, y);
    for (int64_t i = 0; i < a.rows; ++i) {
      if (x.isNull(i) || y.isNull(i)) {
        o[i] = 0;
        continue;
      }
      int order = bytes ? compareBytes(x.stringAt(i), y.stringAt(i)) : compareRows(x, i, y, i);
      o[i] = holds(c, order);
    }
    return out;
  };
}

ScalarKernel compareKernel(Cmp c, const DataType& type) {
  switch (type.id()) {
    case TypeId::kNull:
      return [](const KernelArgs& a) { return makeNullColumn(a.resultType, a.rows); };
    case TypeId::kBoolean:
      return fixedCompareKernel<bool>(c);
    case TypeId::kByte:
      return fixedCompareKernel<int8_t>(c);
    case TypeId::kShort:
      return fixedCompareKernel<int16_t>(c);
    case TypeId::kInt:
    case TypeId::kDate:
      return fixedCompareKernel<int32_t>(c);
    case TypeId::kLong:
    case TypeId::kTimestamp:
      return fixedCompareKernel<int64_t>(c);
    case TypeId::kFloat:
      return fixedCompareKernel<float>(c);
    case TypeId::kDouble:
      return fixedCompareKernel<double>(c);
    case TypeId::kDecimal:
      return fixedCompareKernel<Int128>(c);
    case TypeId::kString:
    case TypeId::kBinary:
      return rowCompareKernel(c, true);
    default:
      return rowCompareKernel(c, false);
  }
}

// a <=> b: the `=` result where both are present, true where both are NULL, else false.
ScalarKernel nullSafeKernel(ScalarKernel equal) {
  return [equal](const KernelArgs& a) -> ColumnPtr {
    const Column& x = *a.columns[0];
    const Column& y = *a.columns[1];
    ColumnPtr eq = x.typeId() == TypeId::kNull ? nullptr : equal(a);
    auto out = makeFixedColumn(a.resultType, a.rows, 1);
    uint8_t* o = out->mutableData().data();
    if (eq) std::memcpy(o, eq->dataBuffer().data(), a.rows);
    for (int64_t i = 0; i < a.rows; ++i) {
      bool nx = x.isNull(i), ny = y.isNull(i);
      if (nx || ny) o[i] = nx && ny;
    }
    return out;
  };
}

struct CompareInfo {
  std::string_view name;
  Cmp op;
  std::string_view symbol;
  bool equality() const { return op == Cmp::kEq || op == Cmp::kNe || op == Cmp::kNullSafeEq; }
};

bool isIntegralLiteral(const ExprPtr& e) {
  return e->kind == ExprKind::kLiteral && !e->literal.isNull() && e->type->isIntegral();
}

ExprPtr bindComparison(const CompareInfo& info, std::vector<ExprPtr> args, const BindContext&) {
  checkArgCount(info.name, args, 2, 2);
  // `a != b` is NOT(a = b) in Spark: its errors quote the inner `(a = b)`.
  std::string sql = callSql(info.op == Cmp::kNe ? "equal" : info.name, args);
  ExprPtr l = args[0], r = args[1];
  TypeId lt = l->type->id(), rt = r->type->id();
  // BooleanEquality: true = 1 compares the boolean as a number.
  if (info.equality()) {
    if (lt == TypeId::kBoolean && r->type->isNumeric()) l = coerceTo(l, r->type);
    if (rt == TypeId::kBoolean && l->type->isNumeric()) r = coerceTo(r, l->type);
  }
  // DecimalPrecision: an integral literal next to a decimal needs only its own digits.
  if (lt == TypeId::kDecimal && isIntegralLiteral(r))
    r = coerceTo(r, decimalForIntegralLiteral(r->literal.asLong()));
  if (rt == TypeId::kDecimal && isIntegralLiteral(l))
    l = coerceTo(l, decimalForIntegralLiteral(l->literal.asLong()));
  if (auto target = comparisonOperandType(l->type, r->type)) {
    l = coerceTo(l, *target);
    r = coerceTo(r, *target);
  }
  if (!l->type->sameType(*r->type))
    throwDataTypeMismatch("BINARY_OP_DIFF_TYPES", sql,
                          "the left and right operands of the binary operator have incompatible "
                          "types (" +
                              quotedType(*l->type) + " and " + quotedType(*r->type) + ").");
  bool intervalEquality = info.equality() && l->type->id() == TypeId::kInterval;
  if (!isOrderable(*l->type) && !intervalEquality)
    throwDataTypeMismatch("INVALID_ORDERING_TYPE", sql,
                          "The `" + std::string(info.symbol) +
                              "` does not support ordering on type " + quotedType(*l->type) + ".");
  if (info.op == Cmp::kNullSafeEq)
    return makeCall(std::string(info.name), DataType::boolean(), {l, r},
                    nullSafeKernel(compareKernel(Cmp::kEq, *l->type)), nullptr, false);
  return makeCall(std::string(info.name), DataType::boolean(), {l, r},
                  compareKernel(info.op, *l->type), nullptr, l->nullable || r->nullable);
}

ExprPtr bindNot(std::vector<ExprPtr> args, const BindContext&) {
  checkArgCount("not", args, 1, 1);
  ExprPtr x = args[0];
  if (x->type->id() == TypeId::kNull) x = coerceTo(x, DataType::boolean());
  if (x->type->id() != TypeId::kBoolean)
    throwUnexpectedInputType(callSql("not", args), 1, "\"BOOLEAN\"", *x);
  return makeCall(
      "not", DataType::boolean(), {x},
      [](const KernelArgs& a) {
        return unaryFixed<bool, bool>(a, [](uint8_t v) -> uint8_t { return v == 0; });
      },
      nullptr, x->nullable);
}

ScalarKernel nullTestKernel(bool wantNull) {
  return [wantNull](const KernelArgs& a) {
    const Column& x = *a.columns[0];
    auto out = makeFixedColumn(a.resultType, a.rows, 1);
    uint8_t* o = out->mutableData().data();
    if (!x.mayHaveNulls()) {
      std::memset(o, wantNull ? 0 : 1, a.rows);
    } else {
      const uint64_t* bits = x.validityBits();
      for (int64_t i = 0; i < a.rows; ++i) o[i] = testBit(bits, i) != wantNull;
    }
    return out;
  };
}

ExprPtr bindNullTest(std::string_view name, bool wantNull, std::vector<ExprPtr> args) {
  checkArgCount(name, args, 1, 1);
  return makeCall(std::string(name), DataType::boolean(), std::move(args), nullTestKernel(wantNull),
                  nullptr, false);
}

ExprPtr bindIsNan(std::vector<ExprPtr> args, const BindContext&) {
  checkArgCount("isnan", args, 1, 1);
  ExprPtr x = args[0];
  TypeId t = x->type->id();
  if (t != TypeId::kFloat && t != TypeId::kDouble) {
    if (!x->type->isNumeric() && t != TypeId::kString && t != TypeId::kNull)
      throwUnexpectedInputType(callSql("isnan", args), 1, "(\"DOUBLE\" or \"FLOAT\")", *x);
    x = coerceTo(x, DataType::doubleType());
  }
  bool isFloat = x->type->id() == TypeId::kFloat;
  return makeCall(
      "isnan", DataType::boolean(), {x},
      [isFloat](const KernelArgs& a) {
        const Column& c = *a.columns[0];
        auto out = makeFixedColumn(a.resultType, a.rows, 1);
        uint8_t* o = out->mutableData().data();
        for (int64_t i = 0; i < a.rows; ++i) {
          double v = isFloat ? c.valueAt<float>(i) : c.valueAt<double>(i);
          o[i] = !c.isNull(i) && std::isnan(v);
        }
        return out;
      },
      nullptr, false);
}

// ---- IN ----------------------------------------------------------------------------------------

// Key of a fixed-width value in the constant-list hash set: doubles are canonicalised so that
// -0.0 matches 0.0 and every NaN matches NaN, as Spark's `=`.
uint64_t doubleKey(double v) {
  if (v == 0) v = 0.0;
  if (std::isnan(v)) return 0x7ff8000000000000ULL;
  uint64_t bits;
  std::memcpy(&bits, &v, 8);
  return bits;
}

uint64_t fixedKey(const Column& c, int64_t i) {
  switch (c.typeId()) {
    case TypeId::kBoolean:
      return c.valueAt<uint8_t>(i) != 0;
    case TypeId::kByte:
      return static_cast<uint64_t>(int64_t{c.valueAt<int8_t>(i)});
    case TypeId::kShort:
      return static_cast<uint64_t>(int64_t{c.valueAt<int16_t>(i)});
    case TypeId::kInt:
    case TypeId::kDate:
      return static_cast<uint64_t>(int64_t{c.valueAt<int32_t>(i)});
    case TypeId::kLong:
    case TypeId::kTimestamp:
      return static_cast<uint64_t>(c.valueAt<int64_t>(i));
    case TypeId::kFloat:
      return doubleKey(c.valueAt<float>(i));
    case TypeId::kDouble:
      return doubleKey(c.valueAt<double>(i));
    default:
      return 0;
  }
}

struct Int128Hash {
  size_t operator()(Int128 v) const {
    auto u = static_cast<unsigned __int128>(v);
    return std::hash<uint64_t>()(static_cast<uint64_t>(u) ^ static_cast<uint64_t>(u >> 64) * 31);
  }
};

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
};

// A constant IN list compiled at bind time.
struct InListSet {
  enum class Kind { kFixed, kDecimal, kBytes, kGeneric } kind = Kind::kGeneric;
  bool hasNull = false;
  std::unordered_set<uint64_t> fixed;
  std::unordered_set<Int128, Int128Hash> decimals;
  std::unordered_set<std::string, StringHash, std::equal_to<>> strings;
  ColumnPtr items;  // non-null items, for the generic kind

  bool contains(const Column& c, int64_t i) const {
    switch (kind) {
      case Kind::kFixed:
        return fixed.count(fixedKey(c, i)) > 0;
      case Kind::kDecimal:
        return decimals.count(c.valueAt<Int128>(i)) > 0;
      case Kind::kBytes:
        return strings.find(c.stringAt(i)) != strings.end();
      case Kind::kGeneric:
        for (int64_t k = 0; k < items->size(); ++k)
          if (compareRows(c, i, *items, k) == 0) return true;
        return false;
    }
    return false;
  }
};

std::shared_ptr<const InListSet> compileInList(const TypePtr& type,
                                               const std::vector<ExprPtr>& items) {
  auto set = std::make_shared<InListSet>();
  std::vector<Value> values;
  for (const auto& item : items) {
    Value v = evaluateConstant(*item, EvalContext{});
    if (v.isNull())
      set->hasNull = true;
    else
      values.push_back(std::move(v));
  }
  ColumnPtr column = makeColumn(type, values);
  switch (type->id()) {
    case TypeId::kBoolean:
    case TypeId::kByte:
    case TypeId::kShort:
    case TypeId::kInt:
    case TypeId::kDate:
    case TypeId::kLong:
    case TypeId::kTimestamp:
    case TypeId::kFloat:
    case TypeId::kDouble:
      set->kind = InListSet::Kind::kFixed;
      for (int64_t i = 0; i < column->size(); ++i) set->fixed.insert(fixedKey(*column, i));
      break;
    case TypeId::kDecimal:
      set->kind = InListSet::Kind::kDecimal;
      for (int64_t i = 0; i < column->size(); ++i) set->decimals.insert(column->valueAt<Int128>(i));
      break;
    case TypeId::kString:
    case TypeId::kBinary:
      set->kind = InListSet::Kind::kBytes;
      for (int64_t i = 0; i < column->size(); ++i) set->strings.emplace(column->stringAt(i));
      break;
    default:
      set->kind = InListSet::Kind::kGeneric;
      set->items = column;
      break;
  }
  return set;
}

// Three-valued IN: NULL value → NULL; found → true; not found and the list holds NULL → NULL.
ColumnPtr evaluateInSet(const KernelArgs& a) {
  const auto& set = *static_cast<const InListSet*>(a.state);
  const Column& v = *a.columns[0];
  auto out = makeFixedColumn(a.resultType, a.rows, 1);
  uint8_t* o = out->mutableData().data();
  for (int64_t i = 0; i < a.rows; ++i) {
    if (v.isNull(i)) {
      o[i] = 0;
      out->setNull(i);
    } else if (set.contains(v, i)) {
      o[i] = 1;
    } else {
      o[i] = 0;
      if (set.hasNull) out->setNull(i);
    }
  }
  return out;
}

ColumnPtr evaluateInColumns(const KernelArgs& a) {
  const Column& v = *a.columns[0];
  auto out = makeFixedColumn(a.resultType, a.rows, 1);
  uint8_t* o = out->mutableData().data();
  bool bytes = v.typeId() == TypeId::kString || v.typeId() == TypeId::kBinary;
  for (int64_t i = 0; i < a.rows; ++i) {
    o[i] = 0;
    if (v.isNull(i)) {
      out->setNull(i);
      continue;
    }
    bool sawNull = false;
    for (size_t k = 1; k < a.columns.size(); ++k) {
      const Column& item = *a.columns[k];
      if (item.isNull(i)) {
        sawNull = true;
        continue;
      }
      int order =
          bytes ? compareBytes(v.stringAt(i), item.stringAt(i)) : compareRows(v, i, item, i);
      if (order == 0) {
        o[i] = 1;
        break;
      }
    }
    if (!o[i] && sawNull) out->setNull(i);
  }
  return out;
}

ExprPtr bindIn(std::vector<ExprPtr> args, const BindContext&) {
  checkArgCount("in", args, 1, -1);
  std::string sql = callSql("in", args);
  std::vector<TypePtr> types;
  bool same = true;
  for (const auto& a : args) {
    types.push_back(a->type);
    same &= a->type->sameType(*args[0]->type);
  }
  if (!same) {
    // InConversion: the value and the list are widened together (strings win).
    if (auto target = findWiderType(types))
      for (auto& a : args) a = coerceTo(a, *target);
  }
  for (const auto& a : args) {
    if (!a->type->sameType(*args[0]->type)) {
      std::string list = "[";
      for (size_t i = 0; i < types.size(); ++i) list += (i ? ", " : "") + quotedType(*types[i]);
      throwDataTypeMismatch("DATA_DIFF_TYPES", sql,
                            "Input to `in` should all be the same type, but it's " + list + "].");
    }
  }
  TypePtr type = args[0]->type;
  if (!isOrderable(*type))
    throwDataTypeMismatch("INVALID_ORDERING_TYPE", sql,
                          "The `in` does not support ordering on type " + quotedType(*type) + ".");
  bool nullable = true;
  if (type->id() == TypeId::kNull)
    return makeCall("in", DataType::boolean(), std::move(args),
                    [](const KernelArgs& a) { return makeNullColumn(a.resultType, a.rows); });
  bool constantList = true;
  for (size_t i = 1; i < args.size(); ++i) constantList &= isConstant(*args[i]);
  if (constantList) {
    std::vector<ExprPtr> items(args.begin() + 1, args.end());
    auto set = compileInList(type, items);
    nullable = args[0]->nullable || set->hasNull;
    return makeCall("in", DataType::boolean(), std::move(args), evaluateInSet, set, nullable);
  }
  return makeCall("in", DataType::boolean(), std::move(args), evaluateInColumns);
}

}  // namespace

void registerPredicateFunctions(FunctionRegistry& registry) {
  static const CompareInfo kComparisons[] = {
      {"equal", Cmp::kEq, "="},          {"equal_null_safe", Cmp::kNullSafeEq, "<=>"},
      {"not_equal", Cmp::kNe, "="},      {"less", Cmp::kLt, "<"},
      {"less_equal", Cmp::kLe, "<="},    {"greater", Cmp::kGt, ">"},
      {"greater_equal", Cmp::kGe, ">="},
  };
  for (const auto& c : kComparisons) {
    const CompareInfo* info = &c;
    registry.addScalar(
        std::string(info->name),
        [info](std::vector<ExprPtr> args, const BindContext& context) {
          return bindComparison(*info, std::move(args), context);
        },
        "expr1 " + std::string(info->op == Cmp::kNe ? "!=" : info->symbol) +
            " expr2 - Returns the result of the comparison of `expr1` and `expr2`.");
  }
  registry.addScalar("not", bindNot, "not expr - Logical not.");
  registry.addScalar(
      "isnull",
      [](std::vector<ExprPtr> args, const BindContext&) {
        return bindNullTest("isnull", true, std::move(args));
      },
      "isnull(expr) - Returns true if `expr` is null, or false otherwise.");
  registry.addScalar(
      "isnotnull",
      [](std::vector<ExprPtr> args, const BindContext&) {
        return bindNullTest("isnotnull", false, std::move(args));
      },
      "isnotnull(expr) - Returns true if `expr` is not null, or false otherwise.");
  registry.addScalar("in", bindIn,
                     "expr1 in(expr2, expr3, ...) - Returns true if `expr` equals to any valN.");
  registry.addScalar("isnan", bindIsNan,
                     "isnan(expr) - Returns true if `expr` is NaN, or false otherwise.");
}

}  // namespace spate
