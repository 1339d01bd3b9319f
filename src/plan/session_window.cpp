#include "plan/session_window.h"

#include "common/error.h"
#include "expression/cast.h"
#include "function/datetime_arithmetic.h"
#include "plan/time_window.h"
#include "sql/analyzer.h"

namespace spate {

namespace {

// Spark's DataType.toString ("IntegerType", "DecimalType(2,1)"), used in its error text.
std::string sparkTypeString(const DataType& type) {
  switch (type.id()) {
    case TypeId::kNull:
      return "NullType";
    case TypeId::kBoolean:
      return "BooleanType";
    case TypeId::kByte:
      return "ByteType";
    case TypeId::kShort:
      return "ShortType";
    case TypeId::kInt:
      return "IntegerType";
    case TypeId::kLong:
      return "LongType";
    case TypeId::kFloat:
      return "FloatType";
    case TypeId::kDouble:
      return "DoubleType";
    case TypeId::kDecimal:
      return "DecimalType(" + std::to_string(type.precision()) + "," +
             std::to_string(type.scale()) + ")";
    case TypeId::kString:
      return "StringType";
    case TypeId::kBinary:
      return "BinaryType";
    case TypeId::kDate:
      return "DateType";
    case TypeId::kTimestamp:
      return "TimestampType";
    case TypeId::kInterval:
      return "CalendarIntervalType";
    default:
      return type.simpleString();
  }
}

// One row's session: {ts, ts + gap}, or NULL when the row belongs to no session.
void appendSession(ColumnBuilder& out, int64_t ts, const Interval& gap, const TimeZone& zone) {
  int64_t end = timestampAddInterval(ts, gap, zone);
  if (end <= ts) {
    out.appendNull();
    return;
  }
  out.child(0).appendLong(ts);
  out.child(1).appendLong(end);
  out.endStruct();
}

}  // namespace

std::pair<PlanPtr, Attribute> addSessionWindowColumn(PlanPtr child, const ParsedExpr& call,
                                                     const BindContext& context) {
  if (call.children.size() != 2)
    throw AnalysisException(
        "[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The `session_window` requires 2 parameters "
        "but the actual number is " +
            std::to_string(call.children.size()) + ".",
        "WRONG_NUM_ARGS.WITHOUT_SUGGESTION");
  Analyzer analyzer(child->output, context);
  BoundExpr time = analyzer.bind(*call.children[0]);
  BoundExpr gapArg = analyzer.bind(*call.children[1]);
  ExprPtr ts = time.expr;
  if (ts->type->id() == TypeId::kString) ts = makeCast(ts, DataType::timestamp());
  if (ts->type->id() != TypeId::kTimestamp)
    throw AnalysisException(
        "[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"session_window(" + time.sql +
            ", " + gapArg.sql +
            ")\" due to data type mismatch: Parameter 1 requires the \"TIMESTAMP\" type, "
            "however \"" +
            time.sql + "\" has the type \"" + ts->type->sql() + "\".",
        "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE");
  ExprPtr gap = gapArg.expr;
  if (gap->type->id() != TypeId::kInterval) {
    if (!canCast(*gap->type, *DataType::interval()))
      throw AnalysisException(
          "Gap duration expression used in session window must be CalendarIntervalType, "
          "but got " +
          sparkTypeString(*gap->type));
    gap = makeCast(gap, DataType::interval());
  }

  TypePtr type = windowStructType();
  ExprPtr session;
  if (isConstant(*gap)) {
    // A constant gap is read once; an invalid one (NULL, "x sec") leaves every row without session.
    EvalContext eval;
    eval.timeZone = context.timeZone;
    Value value = evaluateConstant(*gap, eval);
    std::optional<Interval> constantGap;
    if (!value.isNull()) constantGap = value.asInterval();
    session = makeCall("session_window", type, {ts}, [constantGap](const KernelArgs& a) {
      ColumnBuilder b(a.resultType, a.rows);
      const Column& t = *a.columns[0];
      for (int64_t i = 0; i < a.rows; ++i) {
        if (!constantGap || t.isNull(i))
          b.appendNull();
        else
          appendSession(b, t.valueAt<int64_t>(i), *constantGap, *a.context.timeZone);
      }
      return b.finish();
    });
  } else {
    session = makeCall("session_window", type, {ts, gap}, [](const KernelArgs& a) {
      ColumnBuilder b(a.resultType, a.rows);
      const Column& t = *a.columns[0];
      const Column& g = *a.columns[1];
      for (int64_t i = 0; i < a.rows; ++i) {
        if (t.isNull(i) || g.isNull(i))
          b.appendNull();
        else
          appendSession(b, t.valueAt<int64_t>(i), g.valueAt<Interval>(i), *a.context.timeZone);
      }
      return b.finish();
    });
  }

  Attribute attr{newAttributeId(), "session_window", type, true, ""};
  attr.sessionWindow = true;
  // Spark copies the time column's metadata: a session of a watermarked event time is watermarked.
  if (time.expr->kind == ExprKind::kColumnRef)
    attr.watermarkDelayMs = child->output[time.expr->columnIndex].watermarkDelayMs;

  std::vector<ExprPtr> exprs;
  for (size_t i = 0; i < child->output.size(); ++i)
    exprs.push_back(
        makeColumnRef(static_cast<int>(i), child->output[i].type, child->output[i].nullable));
  exprs.push_back(session);
  AttributeList output = child->output;
  output.push_back(attr);
  PlanPtr projected = makeProject(child, std::move(exprs), std::move(output));
  // Rows without a session (NULL time, NULL/invalid/non-positive gap) are dropped.
  const FunctionEntry* notNull = FunctionRegistry::instance().find("isnotnull");
  ExprPtr sessionRef = makeColumnRef(static_cast<int>(child->output.size()), type, true);
  return {makeFilter(projected, notNull->scalar({sessionRef}, context)), attr};
}

int sessionWindowGroupIndex(const std::vector<ExprPtr>& groupExprs, const AttributeList& input) {
  for (size_t i = 0; i < groupExprs.size(); ++i) {
    const Expr& e = *groupExprs[i];
    if (e.kind == ExprKind::kColumnRef && e.columnIndex >= 0 &&
        e.columnIndex < static_cast<int>(input.size()) && input[e.columnIndex].sessionWindow)
      return static_cast<int>(i);
  }
  return -1;
}

int sessionWindowGroupIndex(const LogicalPlan& node) {
  if (node.kind != PlanKind::kAggregate || node.children.empty()) return -1;
  return sessionWindowGroupIndex(node.groupExprs, node.children[0]->output);
}

bool isSessionWindowAggregate(const LogicalPlan& node) {
  return sessionWindowGroupIndex(node) >= 0;
}

}  // namespace spate
