// Central moments (stddev, variance, skewness, kurtosis) and covariance/correlation, with the
// one-pass update and parallel merge formulas of Spark's CentralMomentAgg, Covariance and
// PearsonCorrelation, evaluated in the same operation order so results match Spark's bits.
#include <cmath>

#include "function/aggregate_kernel.h"

namespace spate::agg {

namespace {

// Since Spark 3.0 (spark.sql.legacy.statisticalAggregate=false) a division by zero in these
// results gives NULL rather than NaN.

enum class Moment { kStddevSamp, kStddevPop, kVarSamp, kVarPop, kSkewness, kKurtosis };

int momentOrder(Moment m) {
  switch (m) {
    case Moment::kSkewness:
      return 3;
    case Moment::kKurtosis:
      return 4;
    default:
      return 2;
  }
}

struct MomentState {
  double n = 0;
  double avg = 0;
  double m2 = 0;
  double m3 = 0;
  double m4 = 0;
};

template <typename In>
class CentralMomentKernel final : public StateKernel<MomentState> {
 public:
  explicit CentralMomentKernel(Moment moment) : moment_(moment), order_(momentOrder(moment)) {}

  void update(uint8_t* const* states, std::span<const ColumnPtr> args, const uint32_t* rowIndex,
              int64_t rows) const override {
    const Column& c = *args[0];
    if (order_ == 2) {
      forEachValid(c, rowIndex, rows, [&](int64_t i, uint32_t row) {
        auto& s = get(states[i]);
        double x = static_cast<double>(c.values<In>()[row]);
        double newN = s.n + 1.0;
        double delta = x - s.avg;
        double deltaN = delta / newN;
        s.n = newN;
        s.avg = s.avg + deltaN;
        s.m2 = s.m2 + delta * (delta - deltaN);
      });
      return;
    }
    forEachValid(c, rowIndex, rows, [&](int64_t i, uint32_t row) {
      auto& s = get(states[i]);
      double x = static_cast<double>(c.values<In>()[row]);
      double newN = s.n + 1.0;
      double delta = x - s.avg;
      double deltaN = delta / newN;
      double newM2 = s.m2 + delta * (delta - deltaN);
      double delta2 = delta * delta;
      double deltaN2 = deltaN * deltaN;
      double newM3 = s.m3 - 3.0 * deltaN * newM2 + delta * (delta2 - deltaN2);
      if (order_ >= 4) {
        s.m4 = s.m4 - 4.0 * deltaN * newM3 - 6.0 * deltaN2 * newM2 +
               delta * (delta * delta2 - deltaN * deltaN2);
      }
      s.n = newN;
      s.avg = s.avg + deltaN;
      s.m2 = newM2;
      s.m3 = newM3;
    });
  }

  void merge(uint8_t* into, const uint8_t* from) const override {
    auto& l = get(into);
    const auto& r = get(from);
    double n1 = l.n;
    double n2 = r.n;
    double newN = n1 + n2;
    double delta = r.avg - l.avg;
    double deltaN = newN == 0.0 ? 0.0 : delta / newN;
    double newAvg = l.avg + deltaN * n2;
    double newM2 = l.m2 + r.m2 + delta * deltaN * n1 * n2;
    double newM3 = 0;
    double newM4 = 0;
    if (order_ >= 3) {
      newM3 = l.m3 + r.m3 + deltaN * deltaN * delta * n1 * n2 * (n1 - n2) +
              3.0 * deltaN * (n1 * r.m2 - n2 * l.m2);
    }
    if (order_ >= 4) {
      newM4 = l.m4 + r.m4 +
              deltaN * deltaN * deltaN * delta * n1 * n2 * (n1 * n1 - n1 * n2 + n2 * n2) +
              6.0 * deltaN * deltaN * (n1 * n1 * r.m2 + n2 * n2 * l.m2) +
              4.0 * deltaN * (n1 * r.m3 - n2 * l.m3);
    }
    l = MomentState{newN, newAvg, newM2, newM3, newM4};
  }

  void finalize(const uint8_t* state, ColumnBuilder& out) const override {
    const auto& s = get(state);
    std::optional<double> r;
    if (s.n != 0.0) {
      switch (moment_) {
        case Moment::kStddevSamp:
          if (s.n != 1.0) r = std::sqrt(s.m2 / (s.n - 1.0));
          break;
        case Moment::kStddevPop:
          r = std::sqrt(s.m2 / s.n);
          break;
        case Moment::kVarSamp:
          if (s.n != 1.0) r = s.m2 / (s.n - 1.0);
          break;
        case Moment::kVarPop:
          r = s.m2 / s.n;
          break;
        case Moment::kSkewness:
          if (s.m2 != 0.0) r = std::sqrt(s.n) * s.m3 / std::sqrt(s.m2 * s.m2 * s.m2);
          break;
        case Moment::kKurtosis:
          if (s.m2 != 0.0) r = s.n * s.m4 / (s.m2 * s.m2) - 3.0;
          break;
      }
    }
    if (r)
      out.appendDouble(*r);
    else
      out.appendNull();
  }

  TypePtr bufferType() const override {
    const TypePtr& d = DataType::doubleType();
    if (order_ == 2) return bufferStruct({{"n", d}, {"avg", d}, {"m2", d}});
    if (order_ == 3) return bufferStruct({{"n", d}, {"avg", d}, {"m2", d}, {"m3", d}});
    return bufferStruct({{"n", d}, {"avg", d}, {"m2", d}, {"m3", d}, {"m4", d}});
  }
  Value serialize(const uint8_t* state) const override {
    const auto& s = get(state);
    ValueList fields{Value(s.n), Value(s.avg), Value(s.m2), Value(s.m3), Value(s.m4)};
    fields.resize(order_ + 1);
    return Value(std::move(fields));
  }
  void deserialize(const Value& buffer, uint8_t* state) const override {
    auto& s = reset(state);
    double* slots[] = {&s.n, &s.avg, &s.m2, &s.m3, &s.m4};
    for (int k = 0; k <= order_; ++k) {
      const Value& v = field(buffer, k);
      if (!v.isNull()) *slots[k] = v.asDouble();
    }
  }

 private:
  Moment moment_;
  int order_;
};

BoundAggregate bindMoment(const std::string& name, std::vector<ExprPtr> args, Moment moment) {
  checkArity(name, args, 1, 1);
  args[0] = coerceToDouble(name, args, 0);
  BoundAggregate out{name, DataType::doubleType(), true, {}, nullptr};
  visitDoubleInput(args[0]->type->id(), [&](auto tag) {
    out.kernel = std::make_shared<CentralMomentKernel<typename decltype(tag)::type>>(moment);
  });
  out.args = std::move(args);
  return out;
}

NamedAggregateBinder momentBinder(Moment moment) {
  return [moment](const std::string& name, std::vector<ExprPtr> args, const BindContext&) {
    return bindMoment(name, std::move(args), moment);
  };
}

// ---- covariance / correlation -----------------------------------------------------------------

enum class Pair { kCovarPop, kCovarSamp, kCorr };

struct PairState {
  double n = 0;
  double xAvg = 0;
  double yAvg = 0;
  double ck = 0;
  double xMk = 0;
  double yMk = 0;
};

/// Reads argument values of any coerceToDouble type as doubles (dispatching once per column).
void readDoubles(const Column& c, const uint32_t* rowIndex, int64_t rows,
                 std::vector<double>& out) {
  out.resize(rows);
  if (c.typeId() == TypeId::kNull) return;
  visitDoubleInput(c.typeId(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    const T* values = c.values<T>();
    forEachRow(rowIndex, rows,
               [&](int64_t i, uint32_t row) { out[i] = static_cast<double>(values[row]); });
  });
}

class PairKernel final : public StateKernel<PairState> {
 public:
  explicit PairKernel(Pair kind) : kind_(kind) {}

  void update(uint8_t* const* states, std::span<const ColumnPtr> args, const uint32_t* rowIndex,
              int64_t rows) const override {
    const Column& xc = *args[0];
    const Column& yc = *args[1];
    std::vector<double> xs;
    std::vector<double> ys;
    readDoubles(xc, rowIndex, rows, xs);
    readDoubles(yc, rowIndex, rows, ys);
    bool corr = kind_ == Pair::kCorr;
    forEachRow(rowIndex, rows, [&](int64_t i, uint32_t row) {
      if (isNullAt(xc, row) || isNullAt(yc, row)) return;
      auto& s = get(states[i]);
      double x = xs[i];
      double y = ys[i];
      double newN = s.n + 1.0;
      double dx = x - s.xAvg;
      double dxN = dx / newN;
      double dy = y - s.yAvg;
      double dyN = dy / newN;
      double newXAvg = s.xAvg + dxN;
      double newYAvg = s.yAvg + dyN;
      s.ck = s.ck + dx * (y - newYAvg);
      if (corr) {
        s.xMk = s.xMk + dx * (x - newXAvg);
        s.yMk = s.yMk + dy * (y - newYAvg);
      }
      s.n = newN;
      s.xAvg = newXAvg;
      s.yAvg = newYAvg;
    });
  }

  void merge(uint8_t* into, const uint8_t* from) const override {
    auto& l = get(into);
    const auto& r = get(from);
    double n1 = l.n;
    double n2 = r.n;
    double newN = n1 + n2;
    double dx = r.xAvg - l.xAvg;
    double dxN = newN == 0.0 ? 0.0 : dx / newN;
    double dy = r.yAvg - l.yAvg;
    double dyN = newN == 0.0 ? 0.0 : dy / newN;
    PairState out;
    out.n = newN;
    out.xAvg = l.xAvg + dxN * n2;
    out.yAvg = l.yAvg + dyN * n2;
    out.ck = l.ck + r.ck + dx * dyN * n1 * n2;
    if (kind_ == Pair::kCorr) {
      out.xMk = l.xMk + r.xMk + dx * dxN * n1 * n2;
      out.yMk = l.yMk + r.yMk + dy * dyN * n1 * n2;
    }
    l = out;
  }

  void finalize(const uint8_t* state, ColumnBuilder& out) const override {
    const auto& s = get(state);
    std::optional<double> r;
    if (s.n != 0.0) {
      switch (kind_) {
        case Pair::kCovarPop:
          r = s.ck / s.n;
          break;
        case Pair::kCovarSamp:
          if (s.n != 1.0) r = s.ck / (s.n - 1.0);
          break;
        case Pair::kCorr:
          if (s.n != 1.0) r = s.ck / std::sqrt(s.xMk * s.yMk);
          break;
      }
    }
    if (r)
      out.appendDouble(*r);
    else
      out.appendNull();
  }

  TypePtr bufferType() const override {
    const TypePtr& d = DataType::doubleType();
    if (kind_ == Pair::kCorr) {
      return bufferStruct({{"n", d}, {"xAvg", d}, {"yAvg", d}, {"ck", d}, {"xMk", d}, {"yMk", d}});
    }
    return bufferStruct({{"n", d}, {"xAvg", d}, {"yAvg", d}, {"ck", d}});
  }
  Value serialize(const uint8_t* state) const override {
    const auto& s = get(state);
    ValueList fields{Value(s.n),  Value(s.xAvg), Value(s.yAvg),
                     Value(s.ck), Value(s.xMk),  Value(s.yMk)};
    if (kind_ != Pair::kCorr) fields.resize(4);
    return Value(std::move(fields));
  }
  void deserialize(const Value& buffer, uint8_t* state) const override {
    auto& s = reset(state);
    double* slots[] = {&s.n, &s.xAvg, &s.yAvg, &s.ck, &s.xMk, &s.yMk};
    int fields = kind_ == Pair::kCorr ? 6 : 4;
    for (int k = 0; k < fields; ++k) {
      const Value& v = field(buffer, k);
      if (!v.isNull()) *slots[k] = v.asDouble();
    }
  }

 private:
  Pair kind_;
};

NamedAggregateBinder pairBinder(Pair kind) {
  return [kind](const std::string& name, std::vector<ExprPtr> args, const BindContext&) {
    checkArity(name, args, 2, 2);
    args[0] = coerceToDouble(name, args, 0);
    args[1] = coerceToDouble(name, args, 1);
    return BoundAggregate{name, DataType::doubleType(), true, std::move(args),
                          std::make_shared<PairKernel>(kind)};
  };
}

}  // namespace

void registerStatisticalAggregates(FunctionRegistry& registry) {
  addAggregate(registry, "stddev_samp", momentBinder(Moment::kStddevSamp), DistinctMode::kWrap,
               "stddev_samp(expr) - Returns the sample standard deviation calculated from values "
               "of a group.",
               {"stddev", "std"});
  addAggregate(registry, "stddev_pop", momentBinder(Moment::kStddevPop), DistinctMode::kWrap,
               "stddev_pop(expr) - Returns the population standard deviation calculated from "
               "values of a group.");
  addAggregate(registry, "var_samp", momentBinder(Moment::kVarSamp), DistinctMode::kWrap,
               "var_samp(expr) - Returns the sample variance calculated from values of a group.",
               {"variance"});
  addAggregate(registry, "var_pop", momentBinder(Moment::kVarPop), DistinctMode::kWrap,
               "var_pop(expr) - Returns the population variance calculated from values of a "
               "group.");
  addAggregate(registry, "skewness", momentBinder(Moment::kSkewness), DistinctMode::kWrap,
               "skewness(expr) - Returns the skewness value calculated from values of a group.");
  addAggregate(registry, "kurtosis", momentBinder(Moment::kKurtosis), DistinctMode::kWrap,
               "kurtosis(expr) - Returns the kurtosis value calculated from values of a group.");
  addAggregate(registry, "covar_pop", pairBinder(Pair::kCovarPop), DistinctMode::kWrap,
               "covar_pop(expr1, expr2) - Returns the population covariance of a set of number "
               "pairs.");
  addAggregate(registry, "covar_samp", pairBinder(Pair::kCovarSamp), DistinctMode::kWrap,
               "covar_samp(expr1, expr2) - Returns the sample covariance of a set of number "
               "pairs.");
  addAggregate(registry, "corr", pairBinder(Pair::kCorr), DistinctMode::kWrap,
               "corr(expr1, expr2) - Returns Pearson coefficient of correlation between a set of "
               "number pairs.");
}

}  // namespace spate::agg
