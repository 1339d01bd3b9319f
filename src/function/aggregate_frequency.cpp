// Aggregates over a value → count table: mode, percentile (exact, with linear interpolation)
// and median.
#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "common/error.h"
#include "function/aggregate_kernel.h"
#include "function/value_codec.h"

namespace spate::agg {

namespace {

/// Distinct values (encoded; floating point compared as Spark groups it) with their counts.
struct FrequencyTable {
  KeySet keys;
  std::vector<int64_t> counts;

  void add(std::string_view key, int64_t count) {
    auto [index, added] = keys.emplace(key);
    if (added)
      counts.push_back(count);
    else
      counts[index] += count;
  }
};

struct FrequencyState {
  std::unique_ptr<FrequencyTable> table;
  FrequencyTable& ensure() {
    if (!table) table = std::make_unique<FrequencyTable>();
    return *table;
  }
  bool empty() const { return !table || table->counts.empty(); }
};

/// Counts the values of argument 0 (weighted by argument 1 when the call has a frequency).
class FrequencyKernel : public StateKernel<FrequencyState> {
 public:
  FrequencyKernel(TypePtr valueType, bool weighted)
      : valueType_(std::move(valueType)), weighted_(weighted) {}

  void update(uint8_t* const* states, std::span<const ColumnPtr> args, const uint32_t* rowIndex,
              int64_t rows) const override {
    const Column& c = *args[0];
    std::string scratch;
    forEachValid(c, rowIndex, rows, [&](int64_t i, uint32_t row) {
      int64_t count = 1;
      if (weighted_) {
        if (isNullAt(*args[1], row)) return;
        count = args[1]->valueAt(row).asLong();
        if (count < 0) {
          throw ExecutionException(
              "[NEGATIVE_VALUES_IN_FREQUENCY_EXPRESSION] Found the negative value in the "
              "frequency expression: " +
                  std::to_string(count) + ", but expected a positive integral value.",
              "NEGATIVE_VALUES_IN_FREQUENCY_EXPRESSION");
        }
        if (count == 0) return;
      }
      scratch.clear();
      encodeValue(c, row, true, scratch);
      get(states[i]).ensure().add(scratch, count);
    });
  }
  void merge(uint8_t* into, const uint8_t* from) const override {
    const auto& f = get(from);
    if (f.empty()) return;
    FrequencyTable& table = get(into).ensure();
    for (size_t k = 0; k < f.table->keys.size(); ++k)
      table.add(f.table->keys[k], f.table->counts[k]);
  }
  TypePtr bufferType() const override {
    return DataType::array(bufferStruct({{"value", valueType_}, {"count", DataType::longType()}}),
                           false);
  }
  Value serialize(const uint8_t* state) const override {
    const auto& s = get(state);
    ValueList entries;
    for (size_t k = 0; !s.empty() && k < s.table->keys.size(); ++k) {
      size_t pos = 0;
      entries.push_back(Value(
          ValueList{decodeValue(s.table->keys[k], pos, *valueType_), Value(s.table->counts[k])}));
    }
    return Value(std::move(entries));
  }
  void deserialize(const Value& buffer, uint8_t* state) const override {
    auto& s = reset(state);
    if (buffer.isNull()) return;
    std::string scratch;
    for (const Value& entry : buffer.asList()) {
      scratch.clear();
      encodeValue(entry.asList()[0], *valueType_, true, scratch);
      s.ensure().add(scratch, entry.asList()[1].asLong());
    }
  }

 protected:
  Value valueAt(const FrequencyTable& table, size_t k) const {
    size_t pos = 0;
    return decodeValue(table.keys[k], pos, *valueType_);
  }
  TypePtr valueType_;
  bool weighted_;
};

/// mode: the most frequent value; among equally frequent values the lowest (deterministic,
/// where Spark 3.5 picks whichever its hash map yields first).
class ModeKernel final : public FrequencyKernel {
 public:
  explicit ModeKernel(TypePtr valueType) : FrequencyKernel(std::move(valueType), false) {}
  void finalize(const uint8_t* state, ColumnBuilder& out) const override {
    const auto& s = get(state);
    if (s.empty()) {
      out.appendNull();
      return;
    }
    const FrequencyTable& table = *s.table;
    size_t best = 0;
    bool orderable = isOrderable(*valueType_);
    for (size_t k = 1; k < table.counts.size(); ++k) {
      if (table.counts[k] > table.counts[best] ||
          (table.counts[k] == table.counts[best] && orderable &&
           compareValues(valueAt(table, k), valueAt(table, best), *valueType_) < 0)) {
        best = k;
      }
    }
    size_t pos = 0;
    decodeValue(table.keys[best], pos, out);
  }
};

/// A numeric Value as a double (decimals as BigDecimal.doubleValue: correctly rounded).
double numberOf(const Value& v, const DataType& type) {
  switch (type.id()) {
    case TypeId::kFloat:
    case TypeId::kDouble:
      return v.asDouble();
    case TypeId::kDecimal:
      return std::strtod(formatDecimal(v.asDecimal(), type.scale()).c_str(), nullptr);
    default:
      return static_cast<double>(v.asLong());
  }
}

/// Spark's Percentile: values sorted, positions (count - 1) * percentage, linear interpolation
/// between the two neighbouring values.
class PercentileKernel final : public FrequencyKernel {
 public:
  PercentileKernel(TypePtr valueType, bool weighted, std::vector<double> percentages,
                   bool returnsArray)
      : FrequencyKernel(std::move(valueType), weighted),
        percentages_(std::move(percentages)),
        returnsArray_(returnsArray) {}

  void finalize(const uint8_t* state, ColumnBuilder& out) const override {
    const auto& s = get(state);
    if (s.empty()) {
      out.appendNull();
      return;
    }
    const FrequencyTable& table = *s.table;
    std::vector<std::pair<Value, int64_t>> sorted;
    for (size_t k = 0; k < table.counts.size(); ++k) {
      sorted.emplace_back(valueAt(table, k), table.counts[k]);
    }
    std::sort(sorted.begin(), sorted.end(), [&](const auto& a, const auto& b) {
      return compareValues(a.first, b.first, *valueType_) < 0;
    });
    std::vector<int64_t> accumulated;
    int64_t total = 0;
    for (const auto& entry : sorted) accumulated.push_back(total += entry.second);
    double maxPosition = static_cast<double>(total - 1);
    auto at = [&](double position) {
      auto lowerPosition = static_cast<int64_t>(std::floor(position));
      auto higherPosition = static_cast<int64_t>(std::ceil(position));
      // The first value whose accumulated count exceeds the position.
      auto indexOf = [&](int64_t p) {
        return std::lower_bound(accumulated.begin(), accumulated.end(), p + 1) -
               accumulated.begin();
      };
      const Value& lower = sorted[indexOf(lowerPosition)].first;
      if (higherPosition == lowerPosition) return toDouble(lower);
      const Value& higher = sorted[indexOf(higherPosition)].first;
      if (higher == lower) return toDouble(lower);
      return (static_cast<double>(higherPosition) - position) * toDouble(lower) +
             (position - static_cast<double>(lowerPosition)) * toDouble(higher);
    };
    if (!returnsArray_) {
      out.appendDouble(at(maxPosition * percentages_[0]));
      return;
    }
    for (double p : percentages_) out.child(0).appendDouble(at(maxPosition * p));
    out.endList();
  }

 private:
  double toDouble(const Value& v) const { return numberOf(v, *valueType_); }
  std::vector<double> percentages_;
  bool returnsArray_;
};

BoundAggregate bindMode(const std::string& name, std::vector<ExprPtr> args, const BindContext&) {
  checkArity(name, args, 1, 1);
  TypePtr type = args[0]->type;
  return {name, type, true, std::move(args), std::make_shared<ModeKernel>(type)};
}

BoundAggregate bindPercentile(const std::string& name, std::vector<ExprPtr> args,
                              const BindContext&) {
  checkArity(name, args, 2, 3);
  const TypePtr& type = args[0]->type;
  if (type->id() == TypeId::kString) {
    args[0] = coerceToDouble(name, args, 0);
  } else if (!type->isNumeric()) {
    throwUnexpectedType(name, args, 0, "\"NUMERIC\" or \"ANSI INTERVAL\"");
  }
  const Expr& percentage = *args[1];
  bool isArray = percentage.type->id() == TypeId::kArray;
  const DataType& element = isArray ? *percentage.type->element() : *percentage.type;
  if (!element.isNumeric()) throwUnexpectedType(name, args, 1, "\"DOUBLE\"");
  if (!isConstant(percentage)) {
    throw AnalysisException("[DATATYPE_MISMATCH.NON_FOLDABLE_INPUT] Cannot resolve \"" +
                                callSql(name, args) +
                                "\" due to data type mismatch: the input percentage should be a "
                                "foldable \"DOUBLE\" expression; however, got \"" +
                                exprSql(percentage) + "\".",
                            "DATATYPE_MISMATCH.NON_FOLDABLE_INPUT");
  }
  Value constant = evaluateConstant(percentage, EvalContext{});
  std::vector<double> percentages;
  if (!constant.isNull()) {
    if (isArray) {
      for (const Value& v : constant.asList()) {
        if (!v.isNull()) percentages.push_back(numberOf(v, element));
      }
    } else {
      percentages.push_back(numberOf(constant, element));
    }
  }
  for (double p : percentages) {
    if (!(p >= 0.0 && p <= 1.0)) {
      throw AnalysisException(
          "[DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE] Cannot resolve \"" + callSql(name, args) +
              "\" due to data type mismatch: The percentage must be between [0.0, 1.0] (current "
              "value = " +
              formatValue(Value(p), *DataType::doubleType(), *TimeZone::utc(), false) + "D).",
          "DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE");
    }
  }
  if (!isArray && percentages.empty()) {
    throw AnalysisException("[DATATYPE_MISMATCH.UNEXPECTED_NULL] Cannot resolve \"" +
                                callSql(name, args) +
                                "\" due to data type mismatch: The percentage must not be null.",
                            "DATATYPE_MISMATCH.UNEXPECTED_NULL");
  }
  bool weighted = args.size() == 3;
  if (weighted && !args[2]->type->isIntegral()) {
    throwUnexpectedType(name, args, 2, "\"INTEGRAL\"");
  }
  TypePtr valueType = args[0]->type;
  std::vector<ExprPtr> kernelArgs = {args[0]};
  if (weighted) kernelArgs.push_back(args[2]);
  TypePtr resultType =
      isArray ? DataType::array(DataType::doubleType(), false) : DataType::doubleType();
  return {name, resultType, true, std::move(kernelArgs),
          std::make_shared<PercentileKernel>(valueType, weighted, std::move(percentages), isArray)};
}

BoundAggregate bindMedian(const std::string& name, std::vector<ExprPtr> args,
                          const BindContext& context) {
  checkArity(name, args, 1, 1);
  args.push_back(makeLiteral(Value(0.5), DataType::doubleType()));
  BoundAggregate out = bindPercentile(name, std::move(args), context);
  out.name = name;
  return out;
}

}  // namespace

void registerFrequencyAggregates(FunctionRegistry& registry) {
  addAggregate(registry, "mode", bindMode, DistinctMode::kWrap,
               "mode(col) - Returns the most frequent value for the values within `col`. NULL "
               "values are ignored.");
  addAggregate(registry, "percentile", bindPercentile, DistinctMode::kWrap,
               "percentile(col, percentage [, frequency]) - Returns the exact percentile value of "
               "numeric column `col` at the given percentage (or array of percentages).");
  addAggregate(registry, "median", bindMedian, DistinctMode::kWrap,
               "median(col) - Returns the median of numeric column `col`.");
}

}  // namespace spate::agg
