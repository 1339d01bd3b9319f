// Array functions: search (array_contains, array_position), set operations, sorting, slicing,
// flatten, sequence, arrays_zip, array_join, and the array forms of concat and reverse.
#include <algorithm>
#include <numeric>

#include "common/error.h"
#include "function/argument_checks.h"
#include "function/collection_support.h"
#include "function/kernel.h"
#include "function/registry.h"
#include "function/string_family.h"

namespace spate {

namespace {

using Args = std::vector<ExprPtr>;

// Calls f(start, length) for each non-null row of array column `c`; NULL rows become NULL.
template <typename F>
ColumnPtr perArray(const KernelArgs& a, F&& f) {
  ColumnBuilder out(a.resultType, a.rows);
  for (int64_t r = 0; r < a.rows; ++r) {
    bool isNull = false;
    for (const auto& c : a.columns) isNull |= c->isNull(r);
    if (isNull) {
      out.appendNull();
      continue;
    }
    f(r, out);
  }
  return out.finish();
}

void requireArray(std::string_view name, const Args& args, size_t index) {
  if (args[index]->type->id() != TypeId::kArray)
    throwUnexpectedInputType(name, args, index, "\"ARRAY\"");
}

void requireOrderable(std::string_view name, const Args& args, const TypePtr& element) {
  if (!isOrderable(*element))
    throwDataTypeMismatch(name, args, "INVALID_ORDERING_TYPE",
                          "The `" + std::string(name) + "` does not support ordering on type " +
                              quotedType(*element) + ".");
}

// (array, element) functions: the element and the array's elements meet at their tightest common
// type (numbers widen; strings do not absorb other types).
void coerceArrayAndElement(std::string_view name, Args& args) {
  if (args[0]->type->id() == TypeId::kNull || args[1]->type->id() == TypeId::kNull)
    throwDataTypeMismatch(name, args, "NULL_TYPE",
                          "Null typed values cannot be used as arguments of `" +
                              std::string(name) + "`.");
  requireArray(name, args, 0);
  const TypePtr& element = args[0]->type->element();
  auto common = widerType({element, args[1]->type});
  bool promoted = common && (*common)->id() == TypeId::kString &&
                  (element->id() != TypeId::kString || args[1]->type->id() != TypeId::kString);
  if (!common || promoted)
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
  coerceArrayAndElement("array_contains", args);
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
      if (!found && sawNull) w.setNull(r);
      else w.set(r, found);
    }
    return w.finish();
  });
}

ExprPtr bindArrayPosition(Args args) {
  checkArity("array_position", args, 2, 2);
  coerceArrayAndElement("array_position", args);
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
  coerceArrayAndElement("array_remove", args);
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

// ---- set operations ------------------------------------------------------------------------------

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
  auto common = widerType({args[0]->type, args[1]->type});
  if (!common)
    throwDataTypeMismatch(name, args, "BINARY_ARRAY_DIFF_TYPES",
                          "Input to function `" + name +
                              "` should have been two \"ARRAY\" with same element type, but it's [" +
                              quotedType(*args[0]->type) + ", " + quotedType(*args[1]->type) +
                              "].");
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
              if (ye.isNull(k)) otherNull = true;
              else other.insert(ye, k);
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

// ---- array_join ----------------------------------------------------------------------------------

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

// ---- sorting and extremes ------------------------------------------------------------------------

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

// ---- slicing and reshaping -----------------------------------------------------------------------

ExprPtr bindSlice(Args args) {
  checkArity("slice", args, 3, 3);
  requireArray("slice", args, 0);
  args[1] = intArg("slice", args, 1);
  args[2] = intArg("slice", args, 2);
  TypePtr type = args[0]->type;
  bool nullable = anyNullable(args);
  return makeCall(
      "slice", type, std::move(args),
      [](const KernelArgs& a) {
        const Column& arr = *a.columns[0];
        const Column& elements = *arr.child(0);
        return perArray(a, [&](int64_t r, ColumnBuilder& out) {
          int64_t n = arr.listLength(r);
          int64_t start = a.columns[1]->valueAt<int32_t>(r);
          int64_t length = a.columns[2]->valueAt<int32_t>(r);
          if (start == 0)
            throw ExecutionException(
                "[INVALID_PARAMETER_VALUE.START] The value of parameter(s) `start` in `slice` is "
                "invalid: Expects a positive or a negative value for `start`, but got 0.",
                "INVALID_PARAMETER_VALUE.START");
          if (length < 0)
            throw ExecutionException(
                "[INVALID_PARAMETER_VALUE.LENGTH] The value of parameter(s) `length` in `slice` "
                "is invalid: Expects `length` greater than or equal to 0, but got " +
                    std::to_string(length) + ".",
                "INVALID_PARAMETER_VALUE.LENGTH");
          int64_t from = start > 0 ? start - 1 : start + n;
          if (from >= 0 && from < n) {
            int64_t to = std::min(n, from + length);
            for (int64_t k = from; k < to; ++k)
              out.child(0).appendFrom(elements, arr.listStart(r) + k);
          }
          out.endList();
        });
      },
      nullptr, nullable);
}

ExprPtr bindFlatten(Args args) {
  checkArity("flatten", args, 1, 1);
  if (args[0]->type->id() != TypeId::kArray || args[0]->type->element()->id() != TypeId::kArray)
    throwUnexpectedInputType("flatten", args, 0, "\"ARRAY\" of \"ARRAY\"");
  TypePtr type = args[0]->type->element();
  bool nullable = args[0]->nullable || args[0]->type->containsNull();
  return makeCall(
      "flatten", type, std::move(args),
      [](const KernelArgs& a) {
        const Column& outer = *a.columns[0];
        const Column& inner = *outer.child(0);
        const Column& elements = *inner.child(0);
        return perArray(a, [&](int64_t r, ColumnBuilder& out) {
          int64_t s = outer.listStart(r), n = outer.listLength(r);
          for (int64_t k = s; k < s + n; ++k) {
            if (inner.isNull(k)) {  // any NULL inner array makes the result NULL
              out.appendNull();
              return;
            }
          }
          for (int64_t k = s; k < s + n; ++k)
            for (int64_t m = inner.listStart(k), e = m + inner.listLength(k); m < e; ++m)
              out.child(0).appendFrom(elements, m);
          out.endList();
        });
      },
      nullptr, nullable);
}

ExprPtr bindSequence(Args args) {
  checkArity("sequence", args, 2, 3);
  std::vector<TypePtr> types;
  for (const auto& e : args) {
    if (!e->type->isIntegral() && e->type->id() != TypeId::kNull)
      throwDataTypeMismatch(
          "sequence", args, "SEQUENCE_WRONG_INPUT_TYPES",
          "`sequence` uses the wrong parameter type. The parameter type must conform to:\n1. The "
          "start and stop expressions must resolve to the same type.\n2. If start and stop "
          "expressions resolve to the \"DATE\" or \"TIMESTAMP\" type, then the step expression "
          "must resolve to the \"INTERVAL\" type.\n3. Otherwise, if start and stop expressions "
          "resolve to the \"INTEGRAL\" type, then the step expression must resolve to the same "
          "type.");
    types.push_back(e->type);
  }
  TypePtr type = *widerType({types[0], types[1]});
  if (type->id() == TypeId::kNull) type = DataType::integer();
  for (auto& e : args) e = castTo(e, type);
  bool nullable = anyNullable(args);
  return makeCall(
      "sequence", DataType::array(type, false), std::move(args),
      [](const KernelArgs& a) {
        auto value = [&](size_t col, int64_t r) {
          const Column& c = *a.columns[col];
          switch (c.typeId()) {
            case TypeId::kByte: return int64_t{c.valueAt<int8_t>(r)};
            case TypeId::kShort: return int64_t{c.valueAt<int16_t>(r)};
            case TypeId::kInt: return int64_t{c.valueAt<int32_t>(r)};
            default: return c.valueAt<int64_t>(r);
          }
        };
        return perArray(a, [&](int64_t r, ColumnBuilder& out) {
          int64_t start = value(0, r), stop = value(1, r);
          int64_t step = a.columns.size() == 3 ? value(2, r) : (start <= stop ? 1 : -1);
          if (!((step > 0 && start <= stop) || (step < 0 && start >= stop) ||
                (step == 0 && start == stop)))
            throw ExecutionException("java.lang.IllegalArgumentException: Illegal sequence "
                                     "boundaries: " +
                                     std::to_string(start) + " to " + std::to_string(stop) +
                                     " by " + std::to_string(step));
          __int128 count = step == 0 ? 1 : (static_cast<__int128>(stop) - start) / step + 1;
          constexpr int64_t kMaxElements = INT32_MAX - 15;
          if (count > kMaxElements)
            throw ExecutionException(
                "Unsuccessful try to create array with " + std::to_string(static_cast<int64_t>(count)) +
                " elements due to exceeding the array size limit " +
                std::to_string(kMaxElements) + ".");
          ColumnBuilder& child = out.child(0);
          child.reserve(child.size() + static_cast<int64_t>(count));
          __int128 v = start;
          for (int64_t k = 0; k < static_cast<int64_t>(count); ++k, v += step)
            child.appendIntegral(static_cast<int64_t>(v));
          out.endList();
        });
      },
      nullptr, nullable);
}

// arrays_zip(a1, a2, …): structs of the i-th elements, padded with NULLs to the longest array.
ExprPtr bindArraysZip(Args args) {
  std::vector<StructField> fields;
  for (size_t k = 0; k < args.size(); ++k) {
    requireArray("arrays_zip", args, k);
    const Expr& e = *args[k];
    std::string name = e.kind == ExprKind::kColumnRef && !e.functionName.empty()
                           ? e.functionName
                           : std::to_string(k);
    fields.push_back({name, e.type->element(), true});
  }
  TypePtr type = DataType::array(DataType::structType(std::move(fields)), false);
  bool nullable = anyNullable(args);
  return makeCall(
      "arrays_zip", type, std::move(args),
      [](const KernelArgs& a) {
        return perArray(a, [&](int64_t r, ColumnBuilder& out) {
          int64_t n = 0;
          for (const auto& c : a.columns) n = std::max(n, c->listLength(r));
          ColumnBuilder& structs = out.child(0);
          for (int64_t i = 0; i < n; ++i) {
            for (size_t f = 0; f < a.columns.size(); ++f) {
              const Column& c = *a.columns[f];
              if (i < c.listLength(r)) structs.child(f).appendFrom(*c.child(0), c.listStart(r) + i);
              else structs.child(f).appendNull();
            }
            structs.endStruct();
          }
          out.endList();
        });
      },
      nullptr, nullable);
}

// ---- small array utilities ----------------------------------------------------------------------

ExprPtr bindArraySize(Args args) {
  checkArity("array_size", args, 1, 1);
  requireArray("array_size", args, 0);
  bool nullable = args[0]->nullable;
  return makeCall(
      "array_size", DataType::integer(), std::move(args),
      [](const KernelArgs& a) {
        const Column& c = *a.columns[0];
        KernelWriter<int32_t> w(a.resultType, a.rows);
        for (int64_t r = 0; r < a.rows; ++r) {
          if (c.isNull(r)) w.setNull(r);
          else w.set(r, static_cast<int32_t>(c.listLength(r)));
        }
        return w.finish();
      },
      nullptr, nullable);
}

ExprPtr bindArrayCompact(Args args) {
  checkArity("array_compact", args, 1, 1);
  requireArray("array_compact", args, 0);
  TypePtr type = DataType::array(args[0]->type->element(), false);
  bool nullable = args[0]->nullable;
  return makeCall(
      "array_compact", type, std::move(args),
      [](const KernelArgs& a) {
        const Column& arr = *a.columns[0];
        const Column& elements = *arr.child(0);
        return perArray(a, [&](int64_t r, ColumnBuilder& out) {
          for (int64_t k = arr.listStart(r), e = k + arr.listLength(r); k < e; ++k)
            if (!elements.isNull(k)) out.child(0).appendFrom(elements, k);
          out.endList();
        });
      },
      nullptr, nullable);
}

// array_append / array_prepend: a NULL element is added too; a NULL array gives NULL.
ExprPtr bindArrayAdd(std::string name, Args args, bool append) {
  checkArity(name, args, 2, 2);
  requireArray(name, args, 0);
  auto common = widerType({args[0]->type->element(), args[1]->type});
  if (!common)
    throwDataTypeMismatch(name, args, "ARRAY_FUNCTION_DIFF_TYPES",
                          "Input to `" + name +
                              "` should have been \"ARRAY\" followed by a value with same element "
                              "type, but it's [" +
                              quotedType(*args[0]->type) + ", " + quotedType(*args[1]->type) +
                              "].");
  bool containsNull = args[0]->type->containsNull() || args[1]->nullable;
  args[0] = castTo(args[0], DataType::array(*common, args[0]->type->containsNull()));
  args[1] = castTo(args[1], *common);
  bool nullable = args[0]->nullable;
  return makeCall(
      name, DataType::array(*common, containsNull), std::move(args),
      [append](const KernelArgs& a) {
        const Column& arr = *a.columns[0];
        const Column& value = *a.columns[1];
        ColumnBuilder out(a.resultType, a.rows);
        for (int64_t r = 0; r < a.rows; ++r) {
          if (arr.isNull(r)) {
            out.appendNull();
            continue;
          }
          if (!append) out.child(0).appendFrom(value, r);
          for (int64_t k = arr.listStart(r), e = k + arr.listLength(r); k < e; ++k)
            out.child(0).appendFrom(*arr.child(0), k);
          if (append) out.child(0).appendFrom(value, r);
          out.endList();
        }
        return out.finish();
      },
      nullptr, nullable);
}

// array_repeat(element, count): count copies (none for count <= 0); NULL count gives NULL.
ExprPtr bindArrayRepeat(Args args) {
  checkArity("array_repeat", args, 2, 2);
  args[1] = intArg("array_repeat", args, 1);
  TypePtr type = DataType::array(args[0]->type, args[0]->nullable);
  bool nullable = args[1]->nullable;
  return makeCall(
      "array_repeat", type, std::move(args),
      [](const KernelArgs& a) {
        const Column& value = *a.columns[0];
        const Column& count = *a.columns[1];
        ColumnBuilder out(a.resultType, a.rows);
        for (int64_t r = 0; r < a.rows; ++r) {
          if (count.isNull(r)) {
            out.appendNull();
            continue;
          }
          int32_t n = count.valueAt<int32_t>(r);
          if (n > INT32_MAX - 15)
            throw ExecutionException("Unsuccessful try to create array with " + std::to_string(n) +
                                     " elements due to exceeding the array size limit 2147483632.");
          for (int32_t k = 0; k < n; ++k) out.child(0).appendFrom(value, r);
          out.endList();
        }
        return out.finish();
      },
      nullptr, nullable);
}

// arrays_overlap: true if a non-NULL element is in both; NULL if not, both are non-empty and one
// holds a NULL; false otherwise.
ExprPtr bindArraysOverlap(Args args) {
  checkArity("arrays_overlap", args, 2, 2);
  requireArray("arrays_overlap", args, 0);
  requireArray("arrays_overlap", args, 1);
  auto common = widerType({args[0]->type, args[1]->type});
  if (!common)
    throwDataTypeMismatch("arrays_overlap", args, "BINARY_ARRAY_DIFF_TYPES",
                          "Input to function `arrays_overlap` should have been two \"ARRAY\" with "
                          "same element type, but it's [" +
                              quotedType(*args[0]->type) + ", " + quotedType(*args[1]->type) +
                              "].");
  requireOrderable("arrays_overlap", args, (*common)->element());
  for (auto& e : args) e = castTo(e, DataType::array((*common)->element(), e->type->containsNull()));
  return makeCall("arrays_overlap", DataType::boolean(), std::move(args), [](const KernelArgs& a) {
    const Column& x = *a.columns[0];
    const Column& y = *a.columns[1];
    KernelWriter<bool> w(a.resultType, a.rows);
    ValueSet set;
    for (int64_t r = 0; r < a.rows; ++r) {
      if (x.isNull(r) || y.isNull(r)) {
        w.setNull(r);
        continue;
      }
      set.clear();
      bool sawNull = false, found = false;
      for (int64_t k = x.listStart(r), e = k + x.listLength(r); k < e; ++k) {
        if (x.child(0)->isNull(k)) sawNull = true;
        else set.insert(*x.child(0), k);
      }
      for (int64_t k = y.listStart(r), e = k + y.listLength(r); k < e && !found; ++k) {
        if (y.child(0)->isNull(k)) sawNull = true;
        else found = set.contains(*y.child(0), k);
      }
      if (found) w.set(r, true);
      else if (sawNull && x.listLength(r) > 0 && y.listLength(r) > 0) w.setNull(r);
      else w.set(r, false);
    }
    return w.finish();
  });
}

}  // namespace

// ---- concat / reverse for arrays -----------------------------------------------------------------

ExprPtr bindArrayConcat(Args args) {
  std::vector<TypePtr> types;
  for (size_t k = 0; k < args.size(); ++k) {
    if (args[k]->type->id() != TypeId::kArray && args[k]->type->id() != TypeId::kNull)
      throwDataDiffTypes("concat", args, args);
    types.push_back(args[k]->type);
  }
  auto common = widerType(types);
  if (!common) throwDataDiffTypes("concat", args, args);
  for (auto& e : args) e = castTo(e, *common);
  bool nullable = anyNullable(args);
  return makeCall(
      "concat", *common, std::move(args),
      [](const KernelArgs& a) {
        return perArray(a, [&](int64_t r, ColumnBuilder& out) {
          for (const auto& c : a.columns)
            for (int64_t k = c->listStart(r), e = k + c->listLength(r); k < e; ++k)
              out.child(0).appendFrom(*c->child(0), k);
          out.endList();
        });
      },
      nullptr, nullable);
}

ExprPtr bindArrayReverse(ExprPtr arg) {
  TypePtr type = arg->type;
  bool nullable = arg->nullable;
  return makeCall(
      "reverse", type, {std::move(arg)},
      [](const KernelArgs& a) {
        const Column& arr = *a.columns[0];
        return perArray(a, [&](int64_t r, ColumnBuilder& out) {
          for (int64_t k = arr.listStart(r) + arr.listLength(r) - 1; k >= arr.listStart(r); --k)
            out.child(0).appendFrom(*arr.child(0), k);
          out.endList();
        });
      },
      nullptr, nullable);
}

void registerArrayFunctions(FunctionRegistry& registry) {
  auto add = [&](const char* name, auto binder, const char* usage) {
    registry.addScalar(
        name,
        [binder](std::vector<ExprPtr> args, const BindContext&) { return binder(std::move(args)); },
        usage);
  };
  add("array_contains", bindArrayContains, "array_contains(array, value) - true if value is in array");
  add("array_position", bindArrayPosition,
      "array_position(array, element) - 1-based index of the first occurrence, 0 if absent");
  add("array_remove", bindArrayRemove, "array_remove(array, element) - array without element");
  add("array_distinct", bindArrayDistinct, "array_distinct(array) - duplicates removed");
  add("array_union", [](Args a) { return bindSetOp("array_union", std::move(a), SetOp::kUnion); },
      "array_union(array1, array2) - distinct elements of both");
  add("array_intersect",
      [](Args a) { return bindSetOp("array_intersect", std::move(a), SetOp::kIntersect); },
      "array_intersect(array1, array2) - distinct elements in both");
  add("array_except", [](Args a) { return bindSetOp("array_except", std::move(a), SetOp::kExcept); },
      "array_except(array1, array2) - distinct elements of array1 not in array2");
  add("array_join", bindArrayJoin,
      "array_join(array, delimiter[, nullReplacement]) - elements joined by delimiter");
  add("sort_array", bindSortArray, "sort_array(array[, ascendingOrder]) - sorted array");
  add("array_sort", bindArraySort, "array_sort(array) - ascending, NULLs last");
  add("array_min", [](Args a) { return bindArrayExtreme("array_min", std::move(a), false); },
      "array_min(array) - smallest non-NULL element");
  add("array_max", [](Args a) { return bindArrayExtreme("array_max", std::move(a), true); },
      "array_max(array) - largest non-NULL element");
  add("slice", bindSlice, "slice(x, start, length) - length elements from 1-based start");
  add("flatten", bindFlatten, "flatten(arrayOfArrays) - one array of all elements");
  add("sequence", bindSequence, "sequence(start, stop[, step]) - integers from start to stop");
  add("arrays_zip", bindArraysZip, "arrays_zip(a1, a2, ...) - array of structs of i-th elements");
  add("array_size", bindArraySize, "array_size(array) - number of elements (NULL for NULL)");
  add("array_compact", bindArrayCompact, "array_compact(array) - NULL elements removed");
  add("array_append", [](Args a) { return bindArrayAdd("array_append", std::move(a), true); },
      "array_append(array, element) - element added at the end");
  add("array_prepend", [](Args a) { return bindArrayAdd("array_prepend", std::move(a), false); },
      "array_prepend(array, element) - element added at the start");
  add("array_repeat", bindArrayRepeat, "array_repeat(element, count) - count copies of element");
  add("arrays_overlap", bindArraysOverlap,
      "arrays_overlap(a1, a2) - true if the arrays share a non-NULL element");
}

}  // namespace spate
