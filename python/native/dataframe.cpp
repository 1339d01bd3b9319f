// spate._native.DataFrame and GroupedData: the engine DataFrame behind pyspark's DataFrame.
// Transformations only analyse (cheap, but they may read a memory sink's schema); actions run
// queries. All of them release the GIL.
#include <optional>

#include "bindings.h"
#include "types/data_type.h"

namespace spate::python {

namespace {

using Release = py::call_guard<py::gil_scoped_release>;
using sql::Column;
using sql::DataFrame;
using sql::GroupedData;

GroupedData groupBy(const DataFrame& df, const std::vector<Column>& columns,
                    const std::string& kind) {
  if (kind == "cube") return df.cube(columns);
  if (kind == "rollup") return df.rollup(columns);
  return df.groupBy(columns);
}

/// A scalar of na.fill: bool, int, float or str (checked on the Python side).
Value scalarValue(py::handle value) {
  if (py::isinstance<py::bool_>(value)) return Value(value.cast<bool>());
  if (py::isinstance<py::int_>(value)) return Value(static_cast<int64_t>(value.cast<long long>()));
  if (py::isinstance<py::float_>(value)) return Value(value.cast<double>());
  if (py::isinstance<py::str>(value)) return Value(value.cast<std::string>());
  throw py::type_error("unsupported fill value");
}

DataFrame naFill(const DataFrame& df, py::handle value, const std::vector<std::string>& subset) {
  Value v = scalarValue(value);
  py::gil_scoped_release release;
  return df.na().fill(v, subset);
}

DataFrame naFillMap(const DataFrame& df, const py::dict& values) {
  std::map<std::string, Value> byColumn;
  for (auto [k, v] : values) byColumn[k.cast<std::string>()] = scalarValue(v);
  py::gil_scoped_release release;
  return df.na().fill(byColumn);
}

py::list collect(const DataFrame& df, std::optional<int64_t> limit) {
  std::vector<sql::Row> rows;
  {
    py::gil_scoped_release release;
    rows = limit ? df.take(*limit) : df.collect();
  }
  return rowsToPython(rows, df.schema());
}

}  // namespace

void bindDataFrame(py::module_& m) {
  py::class_<DataFrame, Holder<DataFrame>>(m, "DataFrame")
      .def("schema_json", [](const DataFrame& df) { return typeToJson(*df.schema()); })
      .def("columns", &DataFrame::columns)
      .def("is_streaming", &DataFrame::isStreaming)
      .def("col", &DataFrame::col, Release())
      .def("select", &DataFrame::select, Release())
      .def("select_expr", &DataFrame::selectExpr, Release())
      .def("with_column", &DataFrame::withColumn, Release())
      .def("with_column_renamed", &DataFrame::withColumnRenamed, Release())
      .def("drop", &DataFrame::drop, Release())
      .def("filter", py::overload_cast<const Column&>(&DataFrame::filter, py::const_), Release())
      .def("filter_expr", py::overload_cast<const std::string&>(&DataFrame::filter, py::const_),
           Release())
      .def("alias", &DataFrame::alias, Release())
      .def("group_by", &groupBy, Release())
      .def("agg", &DataFrame::agg, Release())
      .def("join_using",
           py::overload_cast<const DataFrame&, const std::vector<std::string>&, const std::string&>(
               &DataFrame::join, py::const_),
           Release())
      .def("join_on",
           py::overload_cast<const DataFrame&, const Column&, const std::string&>(&DataFrame::join,
                                                                                  py::const_),
           Release())
      .def("join", py::overload_cast<const DataFrame&>(&DataFrame::join, py::const_), Release())
      .def("cross_join", &DataFrame::crossJoin, Release())
      .def("union", &DataFrame::union_, Release())
      .def("union_by_name", &DataFrame::unionByName, Release())
      .def("intersect", &DataFrame::intersect, Release())
      .def("intersect_all", &DataFrame::intersectAll, Release())
      .def("except_all", &DataFrame::exceptAll, Release())
      .def("subtract", &DataFrame::subtract, Release())
      .def("distinct", &DataFrame::distinct, Release())
      .def("drop_duplicates", &DataFrame::dropDuplicates, Release())
      .def("drop_duplicates_within_watermark", &DataFrame::dropDuplicatesWithinWatermark, Release())
      .def("with_watermark", &DataFrame::withWatermark, Release())
      .def("order_by", &DataFrame::orderBy, Release())
      .def("limit", &DataFrame::limit, Release())
      .def(
          "na_drop",
          [](const DataFrame& df, const std::string& how, std::optional<int> thresh,
             const std::vector<std::string>& subset) { return df.na().drop(how, thresh, subset); },
          Release())
      .def("na_fill", &naFill)
      .def("na_fill_map", &naFillMap)
      .def("show_string", &DataFrame::showString, Release())
      .def("print_schema_string", &DataFrame::printSchemaString, Release())
      .def("explain_string", &DataFrame::explainString, Release())
      .def("collect", [](const DataFrame& df) { return collect(df, std::nullopt); })
      .def("take", [](const DataFrame& df, int64_t n) { return collect(df, n); })
      .def("count", &DataFrame::count, Release())
      .def("create_or_replace_temp_view", &DataFrame::createOrReplaceTempView, Release())
      .def("create_temp_view", &DataFrame::createTempView, Release())
      .def("write", &DataFrame::write)
      .def("write_stream", &DataFrame::writeStream);

  py::class_<GroupedData, Holder<GroupedData>>(m, "GroupedData")
      .def("agg", py::overload_cast<const std::vector<Column>&>(&GroupedData::agg, py::const_),
           Release())
      .def("agg_map",
           py::overload_cast<const std::vector<std::pair<std::string, std::string>>&>(
               &GroupedData::agg, py::const_),
           Release())
      .def("count", &GroupedData::count, Release())
      .def("avg", &GroupedData::avg, Release())
      .def("sum", &GroupedData::sum, Release())
      .def("min", &GroupedData::min, Release())
      .def("max", &GroupedData::max, Release());
}

}  // namespace spate::python
