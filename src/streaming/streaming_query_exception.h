#pragma once

#include <string>

#include "common/error.h"

namespace spate::streaming {

/// Spark's StreamingQueryException: the failure that ended a query (message = the cause's).
class StreamingQueryException : public SpateError {
 public:
  StreamingQueryException(const std::string& message, std::string queryId, std::string runId)
      : SpateError(message), queryId_(std::move(queryId)), runId_(std::move(runId)) {}
  const char* exceptionName() const override { return "StreamingQueryException"; }
  const std::string& queryId() const { return queryId_; }
  const std::string& runId() const { return runId_; }

 private:
  std::string queryId_, runId_;
};

/// A batch failed on an external, retryable error (a server or file unavailable): the query
/// thread retries the batch with backoff instead of stopping. Nothing was committed.
class RetryableBatchError : public ExecutionException {
 public:
  using ExecutionException::ExecutionException;
};

/// A retryable failure of the sink's write (counted apart from source failures in the metrics).
class RetryableSinkError : public RetryableBatchError {
 public:
  using RetryableBatchError::RetryableBatchError;
};

}  // namespace spate::streaming
