// The session's web UI for Python applications: routes answered by Python functions, static
// directories and server-sent-event streams on the server the session started (spark.ui.*), as
// C++ applications use server::UiServer. Python side: spate.webui.WebUI.
#include <map>
#include <memory>
#include <string>

#include "bindings.h"
#include "server/event_stream.h"
#include "server/http_types.h"
#include "server/ui_server.h"
#include "session_handle.h"

namespace spate::python {

namespace {

server::UiServer& uiOf(SessionHandle& handle) {
  if (!handle.ui) throw py::value_error("the session has no web UI (spark.ui.enabled=false)");
  return *handle.ui;
}

// Runs on a server thread: takes the GIL, calls handler(request) and turns its
// (status, content_type, body[, headers]) into the response. A failing handler is a 500 with the
// Python traceback, never an exception into the server.
server::HttpResponse callHandler(const PyObjectRef& handler, const server::HttpRequest& request) {
  if (!interpreterAlive()) return server::HttpResponse::text("shutting down\n", 503);
  py::gil_scoped_acquire gil;
  try {
    py::object req = py::module_::import("types").attr("SimpleNamespace")(
        py::arg("method") = request.method, py::arg("path") = request.path,
        py::arg("params") = request.params, py::arg("headers") = request.headers,
        py::arg("captures") = request.captures, py::arg("body") = py::bytes(request.body));
    py::tuple result = handler.get()(req);
    if (result.size() < 3 || result.size() > 4)
      throw py::value_error("a route handler returns (status, content_type, body[, headers])");
    server::HttpResponse response;
    response.status = result[0].cast<int>();
    response.contentType = result[1].cast<std::string>();
    py::object body = result[2];
    response.body = py::isinstance<py::bytes>(body) ? body.cast<std::string>()
                                                     : py::str(body).cast<std::string>();
    if (result.size() == 4)
      response.headers = result[3].cast<std::map<std::string, std::string>>();
    return response;
  } catch (py::error_already_set& error) {
    return server::HttpResponse::text("route handler failed:\n" + formatPythonException(error),
                                      500);
  } catch (const std::exception& error) {
    return server::HttpResponse::text(std::string("route handler failed: ") + error.what(), 500);
  }
}

}  // namespace

void bindWebUi(py::module_& m) {
  py::class_<server::EventStream, std::shared_ptr<server::EventStream>>(m, "EventStream")
      .def("publish",
           [](server::EventStream& stream, const std::string& event, const std::string& data) {
             stream.publish(event, data);
           },
           py::call_guard<py::gil_scoped_release>())
      .def("clients", &server::EventStream::clients)
      .def("published", &server::EventStream::published);

  m.def("ui_add_route", [](SessionHandle& handle, const std::string& method,
                           const std::string& pattern, py::object handler) {
    auto ref = std::make_shared<PyObjectRef>(std::move(handler));
    uiOf(handle).addRoute(method, pattern, [ref](const server::HttpRequest& request) {
      return callHandler(*ref, request);
    });
  });
  m.def("ui_add_static",
        [](SessionHandle& handle, const std::string& mount, const std::string& directory) {
          return uiOf(handle).addStaticDirectory(mount, directory);
        });
  m.def("ui_event_stream", [](SessionHandle& handle, const std::string& path) {
    return uiOf(handle).addEventStream(path);
  });
}

}  // namespace spate::python
