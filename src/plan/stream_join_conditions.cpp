#include "plan/stream_join_conditions.h"

#include <cmath>
#include <limits>
#include <set>
#include <string>

#include "expression/decimal.h"

namespace spate {

namespace {

constexpr double kMicrosPerSecond = 1000000.0;

// Java's (long) cast of a double: truncation toward zero, NaN to 0, saturation at the bounds.
int64_t javaDoubleToLong(double d) {
  if (std::isnan(d)) return 0;
  if (d >= 9.2233720368547758e18) return std::numeric_limits<int64_t>::max();
  if (d <= -9.2233720368547758e18) return std::numeric_limits<int64_t>::min();
  return static_cast<int64_t>(d);
}

std::optional<int> firstWatermarkedColumn(const AttributeList& attributes) {
  for (size_t i = 0; i < attributes.size(); ++i)
    if (attributes[i].watermarkDelayMs) return static_cast<int>(i);
  return std::nullopt;
}

// The join's columns: left output then right output, as the residual condition is bound.
struct JoinColumns {
  const AttributeList& left;
  const AttributeList& right;
  int leftCount() const { return static_cast<int>(left.size()); }
  bool isLeft(int column) const { return column >= 0 && column < leftCount(); }
  bool onSide(int column, JoinSide side) const {
    return side == JoinSide::kLeft
               ? isLeft(column)
               : column >= leftCount() && column < leftCount() + static_cast<int>(right.size());
  }
  const Attribute& at(int column) const {
    return isLeft(column) ? left[column] : right[column - leftCount()];
  }
};

// One additive term of `left - right` in Spark's canonical form: a column or a constant (µs),
// possibly negated.
struct Term {
  bool negated = false;
  int column = -1;  // join column, or -1 for a constant
  double micros = 0;
  std::string identity;  // equal identities = the same expression (Spark keeps terms in a set)
};

// The µs a literal stands for in a time condition: intervals as their duration, numbers as
// seconds. Anything else (timestamps, strings, NULL, month intervals) makes the conjunct unusable,
// as Spark's term extraction fails on them.
std::optional<double> literalMicros(const Expr& e) {
  if (e.literal.isNull()) return std::nullopt;
  switch (e.type->id()) {
    case TypeId::kInterval: {
      const Interval& iv = e.literal.asInterval();
      if (iv.months != 0) return std::nullopt;  // imprecise: months have no fixed length
      return static_cast<double>(iv.days) * static_cast<double>(kMicrosPerDay) +
             static_cast<double>(iv.micros);
    }
    case TypeId::kFloat:
    case TypeId::kDouble:
      return e.literal.asDouble() * kMicrosPerSecond;
    case TypeId::kByte:
    case TypeId::kShort:
    case TypeId::kInt:
    case TypeId::kLong:
      return static_cast<double>(e.literal.asLong()) * kMicrosPerSecond;
    case TypeId::kDecimal:
      return decimalToDouble(e.literal.asDecimal(), e.type->scale()) * kMicrosPerSecond;
    default:
      return std::nullopt;
  }
}

// Spark's Add/Subtract/TimeAdd/DatetimeSub: numeric arithmetic, timestamp ± interval and
// interval ± interval. Date arithmetic and timestamp differences are other expressions in Spark.
bool isTermArithmetic(const Expr& e) {
  if (e.children.size() != 2) return false;
  TypeId a = e.children[0]->type->id(), b = e.children[1]->type->id();
  if (e.type->isNumeric()) return true;
  if (e.type->id() == TypeId::kTimestamp)
    return (a == TypeId::kTimestamp && b == TypeId::kInterval) ||
           (e.functionName == "add" && a == TypeId::kInterval && b == TypeId::kTimestamp);
  if (e.type->id() == TypeId::kInterval) return a == TypeId::kInterval && b == TypeId::kInterval;
  return false;
}

class TermCollector {
 public:
  void collect(const Expr& e, bool negate) {
    switch (e.kind) {
      case ExprKind::kColumnRef:
        add({negate, e.columnIndex, 0, "c" + std::to_string(e.columnIndex)});
        return;
      case ExprKind::kLiteral: {
        auto micros = literalMicros(e);
        if (!micros) {
          invalid_ = true;
          return;
        }
        add({negate, -1, *micros,
             "k" + std::to_string(static_cast<int>(e.type->id())) + ":" + std::to_string(*micros)});
        return;
      }
      case ExprKind::kCall:
        if ((e.functionName == "add" || e.functionName == "subtract") && isTermArithmetic(e)) {
          collect(*e.children[0], negate);
          collect(*e.children[1], e.functionName == "subtract" ? !negate : negate);
          return;
        }
        if (e.functionName == "negative" && e.children.size() == 1) {
          collect(*e.children[0], !negate);
          return;
        }
        if (e.functionName == "cast" && e.children.size() == 1 &&
            (e.type->isNumeric() || e.type->id() == TypeId::kTimestamp)) {
          collect(*e.children[0], negate);
          return;
        }
        invalid_ = true;
        return;
      default:
        invalid_ = true;
        return;
    }
  }

  bool invalid() const { return invalid_; }
  const std::vector<Term>& terms() const { return terms_; }

 private:
  void add(Term t) {
    t.identity = (t.negated ? "-" : "+") + t.identity;
    for (const auto& existing : terms_)
      if (existing.identity == t.identity) return;
    terms_.push_back(std::move(t));
  }

  bool invalid_ = false;
  std::vector<Term> terms_;
};

void collectColumns(const Expr& e, std::set<int>& out) {
  if (e.kind == ExprKind::kColumnRef) out.insert(e.columnIndex);
  for (const auto& c : e.children) collectColumns(*c, out);
}

// Solves `less < greater` for the state side's column: with the other side's watermarked column
// at W, the state side's rows need time > W + c to match, so rows at or below it can go.
std::optional<StateWatermarkConstraint> solveLessThan(const Expr& less, const Expr& greater,
                                                      const JoinColumns& columns, JoinSide state) {
  JoinSide other = state == JoinSide::kLeft ? JoinSide::kRight : JoinSide::kLeft;
  std::set<int> referenced;
  collectColumns(less, referenced);
  collectColumns(greater, referenced);
  int stateCount = 0, otherCount = 0;
  for (int c : referenced) {
    stateCount += columns.onSide(c, state);
    otherCount += columns.onSide(c, other);
  }
  if (stateCount > 1 || otherCount > 1) return std::nullopt;

  TermCollector collector;
  collector.collect(less, false);
  collector.collect(greater, true);
  if (collector.invalid()) return std::nullopt;

  const Term* constraint = nullptr;
  int constraintTerms = 0;
  for (const auto& t : collector.terms())
    if (t.column >= 0 && columns.onSide(t.column, state)) {
      constraint = &t;
      ++constraintTerms;
    }
  // The state column must appear once, on the greater side (negated once moved to the left).
  if (constraintTerms != 1 || !constraint->negated) return std::nullopt;

  StateWatermarkConstraint result;
  result.watermarkCoefficient = 0;
  bool anyOther = false;
  for (const auto& t : collector.terms()) {
    if (&t == constraint) continue;
    anyOther = true;
    if (t.column >= 0) {
      // Only the other side's watermarked column has a known value (the watermark).
      if (!columns.onSide(t.column, other) || !columns.at(t.column).watermarkDelayMs)
        return std::nullopt;
      result.watermarkCoefficient += t.negated ? -1 : 1;
    } else {
      result.constantMicros += t.negated ? -t.micros : t.micros;
    }
  }
  if (!anyOther) return std::nullopt;
  return result;
}

void splitConjuncts(const ExprPtr& e, std::vector<const Expr*>& out) {
  if (e->kind == ExprKind::kAnd) {
    for (const auto& c : e->children) splitConjuncts(c, out);
  } else {
    out.push_back(e.get());
  }
}

bool isWatermarkedKey(const Expr& key, const AttributeList& side) {
  return key.kind == ExprKind::kColumnRef && key.columnIndex >= 0 &&
         key.columnIndex < static_cast<int>(side.size()) &&
         side[key.columnIndex].watermarkDelayMs.has_value();
}

std::optional<int> watermarkedKeyOrdinal(const LogicalPlan& join) {
  const AttributeList& left = join.children[0]->output;
  const AttributeList& right = join.children[1]->output;
  for (size_t i = 0; i < join.leftKeys.size(); ++i)
    if (isWatermarkedKey(*join.leftKeys[i], left)) return static_cast<int>(i);
  for (size_t i = 0; i < join.rightKeys.size(); ++i)
    if (isWatermarkedKey(*join.rightKeys[i], right)) return static_cast<int>(i);
  return std::nullopt;
}

JoinSideEviction sideEviction(const LogicalPlan& join, JoinSide side,
                              std::optional<int> keyOrdinal) {
  const LogicalPlan& child = *join.children[side == JoinSide::kLeft ? 0 : 1];
  const auto& keys = side == JoinSide::kLeft ? join.leftKeys : join.rightKeys;
  JoinSideEviction out;
  out.eventTimeColumn = firstWatermarkedColumn(child.output);
  if (out.eventTimeColumn)
    out.eventTimeIsWindow = child.output[*out.eventTimeColumn].type->id() == TypeId::kStruct;
  if (keyOrdinal) {
    out.keyColumnIndex = keyOrdinal;
    out.keyIsWindow = keys[*keyOrdinal]->type->id() == TypeId::kStruct;
    return out;
  }
  if (!out.eventTimeColumn) return out;
  auto constraints = stateValueConstraints(join, side);
  if (constraints.empty()) return out;
  ValueBound bound;
  bound.timeColumn = *out.eventTimeColumn;
  bound.timeColumnIsWindow = out.eventTimeIsWindow;
  // The tightest watermark-relative constraint describes the bound for large watermarks, where
  // the state watermark is W + floor(c / 1000) - (inclusive ? 1 : 0).
  const StateWatermarkConstraint* tightest = nullptr;
  double tightestValue = 0;
  for (const auto& c : constraints) {
    if (c.watermarkCoefficient != 1) continue;
    double value = std::floor(c.constantMicros / 1000.0) - (c.inclusive ? 1 : 0);
    if (!tightest || value < tightestValue) {
      tightest = &c;
      tightestValue = value;
    }
  }
  if (!tightest) tightest = &constraints.front();
  bound.offsetMicros = javaDoubleToLong(std::round(tightest->constantMicros));
  bound.inclusive = tightest->inclusive;
  bound.constraints = std::move(constraints);
  out.valueBound = std::move(bound);
  return out;
}

}  // namespace

int64_t StateWatermarkConstraint::stateWatermarkMs(int64_t eventWatermarkMs) const {
  double watermarkMicros = static_cast<double>(eventWatermarkMs) * 1000.0;
  double micros = watermarkCoefficient * watermarkMicros + constantMicros;
  return javaDoubleToLong(micros / 1000.0) - (inclusive ? 1 : 0);
}

int64_t ValueBound::stateWatermarkMs(int64_t eventWatermarkMs) const {
  int64_t result = std::numeric_limits<int64_t>::max();
  for (const auto& c : constraints) result = std::min(result, c.stateWatermarkMs(eventWatermarkMs));
  return result;
}

int64_t ValueBound::evictionThresholdMicros(int64_t eventWatermarkMs) const {
  int64_t ms = stateWatermarkMs(eventWatermarkMs);
  int64_t micros;
  if (__builtin_mul_overflow(ms, int64_t{1000}, &micros))
    return ms < 0 ? std::numeric_limits<int64_t>::min() : std::numeric_limits<int64_t>::max();
  return micros;
}

bool isWatermarkInJoinKeys(const LogicalPlan& join) {
  if (join.kind != PlanKind::kJoin || join.leftKeys.empty()) return false;
  const AttributeList& left = join.children[0]->output;
  const AttributeList& right = join.children[1]->output;
  for (const auto& k : join.leftKeys)
    if (isWatermarkedKey(*k, left)) return true;
  for (const auto& k : join.rightKeys)
    if (isWatermarkedKey(*k, right)) return true;
  return false;
}

std::vector<StateWatermarkConstraint> stateValueConstraints(const LogicalPlan& join,
                                                            JoinSide side) {
  std::vector<StateWatermarkConstraint> out;
  if (join.kind != PlanKind::kJoin || !join.condition) return out;
  JoinColumns columns{join.children[0]->output, join.children[1]->output};
  const AttributeList& other = side == JoinSide::kLeft ? columns.right : columns.left;
  if (!firstWatermarkedColumn(other)) return out;

  std::vector<const Expr*> conjuncts;
  splitConjuncts(join.condition, conjuncts);
  for (const Expr* p : conjuncts) {
    if (p->kind != ExprKind::kCall || p->children.size() != 2) continue;
    const Expr& a = *p->children[0];
    const Expr& b = *p->children[1];
    std::optional<StateWatermarkConstraint> c;
    bool inclusive = false;
    if (p->functionName == "less") {
      c = solveLessThan(a, b, columns, side);
    } else if (p->functionName == "less_equal") {
      c = solveLessThan(a, b, columns, side);
      inclusive = true;
    } else if (p->functionName == "greater") {
      c = solveLessThan(b, a, columns, side);
    } else if (p->functionName == "greater_equal") {
      c = solveLessThan(b, a, columns, side);
      inclusive = true;
    }
    if (!c) continue;
    c->inclusive = inclusive;
    out.push_back(*c);
  }
  return out;
}

StreamJoinConditions analyzeStreamJoinConditions(const LogicalPlan& join) {
  StreamJoinConditions out;
  if (join.kind != PlanKind::kJoin) return out;
  std::optional<int> keyOrdinal = watermarkedKeyOrdinal(join);
  out.left = sideEviction(join, JoinSide::kLeft, keyOrdinal);
  out.right = sideEviction(join, JoinSide::kRight, keyOrdinal);
  return out;
}

}  // namespace spate
