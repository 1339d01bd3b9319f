// Spark's CAST (non-ANSI): dispatch to the per-target kernels, nested casts, Cast.canCast and the
// analysis error for casts Spark rejects.
#include "expression/cast.h"

#include "common/error.h"
#include "common/strings.h"
#include "expression/cast_kernels.h"

namespace spate {

namespace {

void copyOffsets(const Column& in, Column& out) {
  if (in.size() == 0 && in.offsets() == nullptr) {
    out.mutableOffsets().push<int32_t>(0);
    return;
  }
  out.mutableOffsets().append(in.offsets(), static_cast<size_t>(in.size() + 1) * sizeof(int32_t));
}

std::shared_ptr<Column> nestedShell(const Column& in, const TypePtr& to) {
  auto out = std::make_shared<Column>(to, in.size());
  if (in.mayHaveNulls()) out->mutableValidity() = in.validityBuffer();
  return out;
}

// Arrays, maps and structs cast their children (by position for struct fields) and keep their
// own offsets and nulls.
ColumnPtr castNested(const Column& in, const TypePtr& to, const EvalContext& context) {
  auto out = nestedShell(in, to);
  auto& children = out->mutableChildren();
  switch (to->id()) {
    case TypeId::kArray:
      copyOffsets(in, *out);
      children.push_back(castColumn(in.child(0), to->element(), context));
      break;
    case TypeId::kMap:
      copyOffsets(in, *out);
      children.push_back(castColumn(in.child(0), to->key(), context));
      children.push_back(castColumn(in.child(1), to->value(), context));
      break;
    default:
      SPATE_CHECK(in.numChildren() == to->fields().size(), "struct cast with a different arity");
      for (size_t f = 0; f < in.numChildren(); ++f)
        children.push_back(castColumn(in.child(f), to->fields()[f].type, context));
      break;
  }
  return out;
}

bool resolvableNullability(bool from, bool to) { return !from || to; }

// DecimalType.isWiderThan for integral and decimal types (DecimalType.forType widths).
bool decimalIsWiderThan(const DataType& to, const DataType& other) {
  int precision, scale = 0;
  switch (other.id()) {
    case TypeId::kByte:
      precision = 3;
      break;
    case TypeId::kShort:
      precision = 5;
      break;
    case TypeId::kInt:
      precision = 10;
      break;
    case TypeId::kLong:
      precision = 20;
      break;
    case TypeId::kDecimal:
      precision = other.precision();
      scale = other.scale();
      break;
    default:
      return false;
  }
  return to.precision() - to.scale() >= precision - scale && to.scale() >= scale;
}

bool canNullSafeCastToDecimal(const DataType& from, const DataType& to) {
  if (from.id() == TypeId::kBoolean) return to.precision() - to.scale() >= 1;
  if (from.isNumeric() && decimalIsWiderThan(to, from)) return true;
  if (from.id() == TypeId::kDecimal)
    return to.precision() - to.scale() > from.precision() - from.scale();
  return false;
}

// Cast.forceNullable: whether a cast of a non-null value may give NULL.
bool forceNullable(const DataType& from, const DataType& to) {
  TypeId f = from.id(), t = to.id();
  if (f == TypeId::kNull || from.equals(to)) return false;
  if (f == TypeId::kString) return t != TypeId::kBinary && t != TypeId::kString;
  if (t == TypeId::kString) return false;
  if (f == TypeId::kTimestamp && (t == TypeId::kByte || t == TypeId::kShort || t == TypeId::kInt))
    return true;
  if ((f == TypeId::kFloat || f == TypeId::kDouble) && t == TypeId::kTimestamp) return true;
  if (f == TypeId::kTimestamp && t == TypeId::kDate) return false;
  if (t == TypeId::kDate) return true;
  if (f == TypeId::kDate && t == TypeId::kTimestamp) return false;
  if (f == TypeId::kDate) return true;
  if (t == TypeId::kInterval) return true;
  if (t == TypeId::kDecimal && !canNullSafeCastToDecimal(from, to)) return true;
  if ((f == TypeId::kFloat || f == TypeId::kDouble || f == TypeId::kDecimal) && to.isIntegral())
    return true;
  return false;
}

// Spark's SQL text of a bound expression, for error messages (column names are not known here).
std::string sqlText(const Expr& e) {
  switch (e.kind) {
    case ExprKind::kColumnRef:
      return "_c" + std::to_string(e.columnIndex);
    case ExprKind::kLiteral: {
      if (e.literal.isNull()) return "NULL";
      std::string v = formatValue(e.literal, *e.type, *TimeZone::utc(), false);
      switch (e.type->id()) {
        case TypeId::kString:
          return "'" + v + "'";
        case TypeId::kLong:
          return v + "L";
        case TypeId::kShort:
          return v + "S";
        case TypeId::kByte:
          return v + "Y";
        case TypeId::kDouble:
          return v + "D";
        case TypeId::kDecimal:
          return v + "BD";
        case TypeId::kFloat:
          return "CAST(" + v + " AS FLOAT)";
        case TypeId::kDate:
          return "DATE '" + v + "'";
        case TypeId::kTimestamp:
          return "TIMESTAMP '" + v + "'";
        default:
          return v;
      }
    }
    case ExprKind::kCall: {
      if (e.functionName == "cast" && e.children.size() == 1)
        return "CAST(" + sqlText(*e.children[0]) + " AS " + e.type->sql() + ")";
      std::string out = e.functionName + "(";
      for (size_t i = 0; i < e.children.size(); ++i) {
        if (i) out += ", ";
        out += sqlText(*e.children[i]);
      }
      return out + ")";
    }
    case ExprKind::kAnd:
    case ExprKind::kOr:
      return "(" + sqlText(*e.children[0]) + (e.kind == ExprKind::kAnd ? " AND " : " OR ") +
             sqlText(*e.children[1]) + ")";
    case ExprKind::kCase: {
      std::string out = "CASE";
      size_t pairs = e.children.size() / 2;
      for (size_t b = 0; b < pairs; ++b)
        out += " WHEN " + sqlText(*e.children[2 * b]) + " THEN " + sqlText(*e.children[2 * b + 1]);
      if (e.children.size() % 2) out += " ELSE " + sqlText(*e.children.back());
      return out + " END";
    }
  }
  return "?";
}

}  // namespace

ColumnPtr relabelStringColumn(const Column& in, const TypePtr& to) {
  if (in.size() == 0) return StringColumnWriter(to, 0).finish();
  auto out = std::make_shared<Column>(to, in.size());
  copyOffsets(in, *out);
  out->mutableChars() = in.charsBuffer();
  if (in.mayHaveNulls()) out->mutableValidity() = in.validityBuffer();
  return out;
}

ColumnPtr castColumn(const ColumnPtr& input, const TypePtr& to, const EvalContext& context) {
  const Column& in = *input;
  const DataType& from = *in.type();
  if (from.equals(*to)) return input;
  if (from.id() == TypeId::kNull) return makeNullColumn(to, in.size());
  switch (to->id()) {
    case TypeId::kString:
      return castToStringColumn(in, to, context);
    case TypeId::kArray:
    case TypeId::kMap:
    case TypeId::kStruct:
      if (from.id() == to->id()) return castNested(in, to, context);
      break;
    default:
      if (from.id() == TypeId::kString) return castStringColumn(in, to, context);
      break;
  }
  switch (to->id()) {
    case TypeId::kBoolean:
    case TypeId::kByte:
    case TypeId::kShort:
    case TypeId::kInt:
    case TypeId::kLong:
    case TypeId::kFloat:
    case TypeId::kDouble:
    case TypeId::kDecimal:
      return castToNumericColumn(in, to, context);
    case TypeId::kTimestamp:
    case TypeId::kDate:
    case TypeId::kBinary:
      return castToDatetimeColumn(in, to, context);
    default:
      break;
  }
  throw InternalError("cannot cast " + from.simpleString() + " to " + to->simpleString());
}

bool canCast(const DataType& from, const DataType& to) {
  if (from.equals(to)) return true;
  const TypeId f = from.id();
  if (f == TypeId::kNull || to.id() == TypeId::kString) return true;
  switch (to.id()) {
    case TypeId::kBinary:
      return f == TypeId::kString || from.isIntegral();
    case TypeId::kBoolean:
    case TypeId::kByte:
    case TypeId::kShort:
    case TypeId::kInt:
    case TypeId::kLong:
    case TypeId::kFloat:
    case TypeId::kDouble:
    case TypeId::kDecimal:
      return f == TypeId::kString || f == TypeId::kBoolean || f == TypeId::kDate ||
             f == TypeId::kTimestamp || from.isNumeric();
    case TypeId::kTimestamp:
      return f == TypeId::kString || f == TypeId::kBoolean || f == TypeId::kDate ||
             from.isNumeric();
    case TypeId::kDate:
      return f == TypeId::kString || f == TypeId::kTimestamp;
    case TypeId::kInterval:
      return f == TypeId::kString;
    case TypeId::kArray:
      return f == TypeId::kArray && canCast(*from.element(), *to.element()) &&
             resolvableNullability(
                 from.containsNull() || forceNullable(*from.element(), *to.element()),
                 to.containsNull());
    case TypeId::kMap:
      return f == TypeId::kMap && canCast(*from.key(), *to.key()) &&
             !forceNullable(*from.key(), *to.key()) && canCast(*from.value(), *to.value()) &&
             resolvableNullability(
                 from.valueContainsNull() || forceNullable(*from.value(), *to.value()),
                 to.valueContainsNull());
    case TypeId::kStruct: {
      if (f != TypeId::kStruct || from.fields().size() != to.fields().size()) return false;
      for (size_t i = 0; i < from.fields().size(); ++i) {
        const StructField& a = from.fields()[i];
        const StructField& b = to.fields()[i];
        if (!canCast(*a.type, *b.type) ||
            !resolvableNullability(a.nullable || forceNullable(*a.type, *b.type), b.nullable))
          return false;
      }
      return true;
    }
    default:
      return false;
  }
}

ExprPtr makeCast(ExprPtr input, TypePtr to) {
  const DataType& from = *input->type;
  if (from.equals(*to)) return input;
  if (!canCast(from, *to)) {
    std::string source = "\"" + from.sql() + "\"";
    std::string target = "\"" + to->sql() + "\"";
    std::string prefix = "Cannot resolve \"CAST(" + sqlText(*input) + " AS " + to->sql() +
                         ")\" due to data type mismatch: cannot cast " + source + " to " + target;
    if (from.isNumeric() && to->id() == TypeId::kDate)
      throw AnalysisException("[DATATYPE_MISMATCH.CAST_WITH_FUNC_SUGGESTION] " + prefix +
                                  ". To convert values from " + source + " to " + target +
                                  ", you can use the functions `DATE_FROM_UNIX_DATE` instead.",
                              "DATATYPE_MISMATCH.CAST_WITH_FUNC_SUGGESTION");
    throw AnalysisException("[DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION] " + prefix + ".",
                            "DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION");
  }
  bool nullable = input->nullable || forceNullable(from, *to);
  return makeCall(
      "cast", to, {input},
      [to](const KernelArgs& a) { return castColumn(a.columns[0], to, a.context); }, nullptr,
      nullable);
}

}  // namespace spate
