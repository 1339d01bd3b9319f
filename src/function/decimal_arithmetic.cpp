#include "function/decimal_arithmetic.h"

#include <algorithm>

#include "function/coercion.h"

namespace spate {

namespace {

using U128 = unsigned __int128;

constexpr uint64_t kPow10U64[20] = {1ULL,
                                    10ULL,
                                    100ULL,
                                    1000ULL,
                                    10000ULL,
                                    100000ULL,
                                    1000000ULL,
                                    10000000ULL,
                                    100000000ULL,
                                    1000000000ULL,
                                    10000000000ULL,
                                    100000000000ULL,
                                    1000000000000ULL,
                                    10000000000000ULL,
                                    100000000000000ULL,
                                    1000000000000000ULL,
                                    10000000000000000ULL,
                                    100000000000000000ULL,
                                    1000000000000000000ULL,
                                    10000000000000000000ULL};

const U128* pow10Table() {
  static const auto table = [] {
    static U128 t[39];
    t[0] = 1;
    for (int i = 1; i < 39; ++i) t[i] = t[i - 1] * 10;
    return t;
  }();
  return table;
}

U128 magnitude(Int128 v) { return v < 0 ? -static_cast<U128>(v) : static_cast<U128>(v); }

// An unsigned 512-bit integer: exact room for products and rescaled operands of 38-digit
// decimals (at most ~10^115).
struct Wide {
  static constexpr int kLimbs = 8;
  uint64_t limb[kLimbs] = {};

  static Wide of(U128 v) {
    Wide w;
    w.limb[0] = static_cast<uint64_t>(v);
    w.limb[1] = static_cast<uint64_t>(v >> 64);
    return w;
  }
  bool isZero() const {
    for (uint64_t l : limb)
      if (l) return false;
    return true;
  }
  bool fits128() const {
    for (int i = 2; i < kLimbs; ++i)
      if (limb[i]) return false;
    return true;
  }
  bool fits64() const { return fits128() && limb[1] == 0; }
  U128 low128() const { return (static_cast<U128>(limb[1]) << 64) | limb[0]; }
  void mulSmall(uint64_t m) {
    U128 carry = 0;
    for (uint64_t& l : limb) {
      U128 p = static_cast<U128>(l) * m + carry;
      l = static_cast<uint64_t>(p);
      carry = p >> 64;
    }
  }
  uint64_t divSmall(uint64_t d) {
    U128 rem = 0;
    for (int i = kLimbs - 1; i >= 0; --i) {
      U128 cur = (rem << 64) | limb[i];
      limb[i] = static_cast<uint64_t>(cur / d);
      rem = cur % d;
    }
    return static_cast<uint64_t>(rem);
  }
  void mulPow10(int n) {
    while (n > 0) {
      int k = std::min(n, 19);
      mulSmall(kPow10U64[k]);
      n -= k;
    }
  }
  int compare(const Wide& o) const {
    for (int i = kLimbs - 1; i >= 0; --i)
      if (limb[i] != o.limb[i]) return limb[i] < o.limb[i] ? -1 : 1;
    return 0;
  }
  void add(const Wide& o) {
    U128 carry = 0;
    for (int i = 0; i < kLimbs; ++i) {
      U128 s = static_cast<U128>(limb[i]) + o.limb[i] + carry;
      limb[i] = static_cast<uint64_t>(s);
      carry = s >> 64;
    }
  }
  // Requires *this >= o.
  void sub(const Wide& o) {
    uint64_t borrow = 0;
    for (int i = 0; i < kLimbs; ++i) {
      U128 d = static_cast<U128>(limb[i]) - o.limb[i] - borrow;
      limb[i] = static_cast<uint64_t>(d);
      borrow = (d >> 64) ? 1 : 0;
    }
  }
  int bitLength() const {
    for (int i = kLimbs - 1; i >= 0; --i)
      if (limb[i]) return i * 64 + 64 - __builtin_clzll(limb[i]);
    return 0;
  }
  bool bit(int i) const { return (limb[i >> 6] >> (i & 63)) & 1; }
  void setBit(int i) { limb[i >> 6] |= uint64_t{1} << (i & 63); }
  void shiftLeft1() {
    for (int i = kLimbs - 1; i > 0; --i) limb[i] = (limb[i] << 1) | (limb[i - 1] >> 63);
    limb[0] <<= 1;
  }
  int decimalDigits() const {
    Wide w = *this;
    int digits = 0;
    while (!w.fits64()) {
      w.divSmall(kPow10U64[19]);
      digits += 19;
    }
    uint64_t v = w.limb[0];
    if (digits > 0 && v == 0) return digits;
    do {
      ++digits;
      v /= 10;
    } while (v);
    return digits;
  }
};

Wide multiply(const Wide& a, U128 b) {
  Wide low = a;
  low.mulSmall(static_cast<uint64_t>(b));
  uint64_t high = static_cast<uint64_t>(b >> 64);
  if (high) {
    Wide h = a;
    h.mulSmall(high);
    for (int i = Wide::kLimbs - 1; i > 0; --i) h.limb[i] = h.limb[i - 1];
    h.limb[0] = 0;
    low.add(h);
  }
  return low;
}

// Truncating division with remainder.
void divide(const Wide& n, const Wide& d, Wide& q, Wide& r) {
  if (d.fits64()) {
    q = n;
    r = Wide::of(q.divSmall(d.limb[0]));
    return;
  }
  if (n.fits128() && d.fits128()) {
    q = Wide::of(n.low128() / d.low128());
    r = Wide::of(n.low128() % d.low128());
    return;
  }
  q = Wide{};
  r = Wide{};
  for (int i = n.bitLength() - 1; i >= 0; --i) {
    r.shiftLeft1();
    if (n.bit(i)) r.limb[0] |= 1;
    if (r.compare(d) >= 0) {
      r.sub(d);
      q.setBit(i);
    }
  }
}

// Whether to add one unit to a truncated magnitude, given how the dropped part compares with a
// half unit (`cmpHalf` < 0, 0, > 0) and whether anything was dropped.
bool roundsAway(RoundingMode mode, int cmpHalf, bool inexact, bool negative, bool odd) {
  switch (mode) {
    case RoundingMode::kHalfUp:
      return cmpHalf >= 0 && inexact;
    case RoundingMode::kHalfEven:
      return inexact && (cmpHalf > 0 || (cmpHalf == 0 && odd));
    case RoundingMode::kFloor:
      return negative && inexact;
    case RoundingMode::kCeiling:
      return !negative && inexact;
    case RoundingMode::kDown:
      return false;
  }
  return false;
}

// m / 10^k rounded with `mode` (k may be negative: multiplies).
Wide roundDivPow10(Wide m, int k, RoundingMode mode, bool negative) {
  if (k <= 0) {
    m.mulPow10(-k);
    return m;
  }
  bool sticky = false;
  while (k > 19) {
    sticky |= m.divSmall(kPow10U64[19]) != 0;
    k -= 19;
  }
  uint64_t d = kPow10U64[k];
  U128 r = m.divSmall(d);
  U128 twice = 2 * r;
  int cmpHalf = twice > d ? 1 : twice < d ? -1 : (sticky ? 1 : 0);
  if (roundsAway(mode, cmpHalf, r != 0 || sticky, negative, m.limb[0] & 1)) m.add(Wide::of(1));
  return m;
}

// A signed wide value at some scale.
struct SignedWide {
  bool negative = false;
  Wide magnitude;
};

SignedWide signedOf(Int128 v, int scaleUp) {
  SignedWide s{v < 0, Wide::of(magnitude(v))};
  s.magnitude.mulPow10(scaleUp);
  return s;
}

SignedWide addSigned(const SignedWide& a, const SignedWide& b) {
  if (a.negative == b.negative) {
    SignedWide r = a;
    r.magnitude.add(b.magnitude);
    return r;
  }
  if (a.magnitude.compare(b.magnitude) >= 0) {
    SignedWide r = a;
    r.magnitude.sub(b.magnitude);
    if (r.magnitude.isZero()) r.negative = false;
    return r;
  }
  SignedWide r = b;
  r.magnitude.sub(a.magnitude);
  return r;
}

// Rounds an exact value at `scale` to the operation's result type (HALF_UP), or nullopt.
std::optional<Int128> finish(const SignedWide& v, int scale, const DecimalOperation& op) {
  Wide m = roundDivPow10(v.magnitude, scale - op.outScale, RoundingMode::kHalfUp, v.negative);
  if (!m.fits128()) return std::nullopt;
  U128 u = m.low128();
  if (u >= pow10Table()[op.outPrecision]) return std::nullopt;
  Int128 r = static_cast<Int128>(u);
  return v.negative ? -r : r;
}

std::optional<Int128> addImpl(Int128 a, Int128 b, const DecimalOperation& op) {
  int s = std::max(op.s1, op.s2);
  Int128 x, y, sum;
  if (!__builtin_mul_overflow(a, static_cast<Int128>(pow10Table()[s - op.s1]), &x) &&
      !__builtin_mul_overflow(b, static_cast<Int128>(pow10Table()[s - op.s2]), &y) &&
      !__builtin_add_overflow(x, y, &sum))
    return rescaleDecimal(sum, s, op.outScale, op.outPrecision, RoundingMode::kHalfUp);
  return finish(addSigned(signedOf(a, s - op.s1), signedOf(b, s - op.s2)), s, op);
}

// Remainder of two decimals brought to a common scale; the sign follows the dividend.
SignedWide remainderWide(const SignedWide& x, const SignedWide& y) {
  Wide q, r;
  divide(x.magnitude, y.magnitude, q, r);
  return SignedWide{x.negative && !r.isZero(), r};
}

}  // namespace

TypePtr decimalAddType(const DataType& a, const DataType& b) {
  int scale = std::max(a.scale(), b.scale());
  int range = std::max(a.precision() - a.scale(), b.precision() - b.scale());
  return adjustPrecisionScale(range + scale + 1, scale);
}

TypePtr decimalMultiplyType(const DataType& a, const DataType& b) {
  return adjustPrecisionScale(a.precision() + b.precision() + 1, a.scale() + b.scale());
}

TypePtr decimalDivideType(const DataType& a, const DataType& b) {
  int intDigits = a.precision() - a.scale() + b.scale();
  int scale = std::max(kMinimumAdjustedScale, a.scale() + b.precision() + 1);
  return adjustPrecisionScale(intDigits + scale, scale);
}

TypePtr decimalRemainderType(const DataType& a, const DataType& b) {
  int scale = std::max(a.scale(), b.scale());
  return adjustPrecisionScale(
      std::min(a.precision() - a.scale(), b.precision() - b.scale()) + scale, scale);
}


bool fitsPrecision(Int128 v, int precision) { return magnitude(v) < pow10Table()[precision]; }

std::optional<Int128> rescaleDecimal(Int128 v, int from, int to, int precision, RoundingMode mode) {
  if (to >= from) {
    int k = to - from;
    if (v == 0) return Int128{0};
    if (k > 38) return std::nullopt;
    Int128 r;
    if (__builtin_mul_overflow(v, static_cast<Int128>(pow10Table()[k]), &r)) return std::nullopt;
    if (!fitsPrecision(r, precision)) return std::nullopt;
    return r;
  }
  int k = from - to;
  bool negative = v < 0;
  U128 m = magnitude(v);
  U128 q, r;
  U128 d;
  if (k > 38) {
    q = 0;
    r = m;
    // The dropped part is below a half unit whenever the divisor exceeds 2 * m.
    bool inexact = m != 0;
    if (roundsAway(mode, -1, inexact, negative, false)) q = 1;
  } else {
    d = pow10Table()[k];
    q = m / d;
    r = m % d;
    int cmpHalf = r > d - r ? 1 : r < d - r ? -1 : 0;
    if (roundsAway(mode, cmpHalf, r != 0, negative, q & 1)) ++q;
  }
  if (q >= pow10Table()[precision]) return std::nullopt;
  Int128 result = static_cast<Int128>(q);
  return negative ? -result : result;
}

std::optional<Int128> decimalAdd(Int128 a, Int128 b, const DecimalOperation& op) {
  return addImpl(a, b, op);
}

std::optional<Int128> decimalSubtract(Int128 a, Int128 b, const DecimalOperation& op) {
  return addImpl(a, -b, op);
}

std::optional<Int128> decimalMultiply(Int128 a, Int128 b, const DecimalOperation& op) {
  int scale = op.s1 + op.s2;
  Int128 p;
  if (!__builtin_mul_overflow(a, b, &p) && fitsPrecision(p, kMaxDecimalPrecision))
    return rescaleDecimal(p, scale, op.outScale, op.outPrecision, RoundingMode::kHalfUp);
  SignedWide product{(a < 0) != (b < 0), multiply(Wide::of(magnitude(a)), magnitude(b))};
  if (product.magnitude.isZero()) return Int128{0};
  // MathContext(38, HALF_UP): the exact product keeps at most 38 significant digits.
  int digits = product.magnitude.decimalDigits();
  if (digits > kMaxDecimalPrecision) {
    int drop = digits - kMaxDecimalPrecision;
    product.magnitude =
        roundDivPow10(product.magnitude, drop, RoundingMode::kHalfUp, product.negative);
    scale -= drop;
  }
  return finish(product, scale, op);
}

std::optional<Int128> decimalDivide(Int128 a, Int128 b, const DecimalOperation& op) {
  if (b == 0) return std::nullopt;
  bool negative = (a < 0) != (b < 0);
  // Quotient at the result scale: N / D with N = |a| 10^e (or D = |b| 10^-e).
  int e = op.outScale - op.s1 + op.s2;
  int k = kMaxDecimalPrecision - op.outScale;  // digits Spark's scale-38 quotient keeps beyond
  Wide n = Wide::of(magnitude(a)), d = Wide::of(magnitude(b));
  if (e >= 0)
    n.mulPow10(e);
  else
    d.mulPow10(-e);
  Wide q, r;
  divide(n, d, q, r);
  // Spark rounds HALF_UP to scale 38 first, then HALF_UP to the result scale: that rounds up
  // iff 2r >= D, or (D - 2r) * 10^k <= D (the remainder rounds up to exactly half at scale 38).
  Wide twice = r;
  twice.add(r);
  bool up = twice.compare(d) >= 0;
  if (!up && k > 0 && !r.isZero()) {
    Wide gap = d;
    gap.sub(twice);
    if (gap.bitLength() + 4 * k <= 500) {
      gap.mulPow10(k);
      up = gap.compare(d) <= 0;
    }
  }
  if (up) q.add(Wide::of(1));
  if (!q.fits128() || q.low128() >= pow10Table()[op.outPrecision]) return std::nullopt;
  Int128 result = static_cast<Int128>(q.low128());
  return negative ? -result : result;
}

std::optional<Int128> decimalRemainder(Int128 a, Int128 b, const DecimalOperation& op) {
  if (b == 0) return std::nullopt;
  int s = std::max(op.s1, op.s2);
  SignedWide r = remainderWide(signedOf(a, s - op.s1), signedOf(b, s - op.s2));
  return finish(r, s, op);
}

std::optional<Int128> decimalPmod(Int128 a, Int128 b, const DecimalOperation& op) {
  if (b == 0) return std::nullopt;
  int s = std::max(op.s1, op.s2);
  SignedWide n = signedOf(b, s - op.s2);
  SignedWide r = remainderWide(signedOf(a, s - op.s1), n);
  if (r.negative) r = remainderWide(addSigned(r, n), n);
  return finish(r, s, op);
}

std::optional<int64_t> decimalIntegralDivide(Int128 a, Int128 b, int s1, int s2) {
  if (b == 0) return std::nullopt;
  int s = std::max(s1, s2);
  SignedWide x = signedOf(a, s - s1), y = signedOf(b, s - s2);
  Wide q, r;
  divide(x.magnitude, y.magnitude, q, r);
  uint64_t low = q.limb[0];
  if (x.negative != y.negative) low = 0 - low;
  return static_cast<int64_t>(low);
}

int compareDecimals(Int128 a, int sa, Int128 b, int sb) {
  if (sa == sb) return a < b ? -1 : a > b ? 1 : 0;
  if ((a < 0) != (b < 0)) return a < 0 ? -1 : 1;
  int s = std::max(sa, sb);
  SignedWide x = signedOf(a, s - sa), y = signedOf(b, s - sb);
  int c = x.magnitude.compare(y.magnitude);
  return a < 0 ? -c : c;
}

}  // namespace spate
