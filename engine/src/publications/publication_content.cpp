// What the registry keeps of an approved submission: its planned tables and the earlier publications it
// declared, as printed (published values only), with the dimensions they use, and the metadata of its
// verified report.
#include <algorithm>
#include <chrono>
#include <ctime>
#include <set>

#include <nlohmann/json.hpp>

#include "hitoku/derived/derived_values.h"
#include "hitoku/model/error.h"
#include "hitoku/io/utc_time.h"
#include "hitoku/publications/publications.h"
#include "hitoku/io/sha256.h"
#include "publication_json.h"

namespace hitoku::publications {
namespace {

StoredDimension stored_dimension(const Dimension& dim) {
  StoredDimension out{dim.id(), dim.label(), dim.variable(), {}};
  for (int i = 0; i < dim.size(); ++i) {
    if (dim.is_refinement(i)) continue;  // added by linking; linking adds it again
    const int parent = dim.parent(i);
    out.codes.push_back({dim.code(i), dim.code_label(i), parent < 0 ? "" : dim.code(parent)});
  }
  return out;
}

// What the table's printed derived values tell about its suppressed cells, in integer form (the analysis
// of rule ④): kept instead of the values, which need populations and true counts to read.
std::vector<RegisteredRange> registered_ranges(const Submission& s, const DerivedAnalysis& a, int table) {
  std::vector<RegisteredRange> out;
  auto needs_population = [&](const std::string& column) {
    for (const DerivedColumn& c : s.tables[static_cast<std::size_t>(table)].derived)
      if (c.header == column) return c.kind != DerivedKind::Percent;
    return false;
  };
  for (const DerivedBound& b : a.bounds) {
    if (b.earlier || b.table != table) continue;
    // A bound may merge several values (rates and shares): kept whatever the policy says of populations.
    out.push_back({b.flat, "", {{b.flat, 1}}, true, true, b.lower, b.upper, false, b.explanation_ja, b.explanation_en, false});
  }
  for (const UnauditedDerived& u : a.unaudited) {
    if (u.earlier || u.table != table) continue;
    RegisteredRange r{u.flat, u.column, {}, false, false, 0, 0, false, "", "", true};
    for (std::size_t cell : u.cells) r.terms.emplace_back(cell, 0);
    out.push_back(std::move(r));
  }
  for (const DerivedRange& d : a.ranges) {
    if (d.earlier || d.table != table) continue;
    out.push_back({d.flat, d.column, d.terms, d.has_lower, d.has_upper, d.lower, d.upper, needs_population(d.column),
                   d.text_ja, d.text_en, false});
  }
  return out;
}

StoredTable stored_table(const Submission& s, const Table& t) {
  StoredTable out{t.id, t.title, {}, {}, {}, {}};
  for (std::size_t d = 0; d < t.dims.size(); ++d) {
    const Dimension& dim = s.dimensions[static_cast<std::size_t>(t.dims[d])];
    out.dims.push_back(dim.id());
    std::vector<std::string> codes;
    for (int c : t.codes[d]) codes.push_back(dim.code(c));
    out.codes.push_back(std::move(codes));
  }
  // Only what is printed: a suppressed cell has no value here, never its true one.
  for (std::size_t f = 0; f < t.cell_count(); ++f)
    out.published.push_back(is_suppressed(t.status[f]) ? std::nullopt : std::optional<long long>(t.value[f]));
  return out;
}

}  // namespace

std::string variable_key(const std::string& id, const std::string& variable) { return variable.empty() ? id : variable; }

std::string content_digest(const Publication& p) {
  return sha256_hex(nlohmann::json{{"dimensions", dimensions_json(p.dimensions)}, {"tables", tables_json(p.tables)}}.dump());
}

Publication publication_from_submission(const Submission& s, const Report& report, const std::string& report_sha256) {
  Publication p;
  PublicationMeta& m = p.meta;
  m.approval_number = s.info.approval_number;
  if (m.approval_number.empty())
    throw InputError({s.manifest_path, 0, "submission.approval.number"},
                     "応諾通知の番号がありません。レジストリは番号で公表物を区別します",
                     "the submission has no approval number; the registry keys publications by it");
  m.approval_date = s.info.approval_date;
  m.title = s.info.title;
  m.venue = s.info.publication_venue;
  m.publication_date = s.info.publication_date;
  m.report_sha256 = report_sha256;
  m.policy_id = report.policy_id;
  m.policy_version = report.policy_version;
  m.policy_sha256 = report.policy_sha256;
  m.added_at = utc_now_iso8601();
  std::set<int> used;
  const bool derived = std::any_of(s.tables.begin(), s.tables.end(), [](const Table& t) { return !t.derived.empty(); });
  const DerivedAnalysis analysis = derived ? analyse_derived_values(s) : DerivedAnalysis{};
  // The earlier publications the manifest declares are kept with it (published values only): they are public, and
  // a later submission that does not declare them must still meet them. Those a check took from a registry are
  // kept there under their own approval.
  std::set<std::string> from_registry;
  for (const RegistryPublicationUsed& u : s.registry_publications) from_registry.insert(u.tables.begin(), u.tables.end());
  for (std::size_t ti = 0; ti < s.tables.size(); ++ti) {
    const Table& t = s.tables[ti];
    if (from_registry.count(t.id)) continue;
    used.insert(t.dims.begin(), t.dims.end());
    p.tables.push_back(stored_table(s, t));
    if (t.earlier_publication) p.tables.back().title = "【申告された既公表物】" + t.title;
    p.tables.back().derived = registered_ranges(s, analysis, static_cast<int>(ti));
    m.cells += static_cast<long long>(t.cell_count());
  }
  for (int d : used) p.dimensions.push_back(stored_dimension(s.dimensions[static_cast<std::size_t>(d)]));
  m.tables = static_cast<long long>(p.tables.size());
  m.content_sha256 = content_digest(p);
  return p;
}

}  // namespace hitoku::publications
