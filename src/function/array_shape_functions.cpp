// Array functions that reshape arrays: slice, flatten, sequence, arrays_zip, array_size,
// array_compact, array_append/prepend, array_repeat, arrays_overlap, and the array forms of concat
// and reverse.
#include <algorithm>

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

// ---- slicing and reshaping
// -----------------------------------------------------------------------

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
  TypePtr type = *findWiderType({types[0], types[1]});
  if (type->id() == TypeId::kNull) type = DataType::integer();
  for (auto& e : args) e = castTo(e, type);
  bool nullable = anyNullable(args);
  return makeCall(
      "sequence", DataType::array(type, false), std::move(args),
      [](const KernelArgs& a) {
        auto value = [&](size_t col, int64_t r) {
          const Column& c = *a.columns[col];
          switch (c.typeId()) {
            case TypeId::kByte:
              return int64_t{c.valueAt<int8_t>(r)};
            case TypeId::kShort:
              return int64_t{c.valueAt<int16_t>(r)};
            case TypeId::kInt:
              return int64_t{c.valueAt<int32_t>(r)};
            default:
              return c.valueAt<int64_t>(r);
          }
        };
        return perArray(a, [&](int64_t r, ColumnBuilder& out) {
          int64_t start = value(0, r), stop = value(1, r);
          int64_t step = a.columns.size() == 3 ? value(2, r) : (start <= stop ? 1 : -1);
          if (!((step > 0 && start <= stop) || (step < 0 && start >= stop) ||
                (step == 0 && start == stop)))
            throw ExecutionException(
                "java.lang.IllegalArgumentException: Illegal sequence "
                "boundaries: " +
                std::to_string(start) + " to " + std::to_string(stop) + " by " +
                std::to_string(step));
          __int128 count = step == 0 ? 1 : (static_cast<__int128>(stop) - start) / step + 1;
          constexpr int64_t kMaxElements = INT32_MAX - 15;
          if (count > kMaxElements)
            throw ExecutionException("Unsuccessful try to create array with " +
                                     std::to_string(static_cast<int64_t>(count)) +
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
              if (i < c.listLength(r))
                structs.child(f).appendFrom(*c.child(0), c.listStart(r) + i);
              else
                structs.child(f).appendNull();
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
          if (c.isNull(r))
            w.setNull(r);
          else
            w.set(r, static_cast<int32_t>(c.listLength(r)));
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
  auto common = findWiderType({args[0]->type->element(), args[1]->type});
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
  auto common = findWiderType({args[0]->type, args[1]->type});
  if (!common)
    throwDataTypeMismatch("arrays_overlap", args, "BINARY_ARRAY_DIFF_TYPES",
                          "Input to function `arrays_overlap` should have been two \"ARRAY\" with "
                          "same element type, but it's [" +
                              quotedType(*args[0]->type) + ", " + quotedType(*args[1]->type) +
                              "].");
  requireOrderable("arrays_overlap", args, (*common)->element());
  for (auto& e : args)
    e = castTo(e, DataType::array((*common)->element(), e->type->containsNull()));
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
        if (x.child(0)->isNull(k))
          sawNull = true;
        else
          set.insert(*x.child(0), k);
      }
      for (int64_t k = y.listStart(r), e = k + y.listLength(r); k < e && !found; ++k) {
        if (y.child(0)->isNull(k))
          sawNull = true;
        else
          found = set.contains(*y.child(0), k);
      }
      if (found)
        w.set(r, true);
      else if (sawNull && x.listLength(r) > 0 && y.listLength(r) > 0)
        w.setNull(r);
      else
        w.set(r, false);
    }
    return w.finish();
  });
}

}  // namespace

// ---- concat / reverse for arrays
// -----------------------------------------------------------------

ExprPtr bindArrayConcat(Args args) {
  std::vector<TypePtr> types;
  for (size_t k = 0; k < args.size(); ++k) {
    if (args[k]->type->id() != TypeId::kArray && args[k]->type->id() != TypeId::kNull)
      throwDataDiffTypes("concat", args, args);
    types.push_back(args[k]->type);
  }
  auto common = findWiderType(types);
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

void registerArrayShapeFunctions(FunctionRegistry& registry) {
  auto add = [&](const char* name, auto binder, const char* usage) {
    registry.addScalar(name, std::function<ExprPtr(std::vector<ExprPtr>)>(binder), usage);
  };
  add("slice", bindSlice, "slice(x, start, length) - length elements from 1-based start");
  add("flatten", bindFlatten, "flatten(arrayOfArrays) - one array of all elements");
  add("sequence", bindSequence, "sequence(start, stop[, step]) - integers from start to stop");
  add("arrays_zip", bindArraysZip, "arrays_zip(a1, a2, ...) - array of structs of i-th elements");
  add("array_size", bindArraySize, "array_size(array) - number of elements (NULL for NULL)");
  add("array_compact", bindArrayCompact, "array_compact(array) - NULL elements removed");
  add(
      "array_append", [](Args a) { return bindArrayAdd("array_append", std::move(a), true); },
      "array_append(array, element) - element added at the end");
  add(
      "array_prepend", [](Args a) { return bindArrayAdd("array_prepend", std::move(a), false); },
      "array_prepend(array, element) - element added at the start");
  add("array_repeat", bindArrayRepeat, "array_repeat(element, count) - count copies of element");
  add("arrays_overlap", bindArraysOverlap,
      "arrays_overlap(a1, a2) - true if the arrays share a non-NULL element");
}

}  // namespace spate
