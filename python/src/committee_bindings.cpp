// The committee's workflow for Python: the registry of approved publications, checks against it,
// re-report differences, and batches (planned, checked item by item on any executor, stored, summarised).
// Conversions only; every step is an engine workflow (workflow/registry.h, diff.h, batch.h).
#include <pybind11/stl.h>

#include "bindings.h"
#include "hitoku/report/report_format.h"
#include "hitoku/workflow/batch.h"
#include "hitoku/workflow/diff.h"
#include "hitoku/workflow/input.h"
#include "hitoku/workflow/registry.h"

namespace py = pybind11;
using nlohmann::json;

namespace hitoku::python {
namespace {

using publications::PublicationMeta;

std::string meta_json(const PublicationMeta& m) {
  return json{{"approval_number", m.approval_number}, {"approval_date", m.approval_date}, {"title", m.title},
              {"venue", m.venue}, {"publication_date", m.publication_date}, {"first_year", m.first_year},
              {"last_year", m.last_year}, {"report_sha256", m.report_sha256}, {"policy_id", m.policy_id},
              {"policy_version", m.policy_version}, {"policy_sha256", m.policy_sha256}, {"added_at", m.added_at},
              {"content_sha256", m.content_sha256}, {"tables", m.tables}}
      .dump();
}

workflow::RegistryKnowledge knowledge(const std::string& path, const std::string& since, const std::string& until,
                                      const std::string& data_years) {
  workflow::RegistryKnowledge k{path, {}};
  k.filter.since = since;
  k.filter.until = until;
  if (!data_years.empty()) std::tie(k.filter.first_year, k.filter.last_year) = workflow::parse_data_years(data_years, "data_years");
  return k;
}

std::shared_ptr<LaidOutSubmission> with_registry(const LaidOutSubmission& s, const std::string& path,
                                                 const std::string& since, const std::string& until,
                                                 const std::string& data_years) {
  auto copy = std::make_shared<LaidOutSubmission>(s);
  workflow::add_registry_knowledge(*copy, knowledge(path, since, until, data_years));
  return copy;
}

std::string registry_add(const std::string& db, const Submission& s, const std::string& report, const std::string& data_years) {
  workflow::RegistryAdd req{db, report, 0, 0};
  if (!data_years.empty()) std::tie(req.first_year, req.last_year) = workflow::parse_data_years(data_years, "data_years");
  return meta_json(workflow::registry_add(s, req));
}

std::vector<std::string> registry_list(const std::string& db) {
  std::vector<std::string> out;
  for (const auto& m : publications::list_publications(db)) out.push_back(meta_json(m));
  return out;
}

std::string diff_texts(const std::string& before, const std::string& after, const std::string& format, const std::string& lang) {
  const Report a = workflow::parse_report_json(before, "old report"), b = workflow::parse_report_json(after, "new report");
  return workflow::render_diff(diff_reports(a, b), format, lang);
}

const workflow::BatchItem& item_of(const workflow::BatchPlan& plan, std::size_t index) {
  for (const auto& item : plan.items)
    if (item.index == index) return item;
  throw py::index_error("no batch item " + std::to_string(index));
}

}  // namespace

void bind_committee(py::module_& m) {
  m.def("registry_init", &publications::init_registry, py::arg("path"));
  m.def("registry_add", &registry_add, py::arg("db"), py::arg("submission"), py::arg("report"), py::arg("data_years") = "");
  m.def("registry_list", &registry_list, py::arg("db"));
  m.def("registry_show", [](const std::string& db, const std::string& a) { return workflow::render_publication(publications::show_publication(db, a)); });
  m.def("registry_remove", &publications::remove_publication, py::arg("db"), py::arg("approval_number"));
  m.def("registry_check", [](const std::string& db) {
    const auto r = publications::check_integrity(db);
    return json{{"ok", r.ok}, {"publications", r.publications}, {"tables", r.tables}, {"cells", r.cells}, {"problems", r.problems}}.dump();
  });
  m.def("with_registry", &with_registry, py::arg("submission"), py::arg("path"), py::arg("since") = "",
        py::arg("until") = "", py::arg("data_years") = "");
  m.def("diff_reports", &diff_texts, py::arg("old"), py::arg("new"), py::arg("format") = "json", py::arg("lang") = "ja");

  py::class_<workflow::BatchPlan>(m, "BatchPlan")
      .def_readonly("outdir", &workflow::BatchPlan::outdir)
      .def_property_readonly("cumulative", [](const workflow::BatchPlan& p) { return p.options.cumulative; })
      .def_property_readonly("indexes", [](const workflow::BatchPlan& p) {
        std::vector<std::size_t> out;
        for (const auto& i : p.items) out.push_back(i.index);
        return out;
      })
      .def("json", [](const workflow::BatchPlan& p) { return p.to_json().dump(); })
      .def("pending", [](const workflow::BatchPlan& p) {
        std::vector<std::size_t> out;
        for (const auto& i : workflow::pending_items(p)) out.push_back(i.index);
        return out;
      });
  m.def("batch_plan", [](const std::string& source, const std::string& outdir, const std::string& registry,
                         const std::string& since, const std::string& until, const std::string& data_years, bool cumulative) {
    workflow::BatchOptions o;
    o.registry = knowledge(registry, since, until, data_years);
    o.cumulative = cumulative;
    return workflow::plan_batch(source, outdir, o);
  });
  m.def("batch_plan_from_json", [](const std::string& text, const std::string& outdir) {
    return workflow::BatchPlan::from_json(json::parse(text), outdir);
  });
  m.def("batch_check_item", [](const workflow::BatchPlan& plan, std::size_t index) {
    workflow::BatchItemResult r;
    {
      py::gil_scoped_release release;
      r = workflow::check_batch_item(plan, item_of(plan, index));
    }
    return py::make_tuple(r.row.dump(), r.report_json, r.report_html);
  });
  m.def("batch_store_item", [](const workflow::BatchPlan& plan, std::size_t index, const std::string& row,
                               const std::string& report_json, const std::string& report_html) {
    workflow::store_batch_item(plan, item_of(plan, index), {json::parse(row), report_json, report_html});
  });
  m.def("batch_summary", [](const workflow::BatchPlan& plan) { return workflow::write_batch_summary(plan).json.dump(); });
}

}  // namespace hitoku::python
