#pragma once

#include "common/output_mode.h"
#include "plan/logical_plan.h"

namespace spate {

/// The confs of spark.sql.streaming.statefulOperator.* the checker reads.
struct StreamingCheckConf {
  /// spark.sql.streaming.statefulOperator.allowMultiple (default true): several stateful operators
  /// with watermark propagation; then redefining a watermark and several event-time columns
  /// reaching one stateful operator are errors.
  bool statefulOperatorAllowMultiple = true;
  /// spark.sql.streaming.statefulOperator.checkCorrectness.enabled (default true): fail, rather
  /// than accept silently, a stateful operator fed by one that can emit rows behind the watermark.
  bool checkCorrectness = true;
};

/// Spark's UnsupportedOperationChecker.checkForStreaming, run when a streaming query starts, plus
/// the errors Spark raises while planning its first batch (stream-stream join without equality,
/// redefined watermark, several event-time columns). Throws AnalysisException with Spark 3.5's
/// text; the first failing rule in Spark's order wins (output-mode rules, then the operators
/// bottom-up, then the correctness check).
void checkStreamingQuery(const LogicalPlan& plan, OutputMode mode,
                         const StreamingCheckConf& conf = {});

/// Spark's checkForBatch, before a batch action (show, collect, count…) runs: "Queries with
/// streaming sources must be executed with writeStream.start()", and
/// "dropDuplicatesWithinWatermark is not supported with batch DataFrames/DataSets".
void checkBatchQuery(const LogicalPlan& plan);

/// Dataset.writeStream on a batch plan: "[WRITE_STREAM_NOT_ALLOWED] `writeStream` can be called
/// only on streaming Dataset/DataFrame." (checkStreamingQuery reports a batch plan as "Queries
/// without streaming sources cannot be executed with writeStream.start()").
void checkWriteStreamAllowed(const LogicalPlan& plan);

}  // namespace spate
