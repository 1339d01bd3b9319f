// spate._native.Column: the engine's unresolved column expression behind pyspark's Column.
#include "api/column.h"

#include "bindings.h"
#include "sql/ast.h"

namespace spate::python {

namespace {

using sql::Column;

/// child AS (a, b, …): the multi-name alias of generators such as posexplode.
Column aliasMany(const Column& c, const std::vector<std::string>& names) {
  if (names.size() == 1) return c.alias(names[0]);
  auto e = std::make_shared<ParsedExpr>();
  e->kind = ParsedKind::kAlias;
  e->name = names.empty() ? "" : names[0];
  e->aliasNames = names;
  std::string list;
  for (size_t i = 0; i < names.size(); ++i) list += (i ? ", " : "") + names[i];
  e->text = c.expr()->text + " AS (" + list + ")";
  e->children = {c.expr()};
  return Column(e);
}

Column binary(const Column& a, const std::string& op, const Column& b) {
  if (op == "+") return a + b;
  if (op == "-") return a - b;
  if (op == "*") return a * b;
  if (op == "/") return a / b;
  if (op == "%") return a % b;
  if (op == "==") return a == b;
  if (op == "!=") return a != b;
  if (op == "<") return a < b;
  if (op == "<=") return a <= b;
  if (op == ">") return a > b;
  if (op == ">=") return a >= b;
  if (op == "and") return a && b;
  if (op == "or") return a || b;
  if (op == "<=>") return a.eqNullSafe(b);
  if (op == "&") return a.bitwiseAND(b);
  if (op == "|") return a.bitwiseOR(b);
  if (op == "^") return a.bitwiseXOR(b);
  throw py::value_error("unknown operator " + op);
}

Column bitwiseNot(const Column& c) {
  auto e = std::make_shared<ParsedExpr>();
  e->kind = ParsedKind::kUnary;
  e->op = "~";
  e->text = "~" + c.expr()->text;
  e->children = {c.expr()};
  return Column(e);
}

Column sortOrder(const Column& c, bool ascending, bool nullsFirst) {
  if (ascending) return nullsFirst ? c.asc_nulls_first() : c.asc_nulls_last();
  return nullsFirst ? c.desc_nulls_first() : c.desc_nulls_last();
}

}  // namespace

void bindColumn(py::module_& m) {
  py::class_<Column>(m, "Column")
      .def("text", &Column::toString)
      .def("is_sort_order",
           [](const Column& c) { return c.expr()->kind == ParsedKind::kSortOrder; })
      .def("is_case", [](const Column& c) { return c.expr()->kind == ParsedKind::kCase; })
      .def("has_else", [](const Column& c) { return c.expr()->hasElse; })
      .def("column_name",
           [](const Column& c) -> std::optional<std::string> {
             // The name of a plain column reference (for drop(col) / join keys), else None.
             if (c.expr()->kind != ParsedKind::kColumn) return std::nullopt;
             return c.expr()->text;
           })
      .def("alias", &aliasMany)
      .def("cast", [](const Column& c,
                      const std::string& typeJson) { return c.cast(typeFromJson(typeJson)); })
      .def("cast_name",
           [](const Column& c, const std::string& typeName) { return c.cast(typeName); })
      .def("binary", &binary)
      .def("negate", [](const Column& c) { return -c; })
      .def("not_", [](const Column& c) { return !c; })
      .def("bitwise_not", &bitwiseNot)
      .def("is_null", &Column::isNull)
      .def("is_not_null", &Column::isNotNull)
      .def("is_nan", &Column::isNaN)
      .def("like", &Column::like)
      .def("ilike", &Column::ilike)
      .def("rlike", &Column::rlike)
      .def("contains", &Column::contains)
      .def("startswith", &Column::startsWith)
      .def("endswith", &Column::endsWith)
      .def("substr", &Column::substr)
      .def("get_item", &Column::getItem)
      .def("get_field", &Column::getField)
      .def("between", &Column::between)
      .def("isin", &Column::isin)
      .def("when", &Column::when)
      .def("otherwise", &Column::otherwise)
      .def("sort_order", &sortOrder);
}

}  // namespace spate::python
