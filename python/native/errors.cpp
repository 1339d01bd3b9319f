// Engine exceptions (src/common/error.h) to the exception classes of spate.errors, named as
// PySpark's: the message is the engine's text, getErrorClass() its Spark error class.
#include <string>
#include <string_view>

#include "bindings.h"
#include "common/error.h"
#include "streaming/streaming_query_exception.h"

namespace spate::python {

namespace {

/// Spark 3.5 raises these JVM exception types (converted by PySpark to the class of the same
/// name) for runtime errors of these error classes.
const char* runtimeClassFor(const std::string& errorClass) {
  auto startsWith = [&](std::string_view prefix) { return errorClass.rfind(prefix, 0) == 0; };
  if (startsWith("DIVIDE_BY_ZERO") || startsWith("ARITHMETIC_OVERFLOW") ||
      startsWith("NUMERIC_VALUE_OUT_OF_RANGE") || startsWith("INTERVAL_ARITHMETIC_OVERFLOW"))
    return "ArithmeticException";
  if (startsWith("CAST_INVALID_INPUT")) return "NumberFormatException";
  if (startsWith("INVALID_ARRAY_INDEX")) return "ArrayIndexOutOfBoundsException";
  if (startsWith("CANNOT_PARSE_TIMESTAMP") || startsWith("INVALID_FRACTION_OF_SECOND"))
    return "DateTimeException";
  return "SparkRuntimeException";
}

[[noreturn]] void raise(const char* className, const std::string& message,
                        const std::string& errorClass) {
  py::module_ errors = py::module_::import("spate.errors.exceptions.captured");
  py::object cls = errors.attr(className);
  py::object error = cls(py::str(message));
  if (!errorClass.empty()) error.attr("_errorClass") = py::str(errorClass);
  PyErr_SetObject(cls.ptr(), error.ptr());
  throw py::error_already_set();
}

void translate(std::exception_ptr pointer) {
  try {
    if (pointer) std::rethrow_exception(pointer);
  } catch (const py::error_already_set&) {
    throw;
  } catch (const py::builtin_exception&) {
    throw;
  } catch (const streaming::StreamingQueryException& e) {
    // Spark's message: "[STREAM_FAILED] Query [id = …, runId = …] terminated with exception: …".
    std::string message = "[STREAM_FAILED] Query [id = " + e.queryId() + ", runId = " + e.runId() +
                          "] terminated with exception: " + e.what();
    raise("StreamingQueryException", message, "STREAM_FAILED");
  } catch (const ParseException& e) {
    raise("ParseException", e.what(), e.errorClass());
  } catch (const AnalysisException& e) {
    raise("AnalysisException", e.what(), e.errorClass());
  } catch (const IllegalArgumentException& e) {
    raise("IllegalArgumentException", e.what(), e.errorClass());
  } catch (const InternalError& e) {
    raise("SparkRuntimeException", e.what(),
          e.errorClass().empty() ? "INTERNAL_ERROR" : e.errorClass());
  } catch (const SpateError& e) {
    raise(runtimeClassFor(e.errorClass()), e.what(), e.errorClass());
  }
}

}  // namespace

void bindErrors(py::module_& m) {
  py::register_exception_translator(&translate);
  m.def("_raise_engine_error", [](const std::string& kind, const std::string& message) {
    // Test hook: raises an engine exception of `kind` through the translator.
    if (kind == "analysis") throw AnalysisException(message, "TEST_ERROR");
    if (kind == "parse") throw ParseException(message);
    if (kind == "illegal") throw IllegalArgumentException(message);
    if (kind == "divide") throw ExecutionException(message, "DIVIDE_BY_ZERO");
    if (kind == "stream") throw streaming::StreamingQueryException(message, "qid", "rid");
    throw SpateError(message);
  });
}

}  // namespace spate::python
