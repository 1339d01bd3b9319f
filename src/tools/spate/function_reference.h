#pragma once

// The function reference (docs/functions.md), generated from the function registry so it always
// says what the engine has: `spate functions --markdown`. scripts/check-function-docs.sh fails
// `make test` when the checked-in page differs from what the registry gives.

#include <string>
#include <vector>

#include "function/registry.h"

namespace spate::cli {

/// One function as the reference shows it.
struct FunctionDoc {
  std::string name;
  /// "scalar", "aggregate" or "generator".
  std::string kind;
  /// The registry's family ("string", …).
  std::string family;
  /// How it is called, e.g. "substr(str, pos[, len])".
  std::string signature;
  std::string description;
  /// For an alias, the function it names.
  std::string aliasOf;
};

/// Every SQL-callable function of `registry` (not the operators' internal names), by name, then
/// the functions the planner resolves itself (plannerFunctionDocs).
std::vector<FunctionDoc> functionDocs(const FunctionRegistry& registry);

/// Functions that are not in the registry because the planner handles them: the event-time
/// windows (`window`, `session_window`) and `grouping`/`grouping_id`. Family "planner".
const std::vector<FunctionDoc>& plannerFunctionDocs();

/// docs/functions.md: one section per family, a table of the family's functions in each.
std::string functionReferenceMarkdown(const std::vector<FunctionDoc>& functions);

/// One line per function: name, kind and usage separated by tabs (`spate functions`).
std::string functionListText(const std::vector<FunctionDoc>& functions);

}  // namespace spate::cli
