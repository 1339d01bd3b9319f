#include "plan/query_planner.h"

#include <map>

#include "common/error.h"
#include "common/strings.h"
#include "expression/cast.h"
#include "function/coercion.h"
#include "plan/event_time_watermark.h"
#include "plan/plan_builder.h"

namespace spate {

namespace {

TypePtr findWiderTypeForValues(const TypePtr& a, const TypePtr& b) {
  auto t = findWiderType(a, b);
  if (!t)
    throw AnalysisException("[INVALID_INLINE_TABLE.INCOMPATIBLE_TYPES_IN_INLINE_TABLE] Invalid inline table. "
                            "Found incompatible types in the column for inline table.",
                            "INVALID_INLINE_TABLE.INCOMPATIBLE_TYPES_IN_INLINE_TABLE");
  return *t;
}

class QueryPlanner {
 public:
  QueryPlanner(TableResolver tables, BindContext context)
      : tables_(std::move(tables)), context_(std::move(context)) {}

  PlanPtr plan(const Query& q) {
    // CTEs shadow catalog tables within the query.
    std::vector<std::pair<std::string, PlanPtr>> saved;
    for (const auto& [name, cte] : q.ctes) {
      PlanPtr p = plan(*cte);
      ctes_.emplace_back(toLower(name), planAlias(p, name));
    }
    PlanPtr result;
    if (q.kind == Query::Kind::kSetOperation) {
      PlanPtr left = plan(*q.left), right = plan(*q.right);
      if (q.setOperator == "union") {
        result = planUnion(left, right, false, false, context_);
        if (!q.setAll) result = planDistinct(result, {}, context_);
      } else {
        result = planSetOperation(left, right, q.setOperator == "intersect", q.setAll, context_);
      }
      if (!q.orderBy.empty()) result = planSort(result, q.orderBy, context_);
    } else {
      result = planSelectCore(q.select, q.orderBy);
    }
    if (q.limit) result = makeLimit(result, *q.limit);
    for (size_t i = 0; i < q.ctes.size(); ++i) ctes_.pop_back();
    return result;
  }

 private:
  PlanPtr planSelectCore(const SelectCore& s, const std::vector<ParsedExprPtr>& orderBy) {
    PlanPtr from = s.from ? planRelation(*s.from) : oneRow();
    if (s.where) from = planFilter(from, *s.where, context_);
    SelectSpec spec;
    spec.items = s.selectList;
    spec.grouped = !s.groupBy.empty() || s.grouping != GroupingKind::kPlain || s.groupByAll;
    spec.groupBy = s.groupBy;
    if (s.groupByAll) {
      // GROUP BY ALL: every select item without an aggregate.
      spec.groupBy.clear();
      for (const auto& item : s.selectList) {
        if (Analyzer::containsAggregate(*item)) continue;
        spec.groupBy.push_back(item->kind == ParsedKind::kAlias ? item->children[0] : item);
      }
    }
    spec.grouping = s.grouping;
    spec.groupingSets = s.groupingSets;
    spec.having = s.having;
    spec.distinct = s.distinct;
    spec.orderBy = orderBy;
    return planSelect(from, spec, context_);
  }

  PlanPtr oneRow() {
    static const SchemaPtr empty = DataType::structType({});
    return makeScan("OneRowRelation", {}, [] {
      return std::vector<BatchPtr>{std::make_shared<Batch>(empty, std::vector<ColumnPtr>{}, 1)};
    });
  }

  PlanPtr planRelation(const Relation& r) {
    switch (r.kind) {
      case Relation::Kind::kTable: {
        PlanPtr p;
        if (r.tableName.size() == 1 && !r.stream)
          for (auto it = ctes_.rbegin(); it != ctes_.rend(); ++it)
            if (it->first == toLower(r.tableName[0])) {
              p = planFreshIds(it->second);
              break;
            }
        if (!p) p = tables_(r.tableName, r.stream);
        if (!r.watermarkColumn.empty()) {
          ParsedExpr col;
          col.kind = ParsedKind::kColumn;
          col.nameParts = {r.watermarkColumn};
          // DAY TO SECOND forms come as "'1 2:3:4' day to second": an SQL interval literal.
          std::string delay = r.watermarkDelay;
          if (delay.starts_with("'")) delay = "interval " + delay;
          p = planWatermark(p, col, delay, context_);
        }
        return planAlias(p, r.alias.empty() ? r.tableName.back() : r.alias, r.columnAliases);
      }
      case Relation::Kind::kSubquery: {
        PlanPtr p = plan(*r.subquery);
        return r.alias.empty() ? p : planAlias(p, r.alias, r.columnAliases);
      }
      case Relation::Kind::kValues:
        return planAlias(planValues(r), r.alias, r.columnAliases);
      case Relation::Kind::kJoin: {
        PlanPtr left = planRelation(*r.left);
        PlanPtr right = planRelation(*r.right);
        std::vector<std::string> usingColumns = r.usingColumns;
        if (r.natural) {
          for (const auto& l : left->output)
            for (const auto& rr : right->output)
              if (equalsIgnoreCase(l.name, rr.name)) usingColumns.push_back(l.name);
        }
        JoinKind kind = r.joinKind;
        if (kind == JoinKind::kCross && r.condition) kind = JoinKind::kInner;
        return planJoin(left, right, kind, r.condition, usingColumns, context_);
      }
    }
    throw InternalError("unknown relation kind");
  }

  PlanPtr planValues(const Relation& r) {
    if (r.values.empty()) throw AnalysisException("VALUES needs at least one row.");
    Analyzer analyzer({}, context_);
    std::vector<std::vector<ExprPtr>> rows;
    size_t width = r.values[0].size();
    std::vector<TypePtr> types(width, DataType::null());
    for (const auto& row : r.values) {
      if (row.size() != width)
        throw AnalysisException("[INVALID_INLINE_TABLE.NUM_COLUMNS_MISMATCH] Invalid inline table. Inline table "
                                "expected " + std::to_string(width) + " columns but found " +
                                    std::to_string(row.size()) + " columns in row.",
                                "INVALID_INLINE_TABLE.NUM_COLUMNS_MISMATCH");
      std::vector<ExprPtr> exprs;
      for (size_t c = 0; c < width; ++c) {
        exprs.push_back(analyzer.bind(*row[c]).expr);
        auto wider = findWiderTypeForValues(types[c], exprs.back()->type);
        types[c] = wider;
      }
      rows.push_back(std::move(exprs));
    }
    std::vector<StructField> fields;
    AttributeList attrs;
    for (size_t c = 0; c < width; ++c) {
      std::string name = "col" + std::to_string(c + 1);
      fields.push_back({name, types[c], true});
      attrs.push_back({newAttributeId(), name, types[c], true, ""});
    }
    SchemaPtr schema = DataType::structType(fields);
    EvalContext eval;
    eval.timeZone = context_.timeZone;
    std::vector<std::vector<Value>> values;
    for (const auto& row : rows) {
      std::vector<Value> v;
      for (size_t c = 0; c < width; ++c) v.push_back(evaluateConstant(*makeCast(row[c], types[c]), eval));
      values.push_back(std::move(v));
    }
    BatchPtr batch = makeBatch(schema, values);
    return makeScan("LocalRelation", attrs, [batch] { return std::vector<BatchPtr>{batch}; });
  }

  TableResolver tables_;
  BindContext context_;
  std::vector<std::pair<std::string, PlanPtr>> ctes_;
};

}  // namespace

PlanPtr planQuery(const Query& query, const TableResolver& tables, const BindContext& context) {
  QueryPlanner planner(tables, context);
  return planner.plan(query);
}

}  // namespace spate
