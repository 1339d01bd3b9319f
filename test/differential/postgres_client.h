#pragma once

#include <memory>
#include <stdexcept>
#include <string>

#include "result_table.h"

struct pg_conn;

namespace spate::differential {

/// An error PostgreSQL reported (connection or statement), with its message.
class PostgresError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A minimal libpq connection: statements and queries in text mode.
class PostgresClient {
 public:
  /// Connects with a libpq conninfo ("host=127.0.0.1 port=55432 user=postgres dbname=postgres").
  explicit PostgresClient(const std::string& conninfo);

  /// Runs a statement without a result set; throws PostgresError.
  void execute(const std::string& sql);
  /// Runs a query; values are mapped by their PostgreSQL type: booleans, numbers (integers exact,
  /// float8 and numeric as numbers), everything else as its text output.
  ResultTable query(const std::string& sql);

 private:
  struct Close {
    void operator()(pg_conn* conn) const;
  };
  std::unique_ptr<pg_conn, Close> conn_;
};

}  // namespace spate::differential
