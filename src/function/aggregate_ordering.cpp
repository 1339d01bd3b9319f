// Aggregates that keep one input value: min/max (and bool_and/bool_or), first/last/any_value,
// min_by/max_by.
#include "common/error.h"
#include "function/aggregate_kernel.h"
#include "function/value_codec.h"

namespace spate::agg {

namespace {

// ---- min / max ---------------------------------------------------------------------------------

template <typename Ops>
struct ExtremumState {
  typename Ops::Slot value{};
  bool has = false;
};

/// min (kMax = false) or max: ties keep the earlier value, as Spark's Least/Greatest.
template <typename Ops, bool kMax>
class MinMaxKernel final : public StateKernel<ExtremumState<Ops>> {
  using Base = StateKernel<ExtremumState<Ops>>;

 public:
  MinMaxKernel(Ops ops, TypePtr type) : ops_(std::move(ops)), type_(std::move(type)) {}

  void update(uint8_t* const* states, std::span<const ColumnPtr> args, const uint32_t* rowIndex,
              int64_t rows) const override {
    const Column& c = *args[0];
    forEachValid(c, rowIndex, rows, [&](int64_t i, uint32_t row) {
      auto& s = Base::get(states[i]);
      const auto& v = ops_.read(c, row);
      if (!s.has) {
        ops_.store(s.value, v);
        s.has = true;
      } else if (better(v, ops_.load(s.value))) {
        ops_.store(s.value, v);
      }
    });
  }
  void merge(uint8_t* into, const uint8_t* from) const override {
    const auto& f = Base::get(from);
    auto& s = Base::get(into);
    if (!f.has) return;
    if (!s.has || better(ops_.load(f.value), ops_.load(s.value))) {
      ops_.copy(s.value, f.value);
      s.has = true;
    }
  }
  void finalize(const uint8_t* state, ColumnBuilder& out) const override {
    const auto& s = Base::get(state);
    if (s.has)
      ops_.append(out, s.value);
    else
      out.appendNull();
  }
  TypePtr bufferType() const override { return bufferStruct({{kMax ? "max" : "min", type_}}); }
  Value serialize(const uint8_t* state) const override {
    const auto& s = Base::get(state);
    return Value(ValueList{s.has ? ops_.toValue(s.value) : Value::null()});
  }
  void deserialize(const Value& buffer, uint8_t* state) const override {
    auto& s = Base::reset(state);
    const Value& v = field(buffer, 0);
    if (v.isNull()) return;
    ops_.fromValue(s.value, v);
    s.has = true;
  }

 private:
  template <typename A>
  bool better(const A& candidate, const A& current) const {
    return kMax ? ops_.less(current, candidate) : ops_.less(candidate, current);
  }
  Ops ops_;
  TypePtr type_;
};

template <bool kMax>
std::shared_ptr<const AggregateKernel> makeMinMax(const TypePtr& type) {
  return visitValueOps(type, [&](auto ops) -> std::shared_ptr<const AggregateKernel> {
    return std::make_shared<MinMaxKernel<decltype(ops), kMax>>(ops, type);
  });
}

template <bool kMax>
BoundAggregate bindMinMax(const std::string& name, std::vector<ExprPtr> args, const BindContext&) {
  checkArity(name, args, 1, 1);
  if (!isOrderable(*args[0]->type)) throwNotOrderable(name, args, 0);
  TypePtr type = args[0]->type;
  return {name, type, true, std::move(args), makeMinMax<kMax>(type)};
}

/// bool_and = min over booleans, bool_or = max (Spark rewrites them the same way).
template <bool kMax>
BoundAggregate bindBoolean(const std::string& name, std::vector<ExprPtr> args, const BindContext&) {
  checkArity(name, args, 1, 1);
  TypeId id = args[0]->type->id();
  if (id != TypeId::kBoolean && id != TypeId::kNull)
    throwUnexpectedType(name, args, 0, "\"BOOLEAN\"");
  return {name, DataType::boolean(), true, std::move(args), makeMinMax<kMax>(DataType::boolean())};
}

// ---- first / last ------------------------------------------------------------------------------

template <typename Ops>
struct PositionalState {
  typename Ops::Slot value{};
  bool valueSet = false;
  bool isNull = true;
};

/// first (kLast = false) or last: the value of the first/last row, or of the first/last
/// non-NULL row with ignoreNulls.
template <typename Ops, bool kLast>
class FirstLastKernel final : public StateKernel<PositionalState<Ops>> {
  using Base = StateKernel<PositionalState<Ops>>;

 public:
  FirstLastKernel(Ops ops, TypePtr type, bool ignoreNulls)
      : ops_(std::move(ops)), type_(std::move(type)), ignoreNulls_(ignoreNulls) {}

  void update(uint8_t* const* states, std::span<const ColumnPtr> args, const uint32_t* rowIndex,
              int64_t rows) const override {
    const Column& c = *args[0];
    auto take = [&](int64_t i, uint32_t row) {
      auto& s = Base::get(states[i]);
      if (!kLast && s.valueSet) return;
      s.valueSet = true;
      s.isNull = isNullAt(c, row);
      if (!s.isNull) ops_.store(s.value, ops_.read(c, row));
    };
    if (ignoreNulls_)
      forEachValid(c, rowIndex, rows, take);
    else
      forEachRow(rowIndex, rows, take);
  }
  void merge(uint8_t* into, const uint8_t* from) const override {
    const auto& f = Base::get(from);
    auto& s = Base::get(into);
    if (!f.valueSet || (!kLast && s.valueSet)) return;
    s.valueSet = true;
    s.isNull = f.isNull;
    if (!f.isNull) ops_.copy(s.value, f.value);
  }
  void finalize(const uint8_t* state, ColumnBuilder& out) const override {
    const auto& s = Base::get(state);
    if (s.valueSet && !s.isNull)
      ops_.append(out, s.value);
    else
      out.appendNull();
  }
  TypePtr bufferType() const override {
    return bufferStruct({{kLast ? "last" : "first", type_}, {"valueSet", DataType::boolean()}});
  }
  Value serialize(const uint8_t* state) const override {
    const auto& s = Base::get(state);
    Value v = s.valueSet && !s.isNull ? ops_.toValue(s.value) : Value::null();
    return Value(ValueList{std::move(v), Value(s.valueSet)});
  }
  void deserialize(const Value& buffer, uint8_t* state) const override {
    auto& s = Base::reset(state);
    const Value& v = field(buffer, 0);
    s.valueSet = !field(buffer, 1).isNull() && field(buffer, 1).asBool();
    s.isNull = v.isNull();
    if (!s.isNull) ops_.fromValue(s.value, v);
  }

 private:
  Ops ops_;
  TypePtr type_;
  bool ignoreNulls_;
};

template <bool kLast>
BoundAggregate bindFirstLast(const std::string& name, std::vector<ExprPtr> args,
                             const BindContext&) {
  checkArity(name, args, 1, 2);
  bool ignoreNulls = false;
  if (args.size() == 2) {
    const Expr& flag = *args[1];
    if (flag.kind != ExprKind::kLiteral || flag.type->id() != TypeId::kBoolean ||
        flag.literal.isNull()) {
      throw AnalysisException("The second argument in " + name + " should be a boolean literal.");
    }
    ignoreNulls = flag.literal.asBool();
    args.pop_back();
  }
  TypePtr type = args[0]->type;
  auto kernel = visitValueOps(type, [&](auto ops) -> std::shared_ptr<const AggregateKernel> {
    return std::make_shared<FirstLastKernel<decltype(ops), kLast>>(ops, type, ignoreNulls);
  });
  return {name, type, true, std::move(args), std::move(kernel)};
}

// ---- min_by / max_by ---------------------------------------------------------------------------

/// The ordering value in a typed slot, the kept value encoded (value_codec.h).
template <typename Ops>
struct ByState {
  typename Ops::Slot ordering{};
  StringSlot value;
  bool has = false;
};

/// min_by (kMax = false) / max_by: the value of `x` on the row with the least/greatest
/// ordering; rows with a NULL ordering are skipped, ties keep the earlier row.
template <typename Ops, bool kMax>
class ExtremumByKernel final : public StateKernel<ByState<Ops>> {
  using Base = StateKernel<ByState<Ops>>;

 public:
  ExtremumByKernel(Ops ops, TypePtr valueType, TypePtr orderingType)
      : ops_(std::move(ops)), valueType_(std::move(valueType)), orderingType_(orderingType) {}

  void update(uint8_t* const* states, std::span<const ColumnPtr> args, const uint32_t* rowIndex,
              int64_t rows) const override {
    const Column& x = *args[0];
    const Column& ord = *args[1];
    std::string scratch;
    forEachValid(ord, rowIndex, rows, [&](int64_t i, uint32_t row) {
      auto& s = Base::get(states[i]);
      const auto& o = ops_.read(ord, row);
      if (s.has && !better(o, ops_.load(s.ordering))) return;
      ops_.store(s.ordering, o);
      scratch.clear();
      encodeValue(x, row, false, scratch);
      s.value.assign(scratch);
      s.has = true;
    });
  }
  void merge(uint8_t* into, const uint8_t* from) const override {
    const auto& f = Base::get(from);
    auto& s = Base::get(into);
    if (!f.has || (s.has && !better(ops_.load(f.ordering), ops_.load(s.ordering)))) return;
    ops_.copy(s.ordering, f.ordering);
    s.value.assign(f.value.view());
    s.has = true;
  }
  void finalize(const uint8_t* state, ColumnBuilder& out) const override {
    const auto& s = Base::get(state);
    if (!s.has) {
      out.appendNull();
      return;
    }
    size_t pos = 0;
    decodeValue(s.value.view(), pos, out);
  }
  TypePtr bufferType() const override {
    return bufferStruct(
        {{"valueWithExtremumOrdering", valueType_}, {"extremumOrdering", orderingType_}});
  }
  Value serialize(const uint8_t* state) const override {
    const auto& s = Base::get(state);
    if (!s.has) return Value(ValueList{Value::null(), Value::null()});
    size_t pos = 0;
    return Value(
        ValueList{decodeValue(s.value.view(), pos, *valueType_), ops_.toValue(s.ordering)});
  }
  void deserialize(const Value& buffer, uint8_t* state) const override {
    auto& s = Base::reset(state);
    const Value& ordering = field(buffer, 1);
    if (ordering.isNull()) return;
    ops_.fromValue(s.ordering, ordering);
    std::string bytes;
    encodeValue(field(buffer, 0), *valueType_, false, bytes);
    s.value.assign(bytes);
    s.has = true;
  }

 private:
  template <typename A>
  bool better(const A& candidate, const A& current) const {
    return kMax ? ops_.less(current, candidate) : ops_.less(candidate, current);
  }
  Ops ops_;
  TypePtr valueType_;
  TypePtr orderingType_;
};

template <bool kMax>
BoundAggregate bindExtremumBy(const std::string& name, std::vector<ExprPtr> args,
                              const BindContext&) {
  checkArity(name, args, 2, 2);
  if (!isOrderable(*args[1]->type)) throwNotOrderable(name, args, 1);
  TypePtr valueType = args[0]->type;
  TypePtr orderingType = args[1]->type;
  auto kernel =
      visitValueOps(orderingType, [&](auto ops) -> std::shared_ptr<const AggregateKernel> {
        return std::make_shared<ExtremumByKernel<decltype(ops), kMax>>(ops, valueType,
                                                                       orderingType);
      });
  return {name, valueType, true, std::move(args), std::move(kernel)};
}

}  // namespace

void registerOrderingAggregates(FunctionRegistry& registry) {
  addAggregate(registry, "min", bindMinMax<false>, DistinctMode::kIgnore,
               "min(expr) - Returns the minimum value of `expr`.");
  addAggregate(registry, "max", bindMinMax<true>, DistinctMode::kIgnore,
               "max(expr) - Returns the maximum value of `expr`.");
  addAggregate(registry, "bool_and", bindBoolean<false>, DistinctMode::kIgnore,
               "bool_and(expr) - Returns true if all values of `expr` are true.", {"every"});
  addAggregate(registry, "bool_or", bindBoolean<true>, DistinctMode::kIgnore,
               "bool_or(expr) - Returns true if at least one value of `expr` is true.",
               {"some", "any"});
  addAggregate(registry, "first", bindFirstLast<false>, DistinctMode::kWrap,
               "first(expr[, isIgnoreNull]) - Returns the first value of `expr` for a group of "
               "rows. If `isIgnoreNull` is true, returns only non-null values.",
               {"first_value", "any_value"});
  addAggregate(registry, "last", bindFirstLast<true>, DistinctMode::kWrap,
               "last(expr[, isIgnoreNull]) - Returns the last value of `expr` for a group of "
               "rows. If `isIgnoreNull` is true, returns only non-null values.",
               {"last_value"});
  addAggregate(registry, "min_by", bindExtremumBy<false>, DistinctMode::kWrap,
               "min_by(x, y) - Returns the value of `x` associated with the minimum value of `y`.");
  addAggregate(registry, "max_by", bindExtremumBy<true>, DistinctMode::kWrap,
               "max_by(x, y) - Returns the value of `x` associated with the maximum value of `y`.");
}

}  // namespace spate::agg
