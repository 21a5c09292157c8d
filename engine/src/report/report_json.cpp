// The JSON report (schema in docs/report-schema.md). Carries intervals, never true values.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <vector>

#include "hitoku/model/error.h"
#include "hitoku/report/report_format.h"
#include "hitoku/io/sha256.h"

namespace hitoku {
using nlohmann::json;

namespace {

json bilingual(const std::string& ja, const std::string& en) { return json{{"ja", ja}, {"en", en}}; }

json interval_json(const Interval& iv) { return json{{"lower", iv.lower}, {"upper", iv.upper}, {"exact", iv.exact}}; }

Interval interval_from(const json& j) {
  Interval iv;
  iv.lower = j.at("lower").get<long long>();
  iv.upper = j.at("upper").get<long long>();
  iv.exact = j.value("exact", false);
  return iv;
}

json columns_json(const std::vector<ReportColumn>& columns) {
  json out = json::array();
  for (const auto& c : columns) {
    json values = json::array();
    for (const auto& v : c.values) values.push_back(v ? json(*v) : json(nullptr));
    json cj{{"header", c.header}, {"kind", c.kind}, {"values", values}};
    if (c.decimals >= 0) cj["decimals"] = c.decimals;
    if (!c.reason.empty()) cj["reason"] = c.reason;
    out.push_back(std::move(cj));
  }
  return out;
}

std::vector<ReportColumn> columns_from(const json& j) {
  std::vector<ReportColumn> out;
  for (const auto& cj : j) {
    ReportColumn c;
    c.header = cj.at("header").get<std::string>();
    c.kind = cj.at("kind").get<std::string>();
    if (cj.contains("decimals")) c.decimals = cj.at("decimals").get<int>();
    if (cj.contains("reason")) c.reason = cj.at("reason").get<std::string>();
    for (const auto& v : cj.at("values"))
      c.values.push_back(v.is_null() ? std::nullopt : std::optional<std::string>(v.get<std::string>()));
    out.push_back(std::move(c));
  }
  return out;
}

json finding_json(const Finding& f) {
  json j{{"rule", f.rule},
         {"severity", to_string(f.severity)},
         {"table", f.table},
         {"cell", f.cell},
         {"cell_label", f.cell_label},
         {"reason", bilingual(f.reason_ja, f.reason_en)}};
  if (f.interval) j["interval"] = interval_json(*f.interval);
  if (!f.exception_basis.empty()) j["exception"] = {{"basis", f.exception_basis}, {"reference", f.exception_reference}};
  if (!f.certificate.empty()) {
    json terms = json::array();
    for (const auto& t : f.certificate)
      terms.push_back({{"table", t.table}, {"cell", t.cell}, {"label", t.label}, {"coefficient", t.coefficient}});
    j["certificate"] = terms;
    if (f.certificate_divisor != 1) j["certificate_divisor"] = f.certificate_divisor;
  }
  if (!f.cells.empty()) {
    json cells = json::array();
    for (const auto& c : f.cells) cells.push_back({{"table", c.table}, {"cell", c.cell}, {"label", c.label}});
    j["cells"] = cells;
  }
  return j;
}

Severity severity_from(const std::string& s) {
  if (s == "error") return Severity::Error;
  if (s == "warning") return Severity::Warning;
  if (s == "info") return Severity::Info;
  throw std::invalid_argument("unknown severity '" + s + "'");
}

RuleState state_from(const std::string& s) {
  if (s == "pass") return RuleState::Pass;
  if (s == "fail") return RuleState::Fail;
  if (s == "warn") return RuleState::Warn;
  if (s == "not_checked") return RuleState::NotChecked;
  throw std::invalid_argument("unknown rule verdict '" + s + "'");
}

}  // namespace

// Rule ⑤ knowledge from the committee's registry (hitoku check --registry); absent otherwise.
static json registry_publications_json(const std::vector<RegistryPublicationUsed>& used) {
  json out = json::array();
  for (const auto& u : used)
    out.push_back({{"approval", {{"number", u.approval_number}, {"date", u.approval_date}}},
                   {"title", u.title},
                   {"publication", {{"venue", u.venue}, {"date", u.publication_date}}},
                   {"content_sha256", u.content_sha256},
                   {"tables", u.tables}});
  return out;
}

static std::vector<RegistryPublicationUsed> registry_publications_from(const json& list) {
  std::vector<RegistryPublicationUsed> out;
  for (const auto& p : list)
    out.push_back({p.at("approval").at("number").get<std::string>(), p.at("approval").at("date").get<std::string>(),
                   p.at("title").get<std::string>(), p.at("publication").at("venue").get<std::string>(),
                   p.at("publication").at("date").get<std::string>(), p.at("content_sha256").get<std::string>(),
                   p.at("tables").get<std::vector<std::string>>()});
  return out;
}

json report_to_json(const Report& r) {
  json j;
  j["schema_version"] = kReportSchemaVersion;
  j["tool"] = {{"name", r.tool_name}, {"version", r.tool_version}};
  j["generated_at"] = r.generated_at;
  j["verdict"] = r.passed ? "pass" : "fail";
  j["submission"] = {{"title", r.info.title},
                     {"approval", {{"date", r.info.approval_date}, {"number", r.info.approval_number}}},
                     {"purpose", r.info.purpose},
                     {"publication", {{"venue", r.info.publication_venue}, {"date", r.info.publication_date}}},
                     {"attribution", {{"present", !r.info.attribution.empty()}, {"text", r.info.attribution}}}};
  j["policy"] = {{"id", r.policy_id}, {"version", r.policy_version}, {"title", r.policy_title}, {"sha256", r.policy_sha256}};
  j["inputs"] = json::array();
  for (const auto& in : r.inputs) j["inputs"].push_back({{"path", in.path}, {"sha256", in.sha256}, {"role", in.role}});
  j["reference_data"] = json::array();
  for (const auto& ref : r.references)
    j["reference_data"].push_back({{"dimension", ref.dimension}, {"reference", ref.reference}, {"version", ref.version}});
  j["rules"] = json::array();
  for (const auto& rr : r.rules)
    j["rules"].push_back({{"rule", rr.rule},
                          {"verdict", to_string(rr.state)},
                          {"summary", bilingual(rr.summary_ja, rr.summary_en)},
                          {"cells_checked", rr.cells_checked},
                          {"errors", rr.errors},
                          {"warnings", rr.warnings}});
  j["findings"] = json::array();
  for (const auto& f : r.findings) j["findings"].push_back(finding_json(f));
  j["suppressed_cells"] = json::array();
  for (const auto& a : r.audit)
    j["suppressed_cells"].push_back({{"table", a.table},
                                     {"cell", a.cell},
                                     {"cell_label", a.cell_label},
                                     {"status", a.status},
                                     {"interval", a.interval_withheld ? json(nullptr) : interval_json(a.interval)},
                                     {"interval_withheld", a.interval_withheld},
                                     {"recoverable", a.recoverable},
                                     {"unproven", a.unproven},
                                     {"outer_bound", a.outer_bound},
                                     {"inner_interval", a.inner_interval ? interval_json(*a.inner_interval) : json(nullptr)},
                                     {"needs_earlier_publication", a.needs_earlier_publication}});
  j["tables"] = json::array();
  for (const auto& t : r.tables) {
    json dims = json::array();
    for (std::size_t d = 0; d < t.dimension_ids.size(); ++d)
      dims.push_back({{"id", t.dimension_ids[d]}, {"label", t.dimension_labels[d]}, {"codes", t.codes[d]},
                      {"labels", t.labels[d]}, {"depths", t.depths[d]}});
    json published = json::array();
    for (const auto& v : t.published) published.push_back(v ? json(*v) : json(nullptr));
    json tj{{"id", t.id}, {"title", t.title}, {"earlier_publication", t.earlier_publication},
            {"dimensions", dims}, {"status", t.status}, {"published", published}};
    if (r.confidential) tj["true_values"] = t.true_values;
    if (!t.columns.empty()) tj["columns"] = columns_json(t.columns);
    j["tables"].push_back(std::move(tj));
  }
  j["exceptions"] = json::array();
  for (const auto& a : r.exceptions)
    j["exceptions"].push_back({{"rule", a.exception.rule}, {"table", a.exception.table}, {"cells", a.exception.cells},
                               {"basis", a.exception.basis}, {"reference", a.exception.reference},
                               {"findings_covered", a.findings_covered}});
  if (!r.registry_publications.empty()) j["registry_publications"] = registry_publications_json(r.registry_publications);
  j["confidential"] = r.confidential;
  j["options"] = {{"audit_differencing", r.audit_differencing}, {"integer_bounds", r.integer_bounds}};
  j["written_files"] = r.written_files;
  j["seal"] = {{"algorithm", "sha256"}, {"digest", report_seal_digest(j)}};
  return j;
}

std::string report_seal_digest(const json& report) {
  json unsealed = report;
  unsealed.erase("seal");
  // Keys are sorted (nlohmann::json objects are ordered maps), so one report has one text.
  return sha256_hex(unsealed.dump());
}

ReportFile read_report_file(const std::string& path) { return parse_report_text(read_file_bytes(path, "report"), path); }

namespace {

// A key written twice in one object of a report: nlohmann::json keeps the last value silently, so a
// report with a second "verdict" would verify as whatever that one says.
struct DuplicateJsonKey {
  std::string key;
  int occurrence;  // the how-many-th time this key is written in the whole text (1-based)
};

// The line of the `occurrence`-th `"key":` in `text` (0 when the key is written with escapes).
long line_of_key(const std::string& text, const std::string& key, int occurrence) {
  const std::string quoted = json(key).dump();
  std::size_t at = 0;
  for (int seen = 0; (at = text.find(quoted, at)) != std::string::npos; at += quoted.size()) {
    std::size_t after = at + quoted.size();
    while (after < text.size() && (text[after] == ' ' || text[after] == '\t' || text[after] == '\n' || text[after] == '\r')) ++after;
    if (after >= text.size() || text[after] != ':' || (at > 0 && text[at - 1] == '\\')) continue;
    if (++seen == occurrence) return 1 + static_cast<long>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n'));
  }
  return 0;
}

json parse_without_duplicate_keys(const std::string& text, const std::string& path) {
  std::vector<std::set<std::string>> open;  // the keys of each object being read
  std::map<std::string, int> written;
  auto check = [&](int, json::parse_event_t event, json& parsed) {
    if (event == json::parse_event_t::object_start) open.emplace_back();
    else if (event == json::parse_event_t::object_end && !open.empty()) open.pop_back();
    else if (event == json::parse_event_t::key && !open.empty()) {
      const std::string key = parsed.get<std::string>();
      const int n = ++written[key];
      if (!open.back().insert(key).second) throw DuplicateJsonKey{key, n};
    }
    return true;
  };
  try {
    return json::parse(text, check);
  } catch (const DuplicateJsonKey& d) {
    throw InputError({path, line_of_key(text, d.key, d.occurrence), d.key},
                     "レポート JSON の同じオブジェクトに項目「" + d.key + "」が2回書かれています。改変されたレポートとして扱います",
                     "the report JSON writes key '" + d.key + "' twice in one object; it is treated as altered");
  }
}

}  // namespace

ReportFile parse_report_text(const std::string& text, const std::string& path) {
  ReportFile file;
  try {
    file.json = parse_without_duplicate_keys(text, path);
  } catch (const json::parse_error& e) {
    throw InputError({path, 0, ""}, std::string("レポート JSON を解析できません: ") + e.what(),
                     std::string("cannot parse report JSON: ") + e.what());
  }
  try {
    file.report = report_from_json(file.json);
  } catch (const InputError& e) {
    throw InputError({path, 0, e.where().field}, e.message_ja(), e.message_en());
  }
  return file;
}

Report report_from_json(const json& j) {
  try {
    Report r;
    const auto& tool = j.at("tool");
    r.tool_name = tool.at("name").get<std::string>();
    r.tool_version = tool.at("version").get<std::string>();
    r.generated_at = j.at("generated_at").get<std::string>();
    const std::string verdict = j.at("verdict").get<std::string>();
    if (verdict != "pass" && verdict != "fail") throw std::invalid_argument("verdict must be pass or fail");
    r.passed = verdict == "pass";
    const auto& s = j.at("submission");
    r.info.title = s.at("title").get<std::string>();
    r.info.approval_date = s.at("approval").at("date").get<std::string>();
    r.info.approval_number = s.at("approval").at("number").get<std::string>();
    r.info.purpose = s.at("purpose").get<std::string>();
    r.info.publication_venue = s.at("publication").at("venue").get<std::string>();
    r.info.publication_date = s.at("publication").at("date").get<std::string>();
    r.info.attribution = s.at("attribution").at("text").get<std::string>();
    const auto& p = j.at("policy");
    r.policy_id = p.at("id").get<std::string>();
    r.policy_version = p.at("version").get<std::string>();
    r.policy_title = p.at("title").get<std::string>();
    r.policy_sha256 = p.at("sha256").get<std::string>();
    for (const auto& in : j.at("inputs"))
      r.inputs.push_back({in.at("path").get<std::string>(), in.at("sha256").get<std::string>(), in.at("role").get<std::string>()});
    for (const auto& ref : j.at("reference_data"))
      r.references.push_back({ref.at("dimension").get<std::string>(), ref.at("reference").get<std::string>(),
                              ref.at("version").get<std::string>()});
    for (const auto& rr : j.at("rules")) {
      RuleResult x;
      x.rule = rr.at("rule").get<std::string>();
      x.state = state_from(rr.at("verdict").get<std::string>());
      x.summary_ja = rr.at("summary").at("ja").get<std::string>();
      x.summary_en = rr.at("summary").at("en").get<std::string>();
      x.cells_checked = rr.at("cells_checked").get<long long>();
      x.errors = rr.at("errors").get<long long>();
      x.warnings = rr.at("warnings").get<long long>();
      r.rules.push_back(std::move(x));
    }
    for (const auto& fj : j.at("findings")) {
      Finding f;
      f.rule = fj.at("rule").get<std::string>();
      f.severity = severity_from(fj.at("severity").get<std::string>());
      f.table = fj.at("table").get<std::string>();
      f.cell = fj.at("cell").get<std::map<std::string, std::string>>();
      f.cell_label = fj.at("cell_label").get<std::string>();
      f.reason_ja = fj.at("reason").at("ja").get<std::string>();
      f.reason_en = fj.at("reason").at("en").get<std::string>();
      if (fj.contains("interval")) f.interval = interval_from(fj.at("interval"));
      if (fj.contains("exception")) {
        f.exception_basis = fj.at("exception").at("basis").get<std::string>();
        f.exception_reference = fj.at("exception").at("reference").get<std::string>();
      }
      if (fj.contains("certificate"))
        for (const auto& t : fj.at("certificate"))
          f.certificate.push_back({t.at("table").get<std::string>(), t.at("cell").get<std::map<std::string, std::string>>(),
                                   t.at("label").get<std::string>(), t.at("coefficient").get<long long>()});
      if (fj.contains("certificate_divisor")) f.certificate_divisor = fj.at("certificate_divisor").get<long long>();
      if (fj.contains("cells"))
        for (const auto& c : fj.at("cells"))
          f.cells.push_back({c.at("table").get<std::string>(), c.at("cell").get<std::map<std::string, std::string>>(),
                             c.at("label").get<std::string>()});
      r.findings.push_back(std::move(f));
    }
    for (const auto& aj : j.at("suppressed_cells")) {
      SuppressedCellAudit a;
      a.table = aj.at("table").get<std::string>();
      a.cell = aj.at("cell").get<std::map<std::string, std::string>>();
      a.cell_label = aj.at("cell_label").get<std::string>();
      a.status = aj.at("status").get<std::string>();
      a.interval_withheld = aj.at("interval").is_null();
      if (!a.interval_withheld) a.interval = interval_from(aj.at("interval"));
      a.recoverable = aj.at("recoverable").get<bool>();
      a.unproven = aj.value("unproven", false);
      a.outer_bound = aj.value("outer_bound", false);
      if (aj.contains("inner_interval") && !aj.at("inner_interval").is_null())
        a.inner_interval = interval_from(aj.at("inner_interval"));
      a.needs_earlier_publication = aj.at("needs_earlier_publication").get<bool>();
      r.audit.push_back(std::move(a));
    }
    for (const auto& tj : j.at("tables")) {
      ReportTable t;
      t.id = tj.at("id").get<std::string>();
      t.title = tj.at("title").get<std::string>();
      t.earlier_publication = tj.at("earlier_publication").get<bool>();
      for (const auto& dj : tj.at("dimensions")) {
        t.dimension_ids.push_back(dj.at("id").get<std::string>());
        t.dimension_labels.push_back(dj.at("label").get<std::string>());
        t.codes.push_back(dj.at("codes").get<std::vector<std::string>>());
        t.labels.push_back(dj.at("labels").get<std::vector<std::string>>());
        t.depths.push_back(dj.at("depths").get<std::vector<int>>());
      }
      t.status = tj.at("status").get<std::vector<std::string>>();
      for (const auto& v : tj.at("published"))
        t.published.push_back(v.is_null() ? std::nullopt : std::optional<long long>(v.get<long long>()));
      if (tj.contains("true_values")) t.true_values = tj.at("true_values").get<std::vector<long long>>();
      if (tj.contains("columns")) t.columns = columns_from(tj.at("columns"));
      std::size_t cells = 1;
      for (const auto& c : t.codes) cells *= c.size();
      if (t.status.size() != cells || t.published.size() != cells)
        throw std::invalid_argument("table '" + t.id + "' has a cell count that does not match its dimensions");
      r.tables.push_back(std::move(t));
    }
    for (const auto& ej : j.at("exceptions")) {
      ExceptionApplied a;
      a.exception.rule = ej.at("rule").get<std::string>();
      a.exception.table = ej.at("table").get<std::string>();
      a.exception.cells = ej.at("cells").get<std::vector<std::map<std::string, std::string>>>();
      a.exception.basis = ej.at("basis").get<std::string>();
      a.exception.reference = ej.at("reference").get<std::string>();
      a.findings_covered = ej.at("findings_covered").get<long long>();
      r.exceptions.push_back(std::move(a));
    }
    if (j.contains("registry_publications")) r.registry_publications = registry_publications_from(j.at("registry_publications"));
    r.confidential = j.at("confidential").get<bool>();
    r.audit_differencing = j.at("options").at("audit_differencing").get<bool>();
    r.integer_bounds = j.at("options").at("integer_bounds").get<bool>();
    r.written_files = j.value("written_files", std::vector<std::string>{});
    return r;
  } catch (const json::exception& e) {
    throw InputError({"", 0, "report"}, std::string("レポート JSON の形式が不正です: ") + e.what(),
                     std::string("malformed report JSON: ") + e.what());
  } catch (const std::invalid_argument& e) {
    throw InputError({"", 0, "report"}, std::string("レポート JSON の値が不正です: ") + e.what(),
                     std::string("invalid value in report JSON: ") + e.what());
  }
}

}  // namespace hitoku
