#pragma once
// The pieces of the hitoku._engine module, each bound in its own file.
#include <pybind11/pybind11.h>

namespace hitoku::python {

void bind_errors(pybind11::module_& m);      // InputError as a Python exception
void bind_submission(pybind11::module_& m);  // Submission: load, build from columns, read back, write
void bind_report(pybind11::module_& m);      // check(), Report and its renderings
void bind_protect(pybind11::module_& m);     // protect(), gated by check() as the CLI does
void bind_committee(pybind11::module_& m);   // registry, diff, batch (the committee's workflow)

}  // namespace hitoku::python
