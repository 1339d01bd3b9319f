// spate._native readers and writers: DataFrameReader (spark.read), DataFrameWriter (df.write) and
// DataStreamReader (spark.readStream). The builders mutate in place; the Python classes chain.
#include "bindings.h"

namespace spate::python {

namespace {

using Release = py::call_guard<py::gil_scoped_release>;
using sql::DataFrameReader;
using sql::DataFrameWriter;
using sql::DataStreamReader;

}  // namespace

void bindReadWrite(py::module_& m) {
  py::class_<DataFrameReader, Holder<DataFrameReader>>(m, "DataFrameReader")
      .def("format", [](DataFrameReader& r, const std::string& f) { r.format(f); })
      .def("option",
           [](DataFrameReader& r, const std::string& k, const std::string& v) { r.option(k, v); })
      .def("schema_json",
           [](DataFrameReader& r, const std::string& json) { r.schema(typeFromJson(json)); })
      .def("schema_ddl", [](DataFrameReader& r, const std::string& ddl) { r.schema(ddl); })
      .def(
          "load",
          [](DataFrameReader& r, const std::vector<std::string>& paths) { return r.load(paths); },
          Release());

  py::class_<DataFrameWriter, Holder<DataFrameWriter>>(m, "DataFrameWriter")
      .def("format", [](DataFrameWriter& w, const std::string& f) { w.format(f); })
      .def("option",
           [](DataFrameWriter& w, const std::string& k, const std::string& v) { w.option(k, v); })
      .def("mode", [](DataFrameWriter& w, const std::string& mode) { w.mode(mode); })
      .def(
          "save", [](DataFrameWriter& w, const std::string& path) { w.save(path); }, Release());

  py::class_<DataStreamReader, Holder<DataStreamReader>>(m, "DataStreamReader")
      .def("format", [](DataStreamReader& r, const std::string& f) { r.format(f); })
      .def("option",
           [](DataStreamReader& r, const std::string& k, const std::string& v) { r.option(k, v); })
      .def("schema_json",
           [](DataStreamReader& r, const std::string& json) { r.schema(typeFromJson(json)); })
      .def("schema_ddl", [](DataStreamReader& r, const std::string& ddl) { r.schema(ddl); })
      .def(
          "load",
          [](DataStreamReader& r, const std::optional<std::string>& path) {
            return path ? r.load(*path) : r.load();
          },
          Release())
      .def(
          "table", [](DataStreamReader& r, const std::string& name) { return r.table(name); },
          Release());
}

}  // namespace spate::python
