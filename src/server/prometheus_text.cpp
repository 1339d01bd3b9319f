#include "server/prometheus_text.h"

#include <fmt/format.h>

#include <cmath>

#include "common/error.h"

namespace spate::server {

namespace {
bool isNameStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool isDigit(char c) { return c >= '0' && c <= '9'; }
}  // namespace

std::string formatMetricValue(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  // Shortest text that reads back as the same double ("0.25", "1e+21", "3").
  return fmt::format("{}", value);
}

std::string escapeLabelValue(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '"')
      out += "\\\"";
    else if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
  return out;
}

std::string escapeHelp(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
  return out;
}

bool isValidMetricName(std::string_view name) {
  if (name.empty() || !(isNameStart(name[0]) || name[0] == ':')) return false;
  for (char c : name)
    if (!(isNameStart(c) || isDigit(c) || c == ':')) return false;
  return true;
}

bool isValidLabelName(std::string_view name) {
  if (name.empty() || !isNameStart(name[0]) || name.starts_with("__")) return false;
  for (char c : name)
    if (!(isNameStart(c) || isDigit(c))) return false;
  return true;
}

void PrometheusText::family(std::string_view name, std::string_view type, std::string_view help) {
  SPATE_CHECK(isValidMetricName(name), "invalid metric name");
  out_ += "# HELP ";
  out_ += name;
  out_ += ' ';
  out_ += escapeHelp(help);
  out_ += "\n# TYPE ";
  out_ += name;
  out_ += ' ';
  out_ += type;
  out_ += '\n';
}

void PrometheusText::writeSeries(std::string_view name, const MetricLabels& labels) {
  out_ += name;
  if (labels.empty()) return;
  out_ += '{';
  bool first = true;
  for (const auto& [key, value] : labels) {
    SPATE_CHECK(isValidLabelName(key), "invalid label name");
    if (!first) out_ += ',';
    first = false;
    out_ += key;
    out_ += "=\"";
    out_ += escapeLabelValue(value);
    out_ += '"';
  }
  out_ += '}';
}

void PrometheusText::sample(std::string_view name, const MetricLabels& labels, double value) {
  writeSeries(name, labels);
  out_ += ' ';
  out_ += formatMetricValue(value);
  out_ += '\n';
}

void PrometheusText::sample(std::string_view name, const MetricLabels& labels, int64_t value) {
  writeSeries(name, labels);
  out_ += ' ';
  out_ += std::to_string(value);
  out_ += '\n';
}

}  // namespace spate::server
