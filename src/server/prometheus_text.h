#pragma once

// Prometheus' text exposition format (version 0.0.4): per metric family one `# HELP` and one
// `# TYPE` line, then its samples, `name{label="value",…} value`. A family's samples must be
// contiguous, so writers emit family by family.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace spate::server {

using MetricLabels = std::vector<std::pair<std::string, std::string>>;

/// The Content-Type of the format.
inline constexpr const char* kPrometheusContentType = "text/plain; version=0.0.4; charset=utf-8";

class PrometheusText {
 public:
  /// Starts a family: `type` is counter, gauge, histogram, summary or untyped.
  void family(std::string_view name, std::string_view type, std::string_view help);
  /// One sample; `name` is the family's name or, for histograms, name_bucket/_sum/_count.
  void sample(std::string_view name, const MetricLabels& labels, double value);
  void sample(std::string_view name, const MetricLabels& labels, int64_t value);

  const std::string& text() const { return out_; }

 private:
  void writeSeries(std::string_view name, const MetricLabels& labels);
  std::string out_;
};

/// A sample value: integers exactly, other numbers shortest round-trip, NaN, +Inf, -Inf.
std::string formatMetricValue(double value);
/// A label value with \, " and newline escaped.
std::string escapeLabelValue(std::string_view value);
/// A HELP text with \ and newline escaped.
std::string escapeHelp(std::string_view text);
/// [a-zA-Z_:][a-zA-Z0-9_:]*
bool isValidMetricName(std::string_view name);
/// [a-zA-Z_][a-zA-Z0-9_]*, not starting with "__" (reserved).
bool isValidLabelName(std::string_view name);

}  // namespace spate::server
