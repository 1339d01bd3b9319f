// Math functions on DOUBLE (sqrt, exp, ln, trigonometry, pow, …), abs, factorial, shifts, pi(),
// e(), rand() and randn(). Calls carry Spark's pretty names ("SQRT", "ln", "POWER"/"pow"), which
// Spark shows in generated column names.
#include <cmath>
#include <mutex>
#include <random>

#include "function/analysis_errors.h"
#include "function/coercion.h"
#include "function/kernel.h"
#include "function/math_registration.h"
#include "function/registry.h"
#include "function/vector_kernels.h"

namespace spate {

namespace {

// Integral and floating inputs are read as DOUBLE inside the kernels; decimals and strings are
// cast (a decimal's DOUBLE must be the correctly rounded one).
ExprPtr doubleInput(const std::string& sql, int index, const ExprPtr& x) {
  switch (x->type->id()) {
    case TypeId::kByte:
    case TypeId::kShort:
    case TypeId::kInt:
    case TypeId::kLong:
    case TypeId::kFloat:
    case TypeId::kDouble:
      return x;
    case TypeId::kDecimal:
    case TypeId::kString:
    case TypeId::kNull:
      return coerceTo(x, DataType::doubleType());
    default:
      throwUnexpectedInputType(sql, index, "\"DOUBLE\"", *x);
  }
}

template <typename F>
ColumnPtr mapToDouble(const KernelArgs& a, F f) {
  switch (a.columns[0]->typeId()) {
    case TypeId::kByte:
      return unaryFixed<double, int8_t>(a, [&](int8_t x) { return f(double(x)); });
    case TypeId::kShort:
      return unaryFixed<double, int16_t>(a, [&](int16_t x) { return f(double(x)); });
    case TypeId::kInt:
      return unaryFixed<double, int32_t>(a, [&](int32_t x) { return f(double(x)); });
    case TypeId::kLong:
      return unaryFixed<double, int64_t>(a, [&](int64_t x) { return f(double(x)); });
    case TypeId::kFloat:
      return unaryFixed<double, float>(a, [&](float x) { return f(double(x)); });
    default:
      return unaryFixed<double, double>(a, f);
  }
}

template <typename F>
ColumnPtr mapToDoubleNullable(const KernelArgs& a, F f) {
  switch (a.columns[0]->typeId()) {
    case TypeId::kByte:
      return unaryFixedNullable<double, int8_t>(
          a, [&](int8_t x, double& o) { return f(double(x), o); });
    case TypeId::kShort:
      return unaryFixedNullable<double, int16_t>(
          a, [&](int16_t x, double& o) { return f(double(x), o); });
    case TypeId::kInt:
      return unaryFixedNullable<double, int32_t>(
          a, [&](int32_t x, double& o) { return f(double(x), o); });
    case TypeId::kLong:
      return unaryFixedNullable<double, int64_t>(
          a, [&](int64_t x, double& o) { return f(double(x), o); });
    case TypeId::kFloat:
      return unaryFixedNullable<double, float>(a,
                                               [&](float x, double& o) { return f(double(x), o); });
    default:
      return unaryFixedNullable<double, double>(a, f);
  }
}

double readDouble(const Column& c, int64_t i) {
  switch (c.typeId()) {
    case TypeId::kByte:
      return c.valueAt<int8_t>(i);
    case TypeId::kShort:
      return c.valueAt<int16_t>(i);
    case TypeId::kInt:
      return c.valueAt<int32_t>(i);
    case TypeId::kLong:
      return static_cast<double>(c.valueAt<int64_t>(i));
    case TypeId::kFloat:
      return c.valueAt<float>(i);
    default:
      return c.valueAt<double>(i);
  }
}

using DoubleFn = double (*)(double);

struct UnaryMath {
  const char* name;
  const char* pretty;
  DoubleFn f;
};

// Java's Math.toDegrees / toRadians (JDK 9+ multiply by a constant).
double toDegrees(double x) { return x * 57.29577951308232; }
double toRadians(double x) { return x * 0.017453292519943295; }
double signum(double x) { return x > 0 ? 1.0 : x < 0 ? -1.0 : x; }
// Spark's own formulas for the inverse hyperbolic functions.
double sparkAsinh(double x) {
  return x == -INFINITY ? -INFINITY : std::log(x + std::sqrt(x * x + 1.0));
}
double sparkAcosh(double x) { return std::log(x + std::sqrt(x * x - 1.0)); }
double sparkAtanh(double x) { return 0.5 * (std::log1p(x) - std::log1p(-x)); }

const UnaryMath kUnaryMath[] = {
    {"acos", "ACOS", [](double x) { return std::acos(x); }},
    {"asin", "ASIN", [](double x) { return std::asin(x); }},
    {"atan", "ATAN", [](double x) { return std::atan(x); }},
    // Extended precision makes exact cubes exact, as Java's cbrt.
    {"cbrt", "CBRT",
     [](double x) { return static_cast<double>(std::cbrt(static_cast<long double>(x))); }},
    {"cos", "COS", [](double x) { return std::cos(x); }},
    {"cosh", "COSH", [](double x) { return std::cosh(x); }},
    {"exp", "EXP", [](double x) { return std::exp(x); }},
    {"expm1", "EXPM1", [](double x) { return std::expm1(x); }},
    {"sin", "SIN", [](double x) { return std::sin(x); }},
    {"sinh", "SINH", [](double x) { return std::sinh(x); }},
    {"sqrt", "SQRT", [](double x) { return std::sqrt(x); }},
    {"tan", "TAN", [](double x) { return std::tan(x); }},
    {"tanh", "TANH", [](double x) { return std::tanh(x); }},
    {"cot", "COT", [](double x) { return 1.0 / std::tan(x); }},
    {"sec", "SEC", [](double x) { return 1.0 / std::cos(x); }},
    {"csc", "CSC", [](double x) { return 1.0 / std::sin(x); }},
    {"asinh", "ASINH", sparkAsinh},
    {"acosh", "ACOSH", sparkAcosh},
    {"atanh", "ATANH", sparkAtanh},
    {"degrees", "DEGREES", toDegrees},
    {"radians", "RADIANS", toRadians},
    {"signum", "SIGNUM", signum},
    {"sign", "sign", signum},
    {"rint", "rint", [](double x) { return std::nearbyint(x); }},
};

ExprPtr bindUnaryMath(const UnaryMath& m, std::vector<ExprPtr> args) {
  checkArgCount(m.name, args, 1, 1);
  ExprPtr x = doubleInput(callSql(m.pretty, args), 1, args[0]);
  DoubleFn f = m.f;
  return makeCall(
      m.pretty, DataType::doubleType(), {x}, [f](const KernelArgs& a) { return mapToDouble(a, f); },
      nullptr, x->nullable);
}

// Logarithms give NULL at or below their asymptote (ln(0), log10(-1), log1p(-1)).
struct LogMath {
  const char* name;
  const char* pretty;
  DoubleFn f;
  double asymptote;
};

const LogMath kLogMath[] = {
    {"ln", "ln", [](double x) { return std::log(x); }, 0.0},
    {"log10", "LOG10", [](double x) { return std::log10(x); }, 0.0},
    {"log2", "LOG2", [](double x) { return std::log(x) / std::log(2.0); }, 0.0},
    {"log1p", "LOG1P", [](double x) { return std::log1p(x); }, -1.0},
};

ScalarKernel logKernel(DoubleFn f, double asymptote) {
  return [f, asymptote](const KernelArgs& a) {
    return mapToDoubleNullable(a, [f, asymptote](double x, double& out) {
      if (x <= asymptote) return false;
      out = f(x);
      return true;
    });
  };
}

ExprPtr bindLog(const LogMath& m, std::vector<ExprPtr> args) {
  checkArgCount(m.name, args, 1, 1);
  ExprPtr x = doubleInput(callSql(m.pretty, args), 1, args[0]);
  return makeCall(m.pretty, DataType::doubleType(), {x}, logKernel(m.f, m.asymptote));
}

// Binary DOUBLE functions: both inputs read as doubles row by row.
template <typename F>
ScalarKernel binaryDoubleKernel(F f) {
  return [f](const KernelArgs& a) {
    const Column& x = *a.columns[0];
    const Column& y = *a.columns[1];
    KernelWriter<double> w(a.resultType, a.rows);
    for (int64_t i = 0; i < a.rows; ++i) {
      if (x.isNull(i) || y.isNull(i)) {
        w.setNull(i);
        continue;
      }
      std::optional<double> r = f(readDouble(x, i), readDouble(y, i));
      if (r)
        w.set(i, *r);
      else
        w.setNull(i);
    }
    return w.finish();
  };
}

template <typename F>
ExprPtr bindBinaryMath(const char* name, const char* pretty, std::vector<ExprPtr> args, F f) {
  checkArgCount(name, args, 2, 2);
  std::string sql = callSql(pretty, args);
  ExprPtr x = doubleInput(sql, 1, args[0]);
  ExprPtr y = doubleInput(sql, 2, args[1]);
  return makeCall(pretty, DataType::doubleType(), {x, y}, binaryDoubleKernel(f));
}

std::optional<double> logarithm(double base, double x) {
  if (base <= 0.0 || x <= 0.0) return std::nullopt;
  return std::log(x) / std::log(base);
}

ExprPtr bindLogarithm(std::vector<ExprPtr> args) {
  checkArgCount("log", args, 1, 2);
  if (args.size() == 1) {
    // log(x) is Logarithm(E(), x) in Spark, computed as ln(x).
    ExprPtr x = doubleInput("LOG(E(), " + exprSql(*args[0]) + ")", 2, args[0]);
    return makeCall("LOG", DataType::doubleType(), {x},
                    logKernel([](double v) { return std::log(v); }, 0.0));
  }
  return bindBinaryMath("log", "LOG", std::move(args), logarithm);
}

template <typename T>
ColumnPtr absColumn(const KernelArgs& a) {
  if constexpr (std::is_floating_point_v<T>) {
    return unaryFixed<T, T>(a, [](T x) { return std::fabs(x); });
  } else if constexpr (std::is_same_v<T, Int128>) {
    return unaryFixed<T, T>(a, [](T x) { return x < 0 ? -x : x; });
  } else {
    // Math.abs wraps for the minimum value (non-ANSI).
    return unaryFixed<T, T>(
        a, [](T x) { return x < 0 ? static_cast<T>(0 - static_cast<uint64_t>(x)) : x; });
  }
}

ExprPtr bindAbs(std::vector<ExprPtr> args, const BindContext&) {
  checkArgCount("abs", args, 1, 1);
  ExprPtr x = args[0];
  if (x->type->id() == TypeId::kString || x->type->id() == TypeId::kNull)
    x = coerceTo(x, DataType::doubleType());
  ScalarKernel kernel;
  switch (x->type->id()) {
    case TypeId::kByte:
      kernel = absColumn<int8_t>;
      break;
    case TypeId::kShort:
      kernel = absColumn<int16_t>;
      break;
    case TypeId::kInt:
      kernel = absColumn<int32_t>;
      break;
    case TypeId::kLong:
      kernel = absColumn<int64_t>;
      break;
    case TypeId::kFloat:
      kernel = absColumn<float>;
      break;
    case TypeId::kDouble:
      kernel = absColumn<double>;
      break;
    case TypeId::kDecimal:
      kernel = absColumn<Int128>;
      break;
    default:
      throwUnexpectedInputType(
          callSql("abs", args), 1,
          "(\"NUMERIC\" or \"INTERVAL DAY TO SECOND\" or \"INTERVAL YEAR TO MONTH\")", *x);
  }
  return makeCall("abs", x->type, {x}, std::move(kernel), nullptr, x->nullable);
}

ExprPtr bindFactorial(std::vector<ExprPtr> args, const BindContext&) {
  checkArgCount("factorial", args, 1, 1);
  ExprPtr x = args[0];
  if (!x->type->isNumeric() && x->type->id() != TypeId::kString && x->type->id() != TypeId::kNull)
    throwUnexpectedInputType(callSql("factorial", args), 1, "\"INT\"", *x);
  x = coerceTo(x, DataType::integer());
  return makeCall("factorial", DataType::longType(), {x}, [](const KernelArgs& a) {
    return unaryFixedNullable<int64_t, int32_t>(a, [](int32_t n, int64_t& out) {
      if (n < 0 || n > 20) return false;
      int64_t f = 1;
      for (int32_t i = 2; i <= n; ++i) f *= i;
      out = f;
      return true;
    });
  });
}

enum class Shift { kLeft, kRight, kRightUnsigned };

template <typename T>
ScalarKernel shiftKernel(Shift kind) {
  return [kind](const KernelArgs& a) {
    return binaryFixed<T, T, int32_t>(a, [kind](T x, int32_t n) -> T {
      using U = std::make_unsigned_t<T>;
      int bits = static_cast<int>(sizeof(T) * 8);
      int s = n & (bits - 1);  // Java masks the shift distance
      switch (kind) {
        case Shift::kLeft:
          return static_cast<T>(static_cast<U>(x) << s);
        case Shift::kRight:
          return static_cast<T>(x >> s);
        case Shift::kRightUnsigned:
          return static_cast<T>(static_cast<U>(x) >> s);
      }
      return x;
    });
  };
}

ExprPtr bindShift(const char* name, Shift kind, std::vector<ExprPtr> args) {
  checkArgCount(name, args, 2, 2);
  std::string sql = callSql(name, args);
  ExprPtr x = args[0], n = args[1];
  TypeId t = x->type->id();
  if (t == TypeId::kByte || t == TypeId::kShort || t == TypeId::kNull)
    x = coerceTo(x, DataType::integer());
  else if (t != TypeId::kInt && t != TypeId::kLong)
    throwUnexpectedInputType(sql, 1, "(\"INT\" or \"BIGINT\")", *x);
  if (!n->type->isIntegral() && n->type->id() != TypeId::kNull)
    throwUnexpectedInputType(sql, 2, "\"INT\"", *n);
  n = coerceTo(n, DataType::integer());
  ScalarKernel kernel =
      x->type->id() == TypeId::kInt ? shiftKernel<int32_t>(kind) : shiftKernel<int64_t>(kind);
  return makeCall(name, x->type, {x, n}, std::move(kernel), nullptr, x->nullable || n->nullable);
}

ExprPtr bindConstant(const char* name, const char* pretty, double value,
                     std::vector<ExprPtr> args) {
  checkArgCount(name, args, 0, 0);
  return makeCall(
      pretty, DataType::doubleType(), {},
      [value](const KernelArgs& a) {
        return makeConstantColumn(a.resultType, Value(value), a.rows);
      },
      nullptr, false);
}

// ---- rand / randn
// ---------------------------------------------------------------------------------

// Scala's MurmurHash3.bytesHash, used by Spark's XORShiftRandom.hashSeed.
uint32_t rotl32(uint32_t x, int r) { return (x << r) | (x >> (32 - r)); }
uint32_t mixLast(uint32_t h, uint32_t k) {
  k *= 0xcc9e2d51;
  k = rotl32(k, 15);
  k *= 0x1b873593;
  return h ^ k;
}
uint32_t mix(uint32_t h, uint32_t k) {
  h = mixLast(h, k);
  h = rotl32(h, 13);
  return h * 5 + 0xe6546b64;
}
uint32_t bytesHash(const uint8_t* data, int length, uint32_t seed) {
  uint32_t h = seed;
  int i = 0;
  for (; length - i >= 4; i += 4)
    h = mix(h, data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (uint32_t{data[i + 3]} << 24));
  uint32_t k = 0;
  int rest = length - i;
  if (rest == 3) k ^= data[i + 2] << 16;
  if (rest >= 2) k ^= data[i + 1] << 8;
  if (rest >= 1) {
    k ^= data[i];
    h = mixLast(h, k);
  }
  h ^= static_cast<uint32_t>(length);
  h ^= h >> 16;
  h *= 0x85ebca6b;
  h ^= h >> 13;
  h *= 0xc2b2ae35;
  h ^= h >> 16;
  return h;
}

// Spark's XORShiftRandom (a java.util.Random with an xorshift next()).
class XorShiftRandom {
 public:
  explicit XorShiftRandom(int64_t seed) {
    uint8_t bytes[8];
    for (int i = 0; i < 8; ++i)
      bytes[i] = static_cast<uint8_t>(static_cast<uint64_t>(seed) >> (56 - 8 * i));
    uint32_t low = bytesHash(bytes, 8, 0x3c074a61);
    uint32_t high = bytesHash(bytes, 8, low);
    seed_ = (static_cast<uint64_t>(high) << 32) | low;
  }
  double nextDouble() {
    return static_cast<double>((static_cast<int64_t>(next(26)) << 27) + next(27)) * 0x1.0p-53;
  }
  double nextGaussian() {
    if (haveNextGaussian_) {
      haveNextGaussian_ = false;
      return nextGaussian_;
    }
    double v1, v2, s;
    do {
      v1 = 2 * nextDouble() - 1;
      v2 = 2 * nextDouble() - 1;
      s = v1 * v1 + v2 * v2;
    } while (s >= 1 || s == 0);
    double multiplier = std::sqrt(-2 * std::log(s) / s);
    nextGaussian_ = v2 * multiplier;
    haveNextGaussian_ = true;
    return v1 * multiplier;
  }

 private:
  int32_t next(int bits) {
    uint64_t s = seed_ ^ (seed_ << 21);
    s ^= s >> 35;
    s ^= s << 4;
    seed_ = s;
    return static_cast<int32_t>(s & ((uint64_t{1} << bits) - 1));
  }
  uint64_t seed_;
  bool haveNextGaussian_ = false;
  double nextGaussian_ = 0;
};

// One generator per call site (partition index 0), continued across batches.
struct RandomState {
  explicit RandomState(int64_t seed) : rng(seed) {}
  mutable std::mutex mutex;
  mutable XorShiftRandom rng;
};

ExprPtr bindRandom(const char* name, bool gaussian, std::vector<ExprPtr> args) {
  checkArgCount(name, args, 0, 1);
  int64_t seed;
  std::string sql;
  if (args.empty()) {
    std::random_device device;
    seed = (static_cast<int64_t>(device()) << 32) ^ device();
  } else {
    const ExprPtr& s = args[0];
    sql = callSql(name, args);
    TypeId t = s->type->id();
    if (t != TypeId::kInt && t != TypeId::kLong && t != TypeId::kNull && t != TypeId::kByte &&
        t != TypeId::kShort)
      throwUnexpectedInputType(sql, 1, "(\"INT\" or \"BIGINT\")", *s);
    if (!isConstant(*s))
      throwDataTypeMismatch("NON_FOLDABLE_INPUT", sql,
                            "the input `seed` should be a foldable (\"INT\" or \"BIGINT\") "
                            "expression; however, got \"" +
                                exprSql(*s) + "\".");
    Value v = evaluateConstant(*s, EvalContext{});
    seed = v.isNull() ? 0 : v.asLong();
  }
  auto state = std::make_shared<RandomState>(seed);
  auto call = makeCall(
      name, DataType::doubleType(), {},
      [gaussian](const KernelArgs& a) {
        const auto& st = *static_cast<const RandomState*>(a.state);
        auto out = makeFixedColumn(a.resultType, a.rows, sizeof(double));
        double* o = out->mutableData().as<double>();
        std::lock_guard<std::mutex> lock(st.mutex);
        for (int64_t i = 0; i < a.rows; ++i)
          o[i] = gaussian ? st.rng.nextGaussian() : st.rng.nextDouble();
        return out;
      },
      state, false);
  auto e = std::make_shared<Expr>(*call);
  e->deterministic = false;
  return e;
}

}  // namespace

void registerMathFunctions(FunctionRegistry& registry) {
  for (const auto& m : kUnaryMath) {
    const UnaryMath* fn = &m;
    registry.addScalar(
        fn->name,
        [fn](std::vector<ExprPtr> args, const BindContext&) {
          return bindUnaryMath(*fn, std::move(args));
        },
        std::string(fn->name) + "(expr) - Returns " + fn->name + " of `expr` as a DOUBLE.");
  }
  for (const auto& m : kLogMath) {
    const LogMath* fn = &m;
    registry.addScalar(
        fn->name,
        [fn](std::vector<ExprPtr> args, const BindContext&) {
          return bindLog(*fn, std::move(args));
        },
        std::string(fn->name) +
            "(expr) - Returns the logarithm of `expr`; NULL when out of range.");
  }
  registry.addScalar(
      "log",
      [](std::vector<ExprPtr> args, const BindContext&) { return bindLogarithm(std::move(args)); },
      "log(base, expr) - Returns the logarithm of `expr` with `base`.");
  auto power = [](double x, double y) -> std::optional<double> { return std::pow(x, y); };
  registry.addScalar(
      "pow",
      [power](std::vector<ExprPtr> args, const BindContext&) {
        return bindBinaryMath("pow", "pow", std::move(args), power);
      },
      "pow(expr1, expr2) - Raises `expr1` to the power of `expr2`.");
  registry.addScalar(
      "power",
      [power](std::vector<ExprPtr> args, const BindContext&) {
        return bindBinaryMath("power", "POWER", std::move(args), power);
      },
      "power(expr1, expr2) - Raises `expr1` to the power of `expr2`.");
  registry.addScalar(
      "atan2",
      [](std::vector<ExprPtr> args, const BindContext&) {
        // Spark adds 0.0 to both sides so that -0.0 counts as 0.0.
        return bindBinaryMath("atan2", "ATAN2", std::move(args),
                              [](double y, double x) -> std::optional<double> {
                                return std::atan2(y + 0.0, x + 0.0);
                              });
      },
      "atan2(exprY, exprX) - Returns the angle in radians of the point (exprX, exprY).");
  registry.addScalar(
      "hypot",
      [](std::vector<ExprPtr> args, const BindContext&) {
        return bindBinaryMath(
            "hypot", "HYPOT", std::move(args),
            [](double x, double y) -> std::optional<double> { return std::hypot(x, y); });
      },
      "hypot(expr1, expr2) - Returns sqrt(`expr1`^2 + `expr2`^2).");
  registry.addScalar("abs", bindAbs,
                     "abs(expr) - Returns the absolute value of the numeric value.");
  registry.addScalar("factorial", bindFactorial,
                     "factorial(expr) - Returns the factorial of `expr` (0..20), else NULL.");
  registry.addScalar(
      "shiftleft",
      [](std::vector<ExprPtr> args, const BindContext&) {
        return bindShift("shiftleft", Shift::kLeft, std::move(args));
      },
      "shiftleft(base, expr) - Bitwise left shift.");
  registry.addScalar(
      "shiftright",
      [](std::vector<ExprPtr> args, const BindContext&) {
        return bindShift("shiftright", Shift::kRight, std::move(args));
      },
      "shiftright(base, expr) - Bitwise (signed) right shift.");
  registry.addScalar(
      "shiftrightunsigned",
      [](std::vector<ExprPtr> args, const BindContext&) {
        return bindShift("shiftrightunsigned", Shift::kRightUnsigned, std::move(args));
      },
      "shiftrightunsigned(base, expr) - Bitwise unsigned right shift.");
  registry.addScalar(
      "pi",
      [](std::vector<ExprPtr> args, const BindContext&) {
        return bindConstant("pi", "PI", M_PI, std::move(args));
      },
      "pi() - Returns pi.");
  registry.addScalar(
      "e",
      [](std::vector<ExprPtr> args, const BindContext&) {
        return bindConstant("e", "E", M_E, std::move(args));
      },
      "e() - Returns Euler's number, e.");
  for (const char* name : {"rand", "random"}) {
    registry.addScalar(
        name,
        [name](std::vector<ExprPtr> args, const BindContext&) {
          return bindRandom(name, false, std::move(args));
        },
        std::string(name) + "([seed]) - Returns a random value uniformly distributed in [0, 1).");
  }
  registry.addScalar(
      "randn",
      [](std::vector<ExprPtr> args, const BindContext&) {
        return bindRandom("randn", true, std::move(args));
      },
      "randn([seed]) - Returns a random value drawn from the standard normal distribution.");
  registerRoundingFunctions(registry);
  registerNumberFormatFunctions(registry);
}

}  // namespace spate
