#include "plan/time_window.h"

#include "common/error.h"
#include "common/strings.h"
#include "expression/cast.h"
#include "sql/analyzer.h"

namespace spate {

TypePtr windowStructType() {
  static const TypePtr type = DataType::structType(
      {{"start", DataType::timestamp(), true}, {"end", DataType::timestamp(), true}});
  return type;
}

int64_t windowDurationMicros(const Value& value, const DataType& type, const std::string& what) {
  if (value.isNull()) throw AnalysisException("The " + what + " of window must not be NULL.");
  if (type.isIntegral()) return value.asLong();
  std::optional<Interval> interval;
  if (type.id() == TypeId::kInterval) interval = value.asInterval();
  if (type.id() == TypeId::kString) interval = parseInterval(value.asString());
  if (!interval)
    throw AnalysisException("[CANNOT_PARSE_INTERVAL] Unable to parse '" +
                                (type.id() == TypeId::kString ? value.asString() : std::string("?")) + "'.",
                            "CANNOT_PARSE_INTERVAL");
  if (interval->months != 0)
    throw AnalysisException("Intervals greater than a month is not supported (" + formatInterval(*interval) + ").");
  return interval->days * kMicrosPerDay + interval->micros;
}

std::pair<PlanPtr, Attribute> addTimeWindowColumn(PlanPtr child, const ParsedExpr& call,
                                                  const BindContext& context) {
  if (call.children.size() < 2 || call.children.size() > 4)
    throw AnalysisException("[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The `window` requires [2, 3, 4] parameters but "
                            "the actual number is " + std::to_string(call.children.size()) + ".",
                            "WRONG_NUM_ARGS.WITHOUT_SUGGESTION");
  Analyzer analyzer(child->output, context);
  BoundExpr time = analyzer.bind(*call.children[0]);
  ExprPtr ts = time.expr;
  if (ts->type->id() == TypeId::kString) ts = makeCast(ts, DataType::timestamp());
  if (ts->type->id() != TypeId::kTimestamp)
    throw AnalysisException("[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"window(" + time.sql +
                                ")\" due to data type mismatch: Parameter 1 requires the \"TIMESTAMP\" type, "
                                "however \"" + time.sql + "\" has the type \"" + ts->type->sql() + "\".",
                            "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE");
  auto constant = [&](size_t i, const std::string& what) {
    BoundExpr b = analyzer.bind(*call.children[i]);
    if (!isConstant(*b.expr)) throw AnalysisException("The " + what + " of window must be a constant.");
    EvalContext ctx;
    return windowDurationMicros(evaluateConstant(*b.expr, ctx), *b.expr->type, what);
  };
  int64_t window = constant(1, "windowDuration");
  int64_t slide = call.children.size() > 2 ? constant(2, "slideDuration") : window;
  int64_t start = call.children.size() > 3 ? constant(3, "startTime") : 0;
  std::string sql = "window(" + time.sql + ")";
  auto mismatch = [&](const std::string& sub, const std::string& text) {
    throw AnalysisException("[DATATYPE_MISMATCH." + sub + "] Cannot resolve \"" + sql +
                                "\" due to data type mismatch: " + text,
                            "DATATYPE_MISMATCH." + sub);
  };
  if (window <= 0) mismatch("VALUE_OUT_OF_RANGE", "The window duration must be greater than 0.");
  if (slide <= 0) mismatch("VALUE_OUT_OF_RANGE", "The slide duration must be greater than 0.");
  if (slide > window)
    mismatch("PARAMETER_CONSTRAINT_VIOLATION", "The slide duration must be less than or equal to the window duration.");
  if (std::abs(start) >= slide)
    mismatch("PARAMETER_CONSTRAINT_VIOLATION", "The absolute value of start time must be less than the slide duration.");

  // Rows without a time belong to no window.
  const FunctionEntry* notNull = FunctionRegistry::instance().find("isnotnull");
  PlanPtr filtered = makeFilter(child, notNull->scalar({ts}, context));

  Attribute attr{newAttributeId(), "window", windowStructType(), true, ""};
  // The window of a watermarked event-time column is watermarked too (Spark copies the column's
  // metadata), so grouping by it satisfies append mode and evicts by window end.
  if (time.expr->kind == ExprKind::kColumnRef)
    attr.watermarkDelayMs = child->output[time.expr->columnIndex].watermarkDelayMs;
  AttributeList output = child->output;
  output.push_back(attr);
  int64_t candidates = (window + slide - 1) / slide;
  auto windowsOf = [=](int64_t t, auto&& emit) {
    int64_t lastStart = t - floorMod(t - start, slide);
    for (int64_t i = 0; i < candidates; ++i) {
      int64_t s = lastStart - i * slide;
      if (window % slide != 0 && !(s <= t && t < s + window)) continue;
      emit(s, s + window);
    }
  };
  if (window == slide) {
    ExprPtr column = makeCall("window", windowStructType(), {ts}, [=](const KernelArgs& a) {
      ColumnBuilder b(windowStructType(), a.rows);
      const Column& c = *a.columns[0];
      for (int64_t i = 0; i < a.rows; ++i) {
        if (c.isNull(i)) {
          b.appendNull();
          continue;
        }
        windowsOf(c.valueAt<int64_t>(i), [&](int64_t s, int64_t e) {
          b.child(0).appendLong(s);
          b.child(1).appendLong(e);
          b.endStruct();
        });
      }
      return b.finish();
    });
    std::vector<ExprPtr> exprs;
    for (size_t i = 0; i < child->output.size(); ++i)
      exprs.push_back(makeColumnRef(static_cast<int>(i), child->output[i].type, child->output[i].nullable));
    exprs.push_back(column);
    return {makeProject(filtered, std::move(exprs), std::move(output)), attr};
  }
  auto p = std::make_shared<LogicalPlan>();
  p->kind = PlanKind::kGenerate;
  p->isStreaming = child->isStreaming;
  p->output = std::move(output);
  p->children = {filtered};
  p->generator.name = "window";
  p->generator.outputSchema = DataType::structType({{"window", windowStructType(), true}});
  p->generator.args = {ts};
  p->generator.generate = [=](std::span<const ColumnPtr> args, int64_t rows, std::vector<ColumnBuilder>& out,
                              std::vector<uint32_t>& parents) {
    const Column& c = *args[0];
    for (int64_t i = 0; i < rows; ++i) {
      if (c.isNull(i)) continue;
      windowsOf(c.valueAt<int64_t>(i), [&](int64_t s, int64_t e) {
        out[0].child(0).appendLong(s);
        out[0].child(1).appendLong(e);
        out[0].endStruct();
        parents.push_back(static_cast<uint32_t>(i));
      });
    }
  };
  return {p, attr};
}

}  // namespace spate
