#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace spate::differential {

/// One generated query in both dialects. The texts differ only where Spark and PostgreSQL spell the
/// same semantics differently (see the notes in query_generator.cpp).
struct Query {
  std::string category;
  std::string spark;
  std::string postgres;
  /// The ORDER BY makes the row order total: rows are compared in order, else as multisets.
  bool ordered = false;
  /// Relative tolerance for floating-point values (looser for stddev/variance).
  double tolerance = 1e-9;
};

/// `count` distinct queries over the tables of data_generator.h, a function of the seed only.
/// Categories take turns, so every category gets about count / categories queries.
std::vector<Query> generateQueries(uint64_t seed, int count);

/// The category names, in turn order.
std::vector<std::string> queryCategories();

}  // namespace spate::differential
