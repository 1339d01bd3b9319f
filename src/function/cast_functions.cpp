// Spark's cast functions (int(x), double(x), string(x), … are CAST(x AS <type>)) and typeof().
#include "expression/cast.h"
#include "function/analysis_errors.h"
#include "function/registry.h"

namespace spate {

void registerCastFunctions(FunctionRegistry& registry) {
  const std::pair<const char*, TypePtr> kTypes[] = {
      {"boolean", DataType::boolean()}, {"tinyint", DataType::byte()},
      {"smallint", DataType::shortType()}, {"int", DataType::integer()},
      {"bigint", DataType::longType()}, {"float", DataType::floatType()},
      {"double", DataType::doubleType()}, {"decimal", DataType::decimal(10, 0)},
      {"string", DataType::string()}, {"binary", DataType::binary()},
      {"date", DataType::date()}, {"timestamp", DataType::timestamp()},
  };
  for (const auto& [name, type] : kTypes) {
    std::string fn = name;
    TypePtr to = type;
    registry.addScalar(
        fn,
        [fn, to](std::vector<ExprPtr> args, const BindContext&) {
          checkArgCount(fn, args, 1, 1);
          if (!canCast(*args[0]->type, *to))
            throwDataTypeMismatch("CAST_WITHOUT_SUGGESTION", "CAST(" + exprSql(*args[0]) + " AS " + to->sql() + ")",
                                  "cannot cast " + quotedType(*args[0]->type) + " to " + quotedType(*to) + ".");
          return makeCast(args[0], to);
        },
        std::string(name) + "(expr) - Casts the value expr to " + to->sql() + ".");
  }
  // typeof(expr): the argument's type as Spark's simpleString ("int", "array<string>").
  registry.addScalar(
      "typeof",
      [](std::vector<ExprPtr> args, const BindContext&) {
        checkArgCount("typeof", args, 1, 1);
        return makeLiteral(Value(args[0]->type->simpleString()), DataType::string());
      },
      "typeof(expr) - Returns the DDL-formatted type string for the data type of the input.");
}

}  // namespace spate
