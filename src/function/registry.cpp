#include "function/registry.h"

#include <algorithm>

#include "common/strings.h"

namespace spate {

const FunctionRegistry& FunctionRegistry::instance() {
  static const FunctionRegistry registry = [] {
    FunctionRegistry r;
    auto family = [&r](const char* name, void (*registerFamily)(FunctionRegistry&)) {
      r.family_ = name;
      registerFamily(r);
    };
    family("arithmetic", registerArithmeticFunctions);
    family("predicate", registerPredicateFunctions);
    family("conditional", registerConditionalFunctions);
    family("string", registerStringFunctions);
    family("regex", registerRegexFunctions);
    family("collection", registerCollectionFunctions);
    family("hash", registerHashFunctions);
    family("json", registerJsonFunctions);
    family("datetime", registerDatetimeFunctions);
    family("math", registerMathFunctions);
    family("aggregate", registerAggregateFunctions);
    family("generator", registerGeneratorFunctions);
    family("cast", registerCastFunctions);
    r.family_.clear();
    return r;
  }();
  return registry;
}

const FunctionEntry* FunctionRegistry::find(std::string_view name) const {
  auto it = entries_.find(toLower(name));
  return it == entries_.end() ? nullptr : &it->second;
}

std::vector<std::string> FunctionRegistry::names() const {
  std::vector<std::string> out;
  for (const auto& [name, entry] : entries_) out.push_back(name);
  std::sort(out.begin(), out.end());
  return out;
}

FunctionEntry& FunctionRegistry::entry(const std::string& name) {
  auto& e = entries_[toLower(name)];
  e.name = toLower(name);
  e.family = family_;
  return e;
}

void FunctionRegistry::addScalar(std::string name, ScalarBinder binder, std::string usage) {
  auto& e = entry(name);
  e.scalar = std::move(binder);
  e.usage = std::move(usage);
}

void FunctionRegistry::addScalar(std::string name, std::function<ExprPtr(std::vector<ExprPtr>)> binder,
                                 std::string usage) {
  addScalar(
      std::move(name),
      ScalarBinder([binder = std::move(binder)](std::vector<ExprPtr> args, const BindContext&) {
        return binder(std::move(args));
      }),
      std::move(usage));
}

void FunctionRegistry::addAggregate(std::string name, AggregateBinder binder, std::string usage) {
  auto& e = entry(name);
  e.aggregate = std::move(binder);
  e.usage = std::move(usage);
}

void FunctionRegistry::addGenerator(std::string name, GeneratorBinder binder, std::string usage) {
  auto& e = entry(name);
  e.generator = std::move(binder);
  e.usage = std::move(usage);
}

void FunctionRegistry::addAlias(std::string alias, std::string target) {
  FunctionEntry copy = entries_.at(toLower(target));
  copy.name = toLower(alias);
  if (copy.aliasOf.empty()) copy.aliasOf = toLower(target);
  entries_[toLower(alias)] = std::move(copy);
}

}  // namespace spate
