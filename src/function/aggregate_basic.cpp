// count, count_if, sum, avg/mean and product.
#include <array>
#include <optional>

#include "common/error.h"
#include "expression/cast.h"
#include "function/aggregate_kernel.h"

namespace spate::agg {

namespace {

// ---- count -------------------------------------------------------------------------------------

struct CountState {
  int64_t count = 0;
};

/// Shared by count(*), count(x…) and count_if: a non-nullable BIGINT counter.
class CounterKernel : public StateKernel<CountState> {
 public:
  void merge(uint8_t* into, const uint8_t* from) const override {
    get(into).count += get(from).count;
  }
  void finalize(const uint8_t* state, ColumnBuilder& out) const override {
    out.appendLong(get(state).count);
  }
  TypePtr bufferType() const override {
    static const TypePtr type = bufferStruct({{"count", DataType::longType()}});
    return type;
  }
  Value serialize(const uint8_t* state) const override {
    return Value(ValueList{Value(get(state).count)});
  }
  void deserialize(const Value& buffer, uint8_t* state) const override {
    const Value& count = field(buffer, 0);
    reset(state).count = count.isNull() ? 0 : count.asLong();
  }
};

class CountRowsKernel final : public CounterKernel {
 public:
  void update(uint8_t* const* states, std::span<const ColumnPtr>, const uint32_t* rowIndex,
              int64_t rows) const override {
    forEachRow(rowIndex, rows, [&](int64_t i, uint32_t) { ++get(states[i]).count; });
  }
};

class CountKernel final : public CounterKernel {
 public:
  void update(uint8_t* const* states, std::span<const ColumnPtr> args, const uint32_t* rowIndex,
              int64_t rows) const override {
    if (args.size() == 1) {
      forEachValid(*args[0], rowIndex, rows, [&](int64_t i, uint32_t) { ++get(states[i]).count; });
      return;
    }
    forEachRow(rowIndex, rows, [&](int64_t i, uint32_t row) {
      for (const ColumnPtr& arg : args) {
        if (isNullAt(*arg, row)) return;
      }
      ++get(states[i]).count;
    });
  }
};

class CountIfKernel final : public CounterKernel {
 public:
  void update(uint8_t* const* states, std::span<const ColumnPtr> args, const uint32_t* rowIndex,
              int64_t rows) const override {
    const Column& c = *args[0];
    forEachValid(c, rowIndex, rows, [&](int64_t i, uint32_t row) {
      get(states[i]).count += c.values<uint8_t>()[row] != 0;
    });
  }
};

bool isNonNullLiteral(const ExprPtr& e) {
  return e->kind == ExprKind::kLiteral && !e->literal.isNull();
}

BoundAggregate bindCount(const std::string& name, std::vector<ExprPtr> args, const BindContext&) {
  BoundAggregate out{name, DataType::longType(), false, {}, nullptr};
  // count(*) arrives without arguments, count(1) with a literal: both count rows.
  if (std::all_of(args.begin(), args.end(), isNonNullLiteral)) {
    out.kernel = std::make_shared<CountRowsKernel>();
  } else {
    out.args = std::move(args);
    out.kernel = std::make_shared<CountKernel>();
  }
  return out;
}

BoundAggregate bindCountIf(const std::string& name, std::vector<ExprPtr> args, const BindContext&) {
  checkArity(name, args, 1, 1);
  if (args[0]->type->id() != TypeId::kBoolean && args[0]->type->id() != TypeId::kNull) {
    throwUnexpectedType(name, args, 0, "\"BOOLEAN\"");
  }
  return {name, DataType::longType(), false, std::move(args), std::make_shared<CountIfKernel>()};
}

// ---- sum ---------------------------------------------------------------------------------------

/// A running value with a "seen a non-NULL input" flag (sum, product).
template <typename T>
struct Accumulator {
  T value{};
  bool has = false;
};

template <typename T>
class AccumulatorKernel : public StateKernel<Accumulator<T>> {
  using Base = StateKernel<Accumulator<T>>;

 public:
  AccumulatorKernel(const char* fieldName, TypePtr type) : fieldName_(fieldName), type_(type) {}
  void finalize(const uint8_t* state, ColumnBuilder& out) const override {
    const auto& s = Base::get(state);
    if (s.has)
      out.appendFixed(s.value);
    else
      out.appendNull();
  }
  TypePtr bufferType() const override { return bufferStruct({{fieldName_, type_}}); }
  Value serialize(const uint8_t* state) const override {
    const auto& s = Base::get(state);
    return Value(ValueList{s.has ? fixedToValue(s.value) : Value::null()});
  }
  void deserialize(const Value& buffer, uint8_t* state) const override {
    auto& s = Base::reset(state);
    const Value& v = field(buffer, 0);
    if (!v.isNull()) {
      s.value = fixedFromValue<T>(v);
      s.has = true;
    }
  }

 private:
  const char* fieldName_;
  TypePtr type_;
};

/// Integral sum in BIGINT, wrapping on overflow like Java's long (non-ANSI).
template <typename In>
class SumIntegralKernel final : public AccumulatorKernel<int64_t> {
 public:
  SumIntegralKernel() : AccumulatorKernel("sum", DataType::longType()) {}
  void update(uint8_t* const* states, std::span<const ColumnPtr> args, const uint32_t* rowIndex,
              int64_t rows) const override {
    const Column& c = *args[0];
    const In* values = c.values<In>();
    forEachValid(c, rowIndex, rows, [&](int64_t i, uint32_t row) {
      auto& s = get(states[i]);
      s.value = wrappingAdd(s.value, values[row]);
      s.has = true;
    });
  }
  void merge(uint8_t* into, const uint8_t* from) const override {
    const auto& f = get(from);
    if (!f.has) return;
    auto& s = get(into);
    s.value = wrappingAdd(s.value, f.value);
    s.has = true;
  }

 private:
  static int64_t wrappingAdd(int64_t a, int64_t b) {
    return static_cast<int64_t>(static_cast<uint64_t>(a) + static_cast<uint64_t>(b));
  }
};

template <typename In>
class SumDoubleKernel final : public AccumulatorKernel<double> {
 public:
  SumDoubleKernel() : AccumulatorKernel("sum", DataType::doubleType()) {}
  void update(uint8_t* const* states, std::span<const ColumnPtr> args, const uint32_t* rowIndex,
              int64_t rows) const override {
    const Column& c = *args[0];
    forEachValid(c, rowIndex, rows, [&](int64_t i, uint32_t row) {
      auto& s = get(states[i]);
      s.value += static_cast<double>(c.values<In>()[row]);
      s.has = true;
    });
  }
  void merge(uint8_t* into, const uint8_t* from) const override {
    const auto& f = get(from);
    if (!f.has) return;
    auto& s = get(into);
    s.value += f.value;
    s.has = true;
  }
};

Int128 powerOfTen(int n) {
  Int128 p = 1;
  for (int i = 0; i < n; ++i) p *= 10;
  return p;
}

/// A decimal running sum that turns NULL once it leaves `precision` digits, as Spark's decimal
/// sum buffer does (non-ANSI).
struct DecimalSum {
  Int128 sum = 0;
  int64_t count = 0;
  bool overflow = false;
};

inline void addDecimal(DecimalSum& s, Int128 v, Int128 limit) {
  Int128 r;
  if (s.overflow) return;
  if (__builtin_add_overflow(s.sum, v, &r) || r >= limit || r <= -limit)
    s.overflow = true;
  else
    s.sum = r;
}

/// Shared by decimal sum and avg: the buffer is (sum, count).
class DecimalSumKernelBase : public StateKernel<DecimalSum> {
 public:
  explicit DecimalSumKernelBase(int sumPrecision, int scale)
      : sumType_(DataType::decimal(sumPrecision, scale)), limit_(powerOfTen(sumPrecision)) {}
  void update(uint8_t* const* states, std::span<const ColumnPtr> args, const uint32_t* rowIndex,
              int64_t rows) const override {
    const Column& c = *args[0];
    const Int128* values = c.values<Int128>();
    forEachValid(c, rowIndex, rows, [&](int64_t i, uint32_t row) {
      auto& s = get(states[i]);
      addDecimal(s, values[row], limit_);
      ++s.count;
    });
  }
  void merge(uint8_t* into, const uint8_t* from) const override {
    const auto& f = get(from);
    auto& s = get(into);
    if (f.overflow)
      s.overflow = true;
    else
      addDecimal(s, f.sum, limit_);
    s.count += f.count;
  }
  TypePtr bufferType() const override {
    return bufferStruct({{"sum", sumType_}, {"count", DataType::longType()}});
  }
  Value serialize(const uint8_t* state) const override {
    const auto& s = get(state);
    return Value(ValueList{s.overflow ? Value::null() : Value(s.sum), Value(s.count)});
  }
  void deserialize(const Value& buffer, uint8_t* state) const override {
    auto& s = reset(state);
    const Value& sum = field(buffer, 0);
    const Value& count = field(buffer, 1);
    s.count = count.isNull() ? 0 : count.asLong();
    if (sum.isNull())
      s.overflow = s.count > 0;
    else
      s.sum = sum.asDecimal();
  }

 protected:
  TypePtr sumType_;
  Int128 limit_;
};

class SumDecimalKernel final : public DecimalSumKernelBase {
 public:
  using DecimalSumKernelBase::DecimalSumKernelBase;
  void finalize(const uint8_t* state, ColumnBuilder& out) const override {
    const auto& s = get(state);
    if (s.count == 0 || s.overflow)
      out.appendNull();
    else
      out.appendDecimal(s.sum);
  }
};

BoundAggregate bindSum(const std::string& name, std::vector<ExprPtr> args, const BindContext&) {
  checkArity(name, args, 1, 1);
  const DataType& type = *args[0]->type;
  BoundAggregate out{name, DataType::doubleType(), true, {}, nullptr};
  switch (type.id()) {
    case TypeId::kByte:
    case TypeId::kShort:
    case TypeId::kInt:
    case TypeId::kLong:
      out.resultType = DataType::longType();
      visitDoubleInput(type.id(), [&](auto tag) {
        using T = typename decltype(tag)::type;
        if constexpr (std::is_integral_v<T>) out.kernel = std::make_shared<SumIntegralKernel<T>>();
      });
      break;
    case TypeId::kFloat:
      out.kernel = std::make_shared<SumDoubleKernel<float>>();
      break;
    case TypeId::kNull:
    case TypeId::kDouble:
      out.kernel = std::make_shared<SumDoubleKernel<double>>();
      break;
    case TypeId::kString:
      args[0] = makeCast(args[0], DataType::doubleType());
      out.kernel = std::make_shared<SumDoubleKernel<double>>();
      break;
    case TypeId::kDecimal: {
      int precision = std::min(38, type.precision() + 10);
      out.resultType = DataType::decimal(precision, type.scale());
      out.kernel = std::make_shared<SumDecimalKernel>(precision, type.scale());
      break;
    }
    default:
      throwUnexpectedType(name, args, 0, "\"NUMERIC\" or \"ANSI INTERVAL\"");
  }
  out.args = std::move(args);
  return out;
}

// ---- avg ---------------------------------------------------------------------------------------

struct DoubleAverage {
  double sum = 0;
  int64_t count = 0;
};

template <typename In>
class AvgDoubleKernel final : public StateKernel<DoubleAverage> {
 public:
  void update(uint8_t* const* states, std::span<const ColumnPtr> args, const uint32_t* rowIndex,
              int64_t rows) const override {
    const Column& c = *args[0];
    forEachValid(c, rowIndex, rows, [&](int64_t i, uint32_t row) {
      auto& s = get(states[i]);
      s.sum += static_cast<double>(c.values<In>()[row]);
      ++s.count;
    });
  }
  void merge(uint8_t* into, const uint8_t* from) const override {
    get(into).sum += get(from).sum;
    get(into).count += get(from).count;
  }
  void finalize(const uint8_t* state, ColumnBuilder& out) const override {
    const auto& s = get(state);
    if (s.count == 0)
      out.appendNull();
    else
      out.appendDouble(s.sum / static_cast<double>(s.count));
  }
  TypePtr bufferType() const override {
    static const TypePtr type =
        bufferStruct({{"sum", DataType::doubleType()}, {"count", DataType::longType()}});
    return type;
  }
  Value serialize(const uint8_t* state) const override {
    return Value(ValueList{Value(get(state).sum), Value(get(state).count)});
  }
  void deserialize(const Value& buffer, uint8_t* state) const override {
    auto& s = reset(state);
    if (!field(buffer, 0).isNull()) s.sum = field(buffer, 0).asDouble();
    if (!field(buffer, 1).isNull()) s.count = field(buffer, 1).asLong();
  }
};

/// Rounds the fraction digits `digits[keep…]` away HALF_UP, carrying into `integer`.
void roundDigits(unsigned __int128& integer, std::array<uint8_t, 40>& digits, int length,
                 int keep) {
  if (keep >= length) return;
  if (digits[keep] >= 5) {
    int k = keep - 1;
    while (k >= 0 && digits[k] == 9) digits[k--] = 0;
    if (k < 0)
      ++integer;
    else
      ++digits[k];
  }
  for (int k = keep; k < length; ++k) digits[k] = 0;
}

/// Digits [0, count) of the fraction appended to `integer`, or nullopt past 10^38.
std::optional<unsigned __int128> compose(unsigned __int128 integer,
                                         const std::array<uint8_t, 40>& digits, int count) {
  for (int k = 0; k < count; ++k) {
    unsigned __int128 next;
    if (__builtin_mul_overflow(integer, 10, &next)) return std::nullopt;
    integer = next + digits[k];
  }
  if (integer >= static_cast<unsigned __int128>(powerOfTen(38))) return std::nullopt;
  return integer;
}

}  // namespace

std::optional<Int128> decimalAverage(Int128 sum, int64_t count, int scale, int divideScale,
                                     int resultPrecision, int resultScale) {
  bool negative = sum < 0;
  unsigned __int128 magnitude =
      negative ? -static_cast<unsigned __int128>(sum) : static_cast<unsigned __int128>(sum);
  unsigned __int128 integer = magnitude / static_cast<uint64_t>(count);
  unsigned __int128 remainder = magnitude % static_cast<uint64_t>(count);
  std::array<uint8_t, 40> digits{};
  int length = 38 - scale + 1;  // digits down to scale 38, plus one to round on
  for (int k = 0; k < length; ++k) {
    remainder *= 10;
    digits[k] = static_cast<uint8_t>(remainder / static_cast<uint64_t>(count));
    remainder %= static_cast<uint64_t>(count);
  }
  roundDigits(integer, digits, length, 38 - scale);
  roundDigits(integer, digits, length, divideScale - scale);
  if (!compose(integer, digits, divideScale - scale)) return std::nullopt;
  if (resultScale < divideScale) roundDigits(integer, digits, length, resultScale - scale);
  auto unscaled = compose(integer, digits, resultScale - scale);
  if (!unscaled || *unscaled >= static_cast<unsigned __int128>(powerOfTen(resultPrecision))) {
    return std::nullopt;
  }
  Int128 value = static_cast<Int128>(*unscaled);
  return negative ? -value : value;
}

namespace {

class AvgDecimalKernel final : public DecimalSumKernelBase {
 public:
  AvgDecimalKernel(int precision, int scale)
      : DecimalSumKernelBase(std::min(38, precision + 10), scale),
        scale_(scale),
        resultPrecision_(std::min(38, precision + 4)),
        resultScale_(std::min(38, scale + 4)) {
    // Divide(decimal(p + 10, s), decimal(20, 0)) with precision loss allowed.
    int sumPrecision = std::min(38, precision + 10);
    divideScale_ = std::max(38 - (sumPrecision - scale), 6);
  }
  void finalize(const uint8_t* state, ColumnBuilder& out) const override {
    const auto& s = get(state);
    std::optional<Int128> avg;
    if (s.count > 0 && !s.overflow) {
      avg = decimalAverage(s.sum, s.count, scale_, divideScale_, resultPrecision_, resultScale_);
    }
    if (avg)
      out.appendDecimal(*avg);
    else
      out.appendNull();
  }

 private:
  int scale_;
  int resultPrecision_;
  int resultScale_;
  int divideScale_;
};

BoundAggregate bindAvg(const std::string& name, std::vector<ExprPtr> args, const BindContext&) {
  checkArity(name, args, 1, 1);
  const DataType& type = *args[0]->type;
  BoundAggregate out{name, DataType::doubleType(), true, {}, nullptr};
  switch (type.id()) {
    case TypeId::kByte:
    case TypeId::kShort:
    case TypeId::kInt:
    case TypeId::kLong:
    case TypeId::kFloat:
    case TypeId::kDouble:
    case TypeId::kNull:
      visitDoubleInput(type.id(), [&](auto tag) {
        out.kernel = std::make_shared<AvgDoubleKernel<typename decltype(tag)::type>>();
      });
      break;
    case TypeId::kString:
      args[0] = makeCast(args[0], DataType::doubleType());
      out.kernel = std::make_shared<AvgDoubleKernel<double>>();
      break;
    case TypeId::kDecimal:
      out.resultType =
          DataType::decimal(std::min(38, type.precision() + 4), std::min(38, type.scale() + 4));
      out.kernel = std::make_shared<AvgDecimalKernel>(type.precision(), type.scale());
      break;
    default:
      throwUnexpectedType(name, args, 0, "\"NUMERIC\" or \"ANSI INTERVAL\"");
  }
  out.args = std::move(args);
  return out;
}

// ---- product -----------------------------------------------------------------------------------

template <typename In>
class ProductKernel final : public AccumulatorKernel<double> {
 public:
  ProductKernel() : AccumulatorKernel("product", DataType::doubleType()) {}
  void update(uint8_t* const* states, std::span<const ColumnPtr> args, const uint32_t* rowIndex,
              int64_t rows) const override {
    const Column& c = *args[0];
    forEachValid(c, rowIndex, rows, [&](int64_t i, uint32_t row) {
      auto& s = get(states[i]);
      double v = static_cast<double>(c.values<In>()[row]);
      s.value = s.has ? s.value * v : v;
      s.has = true;
    });
  }
  void merge(uint8_t* into, const uint8_t* from) const override {
    const auto& f = get(from);
    if (!f.has) return;
    auto& s = get(into);
    s.value = s.has ? s.value * f.value : f.value;
    s.has = true;
  }
};

BoundAggregate bindProduct(const std::string& name, std::vector<ExprPtr> args, const BindContext&) {
  checkArity(name, args, 1, 1);
  TypeId id = args[0]->type->id();
  if (!args[0]->type->isNumeric() && id != TypeId::kNull && id != TypeId::kString) {
    throwUnexpectedType(name, args, 0, "\"NUMERIC\"");
  }
  args[0] = coerceToDouble(name, args, 0);
  BoundAggregate out{name, DataType::doubleType(), true, {}, nullptr};
  visitDoubleInput(args[0]->type->id(), [&](auto tag) {
    out.kernel = std::make_shared<ProductKernel<typename decltype(tag)::type>>();
  });
  out.args = std::move(args);
  return out;
}

}  // namespace

void registerBasicAggregates(FunctionRegistry& registry) {
  addAggregate(registry, "count", bindCount, DistinctMode::kWrap,
               "count(*) - Returns the total number of retrieved rows, including rows containing "
               "null. count(expr[, expr...]) - Returns the number of rows for which the supplied "
               "expression(s) are all non-null.");
  addAggregate(registry, "count_if", bindCountIf, DistinctMode::kWrap,
               "count_if(expr) - Returns the number of `TRUE` values for the expression.");
  addAggregate(registry, "sum", bindSum, DistinctMode::kWrap,
               "sum(expr) - Returns the sum calculated from values of a group.");
  addAggregate(registry, "avg", bindAvg, DistinctMode::kWrap,
               "avg(expr) - Returns the mean calculated from values of a group.", {"mean"});
  addAggregate(registry, "product", bindProduct, DistinctMode::kWrap,
               "product(expr) - Returns the product calculated from values of a group.");
}

}  // namespace spate::agg
