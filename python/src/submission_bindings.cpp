// Submission: read from a manifest, or built from the columns of DataFrames (validated by the engine's
// table builder), read back as columns, and written out as a manifest with its tables.
#include "hitoku/model/groupings.h"
#include <pybind11/stl.h>

#include <algorithm>
#include <memory>

#include "bindings.h"
#include "hitoku/derived/derived_values.h"
#include "hitoku/geography/geography.h"
#include "hitoku/model/linked_tables.h"
#include "hitoku/ingest/load_submission.h"
#include "hitoku/ingest/load_policy.h"
#include "hitoku/ingest/tables_from_records.h"
#include "hitoku/registry/table_plan.h"
#include "hitoku/ingest/table_writer.h"
#include "hitoku/workflow/input.h"

namespace py = pybind11;

namespace hitoku::python {
namespace {

using Column = std::vector<std::string>;

std::shared_ptr<LaidOutSubmission> new_submission(const std::string& policy, const std::map<std::string, std::string>& info) {
  auto sub = std::make_shared<LaidOutSubmission>();
  {
    py::gil_scoped_release release;
    sub->policy = load_policy(policy);
  }
  const bool is_path = policy.find('/') != std::string::npos || policy.ends_with(".yaml") || policy.ends_with(".yml");
  if (!sub->policy.sha256.empty())
    sub->inputs.push_back({is_path ? policy : "policies/" + policy + ".yaml", sub->policy.sha256, "policy"});
  SubmissionInfo& i = sub->info;
  const std::map<std::string, std::string*> fields{
      {"title", &i.title},
      {"purpose", &i.purpose},
      {"attribution", &i.attribution},
      {"approval.date", &i.approval_date},
      {"approval.number", &i.approval_number},
      {"publication.venue", &i.publication_venue},
      {"publication.date", &i.publication_date}};
  for (const auto& [key, value] : info) {
    auto it = fields.find(key);
    if (it == fields.end())
      throw InputError({"metadata", 0, key}, "metadata の項目「" + key + "」は使えません",
                       "unknown metadata key '" + key +
                           "' (use title, purpose, attribution, approval: {date, number}, publication: {venue, date})");
    *it->second = value;
  }
  return sub;
}

void add_dimension(Submission& sub, const std::string& id, const std::string& label,
                   const std::vector<std::tuple<std::string, std::string, std::string>>& codes, const std::string& variable) {
  const std::string source = "dimension:" + id;
  if (sub.find_dimension(id) >= 0)
    throw InputError({source, 0, ""}, "次元「" + id + "」が2回あります", "dimension '" + id + "' is given twice");
  std::vector<CodeRecord> records;
  records.reserve(codes.size());
  long line = 0;
  for (const auto& [code, code_label, parent] : codes) records.push_back({code, code_label, parent, ++line});
  sub.dimensions.push_back(build_dimension(id, label, records, source));
  sub.dimensions.back().set_variable(variable);
}

// After the last dimension, before the first table: groupings of one variable and numeric bands of one
// field linked as a manifest's are (model/groupings.h); errors name "dimension:<id>".
void link_dimensions(Submission& sub) {
  std::vector<SourcePos> where;
  for (const Dimension& d : sub.dimensions) where.push_back({"dimension:" + d.id(), 0, "variable"});
  link_groupings(sub.dimensions, where);
}

// One table from its columns: per dimension the codes, the counts, and optional true values and statuses
// (empty vectors when the DataFrame has no such column). Row n of every column is DataFrame row n.
// Columns declared `ignore_columns` / `not_modelled` (Python Table): kept per cell with their reason,
// so the report shows them as a table file's would (docs/formats.md §2.1).
void attach_unaudited(Table& t, TableFormat& format, const std::vector<std::string>& headers, const std::vector<std::string>& reasons,
                      const std::vector<bool>& not_modelled, const std::vector<Column>& texts) {
  if (reasons.size() != headers.size() || not_modelled.size() != headers.size() || texts.size() != headers.size())
    throw std::invalid_argument("one reason, flag and text column per declared column expected");
  for (std::size_t k = 0; k < headers.size(); ++k) {
    UnauditedColumn u{headers[k], reasons[k], not_modelled[k], {t.id, 0, headers[k]}, {}, format.marker};
    u.cells.resize(t.cell_count());
    for (std::size_t f = 0; f < t.cell_count() && f < t.cell_source.size(); ++f) {
      const long line = t.cell_source[f].line;
      if (line >= 1 && static_cast<std::size_t>(line) <= texts[k].size())
        u.cells[f] = {texts[k][static_cast<std::size_t>(line - 1)], {t.id, line, headers[k]}};
    }
    t.unaudited.push_back(std::move(u));
    format.other_headers.push_back(headers[k]);
  }
}

// One derived column from Python (hitoku/submission.py, Table(derived=...)): its declaration as JSON,
// its printed values (None: computed), and its population and standard population (a path or records).
KeyedRecords keyed_from(const py::object& o, const std::string& source) {
  KeyedRecords k;
  k.source = source;
  if (o.is_none()) return k;
  const py::dict d = o.cast<py::dict>();
  if (d.contains("path")) k.path = d["path"].cast<std::string>();
  if (d.contains("header")) k.header = d["header"].cast<Column>();
  if (d.contains("rows")) k.rows = d["rows"].cast<std::vector<Column>>();
  return k;
}

std::vector<DerivedRecords> derived_from(const py::list& list, const std::string& table_id) {
  std::vector<DerivedRecords> out;
  for (const auto& item : list) {
    const py::dict d = item.cast<py::dict>();
    DerivedRecords r;
    r.declaration = d["declaration"].cast<std::string>();
    if (d.contains("values") && !d["values"].is_none()) {
      r.has_values = true;
      r.values = d["values"].cast<Column>();
    }
    const std::string column = d.contains("column") ? d["column"].cast<std::string>() : "";
    auto get = [&](const char* key) { return d.contains(key) ? py::object(d[key]) : py::object(py::none()); };
    r.population = keyed_from(get("population"), table_id + "." + column + ".population");
    r.standard = keyed_from(get("standard"), table_id + "." + column + ".standard");
    out.push_back(std::move(r));
  }
  return out;
}

void add_table(LaidOutSubmission& sub, const std::string& id, const std::string& title, bool earlier,
               const std::vector<std::string>& dimensions, const std::vector<std::string>& fields,
               const std::vector<Column>& codes, const Column& counts, const Column& true_values,
               const Column& statuses, const std::string& count_field, const std::string& true_value_field,
               const std::string& status_field, const std::string& hospital_dimension,
               const std::string& hospital_attribute, std::size_t fixed_count,
               const std::vector<std::string>& other_headers, const std::vector<std::string>& other_reasons,
               const std::vector<bool>& other_not_modelled, const std::vector<Column>& other_texts,
               const py::list& derived_list) {
  const std::vector<DerivedRecords> derived = derived_from(derived_list, id);
  if (sub.find_table(id) >= 0)
    throw InputError({id, 0, ""}, "表 id「" + id + "」が重複しています", "table id '" + id + "' is used twice");
  TableRecords r;
  r.id = id;
  r.title = title;
  r.earlier_publication = earlier;
  r.dimensions = dimensions;
  r.dimension_fields = fields;
  r.count_field = count_field;
  r.true_value_field = true_value_field;
  r.status_field = status_field;
  r.markers = sub.policy.default_markers;
  r.hospital_dimension = hospital_dimension;
  r.hospital_attribute = hospital_attribute;
  const std::size_t n = counts.size();
  auto same_length = [&](const Column& c, const std::string& what) {
    if (c.size() != n) throw std::invalid_argument("column '" + what + "' of table '" + id + "' has a different length");
  };
  if (codes.size() != dimensions.size()) throw std::invalid_argument("one code column per dimension expected");
  for (std::size_t d = 0; d < codes.size(); ++d) same_length(codes[d], dimensions[d]);
  if (!true_values.empty()) same_length(true_values, true_value_field);
  if (!statuses.empty()) same_length(statuses, status_field);
  r.cells.resize(n);
  for (std::size_t row = 0; row < n; ++row) {
    CellRecord& c = r.cells[row];
    c.codes.reserve(codes.size());
    for (const Column& col : codes) c.codes.push_back(col[row]);
    c.count = counts[row];
    if (!true_values.empty()) c.true_value = true_values[row];
    if (!statuses.empty()) c.status = statuses[row];
    c.line = static_cast<long>(row) + 1;
  }
  py::gil_scoped_release release;
  TableFormat format;
  sub.tables.push_back(build_table(sub.dimensions, r, &format));
  // The first fixed_count dimensions are about one code (Python `fixed=`): no column when written,
  // `fixed:` in the manifest, exactly as a manifest table with `fixed`.
  if (fixed_count > 0) {
    Table& t = sub.tables.back();
    format.fixed.assign(t.dims.size(), false);
    for (std::size_t d = 0; d < fixed_count && d < t.dims.size(); ++d) format.fixed[d] = true;
  }
  try {
    attach_derived_records(sub.dimensions, r, derived, sub.tables.back(), format, sub.inputs);
    attach_unaudited(sub.tables.back(), format, other_headers, other_reasons, other_not_modelled, other_texts);
    check_derived_values(sub);  // printed values against the true counts, as at ingest
    check_linked_table(sub, sub.tables.size() - 1);  // as a manifest's tables would be checked
    infer_hospital_dimensions(sub);                   // rule ③: tables by a declared hospital area
  } catch (...) {
    sub.tables.pop_back();
    throw;
  }
  sub.layout.tables[id] = std::move(format);
}

// Rule ③: the hospital list, as the rows of its CSV file.
void set_hospitals(Submission& sub, const Column& header, const std::vector<Column>& rows) {
  py::gil_scoped_release release;
  sub.hospitals = build_hospitals(header, rows, "hospitals");
}

// Rule ③: the land borders of a geography dimension, from a shipped reference ("hyogo", "japan", ...)
// or from code_a/code_b rows.
void add_geography(Submission& sub, const std::string& dimension, const std::string& reference,
                   const std::string& reference_version, const Column& header, const std::vector<Column>& rows) {
  const std::string source = "geography:" + dimension;
  const int d = sub.find_dimension(dimension);
  if (d < 0)
    throw InputError({source, 0, "dimension"}, "次元「" + dimension + "」は dimensions にありません",
                     "dimension '" + dimension + "' is not in 'dimensions'");
  py::gil_scoped_release release;
  GeographyInfo info;
  if (rows.empty()) {
    info = load_reference_geography(dimension, reference);
  } else {
    info.dimension = dimension;
    info.reference = reference.empty() ? source : reference;
    info.reference_version = reference_version;
    info.adjacency = build_adjacency(sub.dimensions[static_cast<std::size_t>(d)], header, rows, source);
  }
  sub.geographies.push_back(std::move(info));
}

// A table as columns: dimension codes, true values and statuses, one entry per cell in grid order.
py::dict table_columns(const Submission& sub, const Table& t) {
  py::dict out;
  py::list dims;
  for (int d : t.dims) dims.append(sub.dimensions[d].id());
  std::vector<Column> codes(t.dims.size());
  std::vector<std::int64_t> values(t.value.begin(), t.value.end());
  Column status;
  for (std::size_t i = 0; i < t.cell_count(); ++i) {
    std::vector<int> cell = t.cell_codes(i);
    for (std::size_t d = 0; d < cell.size(); ++d) codes[d].push_back(sub.dimensions[t.dims[d]].code(cell[d]));
    status.push_back(to_string(t.status[i]));
  }
  out["id"] = t.id;
  out["title"] = t.title;
  out["earlier_publication"] = t.earlier_publication;
  out["dimensions"] = dims;
  out["codes"] = codes;
  out["value"] = values;
  out["status"] = status;
  // Derived values as printed (exact text): a marker where suppressed or withheld, None where blank.
  py::list derived;
  for (const DerivedColumn& c : t.derived) {
    py::list printed;
    for (const DerivedValue& v : c.values) {
      if (v.state == DerivedValue::State::Blank) printed.append(py::none());
      else if (v.state == DerivedValue::State::Withheld) printed.append(c.marker);
      else printed.append(v.text);
    }
    py::dict column;
    column["header"] = c.header;
    column["kind"] = to_string(c.kind);
    column["decimals"] = c.decimals;
    column["withheld"] = std::count_if(c.values.begin(), c.values.end(),
                                       [](const DerivedValue& v) { return v.state == DerivedValue::State::Withheld; });
    column["values"] = printed;
    derived.append(column);
  }
  out["derived"] = derived;
  return out;
}

py::dict dimension_columns(const Dimension& dim) {
  Column code, label, parent;
  for (int i = 0; i < dim.size(); ++i) {
    code.push_back(dim.code(i));
    label.push_back(dim.code_label(i));
    parent.push_back(dim.parent(i) < 0 ? "" : dim.code(dim.parent(i)));
  }
  py::dict out;
  out["id"] = dim.id();
  out["label"] = dim.label();
  out["variable"] = dim.variable();
  out["code"] = code;
  out["code_label"] = label;
  out["parent"] = parent;
  return out;
}

const Table& table_by_id(const Submission& sub, const std::string& id) {
  const int i = sub.find_table(id);
  if (i < 0) throw py::key_error("no table '" + id + "'");
  return sub.tables[static_cast<std::size_t>(i)];
}

}  // namespace

void bind_submission(py::module_& m) {
  py::class_<Submission, std::shared_ptr<Submission>>(m, "SubmissionModel");
  py::class_<LaidOutSubmission, Submission, std::shared_ptr<LaidOutSubmission>>(m, "Submission")
      .def_property_readonly("table_ids",
                             [](const Submission& s) {
                               std::vector<std::string> ids;
                               for (const auto& t : s.tables) ids.push_back(t.id);
                               return ids;
                             })
      .def_property_readonly("dimension_ids",
                             [](const Submission& s) {
                               std::vector<std::string> ids;
                               for (const auto& d : s.dimensions) ids.push_back(d.id());
                               return ids;
                             })
      .def("table", [](const Submission& s, const std::string& id) { return table_columns(s, table_by_id(s, id)); })
      .def("dimension",
           [](const Submission& s, const std::string& id) {
             const int d = s.find_dimension(id);
             if (d < 0) throw py::key_error("no dimension '" + id + "'");
             return dimension_columns(s.dimensions[static_cast<std::size_t>(d)]);
           })
      .def_property_readonly("info",
                             [](const Submission& s) {
                               const SubmissionInfo& i = s.info;
                               return std::map<std::string, std::string>{
                                   {"title", i.title},
                                   {"purpose", i.purpose},
                                   {"attribution", i.attribution},
                                   {"approval.date", i.approval_date},
                                   {"approval.number", i.approval_number},
                                   {"publication.venue", i.publication_venue},
                                   {"publication.date", i.publication_date}};
                             })
      .def_property_readonly("policy_id", [](const Submission& s) { return s.policy.id; })
      .def_property_readonly("manifest_path", [](const Submission& s) { return s.manifest_path; })
      .def("add_dimension", &add_dimension, py::arg("id"), py::arg("label"), py::arg("codes"), py::arg("variable") = "")
      .def("link_dimensions", &link_dimensions)
      .def("add_table", &add_table, py::arg("id"), py::arg("title"), py::arg("earlier_publication"),
           py::arg("dimensions"), py::arg("fields"), py::arg("codes"), py::arg("counts"), py::arg("true_values"),
           py::arg("statuses"), py::arg("count_field"), py::arg("true_value_field"), py::arg("status_field"),
           py::arg("hospital_dimension") = "", py::arg("hospital_attribute") = "", py::arg("fixed_count") = 0,
           py::arg("other_headers") = std::vector<std::string>{}, py::arg("other_reasons") = std::vector<std::string>{},
           py::arg("other_not_modelled") = std::vector<bool>{}, py::arg("other_texts") = std::vector<Column>{},
           py::arg("derived") = py::list())
      .def("set_hospitals", &set_hospitals, py::arg("header"), py::arg("rows"))
      .def("add_geography", &add_geography, py::arg("dimension"), py::arg("reference"),
           py::arg("reference_version") = "", py::arg("header") = Column{}, py::arg("rows") = std::vector<Column>{})
      .def(
          "write",
          [](const LaidOutSubmission& s, const std::string& manifest_path) {
            py::gil_scoped_release release;
            return write_submission(s, s.layout, manifest_path);
          },
          py::arg("manifest_path"));

  m.def(
      "load_submission",
      [](const std::string& path) {
        // As `hitoku check`: a manifest, or a table plan over a registry extract (tables counted from records).
        py::gil_scoped_release release;
        workflow::LoadedInput in = workflow::load_input(path);
        return laid_out(std::move(in.submission), std::move(in.layout));
      },
      py::arg("manifest_path"));
  m.def("new_submission", &new_submission, py::arg("policy"), py::arg("info"));
}

}  // namespace hitoku::python
