#pragma once

#include <stdexcept>
#include <string>

namespace spate {

/// Base of every error the engine raises. `errorClass` is Spark's error class when there is one
/// (e.g. "UNRESOLVED_COLUMN.WITH_SUGGESTION"), empty otherwise.
class SpateError : public std::runtime_error {
 public:
  explicit SpateError(const std::string& message, std::string errorClass = "")
      : std::runtime_error(message), errorClass_(std::move(errorClass)) {}
  const std::string& errorClass() const { return errorClass_; }
  /// Spark's exception name as a user sees it (Python exception name, console prefix).
  virtual const char* exceptionName() const { return "SpateError"; }

 private:
  std::string errorClass_;
};

/// A syntax error in SQL or in an expression string.
class ParseException : public SpateError {
 public:
  using SpateError::SpateError;
  const char* exceptionName() const override { return "ParseException"; }
};

/// A query that parses but cannot be analysed (unknown column, wrong types, unsupported operation).
class AnalysisException : public SpateError {
 public:
  using SpateError::SpateError;
  const char* exceptionName() const override { return "AnalysisException"; }
};

/// A wrong argument given through the API (Java's IllegalArgumentException).
class IllegalArgumentException : public SpateError {
 public:
  using SpateError::SpateError;
  const char* exceptionName() const override { return "IllegalArgumentException"; }
};

/// A failure while running a query (bad data in FAILFAST mode, I/O errors surfaced to the user).
class ExecutionException : public SpateError {
 public:
  using SpateError::SpateError;
  const char* exceptionName() const override { return "SparkException"; }
};

/// A broken internal invariant: always a bug in Spate.
class InternalError : public SpateError {
 public:
  using SpateError::SpateError;
  const char* exceptionName() const override { return "InternalError"; }
};

[[noreturn]] void throwInternalError(const char* condition, const char* file, int line,
                                     const std::string& message);

}  // namespace spate

/// Checks an internal invariant; a failure is a bug and raises InternalError naming it.
#define SPATE_CHECK(condition, message)                                    \
  do {                                                                     \
    if (!(condition)) [[unlikely]]                                         \
      ::spate::throwInternalError(#condition, __FILE__, __LINE__, message); \
  } while (false)
