#pragma once

// Internals shared by the aggregate function files (aggregate_*.cpp, hyperloglog.cpp): a typed
// kernel base, row iteration over validity bitmaps, per-type value operations with Spark's
// ordering, and the binders' error texts. Not a public API.
//
// State rules every kernel here follows:
// - a state is a C++ object constructed in place in its 16-byte aligned block by init();
// - init() never allocates (owned memory is allocated on first use), so deserialize() may be
//   given raw or freshly initialised memory;
// - states hold no pointers into themselves, so a block may be moved with memcpy;
// - merge(into, from) treats `from` as the rows that came after `into`'s.

#include <cmath>
#include <cstring>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "function/registry.h"

namespace spate::agg {

// ---- Kernel base -------------------------------------------------------------------------------

/// A kernel whose per-group state is a `State` object placed in the state block.
template <typename State>
class StateKernel : public AggregateKernel {
 public:
  static_assert(alignof(State) <= 16, "aggregate states are 16-byte aligned");
  size_t stateSize() const override { return (sizeof(State) + 7) / 8 * 8; }
  void init(uint8_t* state) const override { new (state) State(); }
  void destroy(uint8_t* state) const override {
    if constexpr (!std::is_trivially_destructible_v<State>) std::destroy_at(&get(state));
  }

 protected:
  static State& get(uint8_t* state) { return *std::launder(reinterpret_cast<State*>(state)); }
  static const State& get(const uint8_t* state) {
    return *std::launder(reinterpret_cast<const State*>(state));
  }
  /// Constructs a fresh state for deserialize().
  static State& reset(uint8_t* state) { return *new (state) State(); }
};

// ---- Row iteration ---------------------------------------------------------------------------

/// Calls f(i, row) for i in [0, rows), row = rowIndex[i] (or i when rowIndex is null).
template <typename F>
inline void forEachRow(const uint32_t* rowIndex, int64_t rows, F&& f) {
  if (rowIndex) {
    for (int64_t i = 0; i < rows; ++i) f(i, rowIndex[i]);
  } else {
    for (int64_t i = 0; i < rows; ++i) f(i, static_cast<uint32_t>(i));
  }
}

/// Like forEachRow, skipping rows where `column` is NULL.
template <typename F>
inline void forEachValid(const Column& column, const uint32_t* rowIndex, int64_t rows, F&& f) {
  if (column.typeId() == TypeId::kNull) return;
  const uint64_t* bits = column.validityBits();
  if (!bits) {
    forEachRow(rowIndex, rows, f);
    return;
  }
  forEachRow(rowIndex, rows, [&](int64_t i, uint32_t row) {
    if (testBit(bits, row)) f(i, row);
  });
}

inline bool isNullAt(const Column& column, int64_t row) {
  return column.typeId() == TypeId::kNull || column.isNull(row);
}

// ---- Types -----------------------------------------------------------------------------------

template <typename T>
struct TypeTag {
  using type = T;
};

/// Calls f(TypeTag<T>{}) with the column storage type of a fixed-width type (boolean → uint8_t,
/// date → int32_t, timestamp → int64_t, decimal → Int128; NULL → uint8_t, never read).
template <typename F>
decltype(auto) visitFixedType(TypeId id, F&& f) {
  switch (id) {
    case TypeId::kByte:
      return f(TypeTag<int8_t>{});
    case TypeId::kShort:
      return f(TypeTag<int16_t>{});
    case TypeId::kInt:
    case TypeId::kDate:
      return f(TypeTag<int32_t>{});
    case TypeId::kLong:
    case TypeId::kTimestamp:
      return f(TypeTag<int64_t>{});
    case TypeId::kFloat:
      return f(TypeTag<float>{});
    case TypeId::kDouble:
      return f(TypeTag<double>{});
    case TypeId::kDecimal:
      return f(TypeTag<Int128>{});
    case TypeId::kInterval:
      return f(TypeTag<Interval>{});
    default:
      return f(TypeTag<uint8_t>{});
  }
}

/// A fixed-width value as a Value (booleans are stored as uint8_t).
template <typename T>
Value fixedToValue(T v) {
  if constexpr (std::is_same_v<T, uint8_t>)
    return Value(v != 0);
  else if constexpr (std::is_integral_v<T>)
    return Value(static_cast<int64_t>(v));
  else if constexpr (std::is_floating_point_v<T>)
    return Value(static_cast<double>(v));
  else
    return Value(v);  // Int128, Interval
}

template <typename T>
T fixedFromValue(const Value& v) {
  if constexpr (std::is_same_v<T, uint8_t>)
    return v.asBool() ? 1 : 0;
  else if constexpr (std::is_integral_v<T>)
    return static_cast<T>(v.asLong());
  else if constexpr (std::is_floating_point_v<T>)
    return static_cast<T>(v.asDouble());
  else if constexpr (std::is_same_v<T, Int128>)
    return v.asDecimal();
  else
    return v.asInterval();
}

/// Spark's ordering of fixed-width values: NaN is larger than any other value and equal to
/// itself; -0.0 equals 0.0.
template <typename T>
inline bool orderLess(T a, T b) {
  if constexpr (std::is_floating_point_v<T>) {
    if (std::isnan(b)) return !std::isnan(a);
    if (std::isnan(a)) return false;
    return a < b;
  } else if constexpr (std::is_same_v<T, Interval>) {
    return false;  // not orderable; rejected at bind time
  } else {
    return a < b;
  }
}

/// Spark's ordering of two non-NULL values of `type` (arrays and structs element-wise with NULLs
/// first, strings and binary byte-wise): negative, zero or positive.
int compareValues(const Value& a, const Value& b, const DataType& type);

/// True if Spark can order values of `type` (everything but maps, intervals and nested maps).
bool isOrderable(const DataType& type);

// ---- Value operations by physical type -------------------------------------------------------

/// A string or binary value owned by a state; the buffer is reused across assignments.
class StringSlot {
 public:
  std::string_view view() const { return {data_.get(), size_}; }
  void assign(std::string_view s) {
    if (s.size() > capacity_) {
      capacity_ = static_cast<uint32_t>((s.size() + 15) / 16 * 16);
      data_ = std::make_unique_for_overwrite<char[]>(capacity_);
    }
    if (!s.empty()) std::memcpy(data_.get(), s.data(), s.size());
    size_ = static_cast<uint32_t>(s.size());
  }

 private:
  std::unique_ptr<char[]> data_;
  uint32_t size_ = 0;
  uint32_t capacity_ = 0;
};

/// Operations on fixed-width values of storage type T.
template <typename T>
struct FixedOps {
  using Slot = T;
  using Arg = T;
  static constexpr bool kFixed = true;
  Arg read(const Column& c, int64_t row) const { return c.values<T>()[row]; }
  void store(Slot& s, Arg v) const { s = v; }
  void copy(Slot& s, const Slot& from) const { s = from; }
  Arg load(const Slot& s) const { return s; }
  bool less(Arg a, Arg b) const { return orderLess(a, b); }
  void append(ColumnBuilder& out, const Slot& s) const { out.appendFixed(s); }
  Value toValue(const Slot& s) const { return fixedToValue(s); }
  void fromValue(Slot& s, const Value& v) const { s = fixedFromValue<T>(v); }
};

/// Operations on strings and binary (byte-wise order, as Spark's UTF8String and binary).
struct StringOps {
  using Slot = StringSlot;
  using Arg = std::string_view;
  static constexpr bool kFixed = false;
  Arg read(const Column& c, int64_t row) const { return c.stringAt(row); }
  void store(Slot& s, Arg v) const { s.assign(v); }
  void copy(Slot& s, const Slot& from) const { s.assign(from.view()); }
  Arg load(const Slot& s) const { return s.view(); }
  bool less(Arg a, Arg b) const { return a < b; }
  void append(ColumnBuilder& out, const Slot& s) const { out.appendString(s.view()); }
  Value toValue(const Slot& s) const { return Value(std::string(s.view())); }
  void fromValue(Slot& s, const Value& v) const { s.assign(v.asString()); }
};

/// Operations on arrays, maps and structs through Values (slow path).
struct NestedOps {
  using Slot = std::unique_ptr<Value>;
  using Arg = Value;
  static constexpr bool kFixed = false;
  TypePtr type;
  Arg read(const Column& c, int64_t row) const { return c.valueAt(row); }
  void store(Slot& s, const Arg& v) const { s = std::make_unique<Value>(v); }
  void copy(Slot& s, const Slot& from) const { s = std::make_unique<Value>(*from); }
  const Arg& load(const Slot& s) const { return *s; }
  bool less(const Arg& a, const Arg& b) const { return compareValues(a, b, *type) < 0; }
  void append(ColumnBuilder& out, const Slot& s) const { out.appendValue(*s); }
  Value toValue(const Slot& s) const { return *s; }
  void fromValue(Slot& s, const Value& v) const { s = std::make_unique<Value>(v); }
};

/// Calls f(ops) with the value operations for `type`.
template <typename F>
decltype(auto) visitValueOps(const TypePtr& type, F&& f) {
  switch (type->id()) {
    case TypeId::kString:
    case TypeId::kBinary:
      return f(StringOps{});
    case TypeId::kArray:
    case TypeId::kMap:
    case TypeId::kStruct:
      return f(NestedOps{type});
    default:
      return visitFixedType(type->id(),
                            [&](auto tag) { return f(FixedOps<typename decltype(tag)::type>{}); });
  }
}

/// The struct type of a kernel's buffer Value (Spark's aggregation buffer attributes).
TypePtr bufferStruct(std::initializer_list<std::pair<const char*, TypePtr>> fields);

/// Field i of a struct buffer Value (NULL when the buffer itself is NULL).
inline const Value& field(const Value& buffer, size_t i) {
  static const Value kNull;
  return buffer.isNull() ? kNull : buffer.asList()[i];
}

// ---- Binding ---------------------------------------------------------------------------------

/// Binds one aggregate call under the name it was written with (Spark prints aliases as written:
/// `stddev(x)`, `mean(x)`).
using NamedAggregateBinder = std::function<BoundAggregate(
    const std::string& name, std::vector<ExprPtr> args, const BindContext& context)>;

/// How a binder treats DISTINCT.
enum class DistinctMode {
  kWrap,    ///< feed only distinct argument tuples to the kernel (sum, count, avg…)
  kIgnore,  ///< duplicates cannot change the result (min, max, collect_set…)
};

/// Registers `binder` under `name` (and the same binder under each alias, with its own name).
void addAggregate(FunctionRegistry& registry, const std::string& name, NamedAggregateBinder binder,
                  DistinctMode distinctMode, const std::string& usage,
                  std::initializer_list<const char*> aliases = {});

/// Wraps a bound aggregate so that it sees each distinct argument tuple once.
BoundAggregate makeDistinct(BoundAggregate inner);

/// Spark's SQL text of a bound expression, as error messages quote it.
std::string exprSql(const Expr& expr);
/// `name(arg1, arg2)` as Spark prints the call in error messages.
std::string callSql(const std::string& name, const std::vector<ExprPtr>& args);

/// [WRONG_NUM_ARGS.WITHOUT_SUGGESTION]; `expected` is "1" or "[1, 2]".
[[noreturn]] void throwWrongNumArgs(const std::string& name, const std::string& expected,
                                    size_t actual);
/// Checks the argument count is within [min, max].
void checkArity(const std::string& name, const std::vector<ExprPtr>& args, size_t min, size_t max);
/// [DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] for argument `index` (0-based).
[[noreturn]] void throwUnexpectedType(const std::string& name, const std::vector<ExprPtr>& args,
                                      size_t index, const std::string& requiredType);
/// [DATATYPE_MISMATCH.INVALID_ORDERING_TYPE] for argument `index`.
[[noreturn]] void throwNotOrderable(const std::string& name, const std::vector<ExprPtr>& args,
                                    size_t index);
/// `"DOUBLE"`: Spark's toSQLType quoting.
std::string quotedType(const DataType& type);

/// Coerces an argument of a function taking DOUBLE as Spark's implicit casts do: decimals and
/// strings are cast to DOUBLE; integral, float, double and NULL arguments are returned as they
/// are (kernels convert them per row, see visitDoubleInput); other types throw
/// UNEXPECTED_INPUT_TYPE requiring "DOUBLE".
ExprPtr coerceToDouble(const std::string& name, const std::vector<ExprPtr>& args, size_t index);

/// Calls f(TypeTag<T>{}) with the storage type of an argument coerced by coerceToDouble.
template <typename F>
decltype(auto) visitDoubleInput(TypeId id, F&& f) {
  switch (id) {
    case TypeId::kByte:
      return f(TypeTag<int8_t>{});
    case TypeId::kShort:
      return f(TypeTag<int16_t>{});
    case TypeId::kInt:
      return f(TypeTag<int32_t>{});
    case TypeId::kLong:
      return f(TypeTag<int64_t>{});
    case TypeId::kFloat:
      return f(TypeTag<float>{});
    default:
      return f(TypeTag<double>{});  // double, or NULL (never read)
  }
}

/// Spark's decimal average of `sum` (unscaled at `scale`) over `count` > 0 rows:
/// BigDecimal.divide to scale 38 (HALF_UP), rounded HALF_UP to the Divide result scale
/// `divideScale`, then cast (HALF_UP) to decimal(resultPrecision, resultScale); nullopt where
/// Spark overflows to NULL.
std::optional<Int128> decimalAverage(Int128 sum, int64_t count, int scale, int divideScale,
                                     int resultPrecision, int resultScale);

// ---- Families --------------------------------------------------------------------------------

void registerBasicAggregates(FunctionRegistry& registry);
void registerOrderingAggregates(FunctionRegistry& registry);
void registerStatisticalAggregates(FunctionRegistry& registry);
void registerCollectAggregates(FunctionRegistry& registry);
void registerFrequencyAggregates(FunctionRegistry& registry);
void registerApproxCountDistinct(FunctionRegistry& registry);

}  // namespace spate::agg
