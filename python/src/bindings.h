#pragma once
// The pieces of the hitoku._engine module, each bound in its own file.
#include <pybind11/pybind11.h>

#include <memory>
#include <utility>

#include "hitoku/ingest/table_format.h"
#include "hitoku/model/submission.h"

namespace hitoku::python {

// What Python holds as a Submission: the engine's submission and how its tables look on disk (what
// load_submission read, or what add_table built), so that write(), and the submissions protect and
// merge return, write every table back as it was. Bound as a subclass of Submission, so every
// function taking a Submission takes it.
struct LaidOutSubmission : Submission {
  SubmissionLayout layout;
};
inline std::shared_ptr<LaidOutSubmission> laid_out(Submission submission, SubmissionLayout layout) {
  auto out = std::make_shared<LaidOutSubmission>();
  static_cast<Submission&>(*out) = std::move(submission);
  out->layout = std::move(layout);
  return out;
}

void bind_errors(pybind11::module_& m);      // InputError as a Python exception
void bind_submission(pybind11::module_& m);  // Submission: load, build from columns, read back, write
void bind_report(pybind11::module_& m);      // check(), Report and its renderings
void bind_protect(pybind11::module_& m);     // protect(), gated by check() as the CLI does
void bind_committee(pybind11::module_& m);   // registry, diff, batch (the committee's workflow)

}  // namespace hitoku::python
