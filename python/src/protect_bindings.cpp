// protect() with the GIL released, then the check of the protected tables, gated as `hitoku protect`
// gates them (rules ② ④ ⑤ must pass before anything is handed back). Results go back as plain values
// (changes and conflicts as dicts); the pure-Python layer (python/hitoku/protection.py) raises or wraps them.
#include <pybind11/functional.h>
#include <pybind11/stl.h>

#include <memory>

#include "bindings.h"
#include "hitoku/check.h"
#include "hitoku/protect.h"

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

// Rules ② ④ ⑤ of the check on the protected tables, as cli/protect_command.cpp: a failed or
// unchecked rule ② or ④ (or a failed ⑤) means the pattern is not handed back. Empty when it passes.
std::pair<std::string, std::string> gate_failure(const Report& report) {
  for (const auto& r : report.rules) {
    if (r.rule != "2" && r.rule != "4" && r.rule != "5") continue;
    if (r.state == RuleState::Fail || (r.rule != "5" && r.state == RuleState::NotChecked))
      return {"規則" + r.rule + ": " + r.summary_ja, "rule " + r.rule + ": " + r.summary_en};
  }
  return {};
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

// The changes as changes.csv lists them: codes and labels, never a value.
py::list changes_list(const ProtectResult& r) {
  const Submission& s = r.submission;
  py::list out;
  for (const auto& c : r.changes) {
    const Table& t = s.tables[static_cast<std::size_t>(c.table)];
    py::dict row;
    row["table"] = t.id;
    row["cell"] = s.cell_key(t, c.flat);
    row["label"] = s.cell_label(t, c.flat);
    row["status"] = to_string(c.status);
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
py::dict run_protect(const Submission& input, const std::string& method, double time_limit, int cleanup_audits,
                     int polish_groups,
                     const std::vector<std::string>& keep, const std::vector<std::string>& suppress,
                     const std::string& cost, bool integer_bounds, const py::object& progress) {
  ProtectOptions options;
  if (method != "greedy" && method != "optimal") throw py::value_error("method must be 'greedy' or 'optimal'");
  if (!cost.empty() && cost != "count" && cost != "value") throw py::value_error("cost must be 'count' or 'value'");
  if (time_limit <= 0) throw py::value_error("time_limit must be positive");
  if (cleanup_audits < 0) throw py::value_error("cleanup_audits must not be negative");
  if (polish_groups < 0) throw py::value_error("polish_groups must not be negative");
  options.method = method == "optimal" ? ProtectMethod::Optimal : ProtectMethod::Greedy;
  options.time_limit_seconds = time_limit;
  options.cleanup_audits = cleanup_audits;
  options.polish_max_groups = polish_groups;
  options.keep = keep;
  options.suppress = suppress;
  options.audit.integer_bounds = integer_bounds;
  options.progress = progress_callback(progress);
  CheckOptions check_options;
  check_options.integer_bounds = integer_bounds;
  check_options.progress = options.progress;

  ProtectResult result;
  Report report;
  std::pair<std::string, std::string> gate;
  {
    py::gil_scoped_release release;
    if (cost.empty()) {
      result = protect(input, options);
    } else {
      // As `hitoku protect --cost`: overrides the manifest's protect.cost (and its weights), on a copy.
      Submission copy = input;
      copy.protect.cost = cost;
      copy.protect.weights.clear();
      result = protect(copy, options);
    }
    if (result.ok) {
      report = check(result.submission, check_options);
      gate = gate_failure(report);
    }
  }
  py::dict out;
  out["stats"] = stats_dict(result.stats);
  out["conflicts"] = conflicts_list(result.conflicts);
  out["ok"] = result.ok && gate.first.empty();
  out["gate_ja"] = gate.first;
  out["gate_en"] = gate.second;
  if (result.ok && gate.first.empty()) {
    out["changes"] = changes_list(result);
    out["report"] = std::move(report);
    out["submission"] = std::make_shared<Submission>(std::move(result.submission));
  }
  return out;
}

}  // namespace

void bind_protect(py::module_& m) {
  m.def("protect", &run_protect, py::arg("submission"), py::arg("method") = "greedy", py::arg("time_limit") = 60.0,
        py::arg("cleanup_audits") = 20, py::arg("polish_groups") = ProtectOptions{}.polish_max_groups,
        py::arg("keep") = std::vector<std::string>{},
        py::arg("suppress") = std::vector<std::string>{}, py::arg("cost") = "", py::arg("integer_bounds") = false,
        py::arg("progress") = py::none());
}

}  // namespace hitoku::python
