// coalesce, nvl/ifnull, nvl2, nullif, if, greatest/least, nanvl and assert_true, with Spark's
// type widening of their value arguments.
#include <cmath>

#include "function/analysis_errors.h"
#include "function/coercion.h"
#include "function/kernel.h"
#include "function/ordering.h"
#include "function/registry.h"
#include "function/vector_kernels.h"

namespace spate {

namespace {

template <typename T>
void pickFixed(Column& out, std::span<const ColumnPtr> sources,
               const std::vector<uint32_t>& choice) {
  T* o = out.mutableData().as<T>();
  for (size_t i = 0; i < choice.size(); ++i) {
    uint32_t c = choice[i];
    if (c == kNullIndex || sources[c]->isNull(i)) {
      o[i] = T{};
      out.setNull(i);
    } else {
      o[i] = sources[c]->values<T>()[i];
    }
  }
}

// Row i of the result is row i of sources[choice[i]] (NULL for kNullIndex). The sources have the
// result's physical type.
ColumnPtr pickRows(const TypePtr& type, std::span<const ColumnPtr> sources,
                   const std::vector<uint32_t>& choice) {
  auto n = static_cast<int64_t>(choice.size());
  if (type->id() == TypeId::kNull) return makeNullColumn(type, n);
  if (int w = type->fixedWidth()) {
    auto out = makeFixedColumn(type, n, w);
    switch (w) {
      case 1:
        pickFixed<uint8_t>(*out, sources, choice);
        break;
      case 2:
        pickFixed<uint16_t>(*out, sources, choice);
        break;
      case 4:
        pickFixed<uint32_t>(*out, sources, choice);
        break;
      case 8:
        pickFixed<uint64_t>(*out, sources, choice);
        break;
      default:
        pickFixed<Int128>(*out, sources, choice);
        break;
    }
    return out;
  }
  ColumnBuilder builder(type, n);
  for (int64_t i = 0; i < n; ++i) {
    if (choice[i] == kNullIndex)
      builder.appendNull();
    else
      builder.appendFrom(*sources[choice[i]], i);
  }
  return builder.finish();
}

[[noreturn]] void throwDifferentTypes(std::string_view function, const std::string& sql,
                                      const std::vector<ExprPtr>& args) {
  std::string list = "[";
  for (size_t i = 0; i < args.size(); ++i) list += (i ? ", " : "") + quotedType(*args[i]->type);
  throwDataTypeMismatch("DATA_DIFF_TYPES", sql,
                        "Input to `" + std::string(function) +
                            "` should all be the same type, but it's " + list + "].");
}

bool allSameType(const std::vector<ExprPtr>& args) {
  for (const auto& a : args)
    if (!a->type->sameType(*args[0]->type)) return false;
  return true;
}

// Casts every argument to their wider common type; throws DATA_DIFF_TYPES if there is none.
void widenAll(std::vector<ExprPtr>& args, std::string_view function, const std::string& sql,
              bool stringPromotion) {
  if (allSameType(args)) return;
  std::vector<TypePtr> types;
  for (const auto& a : args) types.push_back(a->type);
  auto target = stringPromotion ? findWiderType(types) : findWiderTypeWithoutStringPromotion(types);
  if (!target) throwDifferentTypes(function, sql, args);
  for (auto& a : args) a = coerceTo(a, *target);
}

ColumnPtr coalesceKernel(const KernelArgs& a) {
  std::vector<uint32_t> choice(a.rows, kNullIndex);
  for (int64_t i = 0; i < a.rows; ++i) {
    for (size_t k = 0; k < a.columns.size(); ++k) {
      if (!a.columns[k]->isNull(i)) {
        choice[i] = static_cast<uint32_t>(k);
        break;
      }
    }
  }
  return pickRows(a.resultType, a.columns, choice);
}

ExprPtr bindCoalesceLike(std::string_view name, std::vector<ExprPtr> args, int min, int max) {
  checkArgCount(name, args, min, max);
  std::string sql = callSql(name, args);
  widenAll(args, "coalesce", sql, true);
  bool nullable = true;
  for (const auto& a : args) nullable &= a->nullable;
  TypePtr type = args[0]->type;
  for (const auto& a : args)
    if (a->type->id() != TypeId::kNull) type = a->type;
  return makeCall(std::string(name), type, std::move(args), coalesceKernel, nullptr, nullable);
}

// if / nvl2: the value arguments are widened with findWiderTypeForTwo.
void widenBranches(ExprPtr& a, ExprPtr& b, std::string_view function, const std::string& sql) {
  if (a->type->sameType(*b->type)) return;
  auto target = findWiderType(a->type, b->type);
  if (!target) throwDifferentTypes(function, sql, {a, b});
  a = coerceTo(a, *target);
  b = coerceTo(b, *target);
}

TypePtr branchType(const ExprPtr& a, const ExprPtr& b) {
  return a->type->id() == TypeId::kNull ? b->type : a->type;
}

ExprPtr bindIf(std::vector<ExprPtr> args, const BindContext&) {
  checkArgCount("if", args, 3, 3);
  std::string sql = callSql("if", args);
  ExprPtr cond = args[0];
  if (cond->type->id() == TypeId::kNull) cond = coerceTo(cond, DataType::boolean());
  if (cond->type->id() != TypeId::kBoolean) throwUnexpectedInputType(sql, 1, "\"BOOLEAN\"", *cond);
  ExprPtr a = args[1], b = args[2];
  widenBranches(a, b, "if", sql);
  TypePtr type = branchType(a, b);
  bool nullable = a->nullable || b->nullable;
  return makeCall(
      "if", type, {cond, a, b},
      [](const KernelArgs& k) {
        const Column& c = *k.columns[0];
        std::vector<uint32_t> choice(k.rows);
        const uint8_t* v = c.values<uint8_t>();
        for (int64_t i = 0; i < k.rows; ++i) choice[i] = (v[i] && c.isValid(i)) ? 1 : 2;
        return pickRows(k.resultType, k.columns, choice);
      },
      nullptr, nullable);
}

ExprPtr bindNvl2(std::vector<ExprPtr> args, const BindContext&) {
  checkArgCount("nvl2", args, 3, 3);
  std::string sql = callSql("nvl2", args);
  ExprPtr a = args[1], b = args[2];
  widenBranches(a, b, "if", sql);
  TypePtr type = branchType(a, b);
  bool nullable = a->nullable || b->nullable;
  return makeCall(
      "nvl2", type, {args[0], a, b},
      [](const KernelArgs& k) {
        std::vector<uint32_t> choice(k.rows);
        for (int64_t i = 0; i < k.rows; ++i) choice[i] = k.columns[0]->isNull(i) ? 2 : 1;
        return pickRows(k.resultType, k.columns, choice);
      },
      nullptr, nullable);
}

ExprPtr bindNullIf(std::vector<ExprPtr> args, const BindContext& context) {
  checkArgCount("nullif", args, 2, 2);
  // NullIf(a, b) is If(a = b, NULL, a): the comparison coerces both sides, the result is `a`.
  const FunctionEntry* equal = FunctionRegistry::instance().find("equal");
  ExprPtr eq = equal->scalar({args[0], args[1]}, context);
  return makeCall("nullif", args[0]->type, {args[0], eq}, [](const KernelArgs& k) {
    const Column& e = *k.columns[1];
    std::vector<uint32_t> choice(k.rows);
    const uint8_t* v = e.values<uint8_t>();
    for (int64_t i = 0; i < k.rows; ++i) choice[i] = (v[i] && e.isValid(i)) ? kNullIndex : 0;
    return pickRows(k.resultType, k.columns, choice);
  });
}

template <typename T>
void extremeFixed(std::span<const ColumnPtr> columns, bool greatest,
                  std::vector<uint32_t>& choice) {
  for (size_t i = 0; i < choice.size(); ++i) {
    uint32_t best = kNullIndex;
    T bestValue{};
    for (size_t k = 0; k < columns.size(); ++k) {
      if (columns[k]->isNull(i)) continue;
      T v = columns[k]->values<T>()[i];
      int order;
      if constexpr (std::is_floating_point_v<T>)
        order = best == kNullIndex ? 1 : compareDoubles(v, bestValue);
      else
        order = best == kNullIndex ? 1 : (v < bestValue ? -1 : v > bestValue ? 1 : 0);
      if (best == kNullIndex || (greatest ? order > 0 : order < 0)) {
        best = static_cast<uint32_t>(k);
        bestValue = v;
      }
    }
    choice[i] = best;
  }
}

ScalarKernel extremeKernel(bool greatest) {
  return [greatest](const KernelArgs& a) {
    std::vector<uint32_t> choice(a.rows, kNullIndex);
    switch (a.resultType->id()) {
      case TypeId::kNull:
        break;
      case TypeId::kByte:
        extremeFixed<int8_t>(a.columns, greatest, choice);
        break;
      case TypeId::kShort:
        extremeFixed<int16_t>(a.columns, greatest, choice);
        break;
      case TypeId::kInt:
      case TypeId::kDate:
        extremeFixed<int32_t>(a.columns, greatest, choice);
        break;
      case TypeId::kLong:
      case TypeId::kTimestamp:
        extremeFixed<int64_t>(a.columns, greatest, choice);
        break;
      case TypeId::kFloat:
        extremeFixed<float>(a.columns, greatest, choice);
        break;
      case TypeId::kDouble:
        extremeFixed<double>(a.columns, greatest, choice);
        break;
      case TypeId::kDecimal:
        extremeFixed<Int128>(a.columns, greatest, choice);
        break;
      default:
        for (int64_t i = 0; i < a.rows; ++i) {
          uint32_t best = kNullIndex;
          for (size_t k = 0; k < a.columns.size(); ++k) {
            if (a.columns[k]->isNull(i)) continue;
            int order = best == kNullIndex ? 1 : compareRows(*a.columns[k], i, *a.columns[best], i);
            if (best == kNullIndex || (greatest ? order > 0 : order < 0))
              best = static_cast<uint32_t>(k);
          }
          choice[i] = best;
        }
    }
    return pickRows(a.resultType, a.columns, choice);
  };
}

ExprPtr bindExtreme(std::string_view name, bool greatest, std::vector<ExprPtr> args) {
  checkArgCount(name, args, 2, -1);
  std::string sql = callSql(name, args);
  widenAll(args, name, sql, false);
  TypePtr type = args[0]->type;
  if (!isOrderable(*type))
    throwDataTypeMismatch("INVALID_ORDERING_TYPE", sql,
                          "The `" + std::string(name) + "` does not support ordering on type " +
                              quotedType(*type) + ".");
  bool nullable = true;
  for (const auto& a : args) nullable &= a->nullable;
  return makeCall(std::string(name), type, std::move(args), extremeKernel(greatest), nullptr,
                  nullable);
}

ExprPtr bindNanvl(std::vector<ExprPtr> args, const BindContext&) {
  checkArgCount("nanvl", args, 2, 2);
  std::string sql = callSql("nanvl", args);
  for (size_t i = 0; i < 2; ++i) {
    TypeId t = args[i]->type->id();
    if (t == TypeId::kFloat || t == TypeId::kDouble) continue;
    if (!args[i]->type->isNumeric() && t != TypeId::kString && t != TypeId::kNull)
      throwUnexpectedInputType(sql, static_cast<int>(i) + 1, "(\"DOUBLE\" or \"FLOAT\")", *args[i]);
    args[i] = coerceTo(args[i], DataType::doubleType());
  }
  if (!args[0]->type->equals(*args[1]->type)) {
    args[0] = coerceTo(args[0], DataType::doubleType());
    args[1] = coerceTo(args[1], DataType::doubleType());
  }
  bool isFloat = args[0]->type->id() == TypeId::kFloat;
  TypePtr type = args[0]->type;
  return makeCall("nanvl", type, std::move(args), [isFloat](const KernelArgs& a) {
    const Column& x = *a.columns[0];
    std::vector<uint32_t> choice(a.rows);
    for (int64_t i = 0; i < a.rows; ++i) {
      double v = isFloat ? x.valueAt<float>(i) : x.valueAt<double>(i);
      choice[i] = x.isNull(i) ? kNullIndex : std::isnan(v) ? 1 : 0;
    }
    return pickRows(a.resultType, a.columns, choice);
  });
}

ExprPtr bindAssertTrue(std::vector<ExprPtr> args, const BindContext&) {
  checkArgCount("assert_true", args, 1, 2);
  std::string sql = callSql("assert_true", args);
  ExprPtr cond = args[0];
  if (cond->type->id() == TypeId::kNull) cond = coerceTo(cond, DataType::boolean());
  if (cond->type->id() != TypeId::kBoolean) throwUnexpectedInputType(sql, 1, "\"BOOLEAN\"", *cond);
  std::vector<ExprPtr> children = {cond};
  std::string message = "'" + exprSql(*args[0]) + "' is not true!";
  if (args.size() == 2) children.push_back(coerceTo(args[1], DataType::string()));
  auto kernel = [message](const KernelArgs& a) -> ColumnPtr {
    const Column& c = *a.columns[0];
    for (int64_t i = 0; i < a.rows; ++i) {
      if (c.isValid(i) && c.valueAt<uint8_t>(i)) continue;
      std::string text = message;
      if (a.columns.size() > 1)
        text = a.columns[1]->isNull(i) ? "null" : std::string(a.columns[1]->stringAt(i));
      throw ExecutionException("[USER_RAISED_EXCEPTION] " + text, "USER_RAISED_EXCEPTION");
    }
    return makeNullColumn(a.resultType, a.rows);
  };
  // Not deterministic: it must run for every row even though its value is always NULL.
  auto e = std::make_shared<Expr>(
      *makeCall("assert_true", DataType::null(), std::move(children), kernel));
  e->deterministic = false;
  return e;
}

}  // namespace

void registerConditionalFunctions(FunctionRegistry& registry) {
  registry.addScalar(
      "coalesce",
      [](std::vector<ExprPtr> args, const BindContext&) {
        return bindCoalesceLike("coalesce", std::move(args), 1, -1);
      },
      "coalesce(expr1, expr2, ...) - Returns the first non-null argument if exists. Otherwise, "
      "null.");
  for (const char* name : {"nvl", "ifnull"}) {
    registry.addScalar(
        name,
        [name](std::vector<ExprPtr> args, const BindContext&) {
          return bindCoalesceLike(name, std::move(args), 2, 2);
        },
        std::string(name) +
            "(expr1, expr2) - Returns `expr2` if `expr1` is null, or `expr1` "
            "otherwise.");
  }
  registry.addScalar("nvl2", bindNvl2,
                     "nvl2(expr1, expr2, expr3) - Returns `expr2` if `expr1` is not null, or "
                     "`expr3` otherwise.");
  registry.addScalar("nullif", bindNullIf,
                     "nullif(expr1, expr2) - Returns null if `expr1` equals to `expr2`, or `expr1` "
                     "otherwise.");
  registry.addScalar("if", bindIf,
                     "if(expr1, expr2, expr3) - If `expr1` evaluates to true, then returns "
                     "`expr2`; otherwise returns `expr3`.");
  registry.addScalar(
      "greatest",
      [](std::vector<ExprPtr> args, const BindContext&) {
        return bindExtreme("greatest", true, std::move(args));
      },
      "greatest(expr, ...) - Returns the greatest value of all parameters, skipping null values.");
  registry.addScalar(
      "least",
      [](std::vector<ExprPtr> args, const BindContext&) {
        return bindExtreme("least", false, std::move(args));
      },
      "least(expr, ...) - Returns the least value of all parameters, skipping null values.");
  registry.addScalar(
      "nanvl", bindNanvl,
      "nanvl(expr1, expr2) - Returns `expr1` if it's not NaN, or `expr2` otherwise.");
  registry.addScalar("assert_true", bindAssertTrue,
                     "assert_true(expr [, message]) - Throws an exception if `expr` is not true.");
}

}  // namespace spate
