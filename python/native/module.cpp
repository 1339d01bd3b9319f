// The `spate._native` extension module: the engine's C++ API (src/api) as the pure-Python package
// spate.sql needs it. Users never import it directly.
#include "bindings.h"

PYBIND11_MODULE(_native, m) {
  m.doc() = "Spate's native engine bindings (use spate.sql)";
  using namespace spate::python;
  bindErrors(m);
  bindSession(m);
  bindColumn(m);
  bindFunctions(m);
  bindDataFrame(m);
  bindReadWrite(m);
  bindStreaming(m);
  bindListeners(m);
  bindWebUi(m);
}
