// spate._native listeners: a StreamingQueryListener that forwards the engine's query events to a
// Python adapter (spate.sql.streaming.listener builds PySpark's event objects from plain values).
// Events arrive on the thread that caused them (start() for onQueryStarted, the query thread
// otherwise); the GIL is taken for each call. A listener's own exceptions are reported by the
// adapter and never reach the engine, as Spark's listener bus does.
#include "bindings.h"
#include "session_handle.h"

namespace spate::python {

namespace {

class PythonListener : public streaming::StreamingQueryListener {
 public:
  explicit PythonListener(py::object adapter) : adapter_(std::move(adapter)) {}

  void onQueryStarted(const streaming::QueryStartedEvent& e) override {
    call("started", e.id, e.runId, e.name, e.timestamp);
  }
  void onQueryProgress(const streaming::QueryProgressEvent& e) override {
    call("progress", e.progress.json(), e.progress.prettyJson());
  }
  void onQueryIdle(const streaming::QueryIdleEvent& e) override {
    call("idle", e.id, e.runId, e.timestamp);
  }
  void onQueryTerminated(const streaming::QueryTerminatedEvent& e) override {
    call("terminated", e.id, e.runId, e.exception, e.errorClassOnException);
  }

 private:
  template <typename... Args>
  void call(const char* method, const Args&... args) {
    if (!interpreterAlive()) return;
    py::gil_scoped_acquire gil;
    try {
      adapter_.get().attr(method)(args...);
    } catch (py::error_already_set& e) {
      e.discard_as_unraisable(method);
    }
  }

  PyObjectRef adapter_;
};

/// What addListener returns: removeListener needs the same engine listener back.
struct ListenerHandle {
  std::shared_ptr<streaming::StreamingQueryListener> listener;
};

}  // namespace

void bindListeners(py::module_& m) {
  py::class_<ListenerHandle, Holder<ListenerHandle>>(m, "ListenerHandle");
  m.def("add_listener", [](SessionHandle& h, py::object adapter) {
    auto listener = std::make_shared<PythonListener>(std::move(adapter));
    py::gil_scoped_release release;
    h.session->streams().addListener(listener);
    return ListenerHandle{listener};
  });
  m.def(
      "remove_listener",
      [](SessionHandle& h, const ListenerHandle& handle) {
        h.session->streams().removeListener(handle.listener);
      },
      py::call_guard<py::gil_scoped_release>());
}

}  // namespace spate::python
