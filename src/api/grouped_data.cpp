#include "api/dataframe.h"
#include "api/functions.h"
#include "common/error.h"
#include "common/strings.h"
#include "plan/plan_builder.h"

namespace spate::sql {

DataFrame GroupedData::agg(const std::vector<Column>& aggregates) const {
  SelectSpec spec;
  for (const auto& g : groupBy_) spec.items.push_back(g.expr());
  for (const auto& a : aggregates) spec.items.push_back(a.expr());
  spec.grouped = true;
  for (const auto& g : groupBy_) spec.groupBy.push_back(g.expr());
  spec.grouping = kind_;
  return DataFrame(df_.session(), planSelect(df_.plan(), spec, df_.session()->bindContext()));
}

DataFrame GroupedData::agg(const std::vector<std::pair<std::string, std::string>>& columnToFunction) const {
  std::vector<Column> aggregates;
  for (const auto& [column, function] : columnToFunction) {
    std::string f = toLower(function);
    if (f == "count" && column == "*")
      aggregates.push_back(functions::count(functions::col("*")));
    else
      aggregates.push_back(functions::callFunction(f == "mean" ? "avg" : f, {functions::col(column)}));
  }
  return agg(aggregates);
}

DataFrame GroupedData::count() const { return agg({functions::count(Column(1)).alias("count")}); }

DataFrame GroupedData::numericAggregate(const std::string& function, const std::vector<std::string>& columns) const {
  std::vector<Column> aggregates;
  const auto& output = df_.plan()->output;
  if (columns.empty()) {
    for (const auto& a : output)
      if (a.type->isNumeric()) aggregates.push_back(functions::callFunction(function, {df_.col(a.name)}));
  } else {
    Analyzer analyzer(output, df_.session()->bindContext());
    for (const auto& name : columns) {
      BoundExpr b = analyzer.bind(*parsedColumn(name));
      if (!b.expr->type->isNumeric())
        throw AnalysisException("[UNEXPECTED_INPUT_TYPE] \"" + name + "\" is not a numeric column. Aggregation "
                                "function can only be applied on a numeric column.");
      aggregates.push_back(functions::callFunction(function, {functions::col(name)}));
    }
  }
  return agg(aggregates);
}

DataFrame GroupedData::avg(const std::vector<std::string>& columns) const { return numericAggregate("avg", columns); }
DataFrame GroupedData::sum(const std::vector<std::string>& columns) const { return numericAggregate("sum", columns); }
DataFrame GroupedData::min(const std::vector<std::string>& columns) const { return numericAggregate("min", columns); }
DataFrame GroupedData::max(const std::vector<std::string>& columns) const { return numericAggregate("max", columns); }

}  // namespace spate::sql
