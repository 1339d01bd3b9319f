#pragma once

// Shared pieces of the `spate._native` extension module: one bind* function per API area (each in
// its own .cpp so an edit recompiles one file), the Python <-> engine value conversions, and the
// GIL helpers every binding follows:
//  - every call into the engine that can block or do work runs with the GIL released
//    (py::call_guard<py::gil_scoped_release>), so queries and the interpreter run side by side;
//  - engine threads call back into Python (foreachBatch, listeners) only through callPython(),
//    which takes the GIL and refuses once the interpreter is finalizing;
//  - native objects that may own a session or a query are destroyed with the GIL released
//    (GilReleasingDeleter), because destroying them can join a query thread that is itself
//    waiting for the GIL.

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <memory>
#include <string>
#include <vector>

#include "api/dataframe.h"
#include "api/session.h"
#include "api/streaming.h"

namespace py = pybind11;

namespace spate::python {

/// Deletes a native object with the GIL released (see the header comment).
template <typename T>
struct GilReleasingDeleter {
  void operator()(T* object) const {
    if (object == nullptr) return;
    if (PyGILState_Check()) {
      py::gil_scoped_release release;
      delete object;
    } else {
      delete object;
    }
  }
};

/// The holder type of every native class that may (transitively) own a session or a query.
template <typename T>
using Holder = std::unique_ptr<T, GilReleasingDeleter<T>>;

/// True while Python code may still run (not finalizing). Engine threads check it before taking
/// the GIL: taking it during finalization would hang or kill the thread.
bool interpreterAlive();

/// A Python object owned from C++ code that may run on engine threads: copying and destroying it
/// takes the GIL (or leaks the reference once the interpreter is gone).
class PyObjectRef {
 public:
  explicit PyObjectRef(py::object object);
  ~PyObjectRef();
  PyObjectRef(const PyObjectRef&) = delete;
  PyObjectRef& operator=(const PyObjectRef&) = delete;
  /// Only with the GIL held.
  const py::object& get() const { return object_; }

 private:
  py::object object_;
};

/// Formats the Python exception being handled (call inside `catch (py::error_already_set&)`)
/// as Python prints it: "Traceback (most recent call last):\n  File …\nValueError: boom".
std::string formatPythonException(py::error_already_set& error);

// ---- Values ----------------------------------------------------------------------------------

/// A Python value in PySpark's "internal" form (what DataType.toInternal returns: ints for dates
/// (days) and timestamps (µs), tuples for structs, dicts for maps, decimal.Decimal for decimals) to
/// an engine Value of `type`. Throws py::type_error on a mismatch.
Value toValue(py::handle object, const DataType& type);
/// An engine value to the Python object PySpark's collect() returns: datetime.datetime (in the
/// process's local time zone, as PySpark), datetime.date, decimal.Decimal, bytearray, list, dict,
/// Row for structs.
py::object fromValue(const Value& value, const DataType& type);
/// Rows of batches to a list of Row objects.
py::list rowsToPython(const std::vector<sql::Row>& rows, const SchemaPtr& schema);
/// Python types travel as Spark's JSON form (DataType.json()).
TypePtr typeFromJson(const std::string& json);

// ---- Binding areas ---------------------------------------------------------------------------

void bindErrors(py::module_& m);
void bindSession(py::module_& m);
void bindColumn(py::module_& m);
void bindFunctions(py::module_& m);
void bindDataFrame(py::module_& m);
void bindReadWrite(py::module_& m);
void bindStreaming(py::module_& m);
void bindListeners(py::module_& m);
void bindWebUi(py::module_& m);

}  // namespace spate::python
