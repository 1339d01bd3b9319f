// Array functions: search (array_contains, array_position), set operations, sorting, slicing,
// flatten, sequence, arrays_zip, array_join, and the array forms of concat and reverse.
#include <algorithm>
#include <numeric>

#include "common/error.h"
#include "function/argument_checks.h"
#include "function/coercion.h"
#include "function/collection_support.h"
#include "function/kernel.h"
#include "function/registry.h"
#include "function/string_family.h"

namespace spate {

namespace {

using Args = std::vector<ExprPtr>;

// (array, element) functions: the element and the array's elements meet at their tightest common
// type (array_contains) or their wider type without string promotion (array_position,
// array_remove), as Spark coerces them.
void coerceArrayAndElement(std::string_view name, Args& args, bool tightest) {
  if (args[0]->type->id() == TypeId::kNull || args[1]->type->id() == TypeId::kNull)
    throwDataTypeMismatch(
        name, args, "NULL_TYPE",
        "Null typed values cannot be used as arguments of `" + std::string(name) + "`.");
  requireArray(name, args, 0);
  const TypePtr& element = args[0]->type->element();
  auto common = tightest ? findTightestCommonType(element, args[1]->type)
                         : findWiderTypeWithoutStringPromotion({element, args[1]->type});
  if (!common)
    throwDataTypeMismatch(name, args, "ARRAY_FUNCTION_DIFF_TYPES",
                          "Input to `" + std::string(name) +
                              "` should have been \"ARRAY\" followed by a value with same element "
                              "type, but it's [" +
                              quotedType(*args[0]->type) + ", " + quotedType(*args[1]->type) +
                              "].");
  requireOrderable(name, args, *common);
  args[0] = castTo(args[0], DataType::array(*common, args[0]->type->containsNull()));
  args[1] = castTo(args[1], *common);
}

// ---- search ------------------------------------------------------------------------------------

// array_contains: NULL if the array or value is NULL, or if not found but the array holds a NULL.
ExprPtr bindArrayContains(Args args) {
  checkArity("array_contains", args, 2, 2);
  coerceArrayAndElement("array_contains", args, true);
  return makeCall("array_contains", DataType::boolean(), std::move(args), [](const KernelArgs& a) {
    const Column& arr = *a.columns[0];
    const Column& value = *a.columns[1];
    const Column& elements = *arr.child(0);
    KernelWriter<bool> w(a.resultType, a.rows);
    for (int64_t r = 0; r < a.rows; ++r) {
      if (arr.isNull(r) || value.isNull(r)) {
        w.setNull(r);
        continue;
      }
      bool found = false, sawNull = false;
      for (int64_t k = arr.listStart(r), e = k + arr.listLength(r); k < e; ++k) {
        if (elements.isNull(k)) {
          sawNull = true;
        } else if (valuesEqual(elements, k, value, r)) {
          found = true;
          break;
        }
      }
      if (!found && sawNull)
        w.setNull(r);
      else
        w.set(r, found);
    }
    return w.finish();
  });
}

ExprPtr bindArrayPosition(Args args) {
  checkArity("array_position", args, 2, 2);
  coerceArrayAndElement("array_position", args, false);
  bool nullable = anyNullable(args);
  return makeCall(
      "array_position", DataType::longType(), std::move(args),
      [](const KernelArgs& a) {
        const Column& arr = *a.columns[0];
        const Column& value = *a.columns[1];
        const Column& elements = *arr.child(0);
        KernelWriter<int64_t> w(a.resultType, a.rows);
        for (int64_t r = 0; r < a.rows; ++r) {
          if (arr.isNull(r) || value.isNull(r)) {
            w.setNull(r);
            continue;
          }
          int64_t pos = 0;
          for (int64_t k = 0, s = arr.listStart(r), n = arr.listLength(r); k < n; ++k) {
            if (!elements.isNull(s + k) && valuesEqual(elements, s + k, value, r)) {
              pos = k + 1;
              break;
            }
          }
          w.set(r, pos);
        }
        return w.finish();
      },
      nullptr, nullable);
}

ExprPtr bindArrayRemove(Args args) {
  checkArity("array_remove", args, 2, 2);
  coerceArrayAndElement("array_remove", args, false);
  TypePtr type = args[0]->type;
  bool nullable = anyNullable(args);
  return makeCall(
      "array_remove", type, std::move(args),
      [](const KernelArgs& a) {
        const Column& arr = *a.columns[0];
        const Column& value = *a.columns[1];
        const Column& elements = *arr.child(0);
        return perArray(a, [&](int64_t r, ColumnBuilder& out) {
          for (int64_t k = arr.listStart(r), e = k + arr.listLength(r); k < e; ++k)
            if (elements.isNull(k) || !valuesEqual(elements, k, value, r))
              out.child(0).appendFrom(elements, k);
          out.endList();
        });
      },
      nullptr, nullable);
}

// ---- set operations
// ------------------------------------------------------------------------------

ExprPtr bindArrayDistinct(Args args) {
  checkArity("array_distinct", args, 1, 1);
  requireArray("array_distinct", args, 0);
  requireOrderable("array_distinct", args, args[0]->type->element());
  TypePtr type = args[0]->type;
  bool nullable = args[0]->nullable;
  return makeCall(
      "array_distinct", type, std::move(args),
      [](const KernelArgs& a) {
        const Column& arr = *a.columns[0];
        const Column& elements = *arr.child(0);
        ValueSet seen;
        return perArray(a, [&](int64_t r, ColumnBuilder& out) {
          seen.clear();
          bool sawNull = false;
          for (int64_t k = arr.listStart(r), e = k + arr.listLength(r); k < e; ++k) {
            if (elements.isNull(k)) {
              if (!sawNull) out.child(0).appendNull();
              sawNull = true;
            } else if (seen.insert(elements, k)) {
              out.child(0).appendFrom(elements, k);
            }
          }
          out.endList();
        });
      },
      nullptr, nullable);
}

enum class SetOp { kUnion, kIntersect, kExcept };

ExprPtr bindSetOp(std::string name, Args args, SetOp op) {
  checkArity(name, args, 2, 2);
  requireArray(name, args, 0);
  requireArray(name, args, 1);
  auto common = findWiderType({args[0]->type, args[1]->type});
  if (!common)
    throwDataTypeMismatch(
        name, args, "BINARY_ARRAY_DIFF_TYPES",
        "Input to function `" + name +
            "` should have been two \"ARRAY\" with same element type, but it's [" +
            quotedType(*args[0]->type) + ", " + quotedType(*args[1]->type) + "].");
  TypePtr element = (*common)->element();
  requireOrderable(name, args, element);
  bool n0 = args[0]->type->containsNull(), n1 = args[1]->type->containsNull();
  bool containsNull = op == SetOp::kUnion ? (n0 || n1) : op == SetOp::kIntersect ? (n0 && n1) : n0;
  args[0] = castTo(args[0], DataType::array(element, n0));
  args[1] = castTo(args[1], DataType::array(element, n1));
  bool nullable = anyNullable(args);
  return makeCall(
      name, DataType::array(element, containsNull), std::move(args),
      [op](const KernelArgs& a) {
        const Column& x = *a.columns[0];
        const Column& y = *a.columns[1];
        const Column& xe = *x.child(0);
        const Column& ye = *y.child(0);
        ValueSet seen, other;
        return perArray(a, [&](int64_t r, ColumnBuilder& out) {
          seen.clear();
          bool sawNull = false;
          auto emit = [&](const Column& c, int64_t k) {
            if (c.isNull(k)) {
              if (!sawNull) out.child(0).appendNull();
              sawNull = true;
            } else if (seen.insert(c, k)) {
              out.child(0).appendFrom(c, k);
            }
          };
          if (op == SetOp::kUnion) {
            for (int64_t k = x.listStart(r), e = k + x.listLength(r); k < e; ++k) emit(xe, k);
            for (int64_t k = y.listStart(r), e = k + y.listLength(r); k < e; ++k) emit(ye, k);
          } else {
            other.clear();
            bool otherNull = false;
            for (int64_t k = y.listStart(r), e = k + y.listLength(r); k < e; ++k) {
              if (ye.isNull(k))
                otherNull = true;
              else
                other.insert(ye, k);
            }
            for (int64_t k = x.listStart(r), e = k + x.listLength(r); k < e; ++k) {
              bool inOther = xe.isNull(k) ? otherNull : other.contains(xe, k);
              if (inOther == (op == SetOp::kIntersect)) emit(xe, k);
            }
          }
          out.endList();
        });
      },
      nullptr, nullable);
}

// ---- array_join
// ----------------------------------------------------------------------------------

ExprPtr bindArrayJoin(Args args) {
  checkArity("array_join", args, 2, 3);
  requireArray("array_join", args, 0);
  const TypePtr& element = args[0]->type->element();
  if (element->id() != TypeId::kString) {
    if (!isAtomicType(*element) && element->id() != TypeId::kNull)
      throwUnexpectedInputType("array_join", args, 0, "\"ARRAY<STRING>\"");
    args[0] = castTo(args[0], DataType::array(DataType::string(), args[0]->type->containsNull()));
  }
  for (size_t k = 1; k < args.size(); ++k) args[k] = stringArg("array_join", args, k);
  bool nullable = anyNullable(args);
  return makeCall(
      "array_join", DataType::string(), std::move(args),
      [](const KernelArgs& a) {
        const Column& arr = *a.columns[0];
        const Column& elements = *arr.child(0);
        bool hasReplacement = a.columns.size() == 3;
        KernelWriter<std::string_view> w(a.resultType, a.rows);
        std::string scratch;
        for (int64_t r = 0; r < a.rows; ++r) {
          bool isNull = false;
          for (const auto& c : a.columns) isNull |= c->isNull(r);
          if (isNull) {
            w.setNull(r);
            continue;
          }
          std::string_view sep = a.columns[1]->stringAt(r);
          scratch.clear();
          bool first = true;
          for (int64_t k = arr.listStart(r), e = k + arr.listLength(r); k < e; ++k) {
            std::string_view v;
            if (elements.isNull(k)) {
              if (!hasReplacement) continue;
              v = a.columns[2]->stringAt(r);
            } else {
              v = elements.stringAt(k);
            }
            if (!first) scratch.append(sep);
            scratch.append(v);
            first = false;
          }
          w.set(r, scratch);
        }
        return w.finish();
      },
      nullptr, nullable);
}

// ---- sorting and extremes
// ------------------------------------------------------------------------

// Sorts each array: ascending with NULLs first / descending with NULLs last (sort_array), or
// ascending with NULLs last (array_sort).
ColumnPtr sortArrays(const KernelArgs& a, bool ascending, bool nullsFirst) {
  const Column& arr = *a.columns[0];
  const ColumnPtr& elements = arr.child(0);
  std::vector<uint32_t> order;
  order.reserve(static_cast<size_t>(elements->size()));
  auto out = std::make_shared<Column>(a.resultType, a.rows);
  std::vector<uint32_t> idx;
  for (int64_t r = 0; r < a.rows; ++r) {
    if (arr.isNull(r)) continue;
    idx.clear();
    for (int64_t k = arr.listStart(r), e = k + arr.listLength(r); k < e; ++k)
      idx.push_back(static_cast<uint32_t>(k));
    std::stable_sort(idx.begin(), idx.end(), [&](uint32_t x, uint32_t y) {
      bool xn = elements->isNull(x), yn = elements->isNull(y);
      if (xn || yn) return xn != yn && (xn == nullsFirst);
      int c = compareValues(*elements, x, *elements, y);
      return ascending ? c < 0 : c > 0;
    });
    order.insert(order.end(), idx.begin(), idx.end());
  }
  // Same list lengths as the input: offsets are rebuilt over the gathered elements.
  Buffer& offsets = out->mutableOffsets();
  offsets.resize(static_cast<size_t>(a.rows + 1) * sizeof(int32_t));
  int32_t* o = offsets.as<int32_t>();
  o[0] = 0;
  for (int64_t r = 0; r < a.rows; ++r)
    o[r + 1] = o[r] + (arr.isNull(r) ? 0 : static_cast<int32_t>(arr.listLength(r)));
  out->mutableValidity() = arr.validityBuffer();
  out->mutableChildren().push_back(gatherColumn(elements, order));
  return out;
}

ExprPtr bindSortArray(Args args) {
  checkArity("sort_array", args, 1, 2);
  requireArray("sort_array", args, 0);
  requireOrderable("sort_array", args, args[0]->type->element());
  bool ascending = true;
  if (args.size() == 2) {
    if (args[1]->type->id() != TypeId::kBoolean)
      throwUnexpectedInputType("sort_array", args, 1, "\"BOOLEAN\"");
    auto v = constantValue(*args[1]);
    if (!v || v->isNull())
      throwDataTypeMismatch("sort_array", args, "NON_FOLDABLE_INPUT",
                            "the input `ascendingOrder` should be a foldable \"BOOLEAN\" "
                            "expression; however, got \"" +
                                exprSql(*args[1]) + "\".");
    ascending = v->asBool();
    args.resize(1);
  }
  TypePtr type = args[0]->type;
  bool nullable = args[0]->nullable;
  return makeCall(
      "sort_array", type, std::move(args),
      [ascending](const KernelArgs& a) { return sortArrays(a, ascending, ascending); }, nullptr,
      nullable);
}

ExprPtr bindArraySort(Args args) {
  if (args.size() == 2)
    throw AnalysisException(
        "array_sort with a comparator function is not supported: lambda functions are not "
        "supported yet.");
  checkArity("array_sort", args, 1, 1);
  requireArray("array_sort", args, 0);
  requireOrderable("array_sort", args, args[0]->type->element());
  TypePtr type = args[0]->type;
  bool nullable = args[0]->nullable;
  return makeCall(
      "array_sort", type, std::move(args),
      [](const KernelArgs& a) { return sortArrays(a, true, false); }, nullptr, nullable);
}

ExprPtr bindArrayExtreme(std::string name, Args args, bool max) {
  checkArity(name, args, 1, 1);
  requireArray(name, args, 0);
  requireOrderable(name, args, args[0]->type->element());
  TypePtr element = args[0]->type->element();
  return makeCall(std::move(name), element, std::move(args), [max](const KernelArgs& a) {
    const Column& arr = *a.columns[0];
    const Column& elements = *arr.child(0);
    std::vector<uint32_t> pick(static_cast<size_t>(a.rows), kNullIndex);
    for (int64_t r = 0; r < a.rows; ++r) {
      if (arr.isNull(r)) continue;
      int64_t best = -1;
      for (int64_t k = arr.listStart(r), e = k + arr.listLength(r); k < e; ++k) {
        if (elements.isNull(k)) continue;
        if (best < 0) {
          best = k;
          continue;
        }
        int c = compareValues(elements, k, elements, best);
        if (max ? c > 0 : c < 0) best = k;
      }
      if (best >= 0) pick[static_cast<size_t>(r)] = static_cast<uint32_t>(best);
    }
    return gatherColumn(arr.child(0), pick);
  });
}

}  // namespace

void registerArrayFunctions(FunctionRegistry& registry) {
  auto add = [&](const char* name, auto binder, const char* usage) {
    registry.addScalar(name, std::function<ExprPtr(std::vector<ExprPtr>)>(binder), usage);
  };
  add("array_contains", bindArrayContains,
      "array_contains(array, value) - true if value is in array");
  add("array_position", bindArrayPosition,
      "array_position(array, element) - 1-based index of the first occurrence, 0 if absent");
  add("array_remove", bindArrayRemove, "array_remove(array, element) - array without element");
  add("array_distinct", bindArrayDistinct, "array_distinct(array) - duplicates removed");
  add(
      "array_union", [](Args a) { return bindSetOp("array_union", std::move(a), SetOp::kUnion); },
      "array_union(array1, array2) - distinct elements of both");
  add(
      "array_intersect",
      [](Args a) { return bindSetOp("array_intersect", std::move(a), SetOp::kIntersect); },
      "array_intersect(array1, array2) - distinct elements in both");
  add(
      "array_except",
      [](Args a) { return bindSetOp("array_except", std::move(a), SetOp::kExcept); },
      "array_except(array1, array2) - distinct elements of array1 not in array2");
  add("array_join", bindArrayJoin,
      "array_join(array, delimiter[, nullReplacement]) - elements joined by delimiter");
  add("sort_array", bindSortArray, "sort_array(array[, ascendingOrder]) - sorted array");
  add("array_sort", bindArraySort, "array_sort(array) - ascending, NULLs last");
  add(
      "array_min", [](Args a) { return bindArrayExtreme("array_min", std::move(a), false); },
      "array_min(array) - smallest non-NULL element");
  add(
      "array_max", [](Args a) { return bindArrayExtreme("array_max", std::move(a), true); },
      "array_max(array) - largest non-NULL element");
  registerArrayShapeFunctions(registry);
}

}  // namespace spate
