#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "expression/expr.h"

namespace spate {

/// Settings a function may consult while binding.
struct BindContext {
  TimeZonePtr timeZone = TimeZone::utc();
  bool caseSensitive = false;
};

/// A scalar function bound to its arguments: the expression to evaluate. Binders receive bound
/// argument expressions, check and coerce their types (wrapping them in casts) and return the call.
/// Errors are AnalysisException with Spark's texts.
using ScalarBinder = std::function<ExprPtr(std::vector<ExprPtr> args, const BindContext& context)>;

// ---- Aggregates --------------------------------------------------------------------------

/// One aggregate call's vectorised implementation. Every group owns `stateSize` bytes (aligned to
/// 16) that `init` prepares; `update` folds input rows into group states; `merge` folds a partial
/// state into another (per-thread pre-aggregation, streaming state); `finalize` appends the result.
/// `serialize`/`deserialize` turn a state into a Value of `bufferType` and back (state store rows).
class AggregateKernel {
 public:
  virtual ~AggregateKernel() = default;
  virtual size_t stateSize() const = 0;
  virtual void init(uint8_t* state) const = 0;
  /// Frees what the state owns (strings, sets); no-op for plain states.
  virtual void destroy(uint8_t* state) const {}
  /// For each i in [0, rows): folds argument row `rowIndex[i]` into `states[i]`.
  virtual void update(uint8_t* const* states, std::span<const ColumnPtr> args,
                      const uint32_t* rowIndex, int64_t rows) const = 0;
  virtual void merge(uint8_t* into, const uint8_t* from) const = 0;
  virtual void finalize(const uint8_t* state, ColumnBuilder& out) const = 0;
  virtual TypePtr bufferType() const = 0;
  virtual Value serialize(const uint8_t* state) const = 0;
  virtual void deserialize(const Value& buffer, uint8_t* state) const = 0;
};

/// An aggregate bound to its argument types.
struct BoundAggregate {
  std::string name;
  TypePtr resultType;
  bool nullable = true;
  /// Arguments after coercion (evaluated before update).
  std::vector<ExprPtr> args;
  std::shared_ptr<const AggregateKernel> kernel;
  /// Written with DISTINCT (Spark's AggregateExpression.isDistinct), even when the binder could
  /// ignore it (max, min): streaming queries reject it.
  bool distinct = false;
};

/// Binds an aggregate to its arguments; `distinct` is set for `count(DISTINCT x)` and the like.
using AggregateBinder =
    std::function<BoundAggregate(std::vector<ExprPtr> args, bool distinct, const BindContext& context)>;

// ---- Generators (explode) ------------------------------------------------------------------

/// A table-generating function: for each input row, zero or more output rows of `outputSchema`.
struct BoundGenerator {
  std::string name;
  SchemaPtr outputSchema;  ///< default column names ("col", "pos", "key", "value")
  std::vector<ExprPtr> args;
  bool outer = false;  ///< explode_outer: one all-null row for NULL/empty input
  /// Appends generated rows for input rows [0, rows) of the evaluated args; `parentRow` receives,
  /// for every generated row, the index of the input row it came from.
  std::function<void(std::span<const ColumnPtr> args, int64_t rows, std::vector<ColumnBuilder>& out,
                     std::vector<uint32_t>& parentRow)>
      generate;
};
using GeneratorBinder = std::function<BoundGenerator(std::vector<ExprPtr> args, const BindContext&)>;

// ---- Registry -------------------------------------------------------------------------------

struct FunctionEntry {
  std::string name;
  ScalarBinder scalar;
  AggregateBinder aggregate;
  GeneratorBinder generator;
  /// One line for the function reference: usage and meaning.
  std::string usage;
  /// The family that registered it ("string", "datetime", …): the function reference's sections.
  std::string family;
  /// For an alias (addAlias), the function it names; empty otherwise.
  std::string aliasOf;
};

/// Every function Spate knows, by lower-case name (Spark's function names are case-insensitive).
class FunctionRegistry {
 public:
  static const FunctionRegistry& instance();

  const FunctionEntry* find(std::string_view name) const;
  std::vector<std::string> names() const;

  void addScalar(std::string name, ScalarBinder binder, std::string usage = "");
  /// A scalar whose binder needs only the bound arguments.
  void addScalar(std::string name, std::function<ExprPtr(std::vector<ExprPtr>)> binder,
                 std::string usage = "");
  void addAggregate(std::string name, AggregateBinder binder, std::string usage = "");
  void addGenerator(std::string name, GeneratorBinder binder, std::string usage = "");
  void addAlias(std::string alias, std::string target);

 private:
  FunctionEntry& entry(const std::string& name);

  std::unordered_map<std::string, FunctionEntry> entries_;
  std::string family_;  // of the functions being registered (set by instance())
};

// Each function family registers itself from its own file.
void registerArithmeticFunctions(FunctionRegistry& registry);
void registerPredicateFunctions(FunctionRegistry& registry);
void registerConditionalFunctions(FunctionRegistry& registry);
void registerStringFunctions(FunctionRegistry& registry);
void registerRegexFunctions(FunctionRegistry& registry);
void registerCollectionFunctions(FunctionRegistry& registry);
void registerHashFunctions(FunctionRegistry& registry);
void registerJsonFunctions(FunctionRegistry& registry);
void registerDatetimeFunctions(FunctionRegistry& registry);
void registerMathFunctions(FunctionRegistry& registry);
void registerAggregateFunctions(FunctionRegistry& registry);
void registerGeneratorFunctions(FunctionRegistry& registry);
void registerCastFunctions(FunctionRegistry& registry);

}  // namespace spate
