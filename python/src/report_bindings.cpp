// check() with the GIL released (progress reported back to Python under the GIL), and the Report with
// the engine's own renderings: JSON exactly as the CLI writes it, text and HTML.
#include <pybind11/functional.h>
#include <pybind11/stl.h>

#include <memory>

#include "bindings.h"
#include "hitoku/io/atomic_write.h"
#include "hitoku/rules/check.h"
#include "hitoku/report/report_format.h"
#include "hitoku/workflow/input.h"
#include "hitoku/workflow/merge.h"
#include "hitoku/workflow/output_guard.h"

namespace py = pybind11;

namespace hitoku::python {
namespace {

CheckOptions check_options(bool audit_differencing, bool integer_bounds, bool confidential,
                           const py::object& progress) {
  CheckOptions options;
  options.audit_differencing = audit_differencing;
  options.integer_bounds = integer_bounds;
  options.confidential = confidential;
  if (!progress.is_none()) {
    // A borrowed handle: copying it (the engine may copy its options) touches no reference count
    // without the GIL; `progress` itself keeps the callable alive for the whole call.
    py::handle fn = progress;
    options.progress = [fn](const std::string& stage, long long done, long long total) {
      py::gil_scoped_acquire gil;
      fn(stage, done, total);  // an exception raised here ends the check and reaches the caller
    };
  }
  return options;
}

Report run_check(const Submission& submission, bool audit_differencing, bool integer_bounds, bool confidential,
                 const py::object& progress) {
  const CheckOptions options = check_options(audit_differencing, integer_bounds, confidential, progress);
  py::gil_scoped_release release;
  return check(submission, options);
}

// Rule ③ merges, then the re-check of the merged submission with the explanation (workflow::merge_and_check).
// Returns (merged submission, report, ids of the tables that changed).
py::tuple run_merge(const LaidOutSubmission& submission, bool audit_differencing, bool integer_bounds, bool confidential,
                    const py::object& progress) {
  const CheckOptions options = check_options(audit_differencing, integer_bounds, confidential, progress);
  std::shared_ptr<LaidOutSubmission> merged;
  Report report;
  std::vector<std::string> changed;
  {
    py::gil_scoped_release release;
    workflow::MergeRun run = workflow::merge_and_check(submission, options);
    report = std::move(run.report);
    changed = run.merge.changed_tables;
    merged = laid_out(std::move(run.merge.merged), submission.layout);  // written back as the input was
  }
  return py::make_tuple(merged, std::move(report), changed);
}

Report parse_report(const std::string& text) { return workflow::parse_report_json(text, "(json)"); }

void write_text(const std::string& path, const std::string& text) {
  py::gil_scoped_release release;
  write_file_atomically(path, text);
}

}  // namespace

void bind_report(py::module_& m) {
  py::class_<Report>(m, "Report")
      .def_readonly("passed", &Report::passed)
      .def_readonly("confidential", &Report::confidential)
      .def(
          "json",
          [](const Report& r, int indent) {
            // What `hitoku check --format json` prints: dump(2) and a final newline.
            return report_to_json(r).dump(indent) + "\n";
          },
          py::arg("indent") = 2)
      .def("text", &report_to_text, py::arg("lang") = "ja")
      .def("html", &report_to_html, py::arg("lang") = "ja")
      .def("add_written_file", [](Report& r, const std::string& path) { r.written_files.push_back(path); });

  m.def("check", &run_check, py::arg("submission"), py::arg("audit_differencing") = true,
        py::arg("integer_bounds") = false, py::arg("confidential") = false, py::arg("progress") = py::none());
  m.def("merge", &run_merge, py::arg("submission"), py::arg("audit_differencing") = true,
        py::arg("integer_bounds") = false, py::arg("confidential") = false, py::arg("progress") = py::none());
  m.def("report_from_json", &parse_report, py::arg("text"));
  m.def("write_file_atomically", &write_text, py::arg("path"), py::arg("text"));
  m.def("refuse_input_overwrite", &workflow::refuse_input_overwrite, py::arg("output"), py::arg("inputs"),
        py::arg("force") = false);
  m.def("input_files", &workflow::input_files, py::arg("submission"));
}

}  // namespace hitoku::python
