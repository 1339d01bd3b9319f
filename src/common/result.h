#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

#include "common/error.h"

namespace spate {

/// Who is to blame for an error at an I/O boundary, which decides what the engine does with it.
enum class ErrorDomain {
  kUser,      ///< wrong option, bad credentials: stop and tell the user what to fix
  kExternal,  ///< a server or file is unavailable: retry with backoff
  kInternal,  ///< a bug in Spate
};

struct Error {
  ErrorDomain domain = ErrorDomain::kInternal;
  std::string message;
  bool retryable = false;

  static Error user(std::string message) { return {ErrorDomain::kUser, std::move(message), false}; }
  static Error external(std::string message, bool retryable = true) {
    return {ErrorDomain::kExternal, std::move(message), retryable};
  }
  static Error internal(std::string message) {
    return {ErrorDomain::kInternal, std::move(message), false};
  }
};

/// The outcome of an operation at an I/O boundary: a value or an Error.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}
  Result(Error error) : state_(std::move(error)) {}

  bool ok() const { return std::holds_alternative<T>(state_); }
  explicit operator bool() const { return ok(); }
  const Error& error() const { return std::get<Error>(state_); }
  T& value() & { return valueOrThrow(); }
  T&& value() && { return std::move(valueOrThrow()); }
  const T& operator*() const { return std::get<T>(state_); }
  T* operator->() { return &valueOrThrow(); }

 private:
  T& valueOrThrow() {
    if (!ok()) throw ExecutionException(error().message);
    return std::get<T>(state_);
  }
  std::variant<T, Error> state_;
};

/// Result of an operation that yields nothing but may fail.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::move(error)) {}
  static Status success() { return {}; }
  bool ok() const { return !error_.has_value(); }
  explicit operator bool() const { return ok(); }
  const Error& error() const { return *error_; }

 private:
  std::optional<Error> error_;
};

}  // namespace spate
