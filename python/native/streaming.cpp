// spate._native streaming: DataStreamWriter (with foreachBatch and foreach calling Python on the
// query thread), StreamingQuery, and the session's query manager.
#include <optional>

#include "bindings.h"
#include "common/error.h"
#include "session_handle.h"

namespace spate::python {

namespace {

using Release = py::call_guard<py::gil_scoped_release>;
using sql::DataStreamWriter;
using sql::StreamingQuery;

/// The failure of a Python function called by the engine, with the text PySpark's py4j bridge
/// gives it (so the query's exception reads as in PySpark).
[[noreturn]] void throwPythonFailure(py::error_already_set& error) {
  throw ExecutionException("An exception was raised by the Python Proxy. Return Message: " +
                           formatPythonException(error));
}

void checkInterpreter() {
  if (!interpreterAlive())
    throw ExecutionException(
        "The Python interpreter is shutting down; the batch was not processed.");
}

/// foreachBatch(fn): fn(native DataFrame, batchId) on the query thread, with the GIL.
void foreachBatch(DataStreamWriter& writer, py::object function) {
  auto ref = std::make_shared<PyObjectRef>(std::move(function));
  writer.foreachBatch([ref](const sql::DataFrame& df, int64_t batchId) {
    checkInterpreter();
    py::gil_scoped_acquire gil;
    try {
      ref->get()(py::cast(df), batchId);
    } catch (py::error_already_set& e) {
      throwPythonFailure(e);
    }
  });
}

/// foreach(writer): the Python object's open/process/close (the Python side supplies all three).
class PythonForeachWriter : public sql::ForeachWriter {
 public:
  explicit PythonForeachWriter(py::object writer) : writer_(std::move(writer)) {}

  bool open(int64_t partitionId, int64_t epochId) override {
    checkInterpreter();
    py::gil_scoped_acquire gil;
    try {
      return writer_.get().attr("open")(partitionId, epochId).cast<bool>();
    } catch (py::error_already_set& e) {
      throwPythonFailure(e);
    }
  }

  void process(const sql::Row& row) override {
    checkInterpreter();
    py::gil_scoped_acquire gil;
    try {
      py::list rows = rowsToPython({row}, row.schema());
      writer_.get().attr("process")(rows[0]);
    } catch (py::error_already_set& e) {
      throwPythonFailure(e);
    }
  }

  void close(const std::optional<std::string>& error) override {
    if (!interpreterAlive()) return;
    py::gil_scoped_acquire gil;
    try {
      writer_.get().attr("close")(error ? py::object(py::str(*error)) : py::object(py::none()));
    } catch (py::error_already_set& e) {
      throwPythonFailure(e);
    }
  }

 private:
  PyObjectRef writer_;
};

std::optional<bool> awaitTermination(StreamingQuery& query, std::optional<int64_t> timeoutMs) {
  if (!timeoutMs) {
    query.awaitTermination();
    return std::nullopt;
  }
  return query.awaitTermination(*timeoutMs);
}

std::optional<std::string> optionalName(const std::string& name) {
  return name.empty() ? std::nullopt : std::optional<std::string>(name);
}

}  // namespace

void bindStreaming(py::module_& m) {
  py::class_<DataStreamWriter, Holder<DataStreamWriter>>(m, "DataStreamWriter")
      .def("format", [](DataStreamWriter& w, const std::string& f) { w.format(f); })
      .def("option",
           [](DataStreamWriter& w, const std::string& k, const std::string& v) { w.option(k, v); })
      .def("output_mode", [](DataStreamWriter& w, const std::string& mode) { w.outputMode(mode); })
      .def("trigger_processing_time",
           [](DataStreamWriter& w, const std::string& interval) { w.trigger(interval); })
      .def("trigger_once", [](DataStreamWriter& w) { w.trigger(streaming::Trigger::once()); })
      .def("trigger_available_now",
           [](DataStreamWriter& w) { w.trigger(streaming::Trigger::availableNow()); })
      .def("query_name", [](DataStreamWriter& w, const std::string& name) { w.queryName(name); })
      .def("partition_by", [](DataStreamWriter& w,
                              const std::vector<std::string>& columns) { w.partitionBy(columns); })
      .def("foreach_batch", &foreachBatch)
      .def("foreach",
           [](DataStreamWriter& w, py::object writer) {
             w.foreach (std::make_shared<PythonForeachWriter>(std::move(writer)));
           })
      .def(
          "start",
          [](DataStreamWriter& w, const std::optional<std::string>& path) {
            return path ? w.start(*path) : w.start();
          },
          Release())
      .def("to_table", &DataStreamWriter::toTable, Release());

  py::class_<StreamingQuery, Holder<StreamingQuery>>(m, "StreamingQuery")
      .def("id", &StreamingQuery::id)
      .def("run_id", &StreamingQuery::runId)
      .def("name", [](const StreamingQuery& q) { return optionalName(q.name()); })
      .def("is_active", &StreamingQuery::isActive, Release())
      .def(
          "status_json", [](const StreamingQuery& q) { return q.status().json(); }, Release())
      .def(
          "last_progress_json",
          [](const StreamingQuery& q) -> std::optional<std::string> {
            auto p = q.lastProgress();
            if (!p) return std::nullopt;
            return p->json();
          },
          Release())
      .def(
          "recent_progress_json",
          [](const StreamingQuery& q) {
            std::vector<std::string> out;
            for (const auto& p : q.recentProgress()) out.push_back(p.json());
            return out;
          },
          Release())
      .def("await_termination", &awaitTermination, py::arg("timeout_ms") = std::nullopt, Release())
      .def("process_all_available", &StreamingQuery::processAllAvailable, Release())
      .def("stop", &StreamingQuery::stop, Release())
      .def("exception", &StreamingQuery::exception, Release())
      .def("explain", &StreamingQuery::explain, Release());

  m.def(
      "streams_active", [](SessionHandle& h) { return h.session->streams().active(); }, Release());
  m.def(
      "streams_get",
      [](SessionHandle& h, const std::string& id) { return h.session->streams().get(id); },
      Release());
  m.def(
      "streams_await_any",
      [](SessionHandle& h, std::optional<int64_t> timeoutMs) -> std::optional<bool> {
        if (!timeoutMs) {
          h.session->streams().awaitAnyTermination();
          return std::nullopt;
        }
        return h.session->streams().awaitAnyTermination(*timeoutMs);
      },
      Release());
  m.def(
      "streams_reset_terminated", [](SessionHandle& h) { h.session->streams().resetTerminated(); },
      Release());
}

}  // namespace spate::python
