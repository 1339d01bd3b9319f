// approx_count_distinct: HyperLogLog++ over Spark's xxhash64 of each value (seed 42), so the
// registers, and the estimates outside the bias-corrected range, are the ones Spark computes.
#include "function/hyperloglog.h"

#include <xxhash.h>

#include <array>
#include <bit>
#include <cmath>
#include <cstring>
#include <limits>

#include "common/error.h"
#include "function/aggregate_kernel.h"

namespace spate {

namespace {

inline uint64_t hashInt(int32_t v, uint64_t seed) { return XXH64(&v, sizeof(v), seed); }
inline uint64_t hashLong(int64_t v, uint64_t seed) { return XXH64(&v, sizeof(v), seed); }
inline uint64_t hashBytes(std::string_view v, uint64_t seed) {
  return XXH64(v.data(), v.size(), seed);
}

/// Java's Float.floatToIntBits / Double.doubleToLongBits after Spark's -0.0 → 0.0.
inline int32_t floatBits(float f) {
  if (std::isnan(f)) return 0x7fc00000;
  if (f == 0.0f) return 0;
  return std::bit_cast<int32_t>(f);
}
inline int64_t doubleBits(double d) {
  if (std::isnan(d)) return 0x7ff8000000000000LL;
  if (d == 0.0) return 0;
  return std::bit_cast<int64_t>(d);
}

uint64_t hashDecimal(Int128 unscaled, int precision, uint64_t seed) {
  if (precision <= 18) return hashLong(static_cast<int64_t>(unscaled), seed);
  // java.math.BigInteger.toByteArray: minimal big-endian two's complement.
  std::array<uint8_t, 16> bytes;
  for (int i = 0; i < 16; ++i) bytes[15 - i] = static_cast<uint8_t>(unscaled >> (8 * i));
  int start = 0;
  while (start < 15 && ((bytes[start] == 0x00 && !(bytes[start + 1] & 0x80)) ||
                        (bytes[start] == 0xff && (bytes[start + 1] & 0x80)))) {
    ++start;
  }
  return XXH64(bytes.data() + start, 16 - start, seed);
}

// Thresholds between linear counting and the HLL estimate, by precision - 4 (Spark's table).
constexpr std::array<double, 15> kThresholds = {
    10, 20, 40, 80, 220, 400, 900, 1800, 3100, 6500, 15500, 20000, 50000, 120000, 350000};

}  // namespace

uint64_t sparkXxHash64(const Column& column, int64_t row, uint64_t seed) {
  if (column.typeId() == TypeId::kNull || column.isNull(row)) return seed;
  switch (column.typeId()) {
    case TypeId::kBoolean:
      return hashInt(column.valueAt<uint8_t>(row) ? 1 : 0, seed);
    case TypeId::kByte:
      return hashInt(column.valueAt<int8_t>(row), seed);
    case TypeId::kShort:
      return hashInt(column.valueAt<int16_t>(row), seed);
    case TypeId::kInt:
    case TypeId::kDate:
      return hashInt(column.valueAt<int32_t>(row), seed);
    case TypeId::kLong:
    case TypeId::kTimestamp:
      return hashLong(column.valueAt<int64_t>(row), seed);
    case TypeId::kFloat:
      return hashInt(floatBits(column.valueAt<float>(row)), seed);
    case TypeId::kDouble:
      return hashLong(doubleBits(column.valueAt<double>(row)), seed);
    case TypeId::kDecimal:
      return hashDecimal(column.valueAt<Int128>(row), column.type()->precision(), seed);
    case TypeId::kString:
    case TypeId::kBinary:
      return hashBytes(column.stringAt(row), seed);
    case TypeId::kInterval: {
      Interval v = column.valueAt<Interval>(row);
      return hashInt(v.months, hashInt(v.days, hashLong(v.micros, seed)));
    }
    case TypeId::kArray:
    case TypeId::kMap: {
      uint64_t result = seed;
      for (int64_t k = column.listStart(row), e = k + column.listLength(row); k < e; ++k) {
        result = sparkXxHash64(*column.child(0), k, result);
        if (column.typeId() == TypeId::kMap) result = sparkXxHash64(*column.child(1), k, result);
      }
      return result;
    }
    case TypeId::kStruct: {
      uint64_t result = seed;
      for (size_t f = 0; f < column.numChildren(); ++f) {
        result = sparkXxHash64(*column.child(f), row, result);
      }
      return result;
    }
    default:
      return seed;
  }
}

HyperLogLogPlusPlus::HyperLogLogPlusPlus(double relativeSD) {
  double bits = std::ceil(2.0 * std::log(1.106 / relativeSD) / std::log(2.0));
  if (!(bits >= 4)) {
    throw IllegalArgumentException(
        "requirement failed: HLL++ requires at least 4 bits for addressing. Use a lower error, at "
        "most 39%.");
  }
  // Spark sets no upper bound; 2^26 registers (rsd ≈ 0.00013) is far beyond any sensible use.
  if (bits > 26) {
    throw IllegalArgumentException("approx_count_distinct: relativeSD " +
                                   std::to_string(relativeSD) + " is too small");
  }
  p_ = static_cast<int>(bits);
  m_ = 1 << p_;
  wPadding_ = uint64_t{1} << (p_ - 1);
  double m = m_;
  switch (p_) {
    case 4:
      alphaM2_ = 0.673 * m * m;
      break;
    case 5:
      alphaM2_ = 0.697 * m * m;
      break;
    case 6:
      alphaM2_ = 0.709 * m * m;
      break;
    default:
      alphaM2_ = (0.7213 / (1.0 + 1.079 / m)) * m * m;
  }
}

void HyperLogLogPlusPlus::merge(uint8_t* into, const uint8_t* from) const {
  for (int i = 0; i < m_; ++i) into[i] = std::max(into[i], from[i]);
}

int64_t HyperLogLogPlusPlus::estimate(const uint8_t* registers) const {
  double zInverse = 0;
  double zeros = 0;
  for (int i = 0; i < m_; ++i) {
    zInverse += 1.0 / static_cast<double>(int64_t{1} << registers[i]);
    if (registers[i] == 0) zeros += 1.0;
  }
  double m = m_;
  double e = alphaM2_ / zInverse;
  auto corrected = [&] { return p_ < 19 && e < 5.0 * m ? improvedRawEstimate(registers) : e; };
  double estimate;
  if (zeros > 0) {
    double h = m * std::log(m / zeros);  // linear counting
    if ((p_ < 19 && h <= kThresholds[p_ - 4]) || (p_ >= 19 && e <= 2.5 * m))
      estimate = h;
    else
      estimate = corrected();
  } else {
    estimate = corrected();
  }
  return static_cast<int64_t>(std::floor(estimate + 0.5));  // Java's Math.round
}

double HyperLogLogPlusPlus::improvedRawEstimate(const uint8_t* registers) const {
  // Ertl, "New cardinality estimation algorithms for HyperLogLog sketches" (2017), with q = 64 - p
  // rank bits: register values are 0…q + 1.
  int q = 64 - p_;
  std::array<double, 66> counts{};
  for (int i = 0; i < m_; ++i) counts[registers[i]] += 1;
  double m = m_;
  auto sigma = [](double x) {
    if (x == 1.0) return std::numeric_limits<double>::infinity();
    double y = 1;
    double z = x;
    double previous;
    do {
      x *= x;
      previous = z;
      z += x * y;
      y += y;
    } while (z != previous);
    return z;
  };
  auto tau = [](double x) {
    if (x == 0.0 || x == 1.0) return 0.0;
    double y = 1;
    double z = 1 - x;
    double previous;
    do {
      x = std::sqrt(x);
      previous = z;
      y *= 0.5;
      z -= (1 - x) * (1 - x) * y;
    } while (z != previous);
    return z / 3;
  };
  double z = m * tau(1.0 - counts[q + 1] / m);
  for (int k = q; k >= 1; --k) z = 0.5 * (z + counts[k]);
  z += m * sigma(counts[0] / m);
  return 0.5 / std::log(2.0) * m * m / z;
}

namespace agg {

namespace {

/// Registers inline in the state block (m bytes, 512 for the default rsd of 0.05).
class ApproxCountDistinctKernel final : public AggregateKernel {
 public:
  explicit ApproxCountDistinctKernel(double relativeSD) : hll_(relativeSD) {}

  size_t stateSize() const override { return (hll_.numRegisters() + 15) / 16 * 16; }
  void init(uint8_t* state) const override { std::memset(state, 0, hll_.numRegisters()); }
  void update(uint8_t* const* states, std::span<const ColumnPtr> args, const uint32_t* rowIndex,
              int64_t rows) const override {
    const Column& c = *args[0];
    auto run = [&](auto hash) {
      forEachValid(c, rowIndex, rows,
                   [&](int64_t i, uint32_t row) { hll_.add(states[i], hash(row)); });
    };
    constexpr uint64_t kSeed = 42;
    switch (c.typeId()) {
      case TypeId::kInt:
      case TypeId::kDate: {
        const int32_t* v = c.values<int32_t>();
        run([&](uint32_t row) { return hashInt(v[row], kSeed); });
        break;
      }
      case TypeId::kLong:
      case TypeId::kTimestamp: {
        const int64_t* v = c.values<int64_t>();
        run([&](uint32_t row) { return hashLong(v[row], kSeed); });
        break;
      }
      case TypeId::kDouble: {
        const double* v = c.values<double>();
        run([&](uint32_t row) { return hashLong(doubleBits(v[row]), kSeed); });
        break;
      }
      case TypeId::kString:
      case TypeId::kBinary:
        run([&](uint32_t row) { return hashBytes(c.stringAt(row), kSeed); });
        break;
      default:
        run([&](uint32_t row) { return sparkXxHash64(c, row, kSeed); });
    }
  }
  void merge(uint8_t* into, const uint8_t* from) const override { hll_.merge(into, from); }
  void finalize(const uint8_t* state, ColumnBuilder& out) const override {
    out.appendLong(hll_.estimate(state));
  }
  TypePtr bufferType() const override { return DataType::binary(); }
  Value serialize(const uint8_t* state) const override {
    return Value(std::string(reinterpret_cast<const char*>(state), hll_.numRegisters()));
  }
  void deserialize(const Value& buffer, uint8_t* state) const override {
    init(state);
    if (buffer.isNull()) return;
    const std::string& bytes = buffer.asString();
    std::memcpy(state, bytes.data(), std::min<size_t>(bytes.size(), hll_.numRegisters()));
  }

 private:
  HyperLogLogPlusPlus hll_;
};

BoundAggregate bindApproxCountDistinct(const std::string& name, std::vector<ExprPtr> args,
                                       const BindContext&) {
  checkArity(name, args, 1, 2);
  double relativeSD = 0.05;
  if (args.size() == 2) {
    const Expr& rsd = *args[1];
    TypeId id = rsd.type->id();
    if (rsd.kind != ExprKind::kLiteral || rsd.literal.isNull() ||
        (id != TypeId::kDouble && id != TypeId::kFloat && id != TypeId::kDecimal)) {
      throw AnalysisException("The second argument should be a double literal.");
    }
    relativeSD = id == TypeId::kDecimal ? static_cast<double>(rsd.literal.asDecimal()) /
                                              std::pow(10.0, rsd.type->scale())
                                        : rsd.literal.asDouble();
    args.pop_back();
  }
  return {name, DataType::longType(), false, std::move(args),
          std::make_shared<ApproxCountDistinctKernel>(relativeSD)};
}

}  // namespace

void registerApproxCountDistinct(FunctionRegistry& registry) {
  addAggregate(registry, "approx_count_distinct", bindApproxCountDistinct, DistinctMode::kIgnore,
               "approx_count_distinct(expr[, relativeSD]) - Returns the estimated cardinality by "
               "HyperLogLog++. `relativeSD` defines the maximum relative standard deviation "
               "allowed.");
}

}  // namespace agg

}  // namespace spate
