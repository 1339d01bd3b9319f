// spate._native.Session: the engine session behind SparkSession (configuration, catalog, sql,
// createDataFrame, readers).
#include <map>
#include <optional>
#include <tuple>

#include "bindings.h"
#include "common/logging.h"
#include "server/session_ui.h"
#include "session_handle.h"

namespace spate::python {

namespace {

using Release = py::call_guard<py::gil_scoped_release>;

sql::DataFrame createDataFrame(SessionHandle& handle, const py::list& rows,
                               const std::string& schemaJson) {
  TypePtr schema = typeFromJson(schemaJson);
  if (schema->id() != TypeId::kStruct)
    throw py::value_error("createDataFrame needs a struct schema");
  std::vector<std::vector<Value>> values;
  values.reserve(rows.size());
  const auto& fields = schema->fields();
  for (auto row : rows) {
    std::vector<Value> items;
    items.reserve(fields.size());
    size_t i = 0;
    for (auto item : py::iter(row)) {
      if (i >= fields.size()) break;
      items.push_back(toValue(item, *fields[i++].type));
    }
    while (items.size() < fields.size()) items.push_back(Value::null());
    values.push_back(std::move(items));
  }
  py::gil_scoped_release release;
  return handle.session->createDataFrame(values, schema);
}

}  // namespace

void bindSession(py::module_& m) {
  py::class_<SessionHandle, Holder<SessionHandle>>(m, "Session")
      .def(py::init([](const std::map<std::string, std::string>& conf) {
             auto builder = sql::Session::builder();
             for (const auto& [k, v] : conf) builder.config(k, v);
             auto session = builder.getOrCreate();
             return new SessionHandle{session, server::tryStartUi(session)};
           }),
           Release())
      .def("conf_get", [](SessionHandle& h,
                          const std::string& key) { return h.session->conf().getOption(key); })
      .def(
          "conf_set",
          [](SessionHandle& h, const std::string& key, const std::string& value) {
            h.session->conf().set(key, value);
          },
          Release())
      .def(
          "conf_unset",
          [](SessionHandle& h, const std::string& key) { h.session->conf().unset(key); }, Release())
      .def(
          "conf_get_all", [](SessionHandle& h) { return h.session->conf().getAll(); }, Release())
      .def("conf_is_modifiable",
           [](SessionHandle& h, const std::string& key) {
             return h.session->conf().isModifiable(key);
           })
      .def(
          "sql", [](SessionHandle& h, const std::string& text) { return h.session->sql(text); },
          Release())
      .def(
          "table", [](SessionHandle& h, const std::string& name) { return h.session->table(name); },
          Release())
      .def(
          "range",
          [](SessionHandle& h, int64_t start, int64_t end, int64_t step) {
            return h.session->range(start, end, step);
          },
          Release())
      .def("create_dataframe", &createDataFrame)
      .def("read", [](SessionHandle& h) { return sql::DataFrameReader(h.session); })
      .def("read_stream", [](SessionHandle& h) { return sql::DataStreamReader(h.session); })
      .def(
          "stop",
          [](SessionHandle& h) {
            h.ui.reset();  // as spark.stop() stops the Spark UI
            h.session->stop();
          },
          Release())
      .def("ui_web_url",
           [](SessionHandle& h) { return h.ui ? std::optional(h.ui->url()) : std::nullopt; })
      .def("version", [](SessionHandle& h) { return h.session->version(); })
      .def("parallelism", [](SessionHandle& h) { return h.session->parallelism(); })
      .def("time_zone", [](SessionHandle& h) { return h.session->timeZone()->id(); })
      .def("tables",
           [](SessionHandle& h) {
             std::vector<std::tuple<std::string, std::string, bool>> out;
             for (const auto& t : h.session->tables())
               out.emplace_back(t.name, t.format, t.isTemporary);
             return out;
           })
      .def(
          "drop_view",
          [](SessionHandle& h, const std::string& name) { return h.session->dropView(name); },
          Release())
      .def("function_names", [](SessionHandle&) { return FunctionRegistry::instance().names(); });

  m.def("set_log_level", [](const std::string& level) { setLogLevel(std::string_view(level)); });
  m.def("log_level", [] { return std::string(logLevelName(logLevel())); });
}

}  // namespace spate::python
