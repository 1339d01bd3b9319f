#pragma once

// Drives a streaming query by hand from C++ tests, as the `spate test` runner does: a manual
// trigger and a manual clock, results in a memory sink, and the rows each step's batches wrote
// rendered as Spark casts them to STRING ("a,1").

#include <algorithm>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "api/streaming.h"
#include "streaming/micro_batch_execution.h"
#include "streaming/trigger.h"

namespace spate::sql::testing {

class ManualQuery {
 public:
  ManualQuery(DataFrame frame, std::string name, OutputMode mode, std::string checkpoint)
      : frame_(std::move(frame)),
        name_(std::move(name)),
        mode_(mode),
        checkpoint_(std::move(checkpoint)) {
    start();
  }
  ~ManualQuery() {
    if (query_) query_->stop();
  }

  /// Runs one trigger (a data batch, a no-data batch or nothing).
  std::vector<std::string> trigger(bool allowNoDataBatch = true) {
    return collect([&] { runOne(allowNoDataBatch); });
  }
  /// Runs triggers until nothing is pending (processAllAvailable).
  std::vector<std::string> processAll() {
    return collect([&] {
      while (runOne(true)) {
      }
    });
  }
  /// Stops the query and starts it again from its checkpoint.
  void restart() {
    query_->stop();
    query_.reset();
    start();
  }
  streaming::MicroBatchExecution& runner() { return query_->execution()->runner(); }
  StreamingQuery& query() { return *query_; }
  streaming::ManualClock& clock() { return *clock_; }
  /// Stateful operator i of the last executed batch (numRowsTotal, operatorName, …).
  streaming::StateOperatorProgress stateOperator(size_t i = 0) const {
    return query_->lastProgress().value().stateOperators.at(i);
  }
  /// Operator i's numRowsUpdated / numRowsDroppedByWatermark / numRowsRemoved summed over the
  /// batches of the last step, as Spark's StateStoreMetricsTest.assertNumStateRows sums them.
  int64_t updated(size_t i = 0) const {
    return sum(i, &streaming::StateOperatorProgress::numRowsUpdated);
  }
  int64_t dropped(size_t i = 0) const {
    return sum(i, &streaming::StateOperatorProgress::numRowsDroppedByWatermark);
  }
  int64_t removed(size_t i = 0) const {
    return sum(i, &streaming::StateOperatorProgress::numRowsRemoved);
  }

 private:
  void start() {
    if (!sink_) sink_ = std::make_shared<connector::MemorySink>(frame_.schema());
    query_ = frame_.writeStream()
                 .format("memory")
                 .queryName(name_)
                 .outputMode(mode_)
                 .trigger(streaming::Trigger::manual())
                 .clock(clock_)
                 .memorySink(sink_)
                 .option("checkpointLocation", checkpoint_)
                 .start();
  }

  bool runOne(bool allowNoDataBatch) {
    bool ran = query_->execution()->runManualTrigger(allowNoDataBatch);
    if (ran) step_.push_back(query_->lastProgress().value().stateOperators);
    return ran;
  }

  int64_t sum(size_t i, int64_t streaming::StateOperatorProgress::*field) const {
    int64_t total = 0;
    for (const auto& operators : step_) total += operators.at(i).*field;
    return total;
  }

  template <typename F>
  std::vector<std::string> collect(F run) {
    step_.clear();
    int64_t before = runner().lastCommittedBatchId();
    run();
    int64_t after = runner().lastCommittedBatchId();
    std::vector<std::string> rows;
    auto zone = TimeZone::utc();
    for (int64_t id = before + 1; id <= after; ++id)
      for (const auto& b : sink_->batchRows(id))
        for (int64_t r = 0; r < b->numRows(); ++r) {
          auto values = b->rowAt(b->hasSelection() ? (*b->selection())[r] : r);
          std::string line;
          for (size_t c = 0; c < values.size(); ++c)
            line += (c ? "," : "") +
                    (values[c].isNull()
                         ? std::string("NULL")
                         : formatValue(values[c], *b->schema()->fields()[c].type, *zone, false));
          rows.push_back(line);
        }
    std::sort(rows.begin(), rows.end());
    return rows;
  }

  DataFrame frame_;
  std::string name_;
  OutputMode mode_;
  std::string checkpoint_;
  std::shared_ptr<streaming::ManualClock> clock_ = std::make_shared<streaming::ManualClock>(0);
  std::shared_ptr<connector::MemorySink> sink_;
  std::optional<StreamingQuery> query_;
  std::vector<std::vector<streaming::StateOperatorProgress>> step_;
};

using Rows = std::vector<std::string>;

}  // namespace spate::sql::testing
