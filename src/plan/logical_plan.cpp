#include "plan/logical_plan.h"

#include "sql/analyzer.h"

namespace spate {

PlanPtr makeScan(std::string name, AttributeList output, RowsProvider provider, bool streaming) {
  auto p = std::make_shared<LogicalPlan>();
  p->kind = PlanKind::kScan;
  p->sourceName = std::move(name);
  p->output = std::move(output);
  p->provider = std::move(provider);
  p->isStreaming = streaming;
  return p;
}

PlanPtr makeProject(PlanPtr child, std::vector<ExprPtr> exprs, AttributeList output) {
  auto p = std::make_shared<LogicalPlan>();
  p->kind = PlanKind::kProject;
  p->isStreaming = child->isStreaming;
  p->children = {std::move(child)};
  p->exprs = std::move(exprs);
  p->output = std::move(output);
  return p;
}

PlanPtr makeFilter(PlanPtr child, ExprPtr predicate) {
  auto p = std::make_shared<LogicalPlan>();
  p->kind = PlanKind::kFilter;
  p->output = child->output;
  p->isStreaming = child->isStreaming;
  p->children = {std::move(child)};
  p->predicate = std::move(predicate);
  return p;
}

PlanPtr makeLimit(PlanPtr child, int64_t limit) {
  auto p = std::make_shared<LogicalPlan>();
  p->kind = PlanKind::kLimit;
  p->output = child->output;
  p->isStreaming = child->isStreaming;
  p->children = {std::move(child)};
  p->limit = limit;
  return p;
}

PlanPtr makeWatermark(PlanPtr child, int eventTimeColumn, int64_t delayMs) {
  auto p = std::make_shared<LogicalPlan>();
  p->kind = PlanKind::kWatermark;
  // As Spark's EventTimeWatermark: the event-time column gets the delay and any column marked by
  // an earlier watermark loses its mark (allowed only with statefulOperator.allowMultiple=false).
  p->output = child->output;
  int64_t eventTimeId = p->output[eventTimeColumn].id;
  for (auto& a : p->output) {
    if (a.id == eventTimeId)
      a.watermarkDelayMs = delayMs;
    else
      a.watermarkDelayMs.reset();
  }
  p->isStreaming = child->isStreaming;
  p->children = {std::move(child)};
  p->eventTimeColumn = eventTimeColumn;
  p->delayMs = delayMs;
  return p;
}

PlanPtr makeDeduplicate(PlanPtr child, std::vector<int> keyColumns, bool withinWatermark) {
  auto p = std::make_shared<LogicalPlan>();
  p->kind = PlanKind::kDeduplicate;
  p->output = child->output;
  p->isStreaming = child->isStreaming;
  if (keyColumns.empty())
    for (size_t i = 0; i < child->output.size(); ++i) keyColumns.push_back(static_cast<int>(i));
  p->children = {std::move(child)};
  p->keyColumns = std::move(keyColumns);
  p->withinWatermark = withinWatermark;
  return p;
}

bool isStreamingPlan(const LogicalPlan& plan) {
  if (plan.kind == PlanKind::kScan) return plan.isStreaming;
  for (const auto& c : plan.children)
    if (isStreamingPlan(*c)) return true;
  return false;
}

namespace {

std::string describeExpr(const Expr& e, const AttributeList& input) {
  switch (e.kind) {
    case ExprKind::kColumnRef:
      if (e.columnIndex >= 0 && e.columnIndex < static_cast<int>(input.size()))
        return input[e.columnIndex].name + "#" + std::to_string(input[e.columnIndex].id);
      return "#" + std::to_string(e.columnIndex);
    case ExprKind::kLiteral:
      return literalSql(e.literal, *e.type);
    default: {
      std::string out = e.kind == ExprKind::kCase ? "CASE" : e.functionName;
      out += "(";
      for (size_t i = 0; i < e.children.size(); ++i) {
        if (i) out += ", ";
        out += describeExpr(*e.children[i], input);
      }
      return out + ")";
    }
  }
}

std::string attrList(const AttributeList& attrs) {
  std::string out;
  for (size_t i = 0; i < attrs.size(); ++i) {
    if (i) out += ", ";
    out += attrs[i].name + "#" + std::to_string(attrs[i].id);
  }
  return out;
}

const char* joinName(JoinKind k) {
  switch (k) {
    case JoinKind::kInner: return "Inner";
    case JoinKind::kLeft: return "LeftOuter";
    case JoinKind::kRight: return "RightOuter";
    case JoinKind::kFull: return "FullOuter";
    case JoinKind::kLeftSemi: return "LeftSemi";
    case JoinKind::kLeftAnti: return "LeftAnti";
    case JoinKind::kCross: return "Cross";
  }
  return "?";
}

void explainNode(const LogicalPlan& p, const std::string& indent, bool last, bool root, std::string& out) {
  std::string prefix = root ? "" : indent + "+- ";
  const AttributeList& in = p.children.empty() ? p.output : p.children[0]->output;
  std::string line;
  switch (p.kind) {
    case PlanKind::kScan:
      line = (p.isStreaming ? "StreamingRelation " : "Relation ") + p.sourceName + "[" + attrList(p.output) + "]";
      break;
    case PlanKind::kProject: {
      line = "Project [";
      for (size_t i = 0; i < p.exprs.size(); ++i) {
        if (i) line += ", ";
        std::string e = describeExpr(*p.exprs[i], in);
        std::string name = p.output[i].name + "#" + std::to_string(p.output[i].id);
        line += e == name ? e : e + " AS " + name;
      }
      line += "]";
      break;
    }
    case PlanKind::kFilter: line = "Filter " + describeExpr(*p.predicate, in); break;
    case PlanKind::kAggregate: {
      line = "Aggregate [";
      for (size_t i = 0; i < p.groupExprs.size(); ++i) {
        if (i) line += ", ";
        line += describeExpr(*p.groupExprs[i], in);
      }
      line += "], [" + attrList(p.output) + "]";
      if (!p.groupingSets.empty()) line += " (" + std::to_string(p.groupingSets.size()) + " grouping sets)";
      break;
    }
    case PlanKind::kJoin: {
      line = std::string("Join ") + joinName(p.joinKind);
      AttributeList both = p.children[0]->output;
      both.insert(both.end(), p.children[1]->output.begin(), p.children[1]->output.end());
      for (size_t i = 0; i < p.leftKeys.size(); ++i)
        line += (i ? " AND " : ", ") + describeExpr(*p.leftKeys[i], p.children[0]->output) + " = " +
                describeExpr(*p.rightKeys[i], p.children[1]->output);
      if (p.condition) line += (p.leftKeys.empty() ? ", " : " AND ") + describeExpr(*p.condition, both);
      break;
    }
    case PlanKind::kUnion: line = "Union"; break;
    case PlanKind::kSort: {
      line = "Sort [";
      for (size_t i = 0; i < p.sortKeys.size(); ++i) {
        if (i) line += ", ";
        line += describeExpr(*p.sortKeys[i].expr, in) + (p.sortKeys[i].ascending ? " ASC" : " DESC") +
                (p.sortKeys[i].nullsFirst ? " NULLS FIRST" : " NULLS LAST");
      }
      line += "]";
      break;
    }
    case PlanKind::kLimit: line = "GlobalLimit " + std::to_string(p.limit); break;
    case PlanKind::kGenerate: line = "Generate " + p.generator.name + ", [" + attrList(p.output) + "]"; break;
    case PlanKind::kExcept:
      line = std::string(p.isIntersect ? "Intersect" : "Except") + (p.setAll ? " All" : "");
      break;
    case PlanKind::kWatermark:
      line = "EventTimeWatermark " + attrList({p.output[p.eventTimeColumn]}) + ", " +
             std::to_string(p.delayMs) + " milliseconds";
      break;
    case PlanKind::kDeduplicate: {
      AttributeList keys;
      for (int k : p.keyColumns) keys.push_back(p.output[k]);
      line = std::string(p.withinWatermark ? "DeduplicateWithinWatermark" : "Deduplicate") + " [" +
             attrList(keys) + "]";
      break;
    }
  }
  out += prefix + line + "\n";
  std::string childIndent = root ? "" : indent + (last ? "   " : ":  ");
  for (size_t i = 0; i < p.children.size(); ++i)
    explainNode(*p.children[i], childIndent, i + 1 == p.children.size(), false, out);
}

}  // namespace

std::string explainPlan(const LogicalPlan& plan) {
  std::string out;
  explainNode(plan, "", true, true, out);
  return out;
}

}  // namespace spate
