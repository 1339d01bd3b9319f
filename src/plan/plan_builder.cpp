#include "plan/plan_builder.h"

#include <functional>

#include "common/error.h"
#include "common/strings.h"
#include "expression/cast.h"
#include "function/coercion.h"
#include "plan/session_window.h"
#include "plan/time_window.h"

namespace spate {

namespace {

ParsedExprPtr columnRef(const Attribute& a) {
  auto e = std::make_shared<ParsedExpr>();
  e->kind = ParsedKind::kColumn;
  e->nameParts = {a.name};
  e->attributeId = a.id;
  e->text = a.name;
  return e;
}

// A structural fingerprint of a parsed expression, to find repeated window(...) calls.
std::string fingerprint(const ParsedExpr& e) {
  std::string out = std::to_string(static_cast<int>(e.kind)) + ":" + toLower(e.name) + ":" + e.op + ":" +
                    joinStrings(e.nameParts, ".") + ":" + std::to_string(e.attributeId) + ":";
  if (e.kind == ParsedKind::kLiteral && e.literalType)
    out += formatValue(e.literal, *e.literalType, *TimeZone::utc(), false);
  out += "(";
  for (const auto& c : e.children) out += (c ? fingerprint(*c) : "-") + ",";
  return out + ")";
}

// The window(...) and session_window(...) calls of an expression, outermost first.
void collectWindowCalls(const ParsedExpr& e, std::vector<const ParsedExpr*>& out) {
  if (e.kind == ParsedKind::kFunction &&
      (equalsIgnoreCase(e.name, "window") || equalsIgnoreCase(e.name, "session_window"))) {
    out.push_back(&e);
    return;
  }
  for (const auto& c : e.children)
    if (c) collectWindowCalls(*c, out);
}

ParsedExprPtr replaceMatching(const ParsedExprPtr& e, const std::string& key, const ParsedExprPtr& replacement) {
  if (!e) return e;
  if (e->kind == ParsedKind::kFunction && fingerprint(*e) == key) return replacement;
  bool changed = false;
  std::vector<ParsedExprPtr> children;
  for (const auto& c : e->children) {
    children.push_back(replaceMatching(c, key, replacement));
    changed |= children.back() != c;
  }
  if (!changed) return e;
  auto copy = std::make_shared<ParsedExpr>(*e);
  copy->children = std::move(children);
  return copy;
}

// Spark keeps a column's metadata (the watermark delay, the session window mark) through
// projections of the bare column, aliased or not.
void inheritWatermarks(AttributeList& out, const std::vector<ExprPtr>& exprs,
                       const AttributeList& input) {
  for (size_t i = 0; i < out.size() && i < exprs.size(); ++i) {
    const Expr& e = *exprs[i];
    if (e.kind != ExprKind::kColumnRef || e.columnIndex < 0 ||
        e.columnIndex >= static_cast<int>(input.size()))
      continue;
    const Attribute& from = input[e.columnIndex];
    if (!out[i].watermarkDelayMs) out[i].watermarkDelayMs = from.watermarkDelayMs;
    out[i].sessionWindow |= from.sessionWindow;
  }
}

PlanPtr makeAggregateNode(PlanPtr child, std::vector<ExprPtr> groups, std::vector<BoundAggregate> aggs,
                          std::vector<uint64_t> sets, AttributeList output) {
  auto p = std::make_shared<LogicalPlan>();
  p->kind = PlanKind::kAggregate;
  p->isStreaming = child->isStreaming;
  p->children = {std::move(child)};
  p->groupExprs = std::move(groups);
  p->aggregates = std::move(aggs);
  p->groupingSets = std::move(sets);
  p->output = std::move(output);
  return p;
}

std::vector<uint64_t> groupingSetMasks(const SelectSpec& spec, size_t n) {
  std::vector<uint64_t> sets;
  if (n > 63) throw AnalysisException("Too many grouping columns (at most 63).");
  switch (spec.grouping) {
    case GroupingKind::kPlain: break;
    case GroupingKind::kCube:
      // Spark lists cube sets from the full set down to the empty one.
      for (uint64_t m = (uint64_t{1} << n); m-- > 0;) {
        uint64_t mask = 0;
        for (size_t i = 0; i < n; ++i)
          if ((m >> (n - 1 - i)) & 1) mask |= uint64_t{1} << i;
        sets.push_back(mask);
      }
      break;
    case GroupingKind::kRollup:
      for (size_t k = n + 1; k-- > 0;) sets.push_back(k == 64 ? ~uint64_t{0} : (uint64_t{1} << k) - 1);
      break;
    case GroupingKind::kGroupingSets:
      for (const auto& set : spec.groupingSets) {
        uint64_t mask = 0;
        for (int i : set) mask |= uint64_t{1} << i;
        sets.push_back(mask);
      }
      break;
  }
  return sets;
}

// Binds a sort item against the select output if it can; nullopt when it names something else.
std::optional<SortKey> bindSortAgainstOutput(const ParsedExpr& item, const AttributeList& output,
                                             const BindContext& context) {
  const ParsedExpr& e = item.kind == ParsedKind::kSortOrder ? *item.children[0] : item;
  SortKey key;
  key.ascending = item.kind == ParsedKind::kSortOrder ? item.ascending : true;
  key.nullsFirst = item.kind == ParsedKind::kSortOrder ? item.nullsFirst : true;
  if (e.kind == ParsedKind::kLiteral && e.literalType && e.literalType->id() == TypeId::kInt) {
    int64_t ordinal = e.literal.asLong();
    if (ordinal < 1 || ordinal > static_cast<int64_t>(output.size()))
      throw AnalysisException("[ORDER_BY_POS_OUT_OF_RANGE] ORDER BY position " + std::to_string(ordinal) +
                                  " is not in select list (valid range is [1, " + std::to_string(output.size()) +
                                  "]).",
                              "ORDER_BY_POS_OUT_OF_RANGE");
    const Attribute& a = output[ordinal - 1];
    key.expr = makeColumnRef(static_cast<int>(ordinal - 1), a.type, a.nullable);
    return key;
  }
  try {
    Analyzer analyzer(output, context);
    key.expr = analyzer.bind(e).expr;
    return key;
  } catch (const AnalysisException&) {
    return std::nullopt;
  }
}

SortKey sortKeyFrom(const ParsedExpr& item, ExprPtr expr) {
  SortKey key;
  key.expr = std::move(expr);
  key.ascending = item.kind == ParsedKind::kSortOrder ? item.ascending : true;
  key.nullsFirst = item.kind == ParsedKind::kSortOrder ? item.nullsFirst : true;
  return key;
}

PlanPtr makeSortNode(PlanPtr child, std::vector<SortKey> keys) {
  auto p = std::make_shared<LogicalPlan>();
  p->kind = PlanKind::kSort;
  p->output = child->output;
  p->isStreaming = child->isStreaming;
  p->children = {std::move(child)};
  p->sortKeys = std::move(keys);
  return p;
}

// Keeps the first `n` columns of a plan (drops hidden sort columns).
PlanPtr keepColumns(PlanPtr child, size_t n) {
  if (child->output.size() == n) return child;
  std::vector<ExprPtr> exprs;
  AttributeList out;
  for (size_t i = 0; i < n; ++i) {
    exprs.push_back(makeColumnRef(static_cast<int>(i), child->output[i].type, child->output[i].nullable));
    out.push_back(child->output[i]);
  }
  return makeProject(std::move(child), std::move(exprs), std::move(out));
}

[[noreturn]] void throwMultipleWindows() {
  throw AnalysisException(
      "Multiple time/session window expressions would result in a cartesian product of rows, "
      "therefore they are currently not supported.");
}

// An aggregation merges the sessions of at most one session window key.
void checkSessionWindowGroups(const std::vector<BoundExpr>& groups, const AttributeList& input,
                              bool groupingSets) {
  std::vector<ExprPtr> exprs;
  for (const auto& g : groups) exprs.push_back(g.expr);
  int index = sessionWindowGroupIndex(exprs, input);
  if (index < 0) return;
  exprs.erase(exprs.begin(), exprs.begin() + index + 1);
  if (sessionWindowGroupIndex(exprs, input) >= 0) throwMultipleWindows();
  if (groupingSets)
    throw AnalysisException(
        "session_window is not supported with GROUPING SETS, CUBE or ROLLUP in Spate.");
}

}  // namespace

Attribute outputAttribute(const BoundExpr& bound) {
  if (bound.attribute && bound.attribute->name == bound.name) return *bound.attribute;
  return {newAttributeId(), bound.name, bound.expr->type, bound.expr->nullable, ""};
}

PlanPtr planSelect(PlanPtr child, const SelectSpec& specIn, const BindContext& context) {
  SelectSpec spec = specIn;

  // Time and session windows become a column computed before the aggregation (Spark's
  // TimeWindowing and SessionWindowing rules); one distinct window expression per SELECT.
  std::vector<const ParsedExpr*> windowCalls;
  for (const auto& list : {&spec.groupBy, &spec.items})
    for (const auto& e : *list)
      if (e) collectWindowCalls(*e, windowCalls);
  for (const ParsedExpr* other : windowCalls)
    if (fingerprint(*other) != fingerprint(*windowCalls[0])) throwMultipleWindows();
  if (!windowCalls.empty()) {
    const ParsedExpr* call = windowCalls[0];
    auto [withWindow, attribute] = equalsIgnoreCase(call->name, "session_window")
                                       ? addSessionWindowColumn(child, *call, context)
                                       : addTimeWindowColumn(child, *call, context);
    child = withWindow;
    std::string key = fingerprint(*call);
    ParsedExprPtr ref = columnRef(attribute);
    for (auto* list : {&spec.groupBy, &spec.items, &spec.orderBy})
      for (auto& e : *list) e = replaceMatching(e, key, ref);
    spec.having = replaceMatching(spec.having, key, ref);
  }

  // A generator (explode) in the select list runs before the projection; one per SELECT.
  std::vector<std::string> generators;
  for (const auto& item : spec.items)
    if (const ParsedExpr* g = Analyzer::topLevelGenerator(*item)) generators.push_back("\"" + g->text + "\"");
  if (generators.size() > 1)
    throw AnalysisException("[UNSUPPORTED_GENERATOR.MULTI_GENERATOR] The generator is not supported: only one "
                            "generator allowed per SELECT clause but found " + std::to_string(generators.size()) +
                                ": " + joinStrings(generators, ", ") + ".",
                            "UNSUPPORTED_GENERATOR.MULTI_GENERATOR");
  for (size_t i = 0; i < spec.items.size(); ++i) {
    const ParsedExpr* gen = Analyzer::topLevelGenerator(*spec.items[i]);
    if (!gen) continue;
    const FunctionEntry* entry = FunctionRegistry::instance().find(gen->name);
    Analyzer analyzer(child->output, context);
    std::vector<ExprPtr> args;
    for (const auto& a : gen->children) args.push_back(analyzer.bind(*a).expr);
    BoundGenerator bound = entry->generator(std::move(args), context);
    std::vector<std::string> names;
    const ParsedExpr& item = *spec.items[i];
    if (item.kind == ParsedKind::kAlias) names = item.aliasNames.empty() ? std::vector<std::string>{item.name} : item.aliasNames;
    const auto& fields = bound.outputSchema->fields();
    if (!names.empty() && names.size() != fields.size())
      throw AnalysisException("[UDTF_ALIAS_NUMBER_MISMATCH] The number of aliases supplied in the AS clause does "
                              "not match the number of columns output by the UDTF. Expected " +
                                  std::to_string(fields.size()) + " aliases, but got " + joinStrings(names, ", ") + ".",
                              "UDTF_ALIAS_NUMBER_MISMATCH");
    auto p = std::make_shared<LogicalPlan>();
    p->kind = PlanKind::kGenerate;
    p->isStreaming = child->isStreaming;
    p->output = child->output;
    AttributeList generated;
    for (size_t f = 0; f < fields.size(); ++f)
      generated.push_back({newAttributeId(), names.empty() ? fields[f].name : names[f], fields[f].type, true, ""});
    p->output.insert(p->output.end(), generated.begin(), generated.end());
    p->generator = std::move(bound);
    p->children = {child};
    child = p;
    std::vector<ParsedExprPtr> items(spec.items.begin(), spec.items.begin() + i);
    for (const auto& g : generated) items.push_back(columnRef(g));
    items.insert(items.end(), spec.items.begin() + i + 1, spec.items.end());
    spec.items = std::move(items);
    break;
  }

  bool aggregating = spec.grouped;
  for (const auto& e : spec.items) aggregating |= Analyzer::containsAggregate(*e);
  if (spec.having) aggregating |= true;

  Analyzer analyzer(child->output, context);
  std::vector<BoundExpr> outputs;
  std::vector<SortKey> outputSortKeys;        // keys over the projection output
  std::vector<const ParsedExpr*> hiddenSorts;  // sort items bound below the projection
  PlanPtr below = child;

  if (aggregating) {
    // Group expressions: ordinals (GROUP BY 1) and select aliases are allowed, as in Spark.
    std::vector<BoundExpr> groups;
    for (const auto& g : spec.groupBy) {
      const ParsedExpr* target = g.get();
      if (g->kind == ParsedKind::kLiteral && g->literalType && g->literalType->id() == TypeId::kInt) {
        int64_t ordinal = g->literal.asLong();
        if (ordinal < 1 || ordinal > static_cast<int64_t>(spec.items.size()))
          throw AnalysisException("[GROUP_BY_POS_OUT_OF_RANGE] GROUP BY position " + std::to_string(ordinal) +
                                      " is not in select list (valid range is [1, " +
                                      std::to_string(spec.items.size()) + "]).",
                                  "GROUP_BY_POS_OUT_OF_RANGE");
        target = spec.items[ordinal - 1].get();
        if (target->kind == ParsedKind::kAlias) target = target->children[0].get();
      }
      try {
        groups.push_back(analyzer.bind(*target));
      } catch (const AnalysisException& e) {
        const ParsedExpr* aliased = nullptr;
        if (target->kind == ParsedKind::kColumn && target->nameParts.size() == 1)
          for (const auto& item : spec.items)
            if (item->kind == ParsedKind::kAlias && equalsIgnoreCase(item->name, target->nameParts[0]))
              aliased = item->children[0].get();
        if (!aliased) throw;
        groups.push_back(analyzer.bind(*aliased));
      }
    }
    std::vector<uint64_t> sets = groupingSetMasks(spec, groups.size());
    checkSessionWindowGroups(groups, child->output, !sets.empty());
    bool withGid = !sets.empty();
    analyzer.beginAggregation(groups, withGid);
    for (const auto& item : spec.items)
      for (auto& b : analyzer.bindSelectItem(*item)) outputs.push_back(std::move(b));
    std::optional<BoundExpr> having;
    if (spec.having) having = analyzer.bindPredicate(*spec.having);
    AttributeList outAttrs;
    for (const auto& o : outputs) outAttrs.push_back(outputAttribute(o));
    std::vector<ExprPtr> hiddenExprs;
    for (const auto& item : spec.orderBy) {
      if (auto key = bindSortAgainstOutput(*item, outAttrs, context)) {
        outputSortKeys.push_back(*key);
      } else {
        const ParsedExpr& e = item->kind == ParsedKind::kSortOrder ? *item->children[0] : *item;
        hiddenExprs.push_back(analyzer.bind(e).expr);
        hiddenSorts.push_back(item.get());
      }
    }
    AttributeList aggOutput;
    std::vector<ExprPtr> groupExprs;
    for (const auto& g : groups) {
      Attribute a = outputAttribute(g);
      if (withGid) a.nullable = true;
      aggOutput.push_back(a);
      groupExprs.push_back(g.expr);
    }
    inheritWatermarks(aggOutput, groupExprs, child->output);
    if (withGid) aggOutput.push_back({newAttributeId(), "spark_grouping_id", DataType::longType(), false, ""});
    for (size_t k = 0; k < analyzer.aggregates().size(); ++k) {
      const auto& agg = analyzer.aggregates()[k];
      aggOutput.push_back({newAttributeId(), analyzer.aggregateNames()[k], agg.resultType, agg.nullable, ""});
    }
    below = makeAggregateNode(child, groupExprs, analyzer.aggregates(), sets, aggOutput);
    if (having) below = makeFilter(below, having->expr);
    std::vector<ExprPtr> exprs;
    for (const auto& o : outputs) exprs.push_back(o.expr);
    for (auto& h : hiddenExprs) {
      outAttrs.push_back({newAttributeId(), "__sort" + std::to_string(outAttrs.size()), h->type, h->nullable, ""});
      exprs.push_back(h);
    }
    inheritWatermarks(outAttrs, exprs, below->output);
    below = makeProject(below, std::move(exprs), std::move(outAttrs));
  } else {
    for (const auto& item : spec.items)
      for (auto& b : analyzer.bindSelectItem(*item)) outputs.push_back(std::move(b));
    AttributeList outAttrs;
    std::vector<ExprPtr> exprs;
    for (const auto& o : outputs) {
      outAttrs.push_back(outputAttribute(o));
      exprs.push_back(o.expr);
    }
    for (const auto& item : spec.orderBy) {
      if (auto key = bindSortAgainstOutput(*item, outAttrs, context)) {
        outputSortKeys.push_back(*key);
      } else {
        if (spec.distinct)
          throw AnalysisException("ORDER BY expressions must appear in the select list when SELECT DISTINCT is used.");
        const ParsedExpr& e = item->kind == ParsedKind::kSortOrder ? *item->children[0] : *item;
        ExprPtr h = analyzer.bind(e).expr;
        outAttrs.push_back({newAttributeId(), "__sort" + std::to_string(outAttrs.size()), h->type, h->nullable, ""});
        exprs.push_back(h);
        hiddenSorts.push_back(item.get());
      }
    }
    inheritWatermarks(outAttrs, exprs, below->output);
    below = makeProject(below, std::move(exprs), std::move(outAttrs));
  }

  size_t visible = outputs.size();
  if (spec.distinct) {
    if (!hiddenSorts.empty())
      throw AnalysisException("ORDER BY expressions must appear in the select list when SELECT DISTINCT is used.");
    below = planDistinct(below, {}, context);
  }
  if (!spec.orderBy.empty()) {
    // Keys in the order they were written: output keys and hidden ones interleaved as given.
    std::vector<SortKey> keys;
    size_t outIdx = 0, hidIdx = 0;
    for (const auto& item : spec.orderBy) {
      if (hidIdx < hiddenSorts.size() && hiddenSorts[hidIdx] == item.get()) {
        size_t col = visible + hidIdx++;
        const Attribute& a = below->output[col];
        keys.push_back(sortKeyFrom(*item, makeColumnRef(static_cast<int>(col), a.type, a.nullable)));
      } else {
        keys.push_back(outputSortKeys[outIdx++]);
      }
    }
    below = keepColumns(makeSortNode(below, std::move(keys)), visible);
  }
  return below;
}

PlanPtr planFilter(PlanPtr child, const ParsedExpr& condition, const BindContext& context) {
  if (Analyzer::containsAggregate(condition))
    throw AnalysisException("[INVALID_WHERE_CONDITION] The WHERE condition " + condition.text +
                                " contains invalid expressions. Rewrite the query to avoid window functions, "
                                "aggregate functions, and generator functions in the WHERE clause.",
                            "INVALID_WHERE_CONDITION");
  Analyzer analyzer(child->output, context);
  return makeFilter(child, analyzer.bindPredicate(condition).expr);
}

PlanPtr planSort(PlanPtr child, const std::vector<ParsedExprPtr>& orderBy, const BindContext& context) {
  Analyzer analyzer(child->output, context);
  std::vector<SortKey> keys;
  for (const auto& item : orderBy) {
    const ParsedExpr& e = item->kind == ParsedKind::kSortOrder ? *item->children[0] : *item;
    keys.push_back(sortKeyFrom(*item, analyzer.bind(e).expr));
  }
  return makeSortNode(std::move(child), std::move(keys));
}

PlanPtr planAlias(PlanPtr child, const std::string& alias, const std::vector<std::string>& columnNames) {
  if (!columnNames.empty() && columnNames.size() != child->output.size())
    throw AnalysisException("[ASSIGNMENT_ARITY_MISMATCH] Number of column aliases does not match number of "
                            "columns. Number of column aliases: " + std::to_string(columnNames.size()) +
                            "; number of columns: " + std::to_string(child->output.size()) + ".");
  std::vector<ExprPtr> exprs;
  AttributeList out;
  for (size_t i = 0; i < child->output.size(); ++i) {
    Attribute a = child->output[i];
    a.qualifier = alias;
    if (!columnNames.empty()) {
      a.name = columnNames[i];
      a.id = newAttributeId();
    }
    exprs.push_back(makeColumnRef(static_cast<int>(i), a.type, a.nullable));
    out.push_back(a);
  }
  return makeProject(std::move(child), std::move(exprs), std::move(out));
}

PlanPtr planFreshIds(PlanPtr child) {
  std::vector<ExprPtr> exprs;
  AttributeList out;
  for (size_t i = 0; i < child->output.size(); ++i) {
    Attribute a = child->output[i];
    a.id = newAttributeId();
    exprs.push_back(makeColumnRef(static_cast<int>(i), a.type, a.nullable));
    out.push_back(a);
  }
  return makeProject(std::move(child), std::move(exprs), std::move(out));
}

PlanPtr planJoin(PlanPtr left, PlanPtr right, JoinKind kind, const ParsedExprPtr& condition,
                 const std::vector<std::string>& usingColumns, const BindContext& context) {
  // A self-join needs distinct ids on each side.
  for (const auto& l : left->output)
    for (const auto& r : right->output)
      if (l.id == r.id) {
        right = planFreshIds(right);
        goto deduplicated;
      }
deduplicated:
  auto p = std::make_shared<LogicalPlan>();
  p->kind = PlanKind::kJoin;
  p->joinKind = kind;
  p->isStreaming = left->isStreaming || right->isStreaming;
  bool leftOnly = kind == JoinKind::kLeftSemi || kind == JoinKind::kLeftAnti;
  AttributeList both = left->output;
  both.insert(both.end(), right->output.begin(), right->output.end());
  auto nullableSide = [](AttributeList attrs, bool nullable) {
    if (nullable)
      for (auto& a : attrs) a.nullable = true;
    return attrs;
  };
  p->output = nullableSide(left->output, kind == JoinKind::kRight || kind == JoinKind::kFull);
  if (!leftOnly) {
    AttributeList r = nullableSide(right->output, kind == JoinKind::kLeft || kind == JoinKind::kFull);
    p->output.insert(p->output.end(), r.begin(), r.end());
  }
  Analyzer leftAnalyzer(left->output, context), rightAnalyzer(right->output, context);
  std::vector<ExprPtr> residual;

  auto addKeyPair = [&](ExprPtr l, ExprPtr r, const std::string& sql) {
    auto type = comparisonOperandType(l->type, r->type);
    if (!type)
      throw AnalysisException("[DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES] Cannot resolve \"" + sql +
                                  "\" due to data type mismatch: the left and right operands of the binary "
                                  "operator have incompatible types (\"" + l->type->sql() + "\" and \"" +
                                  r->type->sql() + "\").",
                              "DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES");
    p->leftKeys.push_back(makeCast(l, *type));
    p->rightKeys.push_back(makeCast(r, *type));
  };

  if (!usingColumns.empty()) {
    for (const auto& name : usingColumns) {
      ParsedExpr col;
      col.kind = ParsedKind::kColumn;
      col.nameParts = {name};
      BoundExpr l, r;
      try {
        l = leftAnalyzer.bind(col);
        r = rightAnalyzer.bind(col);
      } catch (const AnalysisException&) {
        throw AnalysisException("[UNRESOLVED_USING_COLUMN_FOR_JOIN] USING column " + quoteIdentifier(name) +
                                    " cannot be resolved on the " +
                                    (leftAnalyzer.input().empty() ? "left" : "right") + " side of the join.",
                                "UNRESOLVED_USING_COLUMN_FOR_JOIN");
      }
      addKeyPair(l.expr, r.expr, "(" + name + " = " + name + ")");
    }
  } else if (condition) {
    // Split the condition into conjuncts; equalities between the two sides become hash keys.
    std::vector<ParsedExprPtr> conjuncts;
    std::function<void(const ParsedExprPtr&)> split = [&](const ParsedExprPtr& e) {
      if (e->kind == ParsedKind::kBinary && toLower(e->op) == "and") {
        split(e->children[0]);
        split(e->children[1]);
      } else {
        conjuncts.push_back(e);
      }
    };
    split(condition);
    Analyzer bothAnalyzer(both, context);
    for (const auto& c : conjuncts) {
      bool isKey = false;
      if (c->kind == ParsedKind::kBinary && (c->op == "=" || c->op == "==")) {
        for (int swap = 0; swap < 2 && !isKey; ++swap) {
          try {
            ExprPtr l = leftAnalyzer.bind(*c->children[swap]).expr;
            ExprPtr r = rightAnalyzer.bind(*c->children[1 - swap]).expr;
            if (isConstant(*l) || isConstant(*r)) break;
            addKeyPair(l, r, c->text);
            isKey = true;
          } catch (const AnalysisException&) {
          }
        }
      }
      if (!isKey) residual.push_back(bothAnalyzer.bindPredicate(*c).expr);
    }
  }
  for (auto& r : residual) {
    if (!p->condition) {
      p->condition = r;
      continue;
    }
    auto e = std::make_shared<Expr>();
    e->kind = ExprKind::kAnd;
    e->type = DataType::boolean();
    e->functionName = "and";
    e->children = {p->condition, r};
    p->condition = e;
  }
  p->children = {left, right};
  if (usingColumns.empty()) return p;

  // USING: the key columns once, first (coalesced for a full join), then the other columns.
  PlanPtr joined = p;
  std::vector<ExprPtr> exprs;
  AttributeList out;
  std::vector<bool> usedLeft(left->output.size()), usedRight(right->output.size());
  Analyzer outAnalyzer(joined->output, context);
  for (size_t k = 0; k < usingColumns.size(); ++k) {
    ParsedExpr col;
    col.kind = ParsedKind::kColumn;
    col.nameParts = {usingColumns[k]};
    BoundExpr l = leftAnalyzer.bind(col);
    int li = l.expr->columnIndex;
    usedLeft[li] = true;
    int ri = -1;
    if (!leftOnly) {
      ri = rightAnalyzer.bind(col).expr->columnIndex;
      usedRight[ri] = true;
    }
    size_t rightBase = left->output.size();
    const Attribute& la = joined->output[li];
    if (kind == JoinKind::kRight) {
      const Attribute& ra = joined->output[rightBase + ri];
      exprs.push_back(makeColumnRef(static_cast<int>(rightBase + ri), ra.type, ra.nullable));
      out.push_back(ra);
    } else if (kind == JoinKind::kFull) {
      const Attribute& ra = joined->output[rightBase + ri];
      const FunctionEntry* coalesce = FunctionRegistry::instance().find("coalesce");
      ExprPtr c = coalesce->scalar({makeColumnRef(li, la.type, true), makeColumnRef(static_cast<int>(rightBase + ri), ra.type, true)},
                                   context);
      exprs.push_back(c);
      out.push_back({newAttributeId(), la.name, c->type, true, ""});
    } else {
      exprs.push_back(makeColumnRef(li, la.type, la.nullable));
      out.push_back(la);
    }
  }
  for (size_t i = 0; i < left->output.size(); ++i)
    if (!usedLeft[i]) {
      exprs.push_back(makeColumnRef(static_cast<int>(i), joined->output[i].type, joined->output[i].nullable));
      out.push_back(joined->output[i]);
    }
  if (!leftOnly)
    for (size_t i = 0; i < right->output.size(); ++i)
      if (!usedRight[i]) {
        size_t idx = left->output.size() + i;
        exprs.push_back(makeColumnRef(static_cast<int>(idx), joined->output[idx].type, joined->output[idx].nullable));
        out.push_back(joined->output[idx]);
      }
  return makeProject(joined, std::move(exprs), std::move(out));
}

PlanPtr planUnion(PlanPtr left, PlanPtr right, bool byName, bool allowMissingColumns, const BindContext& context) {
  if (byName) {
    // Reorder (and fill) the right side to the left side's column names.
    std::vector<ExprPtr> exprs;
    AttributeList out;
    for (const auto& la : left->output) {
      int found = -1;
      for (size_t i = 0; i < right->output.size(); ++i)
        if (context.caseSensitive ? right->output[i].name == la.name : equalsIgnoreCase(right->output[i].name, la.name))
          found = static_cast<int>(i);
      if (found < 0) {
        if (!allowMissingColumns)
          throw AnalysisException("[NUM_COLUMNS_MISMATCH] UNION can only be performed on inputs with the same "
                                  "number of columns, but the first input has " +
                                      std::to_string(left->output.size()) + " columns and the second input has " +
                                      std::to_string(right->output.size()) + " columns.",
                                  "NUM_COLUMNS_MISMATCH");
        exprs.push_back(makeLiteral(Value::null(), la.type));
        out.push_back({newAttributeId(), la.name, la.type, true, ""});
      } else {
        const Attribute& ra = right->output[found];
        exprs.push_back(makeColumnRef(found, ra.type, ra.nullable));
        out.push_back(ra);
      }
    }
    if (allowMissingColumns) {
      // Columns only on the right are appended, NULL on the left.
      std::vector<ExprPtr> lexprs;
      AttributeList lout;
      for (size_t i = 0; i < left->output.size(); ++i) {
        lexprs.push_back(makeColumnRef(static_cast<int>(i), left->output[i].type, left->output[i].nullable));
        lout.push_back(left->output[i]);
      }
      bool extra = false;
      for (size_t i = 0; i < right->output.size(); ++i) {
        bool inLeft = false;
        for (const auto& la : left->output) inLeft |= equalsIgnoreCase(la.name, right->output[i].name);
        if (inLeft) continue;
        extra = true;
        const Attribute& ra = right->output[i];
        lexprs.push_back(makeLiteral(Value::null(), ra.type));
        lout.push_back({newAttributeId(), ra.name, ra.type, true, ""});
        exprs.push_back(makeColumnRef(static_cast<int>(i), ra.type, ra.nullable));
        out.push_back(ra);
      }
      if (extra) left = makeProject(left, std::move(lexprs), std::move(lout));
    } else if (right->output.size() != left->output.size()) {
      throw AnalysisException("[NUM_COLUMNS_MISMATCH] UNION can only be performed on inputs with the same number "
                              "of columns, but the first input has " + std::to_string(left->output.size()) +
                                  " columns and the second input has " + std::to_string(right->output.size()) +
                                  " columns.",
                              "NUM_COLUMNS_MISMATCH");
    }
    right = makeProject(right, std::move(exprs), std::move(out));
  }
  if (left->output.size() != right->output.size())
    throw AnalysisException("[NUM_COLUMNS_MISMATCH] UNION can only be performed on inputs with the same number of "
                            "columns, but the first input has " + std::to_string(left->output.size()) +
                                " columns and the second input has " + std::to_string(right->output.size()) +
                                " columns.",
                            "NUM_COLUMNS_MISMATCH");
  // Widen column types so both sides agree.
  std::vector<TypePtr> types;
  bool castNeeded = false;
  for (size_t i = 0; i < left->output.size(); ++i) {
    auto t = findWiderType(left->output[i].type, right->output[i].type);
    if (!t)
      throw AnalysisException("[INCOMPATIBLE_COLUMN_TYPE] UNION can only be performed on tables with compatible "
                              "column types. The " + std::to_string(i + 1) + "th column of the second table is \"" +
                                  right->output[i].type->sql() + "\" type which is not compatible with \"" +
                                  left->output[i].type->sql() + "\" at the same column of the first table.",
                              "INCOMPATIBLE_COLUMN_TYPE");
    types.push_back(*t);
    castNeeded |= !left->output[i].type->equals(**t) || !right->output[i].type->equals(**t);
  }
  auto castSide = [&](PlanPtr side) {
    if (!castNeeded) return side;
    std::vector<ExprPtr> exprs;
    AttributeList out;
    for (size_t i = 0; i < side->output.size(); ++i) {
      Attribute a = side->output[i];
      exprs.push_back(makeCast(makeColumnRef(static_cast<int>(i), a.type, a.nullable), types[i]));
      if (!a.type->equals(*types[i])) {
        a.type = types[i];
        a.id = newAttributeId();
      }
      out.push_back(a);
    }
    return makeProject(side, std::move(exprs), std::move(out));
  };
  left = castSide(left);
  right = castSide(right);
  auto p = std::make_shared<LogicalPlan>();
  p->kind = PlanKind::kUnion;
  p->isStreaming = left->isStreaming || right->isStreaming;
  for (size_t i = 0; i < left->output.size(); ++i) {
    Attribute a = left->output[i];
    a.id = newAttributeId();
    a.qualifier.clear();
    a.nullable = left->output[i].nullable || right->output[i].nullable;
    p->output.push_back(a);
  }
  p->children = {left, right};
  return p;
}

PlanPtr planSetOperation(PlanPtr left, PlanPtr right, bool isIntersect, bool all, const BindContext& context) {
  PlanPtr u = planUnion(left, right, false, false, context);  // validates and widens
  auto p = std::make_shared<LogicalPlan>();
  p->kind = PlanKind::kExcept;
  p->isIntersect = isIntersect;
  p->setAll = all;
  p->isStreaming = u->isStreaming;
  p->output = u->output;
  p->children = u->children;
  return p;
}

PlanPtr planDistinct(PlanPtr child, const std::vector<std::string>& subset, const BindContext& context) {
  Analyzer analyzer(child->output, context);
  std::vector<bool> isKey(child->output.size(), subset.empty());
  for (const auto& name : subset) {
    ParsedExpr col;
    col.kind = ParsedKind::kColumn;
    col.nameParts = {name};
    isKey[analyzer.bind(col).expr->columnIndex] = true;
  }
  std::vector<ExprPtr> groups;
  std::vector<size_t> keyColumns, valueColumns;
  for (size_t i = 0; i < child->output.size(); ++i) {
    const Attribute& a = child->output[i];
    if (isKey[i]) {
      groups.push_back(makeColumnRef(static_cast<int>(i), a.type, a.nullable));
      keyColumns.push_back(i);
    } else {
      valueColumns.push_back(i);
    }
  }
  std::vector<BoundAggregate> aggs;
  const FunctionEntry* first = FunctionRegistry::instance().find("first");
  for (size_t i : valueColumns) {
    const Attribute& a = child->output[i];
    aggs.push_back(first->aggregate({makeColumnRef(static_cast<int>(i), a.type, a.nullable)}, false, context));
  }
  AttributeList aggOut;
  for (size_t i : keyColumns) aggOut.push_back(child->output[i]);
  for (size_t i : valueColumns) aggOut.push_back(child->output[i]);
  PlanPtr agg = makeAggregateNode(child, groups, aggs, {}, aggOut);
  if (valueColumns.empty()) return agg;
  // Restore the input's column order.
  std::vector<ExprPtr> exprs(child->output.size());
  AttributeList out(child->output.size());
  for (size_t k = 0; k < aggOut.size(); ++k) {
    size_t original = k < keyColumns.size() ? keyColumns[k] : valueColumns[k - keyColumns.size()];
    exprs[original] = makeColumnRef(static_cast<int>(k), aggOut[k].type, aggOut[k].nullable);
    out[original] = aggOut[k];
  }
  return makeProject(agg, std::move(exprs), std::move(out));
}

}  // namespace spate
