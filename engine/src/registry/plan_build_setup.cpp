// Building a submission from a table plan, set-up: the fields to read, each table's inner cells and
// filters, and the filter dimensions of filters only some tables have.
#include <algorithm>
#include <charconv>

#include "filter_dimensions.h"
#include "field_families.h"
#include "plan_build.h"

namespace hitoku::registry {
namespace {

FilterEval make_filter(const PlanFilter& f, const std::vector<std::string>& needed,
                       const std::vector<PlanDimension>& dims) {
  FilterEval e;
  e.filter = &f;
  if (!f.field.empty()) {
    e.slot = static_cast<int>(std::find(needed.begin(), needed.end(), f.field) - needed.begin());
    e.numeric = extract_fields()[static_cast<std::size_t>(find_extract_field(f.field))].type == ExtractFieldType::Number;
  } else {
    for (std::size_t d = 0; d < dims.size(); ++d)
      if (dims[d].id == f.dimension) e.dimension = static_cast<int>(d);
  }
  for (const auto& v : f.in) e.in.push_back(e.numeric ? registry::normalize_number(v) : v);
  for (const auto& v : f.not_in) e.not_in.push_back(e.numeric ? registry::normalize_number(v) : v);
  return e;
}

// The code whose leaves are exactly the leaves a dimension filter keeps (the deepest such code), or -1.
int code_of_kept_leaves(const Recoder& recoder, const FilterEval& filter) {
  const Dimension& dim = recoder.dimension();
  std::vector<int> kept;
  for (std::size_t l = 0; l < dim.leaves().size(); ++l) {
    const int leaf = dim.leaves()[l];
    if (recoder.is_category_leaf(leaf) && filter.keep(dim.code(leaf))) kept.push_back(static_cast<int>(l));
  }
  if (kept.empty()) return -1;
  int best = -1;
  for (int c = 0; c < dim.size(); ++c) {
    std::vector<int> under = dim.leaves_under(c);
    std::sort(under.begin(), under.end());
    if (under == kept && (best < 0 || dim.depth(c) > dim.depth(best))) best = c;
  }
  return best;
}

// The layout field a filter reads: its own, or its dimension's.
int filter_field(const TablePlan& plan, const PlanFilter& f) {
  if (!f.field.empty()) return find_extract_field(f.field);
  for (const auto& d : plan.dimensions)
    if (d.id == f.dimension) return find_extract_field(d.field);
  return -1;
}

// A filter dimension is independent of every other dimension of the inner cells, so a filter that is
// a function of one of them (a dimension the tables use, or that dimension's field) would leave out
// relations the reader knows (e.g. that no record of 男 passes 集約性別 ∈ {2}): a false pass. Such a
// plan is refused with what to write instead. (Filters on one field share one dimension.)
void check_filter_is_independent(const TablePlan& plan, const PlanFilter& f, const std::vector<bool>& used,
                                 const std::string& table) {
  const int field = filter_field(plan, f);
  if (field < 0) return;
  // A field of the same family (field_families.h: the medical-area code beside the municipality code)
  // narrows the dimension as much as its own field does.
  const std::string family = field_family(extract_fields()[static_cast<std::size_t>(field)].header);
  for (std::size_t d = 0; d < plan.dimensions.size(); ++d) {
    const PlanDimension& pd = plan.dimensions[d];
    if (used[d] && field_family(pd.field) == family)
      throw InputError(f.source,
                       "表「" + table + "」のフィルタ（" + registry::describe_filter(f) + "）は、表が使う区分「" + pd.id +
                           "」を絞り込むため、表の間の関係を正しく監査できません。区分の一つのコードの下の葉だけを残す"
                           "区分のフィルタ（例 {dimension: " + pd.id + ", in: [...]}、表にその区分を示さない）にするか、"
                           "表にその区分を示して必要なコードを show で選んでください",
                       "the filter of table '" + table + "' (" + registry::describe_filter(f) + ") narrows dimension '" +
                           pd.id + "', which the tables use, so the relations between the tables cannot be audited "
                           "exactly; keep exactly the leaves under one code with a dimension filter (e.g. {dimension: " +
                           pd.id + ", in: [...]}, the table not showing that dimension), or show the dimension and "
                           "choose its codes with show");
  }
}

}  // namespace

bool FilterEval::keep(std::string_view value) const {
  std::string v = numeric ? registry::normalize_number(value) : std::string(value);
  if (!in.empty() && std::find(in.begin(), in.end(), v) == in.end()) return false;
  if (std::find(not_in.begin(), not_in.end(), v) != not_in.end()) return false;
  if (filter->has_range) {
    long long x = 0;
    auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), x);
    if (ec != std::errc() || p != value.data() + value.size()) return false;
    if (x < filter->range_from || x > filter->range_to) return false;
  }
  return true;
}

PlanBuild::PlanBuild(const TablePlan& plan) : plan_(plan) {
  recoders_.reserve(plan.dimensions.size());
  for (const auto& d : plan.dimensions)
    recoders_.emplace_back(d.recode, d.id, d.label, d.unknown == UnknownHandling::Category);

  patient_slot_ = need(plan.patient_field);
  tumour_slot_ = need("多重がん番号");
  row_slot_ = need("行番号");
  for (const auto& d : plan.dimensions) dim_slot_.push_back(need(d.field));
  for (const auto& f : plan.filters)
    if (!f.field.empty()) need(f.field);
  for (const auto& t : plan.tables) {
    need(t.hospital_field);
    for (const auto& f : t.filters)
      if (!f.field.empty()) need(f.field);
  }
  // Filters refer to fields by canonical header from here on.
  for (const auto& f : plan.filters) global_filters_.push_back(canonical(f));
  for (const auto& f : global_filters_) global_.push_back(make_filter(f, needed_, plan.dimensions));

  table_filters_.resize(plan.tables.size());
  work.resize(plan.tables.size());
  for (std::size_t ti = 0; ti < plan.tables.size(); ++ti) setup_table(ti);
  setup_filter_dimensions();
  group_filters_by_field();
  setup_field_families();

  // Which slots hold hospital codes (format-checked as 5 alphanumerics).
  is_hospital_slot_.assign(needed_.size(), false);
  for (const auto& w : work) is_hospital_slot_[static_cast<std::size_t>(w.hospital_slot)] = true;
  for (const auto& h : needed_) slot_field_.push_back(&extract_fields()[static_cast<std::size_t>(find_extract_field(h))]);
  hits_.resize(plan.dimensions.size());
}

// The slot of a field to read, added once.
int PlanBuild::need(const std::string& field) {
  std::string canon(extract_fields()[static_cast<std::size_t>(find_extract_field(field))].header);
  auto it = std::find(needed_.begin(), needed_.end(), canon);
  if (it == needed_.end()) {
    needed_.push_back(canon);
    return static_cast<int>(needed_.size()) - 1;
  }
  return static_cast<int>(it - needed_.begin());
}

PlanFilter PlanBuild::canonical(PlanFilter f) const {
  if (!f.field.empty()) f.field = std::string(extract_fields()[static_cast<std::size_t>(find_extract_field(f.field))].header);
  return f;
}

int PlanBuild::plan_dimension(const std::string& id) const {
  int d = 0;
  while (plan_.dimensions[static_cast<std::size_t>(d)].id != id) ++d;
  return d;
}

void PlanBuild::setup_table(std::size_t ti) {
  const PlanTable& t = plan_.tables[ti];
  TableWork& w = work[ti];
  w.plan = &t;
  std::size_t inner = 1;
  auto add_dimension = [&](int d, int fixed_code) {
    w.dims.push_back(d);
    w.fixed_code.push_back(fixed_code);
    std::size_t leaves = recoders_[static_cast<std::size_t>(d)].dimension().leaves().size();
    w.leaf_counts.push_back(leaves);
    inner *= leaves;
    if (inner > kMaxCells)
      throw InputError(t.source, "表「" + t.id + "」のセルが多すぎます", "table '" + t.id + "' has too many cells");
  };
  for (const auto& f : t.filters) table_filters_[ti].push_back(canonical(f));
  // A table filter keeping exactly the leaves under one code of a dimension the table does not show
  // makes the table about that code: a fixed dimension (written as `fixed:` in the manifest), so the
  // table is not taken for a sum over the whole dimension when compared with the other tables.
  std::vector<bool> made_fixed(table_filters_[ti].size(), false);
  for (std::size_t fi = 0; fi < table_filters_[ti].size(); ++fi) {
    const PlanFilter& f = table_filters_[ti][fi];
    if (f.dimension.empty()) continue;
    if (std::find(t.dimensions.begin(), t.dimensions.end(), f.dimension) != t.dimensions.end()) continue;
    const int d = plan_dimension(f.dimension);
    if (std::find(w.dims.begin(), w.dims.end(), d) != w.dims.end()) continue;
    const int code = code_of_kept_leaves(recoders_[static_cast<std::size_t>(d)], make_filter(f, needed_, plan_.dimensions));
    if (code < 0) continue;
    add_dimension(d, code);
    made_fixed[fi] = true;
  }
  for (const auto& id : t.dimensions) add_dimension(plan_dimension(id), -1);
  for (std::size_t fi = 0; fi < table_filters_[ti].size(); ++fi) {
    w.filters.push_back(make_filter(table_filters_[ti][fi], needed_, plan_.dimensions));
    if (!made_fixed[fi]) w.subset_filters.push_back(fi);
  }
  w.hospital_slot = need(t.hospital_field);
}

// Filters of some tables only make those tables cover a subset of the records: each distinct one
// (canonical form) becomes a binary dimension the filtered tables are fixed "in" (filter_dimensions.h).
// Filters every table has narrow all records alike and need none.
void PlanBuild::setup_filter_dimensions() {
  std::vector<std::vector<std::string>> keys(work.size());
  for (std::size_t ti = 0; ti < work.size(); ++ti)
    for (std::size_t fi : work[ti].subset_filters)
      keys[ti].push_back(registry::filter_key(table_filters_[ti][fi], work[ti].filters[fi].numeric));
  auto in_every_table = [&](const std::string& key) {
    for (const auto& k : keys)
      if (std::find(k.begin(), k.end(), key) == k.end()) return false;
    return true;
  };
  std::vector<bool> used(plan_.dimensions.size(), false);
  for (const auto& w : work)
    for (int d : w.dims) used[static_cast<std::size_t>(d)] = true;
  for (std::size_t ti = 0; ti < work.size(); ++ti)
    for (std::size_t k = 0; k < keys[ti].size(); ++k) {
      if (in_every_table(keys[ti][k])) continue;
      const PlanFilter& f = table_filters_[ti][work[ti].subset_filters[k]];
      auto it = std::find(filter_keys_.begin(), filter_keys_.end(), keys[ti][k]);
      if (it == filter_keys_.end()) {
        check_filter_is_independent(plan_, f, used, work[ti].plan->id);
        filter_keys_.push_back(keys[ti][k]);
        filter_first_.push_back(&f);
        it = filter_keys_.end() - 1;
      }
      const auto index = static_cast<std::size_t>(it - filter_keys_.begin());
      auto& fd = work[ti].filter_dims;
      if (std::find(fd.begin(), fd.end(), index) == fd.end()) fd.push_back(index);
    }
}

// Filters on one field share one dimension (they are not independent of each other); the
// patterns of several filters of a field are collected from the records.
void PlanBuild::group_filters_by_field() {
  std::vector<int> group_field;
  group_of_.resize(filter_keys_.size());
  for (std::size_t k = 0; k < filter_keys_.size(); ++k) {
    const int field = filter_field(plan_, *filter_first_[k]);
    auto it = std::find(group_field.begin(), group_field.end(), field);
    if (it == group_field.end()) {
      group_field.push_back(field);
      groups_.emplace_back();
      it = group_field.end() - 1;
    }
    group_of_[k] = static_cast<std::size_t>(it - group_field.begin());
    groups_[group_of_[k]].push_back(k);
    if (groups_[group_of_[k]].size() > 63)
      throw InputError(filter_first_[k]->source, "一つの項目のフィルタが多すぎます（63 まで）",
                       "too many different filters on one field (63 at most)");
  }
  group_evals_.resize(groups_.size());
  group_atoms_.resize(groups_.size());
  for (std::size_t g = 0; g < groups_.size(); ++g)
    if (groups_[g].size() > 1)
      for (std::size_t k : groups_[g]) group_evals_[g].push_back(make_filter(*filter_first_[k], needed_, plan_.dimensions));
}

}  // namespace hitoku::registry
