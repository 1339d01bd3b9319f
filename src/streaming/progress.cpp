#include "streaming/progress.h"

#include <cmath>
#include <cstdio>

#include "common/time.h"
#include "streaming/json_writer.h"

namespace spate::streaming {

namespace {

// Spark's safeDoubleToJValue: NaN and the infinities are left out.
void writeDouble(JsonWriter& w, std::string_view key, double value) {
  if (!std::isfinite(value)) return;
  w.key(key);
  w.number(value);
}

// Spark's safeMapToJValue: keys sorted (std::map), the entry left out when the map is empty.
template <typename V, typename WriteValue>
void writeMap(JsonWriter& w, std::string_view key, const std::map<std::string, V>& map,
              WriteValue writeValue) {
  if (map.empty()) return;
  w.key(key);
  w.beginObject();
  for (const auto& [k, v] : map) {
    w.key(k);
    writeValue(v);
  }
  w.endObject();
}

void writeIntMap(JsonWriter& w, std::string_view key, const std::map<std::string, int64_t>& map) {
  writeMap(w, key, map, [&](int64_t v) { w.integer(v); });
}

void writeStringMap(JsonWriter& w, std::string_view key,
                    const std::map<std::string, std::string>& map) {
  writeMap(w, key, map, [&](const std::string& v) { w.string(v); });
}

void writeOffset(JsonWriter& w, std::string_view key, const std::optional<std::string>& offset) {
  w.key(key);
  if (offset) {
    w.embedJson(*offset);
  } else {
    w.null();
  }
}

void write(JsonWriter& w, const StateOperatorProgress& p) {
  w.beginObject();
  w.key("operatorName");
  w.string(p.operatorName);
  w.key("numRowsTotal");
  w.integer(p.numRowsTotal);
  w.key("numRowsUpdated");
  w.integer(p.numRowsUpdated);
  w.key("allUpdatesTimeMs");
  w.integer(p.allUpdatesTimeMs);
  w.key("numRowsRemoved");
  w.integer(p.numRowsRemoved);
  w.key("allRemovalsTimeMs");
  w.integer(p.allRemovalsTimeMs);
  w.key("commitTimeMs");
  w.integer(p.commitTimeMs);
  w.key("memoryUsedBytes");
  w.integer(p.memoryUsedBytes);
  w.key("numRowsDroppedByWatermark");
  w.integer(p.numRowsDroppedByWatermark);
  w.key("numShufflePartitions");
  w.integer(p.numShufflePartitions);
  w.key("numStateStoreInstances");
  w.integer(p.numStateStoreInstances);
  writeIntMap(w, "customMetrics", p.customMetrics);
  w.endObject();
}

void write(JsonWriter& w, const SourceProgress& p) {
  w.beginObject();
  w.key("description");
  w.string(p.description);
  writeOffset(w, "startOffset", p.startOffset);
  writeOffset(w, "endOffset", p.endOffset);
  writeOffset(w, "latestOffset", p.latestOffset);
  w.key("numInputRows");
  w.integer(p.numInputRows);
  writeDouble(w, "inputRowsPerSecond", p.inputRowsPerSecond);
  writeDouble(w, "processedRowsPerSecond", p.processedRowsPerSecond);
  writeStringMap(w, "metrics", p.metrics);
  w.endObject();
}

void write(JsonWriter& w, const SinkProgress& p) {
  w.beginObject();
  w.key("description");
  w.string(p.description);
  w.key("numOutputRows");
  w.integer(p.numOutputRows);
  writeStringMap(w, "metrics", p.metrics);
  w.endObject();
}

void write(JsonWriter& w, const StreamingQueryProgress& p) {
  w.beginObject();
  w.key("id");
  w.string(p.id);
  w.key("runId");
  w.string(p.runId);
  w.key("name");
  if (p.name) {
    w.string(*p.name);
  } else {
    w.null();
  }
  w.key("timestamp");
  w.string(p.timestamp);
  w.key("batchId");
  w.integer(p.batchId);
  w.key("numInputRows");
  w.integer(p.numInputRows());
  writeDouble(w, "inputRowsPerSecond", p.inputRowsPerSecond());
  writeDouble(w, "processedRowsPerSecond", p.processedRowsPerSecond());
  writeIntMap(w, "durationMs", p.durationMs);
  writeStringMap(w, "eventTime", p.eventTime);
  w.key("stateOperators");
  w.beginArray();
  for (const auto& op : p.stateOperators) write(w, op);
  w.endArray();
  w.key("sources");
  w.beginArray();
  for (const auto& source : p.sources) write(w, source);
  w.endArray();
  w.key("sink");
  write(w, p.sink);
  writeMap(w, "observedMetrics", p.observedMetrics,
           [&](const std::string& row) { w.embedJson(row); });
  w.endObject();
}

void write(JsonWriter& w, const StreamingQueryStatus& s) {
  w.beginObject();
  w.key("message");
  w.string(s.message);
  w.key("isDataAvailable");
  w.boolean(s.isDataAvailable);
  w.key("isTriggerActive");
  w.boolean(s.isTriggerActive);
  w.endObject();
}

template <typename T>
std::string render(const T& value, bool pretty) {
  JsonWriter w(pretty);
  write(w, value);
  return w.take();
}

struct YearMonthDay {
  int64_t year;
  int64_t month;
  int64_t day;
};

// Proleptic Gregorian date of a day number (days since 1970-01-01), 64-bit throughout.
YearMonthDay gregorianFromDays(int64_t days) {
  int64_t z = days + 719468;  // days since 0000-03-01
  int64_t era = floorDiv(z, 146097);
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int64_t day = doy - (153 * mp + 2) / 5 + 1;
  int64_t month = mp < 10 ? mp + 3 : mp - 9;
  return {yoe + era * 400 + (month <= 2 ? 1 : 0), month, day};
}

// Julian calendar date of a day number (Richards' algorithm on the Julian day number).
YearMonthDay julianFromDays(int64_t days) {
  int64_t c = days + 2440588 + 32082;
  int64_t d = floorDiv(4 * c + 3, 1461);
  int64_t e = c - floorDiv(1461 * d, 4);
  int64_t m = floorDiv(5 * e + 2, 153);
  int64_t day = e - floorDiv(153 * m + 2, 5) + 1;
  int64_t month = m + 3 - 12 * floorDiv(m, 10);
  return {d - 4800 + floorDiv(m, 10), month, day};
}

constexpr int64_t kMillisPerDay = 86'400'000;
// 1582-10-15T00:00:00Z, where java.util.GregorianCalendar switches from the Julian calendar.
constexpr int64_t kGregorianCutoverMillis = -12'219'292'800'000;

}  // namespace

int64_t StreamingQueryProgress::numInputRows() const {
  int64_t total = 0;
  for (const auto& s : sources) total += s.numInputRows;
  return total;
}

double StreamingQueryProgress::inputRowsPerSecond() const {
  double total = 0.0;
  for (const auto& s : sources) total += s.inputRowsPerSecond;
  return total;
}

double StreamingQueryProgress::processedRowsPerSecond() const {
  double total = 0.0;
  for (const auto& s : sources) total += s.processedRowsPerSecond;
  return total;
}

std::string StateOperatorProgress::json() const { return render(*this, false); }
std::string StateOperatorProgress::prettyJson() const { return render(*this, true); }
std::string SourceProgress::json() const { return render(*this, false); }
std::string SourceProgress::prettyJson() const { return render(*this, true); }
std::string SinkProgress::json() const { return render(*this, false); }
std::string SinkProgress::prettyJson() const { return render(*this, true); }
std::string StreamingQueryProgress::json() const { return render(*this, false); }
std::string StreamingQueryProgress::prettyJson() const { return render(*this, true); }
std::string StreamingQueryStatus::json() const { return render(*this, false); }
std::string StreamingQueryStatus::prettyJson() const { return render(*this, true); }

std::string formatProgressTimestamp(int64_t epochMillis) {
  int64_t days = floorDiv(epochMillis, kMillisPerDay);
  int64_t millisOfDay = floorMod(epochMillis, kMillisPerDay);
  YearMonthDay date =
      epochMillis >= kGregorianCutoverMillis ? gregorianFromDays(days) : julianFromDays(days);
  // "yyyy" prints the year of era: 1 BC is 0001.
  int64_t yearOfEra = date.year > 0 ? date.year : 1 - date.year;
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lld.%03lldZ",
                static_cast<long long>(yearOfEra), static_cast<long long>(date.month),
                static_cast<long long>(date.day), static_cast<long long>(millisOfDay / 3'600'000),
                static_cast<long long>(millisOfDay / 60'000 % 60),
                static_cast<long long>(millisOfDay / 1000 % 60),
                static_cast<long long>(millisOfDay % 1000));
  return buffer;
}

std::string formatEventTimeMicros(int64_t micros) {
  return formatProgressTimestamp(micros / 1000);  // truncates toward zero, as Java does
}

}  // namespace spate::streaming
