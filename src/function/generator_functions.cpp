// Generators: explode / explode_outer, posexplode / posexplode_outer, inline / inline_outer,
// stack. NULL or empty input yields no rows; the _outer forms yield one row of NULLs instead
// (emitted by `generate` itself).
#include "common/error.h"
#include "function/argument_checks.h"
#include "function/registry.h"

namespace spate {

namespace {

using Args = std::vector<ExprPtr>;

void appendNullRow(std::vector<ColumnBuilder>& out) {
  for (auto& b : out) b.appendNull();
}

BoundGenerator bindExplode(std::string name, Args args, bool outer, bool withPosition) {
  checkArity(name, args, 1, 1);
  const DataType& t = *args[0]->type;
  if (t.id() != TypeId::kArray && t.id() != TypeId::kMap)
    throwUnexpectedInputType(name, args, 0, "(\"ARRAY\" or \"MAP\")");
  bool isMap = t.id() == TypeId::kMap;
  std::vector<StructField> fields;
  if (withPosition) fields.push_back({"pos", DataType::integer(), outer});
  if (isMap) {
    fields.push_back({"key", t.key(), outer});
    fields.push_back({"value", t.value(), outer || t.valueContainsNull()});
  } else {
    fields.push_back({"col", t.element(), outer || t.containsNull()});
  }
  BoundGenerator g;
  g.name = std::move(name);
  g.outputSchema = DataType::structType(std::move(fields));
  g.args = std::move(args);
  g.outer = outer;
  g.generate = [outer, withPosition, isMap](std::span<const ColumnPtr> in, int64_t rows,
                                            std::vector<ColumnBuilder>& out,
                                            std::vector<uint32_t>& parentRow) {
    const Column& c = *in[0];
    size_t first = withPosition ? 1 : 0;
    for (int64_t r = 0; r < rows; ++r) {
      int64_t n = c.isNull(r) ? 0 : c.listLength(r);
      if (n == 0) {
        if (outer) {
          appendNullRow(out);
          parentRow.push_back(static_cast<uint32_t>(r));
        }
        continue;
      }
      int64_t start = c.listStart(r);
      for (int64_t k = 0; k < n; ++k) {
        if (withPosition) out[0].appendInt(static_cast<int32_t>(k));
        out[first].appendFrom(*c.child(0), start + k);
        if (isMap) out[first + 1].appendFrom(*c.child(1), start + k);
        parentRow.push_back(static_cast<uint32_t>(r));
      }
    }
  };
  return g;
}

BoundGenerator bindInline(std::string name, Args args, bool outer) {
  checkArity(name, args, 1, 1);
  const DataType& t = *args[0]->type;
  if (t.id() != TypeId::kArray || t.element()->id() != TypeId::kStruct)
    throwUnexpectedInputType(name, args, 0, "\"ARRAY<STRUCT>\"");
  std::vector<StructField> fields = t.element()->fields();
  for (auto& f : fields) f.nullable = f.nullable || outer || t.containsNull();
  BoundGenerator g;
  g.name = std::move(name);
  g.outputSchema = DataType::structType(std::move(fields));
  g.args = std::move(args);
  g.outer = outer;
  g.generate = [outer](std::span<const ColumnPtr> in, int64_t rows, std::vector<ColumnBuilder>& out,
                       std::vector<uint32_t>& parentRow) {
    const Column& c = *in[0];
    const Column& structs = *c.child(0);
    for (int64_t r = 0; r < rows; ++r) {
      int64_t n = c.isNull(r) ? 0 : c.listLength(r);
      if (n == 0) {
        if (outer) {
          appendNullRow(out);
          parentRow.push_back(static_cast<uint32_t>(r));
        }
        continue;
      }
      for (int64_t k = c.listStart(r), e = k + n; k < e; ++k) {
        for (size_t f = 0; f < out.size(); ++f) {
          if (structs.isNull(k))
            out[f].appendNull();  // a NULL struct is a row of NULLs
          else
            out[f].appendFrom(*structs.child(f), k);
        }
        parentRow.push_back(static_cast<uint32_t>(r));
      }
    }
  };
  return g;
}

// stack(n, v1, …, vk): n rows of ceil(k / n) columns col0, col1, … filled row by row, NULL-padded.
BoundGenerator bindStack(Args args) {
  checkArity("stack", args, 2, -1);
  auto n = constantValue(*args[0]);
  if (!args[0]->type->isIntegral() || !n || n->isNull() || n->asLong() <= 0)
    throwDataTypeMismatch("stack", args, "NON_FOLDABLE_INPUT",
                          "the input `n` should be a foldable \"INT\" expression; however, got \"" +
                              exprSql(*args[0]) + "\".");
  int64_t rowsOut = n->asLong();
  int64_t values = static_cast<int64_t>(args.size()) - 1;
  int64_t columns = (values + rowsOut - 1) / rowsOut;
  std::vector<StructField> fields;
  for (int64_t j = 0; j < columns; ++j) {
    TypePtr type;
    int64_t typedAt = -1;
    for (int64_t i = 0; i < rowsOut; ++i) {
      int64_t at = 1 + i * columns + j;
      if (at > values) continue;
      const TypePtr& t = args[static_cast<size_t>(at)]->type;
      if (t->id() == TypeId::kNull) continue;
      if (!type) {
        type = t;
        typedAt = at;
      } else if (!type->sameType(*t)) {
        throwDataTypeMismatch("stack", args, "STACK_COLUMN_DIFF_TYPES",
                              "The data type of the column (" + std::to_string(j) +
                                  ") do not have the same type: " + quotedType(*type) + " (" +
                                  std::to_string(typedAt) + ") <> " + quotedType(*t) + " (" +
                                  std::to_string(at) + ").");
      }
    }
    if (!type) type = DataType::null();
    fields.push_back({"col" + std::to_string(j), type, true});
  }
  for (int64_t at = 1; at <= values; ++at) {
    int64_t j = (at - 1) % columns;
    args[static_cast<size_t>(at)] = castTo(args[static_cast<size_t>(at)], fields[j].type);
  }
  BoundGenerator g;
  g.name = "stack";
  g.outputSchema = DataType::structType(std::move(fields));
  g.args = std::move(args);
  g.generate = [rowsOut, columns, values](std::span<const ColumnPtr> in, int64_t rows,
                                          std::vector<ColumnBuilder>& out,
                                          std::vector<uint32_t>& parentRow) {
    for (int64_t r = 0; r < rows; ++r) {
      for (int64_t i = 0; i < rowsOut; ++i) {
        for (int64_t j = 0; j < columns; ++j) {
          int64_t at = 1 + i * columns + j;
          if (at > values)
            out[static_cast<size_t>(j)].appendNull();
          else
            out[static_cast<size_t>(j)].appendFrom(*in[static_cast<size_t>(at)], r);
        }
        parentRow.push_back(static_cast<uint32_t>(r));
      }
    }
  };
  return g;
}

}  // namespace

void registerGeneratorFunctions(FunctionRegistry& registry) {
  auto add = [&](const char* name, auto binder, const char* usage) {
    registry.addGenerator(
        name,
        [binder](std::vector<ExprPtr> args, const BindContext&) { return binder(std::move(args)); },
        usage);
  };
  add(
      "explode", [](Args a) { return bindExplode("explode", std::move(a), false, false); },
      "explode(expr) - a row per array element (col) or map entry (key, value)");
  add(
      "explode_outer",
      [](Args a) { return bindExplode("explode_outer", std::move(a), true, false); },
      "explode_outer(expr) - explode, with a row of NULLs for a NULL or empty input");
  add(
      "posexplode", [](Args a) { return bindExplode("posexplode", std::move(a), false, true); },
      "posexplode(expr) - explode with the element position (pos)");
  add(
      "posexplode_outer",
      [](Args a) { return bindExplode("posexplode_outer", std::move(a), true, true); },
      "posexplode_outer(expr) - posexplode, with a row of NULLs for a NULL or empty input");
  add(
      "inline", [](Args a) { return bindInline("inline", std::move(a), false); },
      "inline(expr) - a row per struct of an array of structs");
  add(
      "inline_outer", [](Args a) { return bindInline("inline_outer", std::move(a), true); },
      "inline_outer(expr) - inline, with a row of NULLs for a NULL or empty input");
  add("stack", bindStack, "stack(n, expr1, ..., exprk) - k values as n rows");
}

}  // namespace spate
