// The aggregate function family: each group of aggregates registers from its own file.
#include "function/aggregate_kernel.h"
#include "function/registry.h"

namespace spate {

void registerAggregateFunctions(FunctionRegistry& registry) {
  agg::registerBasicAggregates(registry);
  agg::registerOrderingAggregates(registry);
  agg::registerStatisticalAggregates(registry);
  agg::registerCollectAggregates(registry);
  agg::registerFrequencyAggregates(registry);
  agg::registerApproxCountDistinct(registry);
}

}  // namespace spate
