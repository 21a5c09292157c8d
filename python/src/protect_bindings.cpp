// workflow::protect_and_gate with the GIL released: protect(), then the check of the protected tables
// through the release gate `hitoku protect` uses (rules ② ④ ⑤ must pass before anything is handed back). Results go back as plain values
// (changes and conflicts as dicts); the pure-Python layer (python/hitoku/protection.py) raises or wraps them.
#include <pybind11/functional.h>
#include <pybind11/stl.h>

#include <memory>
#include <optional>

#include "bindings.h"
#include "hitoku/workflow/protect.h"

namespace py = pybind11;

namespace hitoku::python {
namespace {

using Progress = std::function<void(const std::string&, long long, long long)>;

// A borrowed handle (see check_options in report_bindings.cpp): the caller's `progress` keeps it alive.
Progress progress_callback(const py::object& progress) {
  if (progress.is_none()) return {};
  py::handle fn = progress;
  return [fn](const std::string& stage, long long done, long long total) {
    py::gil_scoped_acquire gil;
    fn(stage, done, total);  // an exception raised here ends the run and reaches the caller
  };
}

py::dict stats_dict(const ProtectStats& st) {
  py::dict d;
  d["primary"] = st.primary;
  d["secondary"] = st.secondary;
  d["user"] = st.user;
  d["suppressed_value_share"] =
      st.total_value ? static_cast<double>(st.suppressed_value) / static_cast<double>(st.total_value) : 0.0;
  d["audits"] = st.audits;
  d["screen_audits"] = st.screen_audits;
  d["unscreened_rerun"] = st.unscreened_rerun;
  d["rounds"] = st.rounds;
  d["cleanup_released"] = st.cleanup_released;
  d["cost"] = st.cost;
  d["lower_bound"] = st.lower_bound;
  d["gap"] = st.gap;
  d["proven_optimal"] = st.proven_optimal;
  d["polished"] = st.polished;
  d["seconds"] = st.seconds;
  return d;
}

// The changes as changes.csv lists them (workflow::change_rows): codes and labels, never a value.
py::list changes_list(const ProtectResult& r) {
  py::list out;
  for (const workflow::ChangeRow& c : workflow::change_rows(r)) {
    py::dict row;
    row["table"] = c.table;
    row["cell"] = c.cell;
    row["label"] = c.label;
    row["status"] = c.status;
    row["rule"] = c.rule;
    row["reason_ja"] = c.reason_ja;
    row["reason_en"] = c.reason_en;
    out.append(row);
  }
  return out;
}

py::list conflicts_list(const std::vector<ProtectConflict>& conflicts) {
  py::list out;
  for (const auto& c : conflicts) {
    py::dict d;
    d["cells"] = c.cells;
    d["reason_ja"] = c.reason_ja;
    d["reason_en"] = c.reason_en;
    out.append(d);
  }
  return out;
}

// Returns a dict: ok; when ok, submission (the protected set), report, changes, stats; when not,
// conflicts (no pattern exists) or gate_ja/gate_en (the proposed pattern failed the check), and stats.
// None for a number: the engine's default (ProtectOptions).
py::dict run_protect(const LaidOutSubmission& input, const std::string& method, std::optional<double> time_limit,
                     std::optional<int> cleanup_audits, std::optional<int> polish_groups,
                     const std::vector<std::string>& keep, const std::vector<std::string>& suppress,
                     const std::string& cost, bool integer_bounds, const py::object& progress) {
  workflow::ProtectRequest request;
  ProtectOptions& options = request.protect;
  options.method = workflow::parse_protect_method(method);
  if (time_limit) options.time_limit_seconds = *time_limit;
  if (cleanup_audits) options.cleanup_audits = *cleanup_audits;
  if (polish_groups) options.polish_max_groups = *polish_groups;
  options.keep = keep;
  options.suppress = suppress;
  options.progress = progress_callback(progress);
  request.cost = cost;
  request.integer_bounds = integer_bounds;
  request.validate();

  workflow::GatedProtection run;
  {
    py::gil_scoped_release release;
    run = workflow::protect_and_gate(input, request);
  }
  py::dict out;
  out["stats"] = stats_dict(run.result.stats);
  out["conflicts"] = conflicts_list(run.result.conflicts);
  out["ok"] = run.ok();
  out["gate_ja"] = run.gate ? "規則" + run.gate->rule + ": " + run.gate->summary_ja : std::string();
  out["gate_en"] = run.gate ? "rule " + run.gate->rule + ": " + run.gate->summary_en : std::string();
  if (run.ok()) {
    out["changes"] = changes_list(run.result);
    out["report"] = std::move(run.report);
    out["submission"] = laid_out(std::move(run.result.submission), input.layout);  // written back as the input was
  }
  return out;
}

}  // namespace

void bind_protect(py::module_& m) {
  m.def("protect", &run_protect, py::arg("submission"), py::arg("method") = std::string(workflow::to_string(ProtectOptions{}.method)), py::arg("time_limit") = py::none(),
        py::arg("cleanup_audits") = py::none(), py::arg("polish_groups") = py::none(),
        py::arg("keep") = std::vector<std::string>{},
        py::arg("suppress") = std::vector<std::string>{}, py::arg("cost") = "", py::arg("integer_bounds") = false,
        py::arg("progress") = py::none());
}

}  // namespace hitoku::python
