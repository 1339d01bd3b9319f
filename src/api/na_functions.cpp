#include <cmath>

#include "api/dataframe.h"
#include "common/error.h"
#include "common/strings.h"
#include "expression/cast.h"
#include "sql/analyzer.h"

namespace spate::sql {

namespace {

// Indices of the considered columns (all when `subset` is empty).
std::vector<int> subsetIndices(const DataFrame& df, const std::vector<std::string>& subset) {
  std::vector<int> out;
  const auto& output = df.plan()->output;
  if (subset.empty()) {
    for (size_t i = 0; i < output.size(); ++i) out.push_back(static_cast<int>(i));
    return out;
  }
  Analyzer analyzer(output, df.session()->bindContext());
  for (const auto& name : subset) out.push_back(analyzer.bind(*parsedColumn(name)).expr->columnIndex);
  return out;
}

bool isMissing(const spate::Column& c, int64_t i) {
  if (c.isNull(i)) return true;
  if (c.typeId() == TypeId::kDouble) return std::isnan(c.valueAt<double>(i));
  if (c.typeId() == TypeId::kFloat) return std::isnan(c.valueAt<float>(i));
  return false;
}

}  // namespace

DataFrame DataFrameNaFunctions::drop(const std::string& how, std::optional<int> thresh,
                                     const std::vector<std::string>& subset) const {
  std::vector<int> indices = subsetIndices(df_, subset);
  int64_t minPresent;
  if (thresh) {
    minPresent = *thresh;
  } else if (equalsIgnoreCase(how, "any")) {
    minPresent = static_cast<int64_t>(indices.size());
  } else if (equalsIgnoreCase(how, "all")) {
    minPresent = 1;
  } else {
    throw IllegalArgumentException("how (" + how + ") must be 'any' or 'all'");
  }
  std::vector<ExprPtr> refs;
  for (int i : indices) {
    const auto& a = df_.plan()->output[i];
    refs.push_back(makeColumnRef(i, a.type, a.nullable));
  }
  ExprPtr predicate = makeCall("na_drop", DataType::boolean(), refs, [minPresent](const KernelArgs& a) {
    auto out = std::make_shared<spate::Column>(DataType::boolean(), a.rows);
    out->mutableData().resize(a.rows);
    uint8_t* o = out->mutableData().data();
    for (int64_t r = 0; r < a.rows; ++r) {
      int64_t present = 0;
      for (const auto& c : a.columns) present += !isMissing(*c, r);
      o[r] = present >= minPresent;
    }
    return out;
  }, nullptr, false);
  return DataFrame(df_.session(), makeFilter(df_.plan(), predicate));
}

DataFrame DataFrameNaFunctions::fill(const Value& value, const std::vector<std::string>& subset) const {
  std::map<std::string, Value> byColumn;
  const auto& output = df_.plan()->output;
  std::vector<int> indices = subsetIndices(df_, subset);
  bool isText = std::holds_alternative<std::string>(value.storage());
  bool isBool = std::holds_alternative<bool>(value.storage());
  for (int i : indices) {
    TypeId t = output[i].type->id();
    bool matches = isText ? t == TypeId::kString : isBool ? t == TypeId::kBoolean : output[i].type->isNumeric();
    if (matches) byColumn[output[i].name] = value;
  }
  return fill(byColumn);
}

DataFrame DataFrameNaFunctions::fill(const std::map<std::string, Value>& valuesByColumn) const {
  const auto& output = df_.plan()->output;
  std::vector<ExprPtr> exprs;
  AttributeList out;
  EvalContext eval;
  for (size_t i = 0; i < output.size(); ++i) {
    const Attribute& a = output[i];
    ExprPtr ref = makeColumnRef(static_cast<int>(i), a.type, a.nullable);
    const Value* replacement = nullptr;
    for (const auto& [name, v] : valuesByColumn)
      if (equalsIgnoreCase(name, a.name)) replacement = &v;
    if (!replacement) {
      exprs.push_back(ref);
      out.push_back(a);
      continue;
    }
    TypePtr valueType = std::holds_alternative<std::string>(replacement->storage()) ? DataType::string()
                        : std::holds_alternative<bool>(replacement->storage())  ? DataType::boolean()
                        : std::holds_alternative<double>(replacement->storage()) ? DataType::doubleType()
                                                                                   : DataType::longType();
    Value fillValue = evaluateConstant(*makeCast(makeLiteral(*replacement, valueType), a.type), eval);
    TypePtr type = a.type;
    exprs.push_back(makeCall("na_fill", type, {ref}, [fillValue, type](const KernelArgs& k) {
      ColumnBuilder b(type, k.rows);
      const spate::Column& c = *k.columns[0];
      for (int64_t r = 0; r < k.rows; ++r) {
        if (isMissing(c, r))
          b.appendValue(fillValue);
        else
          b.appendFrom(c, r);
      }
      return b.finish();
    }));
    Attribute filled = a;
    filled.nullable = fillValue.isNull();
    out.push_back(filled);
  }
  return DataFrame(df_.session(), makeProject(df_.plan(), std::move(exprs), std::move(out)));
}

}  // namespace spate::sql
