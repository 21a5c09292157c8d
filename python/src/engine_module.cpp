// hitoku._engine: the engine's public API for the pure-Python layer in python/hitoku/.
// No rule logic here: only conversions between Python values and the engine's types.
#include "bindings.h"

PYBIND11_MODULE(_engine, m) {
  m.doc() = "hitoku engine bindings (use the hitoku package, not this module directly)";
  m.attr("__version__") = HITOKU_VERSION;
  hitoku::python::bind_errors(m);
  hitoku::python::bind_submission(m);
  hitoku::python::bind_report(m);
  hitoku::python::bind_protect(m);
  hitoku::python::bind_committee(m);
}
