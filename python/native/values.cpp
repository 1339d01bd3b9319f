// Python <-> engine value conversions, and the interpreter-safety helpers of bindings.h.
#include <pybind11/stl.h>

#include <cstdlib>
#include <string>

#include "bindings.h"
#include "common/error.h"

namespace spate::python {

namespace {

// Days from 0001-01-01 (ordinal 1) to 1970-01-01.
constexpr int64_t kEpochOrdinal = 719163;
constexpr int64_t kMicrosPerSecond = 1000000;

/// Module attributes used on every conversion. Leaked on purpose: they must outlive every
/// conversion, and Python objects cannot be released after the interpreter is gone.
struct PythonCache {
  py::object date, datetime, timedelta, decimal;
  py::object rowType, tupleNew, fieldsName;
};

const PythonCache& cache() {
  static PythonCache* instance = [] {
    auto* c = new PythonCache();
    py::module_ datetime = py::module_::import("datetime");
    c->date = datetime.attr("date");
    c->datetime = datetime.attr("datetime");
    c->timedelta = datetime.attr("timedelta");
    c->decimal = py::module_::import("decimal").attr("Decimal");
    c->rowType = py::module_::import("spate.sql.types").attr("Row");
    c->tupleNew = py::reinterpret_borrow<py::object>(reinterpret_cast<PyObject*>(&PyTuple_Type))
                      .attr("__new__");
    c->fieldsName = py::str("__fields__");
    return c;
  }();
  return *instance;
}

/// Pauses Python's cyclic garbage collector for its lifetime.
class GcPause {
 public:
#if PY_VERSION_HEX >= 0x030A0000
  GcPause() : wasEnabled_(PyGC_Disable()) {}
  ~GcPause() {
    if (wasEnabled_ > 0) PyGC_Enable();
  }

 private:
  int wasEnabled_;
#endif
};

/// A Row with these field names: tuple.__new__(Row, values) with `__fields__` set directly (Row's
/// own __new__ and __setattr__ are Python code; this is what PySpark's _create_row produces).
py::object makeRow(const py::list& names, py::tuple values) {
  const PythonCache& c = cache();
  py::object row = c.tupleNew(c.rowType, std::move(values));
  if (PyObject_GenericSetAttr(row.ptr(), c.fieldsName.ptr(), names.ptr()) != 0)
    throw py::error_already_set();
  return row;
}

int64_t floorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

Int128 parseInt128(const std::string& text) {
  Int128 value = 0;
  size_t i = 0;
  bool negative = !text.empty() && text[0] == '-';
  if (negative) i = 1;
  for (; i < text.size(); ++i) value = value * 10 + (text[i] - '0');
  return negative ? -value : value;
}

py::object decimalToPython(Int128 unscaled, int scale) {
  return cache().decimal(py::str(formatDecimal(unscaled, scale)));
}

Value decimalToValue(py::handle object, const DataType& type) {
  // Spark rounds half-up when a value has more fraction digits than the type's scale.
  py::object unscaled = py::reinterpret_borrow<py::object>(object)
                            .attr("scaleb")(type.scale())
                            .attr("to_integral_value")(py::arg("rounding") = "ROUND_HALF_UP");
  std::string digits = py::str(py::int_(unscaled));
  size_t length = digits.size() - (digits[0] == '-' ? 1 : 0);
  if (static_cast<int>(length) > type.precision())
    throw py::value_error(std::string(py::str(object)) + " cannot be represented as " +
                          type.simpleString());
  return Value(parseInt128(digits));
}

}  // namespace

bool interpreterAlive() {
  if (!Py_IsInitialized()) return false;
#if PY_VERSION_HEX >= 0x030D0000
  return !Py_IsFinalizing();
#else
  return !_Py_IsFinalizing();
#endif
}

PyObjectRef::PyObjectRef(py::object object) : object_(std::move(object)) {}

PyObjectRef::~PyObjectRef() {
  if (!interpreterAlive()) {
    object_.release();  // leaked: no interpreter left to release it to
    return;
  }
  py::gil_scoped_acquire gil;
  object_ = py::object();
}

std::string formatPythonException(py::error_already_set& error) {
  try {
    py::module_ traceback = py::module_::import("traceback");
    py::list lines = traceback.attr("format_exception")(error.type(), error.value(), error.trace());
    std::string text;
    for (auto line : lines) text += py::str(line).cast<std::string>();
    while (!text.empty() && text.back() == '\n') text.pop_back();
    return text;
  } catch (const py::error_already_set&) {
    return error.what();
  }
}

TypePtr typeFromJson(const std::string& json) { return spate::typeFromJson(json); }

Value toValue(py::handle object, const DataType& type) {
  if (object.is_none()) return Value::null();
  switch (type.id()) {
    case TypeId::kNull:
      throw py::type_error("NullType can only hold None");
    case TypeId::kBoolean:
      return Value(static_cast<bool>(PyObject_IsTrue(object.ptr())));
    case TypeId::kByte:
    case TypeId::kShort:
    case TypeId::kInt:
    case TypeId::kLong:
    case TypeId::kDate:
    case TypeId::kTimestamp:
      return Value(static_cast<int64_t>(object.cast<long long>()));
    case TypeId::kFloat:
    case TypeId::kDouble:
      return Value(object.cast<double>());
    case TypeId::kDecimal:
      return decimalToValue(object, type);
    case TypeId::kString:
      return Value(object.cast<std::string>());
    case TypeId::kBinary: {
      py::bytes bytes = py::reinterpret_steal<py::bytes>(PyBytes_FromObject(object.ptr()));
      if (!bytes) throw py::error_already_set();
      return Value(std::string(bytes));
    }
    case TypeId::kInterval: {
      auto parts = object.cast<py::tuple>();
      Interval interval;
      interval.months = parts[0].cast<int32_t>();
      interval.days = parts[1].cast<int32_t>();
      interval.micros = parts[2].cast<int64_t>();
      return Value(interval);
    }
    case TypeId::kArray: {
      ValueList list;
      for (auto item : py::iter(object)) list.push_back(toValue(item, *type.element()));
      return Value(std::move(list));
    }
    case TypeId::kMap: {
      ValueMap map;
      auto dict = py::reinterpret_borrow<py::dict>(object);
      for (auto [k, v] : dict) map.emplace_back(toValue(k, *type.key()), toValue(v, *type.value()));
      return Value(std::move(map));
    }
    case TypeId::kStruct: {
      ValueList fields;
      size_t i = 0;
      for (auto item : py::iter(object)) {
        if (i >= type.fields().size())
          throw py::value_error("too many values for " + type.simpleString());
        fields.push_back(toValue(item, *type.fields()[i++].type));
      }
      if (i != type.fields().size())
        throw py::value_error("too few values for " + type.simpleString());
      return Value(std::move(fields));
    }
  }
  throw py::type_error("unsupported type " + type.simpleString());
}

py::object fromValue(const Value& value, const DataType& type) {
  if (value.isNull()) return py::none();
  switch (type.id()) {
    case TypeId::kNull:
      return py::none();
    case TypeId::kBoolean:
      return py::bool_(value.asBool());
    case TypeId::kByte:
    case TypeId::kShort:
    case TypeId::kInt:
    case TypeId::kLong:
      return py::int_(value.asLong());
    case TypeId::kFloat:
    case TypeId::kDouble:
      return py::float_(value.asDouble());
    case TypeId::kDecimal:
      return decimalToPython(value.asDecimal(), type.scale());
    case TypeId::kString: {
      const std::string& s = value.asString();
      PyObject* text = PyUnicode_DecodeUTF8(s.data(), static_cast<Py_ssize_t>(s.size()), "replace");
      if (!text) throw py::error_already_set();
      return py::reinterpret_steal<py::object>(text);
    }
    case TypeId::kBinary: {
      const std::string& s = value.asString();
      PyObject* bytes = PyByteArray_FromStringAndSize(s.data(), static_cast<Py_ssize_t>(s.size()));
      if (!bytes) throw py::error_already_set();
      return py::reinterpret_steal<py::object>(bytes);
    }
    case TypeId::kDate:
      return cache().date.attr("fromordinal")(value.asLong() + kEpochOrdinal);
    case TypeId::kTimestamp: {
      // As PySpark's TimestampType.fromInternal: a naive datetime in the local time zone.
      int64_t micros = value.asLong();
      int64_t seconds = floorDiv(micros, kMicrosPerSecond);
      int64_t fraction = micros - seconds * kMicrosPerSecond;
      return cache().datetime.attr("fromtimestamp")(seconds).attr("replace")(
          py::arg("microsecond") = fraction);
    }
    case TypeId::kInterval: {
      const Interval& i = value.asInterval();
      if (i.months != 0) return py::str(formatValue(value, type, *TimeZone::utc(), false));
      return cache().timedelta(py::arg("days") = i.days, py::arg("microseconds") = i.micros);
    }
    case TypeId::kArray: {
      py::list out;
      for (const auto& element : value.asList()) out.append(fromValue(element, *type.element()));
      return std::move(out);
    }
    case TypeId::kMap: {
      py::dict out;
      for (const auto& [k, v] : value.asMap())
        out[fromValue(k, *type.key())] = fromValue(v, *type.value());
      return std::move(out);
    }
    case TypeId::kStruct: {
      const auto& fields = type.fields();
      const auto& values = value.asList();
      py::list names;
      py::tuple items(fields.size());
      for (size_t i = 0; i < fields.size(); ++i) {
        names.append(py::str(fields[i].name));
        items[i] = i < values.size() ? fromValue(values[i], *fields[i].type) : py::none();
      }
      return makeRow(names, std::move(items));
    }
  }
  return py::none();
}

py::list rowsToPython(const std::vector<sql::Row>& rows, const SchemaPtr& schema) {
  // Millions of new tuples would trigger the cyclic GC over and over (half the time of a large
  // collect); rows cannot form cycles, so it is paused while they are built.
  GcPause pause;
  py::list out;
  const auto& fields = schema->fields();
  py::list names;
  for (const auto& f : fields) names.append(py::str(f.name));
  for (const auto& row : rows) {
    py::tuple items(fields.size());
    for (size_t i = 0; i < fields.size(); ++i) items[i] = fromValue(row.get(i), *fields[i].type);
    out.append(makeRow(names, std::move(items)));
  }
  return out;
}

}  // namespace spate::python
