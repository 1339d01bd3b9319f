// spate._native functions: the column constructors pyspark.sql.functions is built from. Every
// registered SQL function is reachable through call(name, args); the Python module wraps them
// with PySpark's names and argument conventions.
#include "api/functions.h"

#include "bindings.h"
#include "common/error.h"
#include "sql/ast.h"

namespace spate::python {

namespace {

namespace f = sql::functions;
using sql::Column;

Column literal(py::handle value, const std::string& typeJson) {
  TypePtr type = typeFromJson(typeJson);
  return f::lit(toValue(value, *type), type);
}

Column call(const std::string& name, const std::vector<Column>& args, bool distinct) {
  if (name == "count" && !distinct && args.size() == 1) return f::count(args[0]);  // count(*)
  std::vector<ParsedExprPtr> exprs;
  for (const auto& a : args) exprs.push_back(a.expr());
  return Column(sql::parsedFunction(name, std::move(exprs), distinct));
}

/// PySpark's _parse_datatype_string: a DDL column list ("a INT, b STRING"), else a single type
/// ("array<int>"), else a colon-separated field list ("a: int, b: string"); the first error
/// otherwise. Returns Spark's JSON form of the type.
std::string parseDatatype(const std::string& text) {
  try {
    return typeToJson(*parseDdlSchema(text));
  } catch (const SpateError& first) {
    try {
      return typeToJson(*parseDataType(text));
    } catch (const SpateError&) {
    }
    try {
      return typeToJson(*parseDataType("struct<" + text + ">"));
    } catch (const SpateError&) {
    }
    throw;
  }
}

}  // namespace

void bindFunctions(py::module_& m) {
  m.def("col", &f::col);
  m.def("lit", &literal);
  m.def("expr", &f::expr);
  m.def("call", &call, py::arg("name"), py::arg("args"), py::arg("distinct") = false);
  m.def("when", &f::when);
  m.def("parse_datatype", &parseDatatype);
  m.def("function_exists",
        [](const std::string& name) { return FunctionRegistry::instance().find(name) != nullptr; });
}

}  // namespace spate::python
