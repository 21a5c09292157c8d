// Building the planned tables from a registry extract: one streaming pass over the records,
// then per table the true counts, distinct patients and distinct hospitals of every cell.
#include <algorithm>
#include <chrono>
#include <charconv>
#include <filesystem>
#include <numeric>
#include <set>
#include <unordered_map>

#include "hitoku/policy.h"
#include "hitoku/table_plan.h"
#include "filter_dimensions.h"
#include "recode.h"
#include "table_references.h"

namespace hitoku {
namespace {

using registry::RecodeHit;
using registry::RecodeOutcome;
using registry::Recoder;

constexpr std::size_t kMaxCells = 20'000'000;  // a planned table larger than this is a plan error

struct FilterEval {
  const PlanFilter* filter;
  int slot = -1;       // field filters: slot of the needed field
  int dimension = -1;  // dimension filters: plan dimension index
  bool numeric = false;
  std::vector<std::string> in, not_in;  // normalized

  bool keep(std::string_view value) const {
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
};

// One planned table while building.
struct TableWork {
  const PlanTable* plan;
  std::vector<int> dims;            // plan dimension indices
  std::vector<int> fixed_code;      // per dims entry: the one code of a fixed dimension, or -1
  std::vector<std::size_t> leaf_counts;
  std::vector<FilterEval> filters;
  std::vector<std::size_t> subset_filters;  // filters (indices) not made a fixed dimension
  std::vector<std::size_t> filter_dims;     // the filter dimensions (indices) the table is fixed "in"
  int hospital_slot = -1;
  std::vector<std::uint64_t> inner;      // per counted record: inner cell (leaf positions, row-major)
  std::vector<std::uint32_t> patient;    // per counted record: dense patient index
  std::vector<std::int32_t> hospital;    // per counted record: dense hospital index, -1 if none
};

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
  for (std::size_t d = 0; d < plan.dimensions.size(); ++d) {
    const PlanDimension& pd = plan.dimensions[d];
    if (used[d] && find_extract_field(pd.field) == field)
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

// The codes a table shows of one dimension, in dimension order.
std::vector<int> selected_codes(const Dimension& dim, const PlanTable& t, const std::string& id) {
  auto it = t.show.find(id);
  PlanCodeSelection sel;
  if (it != t.show.end()) sel = it->second;
  else if (!t.totals) sel.mode = "leaves";
  std::vector<int> out;
  if (sel.mode == "list") {
    for (const auto& c : sel.codes) {
      int i = dim.find(c);
      if (i < 0)
        throw InputError(t.source, "表「" + t.id + "」の show にある「" + c + "」は区分「" + id + "」のコードではありません",
                         "table '" + t.id + "' shows '" + c + "', not a code of dimension '" + id + "'");
      out.push_back(i);
    }
    return out;
  }
  for (int i = 0; i < dim.size(); ++i) {
    bool keep = sel.mode == "all" || (sel.mode == "leaves" && dim.is_leaf(i)) ||
                (sel.mode == "depths" && std::find(sel.depths.begin(), sel.depths.end(), dim.depth(i)) != sel.depths.end());
    if (keep) out.push_back(i);
  }
  if (out.empty())
    throw InputError(t.source, "表「" + t.id + "」は区分「" + id + "」のコードを一つも示しません",
                     "table '" + t.id + "' shows no code of dimension '" + id + "'");
  return out;
}

bool valid_hospital_code(std::string_view v) {
  if (v.size() != 5) return false;
  for (char c : v)
    if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) return false;
  return true;
}

// Counts, per output cell, the distinct keys among records grouped by key (counting sort by
// key, then a stamp per cell so each key counts once per cell).
void count_distinct(const TableWork& w, const std::vector<std::vector<std::vector<int>>>& leaf_to_pos,
                    const std::vector<std::size_t>& out_strides, std::size_t key_count, bool hospitals,
                    std::vector<std::int64_t>& result) {
  const std::size_t n = w.inner.size();
  std::vector<std::uint32_t> start(key_count + 1, 0);
  for (std::size_t r = 0; r < n; ++r) {
    std::int64_t k = hospitals ? w.hospital[r] : static_cast<std::int64_t>(w.patient[r]);
    if (k >= 0) ++start[static_cast<std::size_t>(k) + 1];
  }
  std::partial_sum(start.begin(), start.end(), start.begin());
  std::vector<std::uint32_t> order(start.back());
  {
    std::vector<std::uint32_t> fill(start.begin(), start.end() - 1);
    for (std::size_t r = 0; r < n; ++r) {
      std::int64_t k = hospitals ? w.hospital[r] : static_cast<std::int64_t>(w.patient[r]);
      if (k >= 0) order[fill[static_cast<std::size_t>(k)]++] = static_cast<std::uint32_t>(r);
    }
  }
  std::vector<std::uint32_t> stamp(result.size(), 0);
  const std::size_t nd = w.dims.size();
  std::vector<int> leaf(nd);
  std::vector<std::size_t> idx(nd);
  for (std::size_t k = 0; k < key_count; ++k) {
    const auto mark = static_cast<std::uint32_t>(k + 1);
    for (std::uint32_t i = start[k]; i < start[k + 1]; ++i) {
      std::uint64_t flat = w.inner[order[i]];
      for (std::size_t d = nd; d-- > 0;) {
        leaf[d] = static_cast<int>(flat % w.leaf_counts[d]);
        flat /= w.leaf_counts[d];
      }
      // Odometer over the output positions each leaf falls in.
      std::fill(idx.begin(), idx.end(), 0);
      for (;;) {
        std::size_t cell = 0;
        for (std::size_t d = 0; d < nd; ++d)
          cell += static_cast<std::size_t>(leaf_to_pos[d][static_cast<std::size_t>(leaf[d])][idx[d]]) * out_strides[d];
        if (stamp[cell] != mark) {
          stamp[cell] = mark;
          ++result[cell];
        }
        std::size_t d = nd;
        while (d-- > 0) {
          if (++idx[d] < leaf_to_pos[d][static_cast<std::size_t>(leaf[d])].size()) break;
          idx[d] = 0;
        }
        if (d == static_cast<std::size_t>(-1)) break;
      }
    }
  }
}

}  // namespace

ExtractError::ExtractError(const std::string& path, std::vector<BadRow> rows, long long total)
    : InputError({path, rows.empty() ? 0 : rows.front().line, rows.empty() ? "" : rows.front().field},
                 "抽出データに使えない行が" + std::to_string(total) + "件あります（最初: " +
                     (rows.empty() ? std::string() : rows.front().reason_ja) + "）",
                 "the extract has " + std::to_string(total) + " bad row(s) (first: " +
                     (rows.empty() ? std::string() : rows.front().reason_en) + ")"),
      rows_(std::move(rows)),
      total_(total) {}

Submission build_submission(const TablePlan& plan, PlanBuildStats* stats) {
  using clock = std::chrono::steady_clock;
  const auto t0 = clock::now();
  Submission sub;
  sub.info = plan.info;
  sub.manifest_path = plan.path;
  if (plan.policy.empty())
    throw InputError({plan.path, 0, "policy"}, "集計計画に policy（適用する利用規約）が必要です",
                     "the plan needs a policy (the terms of use to apply)");
  sub.policy = load_policy(plan.policy);

  // Recoders, one per plan dimension.
  std::vector<Recoder> recoders;
  recoders.reserve(plan.dimensions.size());
  for (const auto& d : plan.dimensions)
    recoders.emplace_back(d.recode, d.id, d.label, d.unknown == UnknownHandling::Category);

  // The fields to read, each once.
  std::vector<std::string> needed;
  auto need = [&](const std::string& field) {
    std::string canon(extract_fields()[static_cast<std::size_t>(find_extract_field(field))].header);
    auto it = std::find(needed.begin(), needed.end(), canon);
    if (it == needed.end()) {
      needed.push_back(canon);
      return static_cast<int>(needed.size()) - 1;
    }
    return static_cast<int>(it - needed.begin());
  };
  const int patient_slot = need(plan.patient_field);
  std::vector<int> dim_slot;
  for (const auto& d : plan.dimensions) dim_slot.push_back(need(d.field));
  for (const auto& f : plan.filters)
    if (!f.field.empty()) need(f.field);
  for (const auto& t : plan.tables) {
    need(t.hospital_field);
    for (const auto& f : t.filters)
      if (!f.field.empty()) need(f.field);
  }
  // Filters refer to fields by canonical header from here on.
  auto canonical = [&](PlanFilter f) {
    if (!f.field.empty()) f.field = std::string(extract_fields()[static_cast<std::size_t>(find_extract_field(f.field))].header);
    return f;
  };
  std::vector<PlanFilter> global_filters;
  for (const auto& f : plan.filters) global_filters.push_back(canonical(f));
  std::vector<FilterEval> global;
  for (const auto& f : global_filters) global.push_back(make_filter(f, needed, plan.dimensions));

  auto plan_dimension = [&](const std::string& id) {
    int d = 0;
    while (plan.dimensions[static_cast<std::size_t>(d)].id != id) ++d;
    return d;
  };
  std::vector<std::vector<PlanFilter>> table_filters(plan.tables.size());
  std::vector<TableWork> work(plan.tables.size());
  for (std::size_t ti = 0; ti < plan.tables.size(); ++ti) {
    const PlanTable& t = plan.tables[ti];
    TableWork& w = work[ti];
    w.plan = &t;
    std::size_t inner = 1;
    auto add_dimension = [&](int d, int fixed_code) {
      w.dims.push_back(d);
      w.fixed_code.push_back(fixed_code);
      std::size_t leaves = recoders[static_cast<std::size_t>(d)].dimension().leaves().size();
      w.leaf_counts.push_back(leaves);
      inner *= leaves;
      if (inner > kMaxCells)
        throw InputError(t.source, "表「" + t.id + "」のセルが多すぎます", "table '" + t.id + "' has too many cells");
    };
    for (const auto& f : t.filters) table_filters[ti].push_back(canonical(f));
    // A table filter keeping exactly the leaves under one code of a dimension the table does not show
    // makes the table about that code: a fixed dimension (written as `fixed:` in the manifest), so the
    // table is not taken for a sum over the whole dimension when compared with the other tables.
    std::vector<bool> made_fixed(table_filters[ti].size(), false);
    for (std::size_t fi = 0; fi < table_filters[ti].size(); ++fi) {
      const PlanFilter& f = table_filters[ti][fi];
      if (f.dimension.empty()) continue;
      if (std::find(t.dimensions.begin(), t.dimensions.end(), f.dimension) != t.dimensions.end()) continue;
      const int d = plan_dimension(f.dimension);
      if (std::find(w.dims.begin(), w.dims.end(), d) != w.dims.end()) continue;
      const int code = code_of_kept_leaves(recoders[static_cast<std::size_t>(d)], make_filter(f, needed, plan.dimensions));
      if (code < 0) continue;
      add_dimension(d, code);
      made_fixed[fi] = true;
    }
    for (const auto& id : t.dimensions) add_dimension(plan_dimension(id), -1);
    for (std::size_t fi = 0; fi < table_filters[ti].size(); ++fi) {
      w.filters.push_back(make_filter(table_filters[ti][fi], needed, plan.dimensions));
      if (!made_fixed[fi]) w.subset_filters.push_back(fi);
    }
    w.hospital_slot = need(t.hospital_field);
  }

  // Filters of some tables only make those tables cover a subset of the records: each distinct one
  // (canonical form) becomes a binary dimension the filtered tables are fixed "in" (filter_dimensions.h).
  // Filters every table has narrow all records alike and need none.
  std::vector<std::string> filter_keys;         // one per filter dimension
  std::vector<const PlanFilter*> filter_first;  // its first occurrence
  {
    std::vector<std::vector<std::string>> keys(work.size());
    for (std::size_t ti = 0; ti < work.size(); ++ti)
      for (std::size_t fi : work[ti].subset_filters)
        keys[ti].push_back(registry::filter_key(table_filters[ti][fi], work[ti].filters[fi].numeric));
    auto in_every_table = [&](const std::string& key) {
      for (const auto& k : keys)
        if (std::find(k.begin(), k.end(), key) == k.end()) return false;
      return true;
    };
    std::vector<bool> used(plan.dimensions.size(), false);
    for (const auto& w : work)
      for (int d : w.dims) used[static_cast<std::size_t>(d)] = true;
    for (std::size_t ti = 0; ti < work.size(); ++ti)
      for (std::size_t k = 0; k < keys[ti].size(); ++k) {
        if (in_every_table(keys[ti][k])) continue;
        const PlanFilter& f = table_filters[ti][work[ti].subset_filters[k]];
        auto it = std::find(filter_keys.begin(), filter_keys.end(), keys[ti][k]);
        if (it == filter_keys.end()) {
          check_filter_is_independent(plan, f, used, work[ti].plan->id);
          filter_keys.push_back(keys[ti][k]);
          filter_first.push_back(&f);
          it = filter_keys.end() - 1;
        }
        const auto index = static_cast<std::size_t>(it - filter_keys.begin());
        auto& fd = work[ti].filter_dims;
        if (std::find(fd.begin(), fd.end(), index) == fd.end()) fd.push_back(index);
      }
  }

  // Filters on one field share one dimension (they are not independent of each other); the
  // patterns of several filters of a field are collected from the records.
  std::vector<std::vector<std::size_t>> groups;  // filter keys per field
  std::vector<int> group_field;
  std::vector<std::size_t> group_of(filter_keys.size());
  for (std::size_t k = 0; k < filter_keys.size(); ++k) {
    const int field = filter_field(plan, *filter_first[k]);
    auto it = std::find(group_field.begin(), group_field.end(), field);
    if (it == group_field.end()) {
      group_field.push_back(field);
      groups.emplace_back();
      it = group_field.end() - 1;
    }
    group_of[k] = static_cast<std::size_t>(it - group_field.begin());
    groups[group_of[k]].push_back(k);
    if (groups[group_of[k]].size() > 63)
      throw InputError(filter_first[k]->source, "一つの項目のフィルタが多すぎます（63 まで）",
                       "too many different filters on one field (63 at most)");
  }
  std::vector<std::vector<FilterEval>> group_evals(groups.size());
  std::vector<std::set<std::uint64_t>> group_atoms(groups.size());
  for (std::size_t g = 0; g < groups.size(); ++g)
    if (groups[g].size() > 1)
      for (std::size_t k : groups[g]) group_evals[g].push_back(make_filter(*filter_first[k], needed, plan.dimensions));

  // Which slots hold hospital codes (format-checked as 5 alphanumerics).
  std::vector<bool> is_hospital_slot(needed.size(), false);
  for (const auto& w : work) is_hospital_slot[static_cast<std::size_t>(w.hospital_slot)] = true;
  std::vector<const ExtractField*> slot_field;
  for (const auto& h : needed) slot_field.push_back(&extract_fields()[static_cast<std::size_t>(find_extract_field(h))]);

  ExtractReader reader(plan.extract, needed, plan.encoding);
  std::vector<BadRow> bad;
  long long bad_total = 0;
  auto report = [&](long line, const std::string& field, std::string_view value, std::string ja, std::string en) {
    ++bad_total;
    if (static_cast<int>(bad.size()) < plan.max_bad_rows_reported)
      bad.push_back({line, field, std::string(value.substr(0, 40)), std::move(ja), std::move(en)});
  };

  std::unordered_map<std::uint32_t, std::uint32_t> patient_index;
  std::unordered_map<std::string, std::int32_t> hospital_index;
  std::vector<std::string> hospital_codes;
  std::vector<std::string_view> v;
  std::vector<const RecodeHit*> hits(plan.dimensions.size());
  long long records = 0;
  for (;;) {
    try {
      if (!reader.next(v)) break;
    } catch (const InputError& e) {
      ++records;
      report(e.where().line, e.where().field, "", e.message_ja(), e.message_en());
      continue;
    }
    ++records;
    const long line = reader.line();
    bool ok = true;
    for (std::size_t s = 0; s < needed.size(); ++s) {
      if (!extract_value_valid(*slot_field[s], v[s])) {
        report(line, needed[s], v[s], "様式第1号 別紙の型・桁数・コードに合わない値です",
               "value does not match the layout's type, width or codes");
        ok = false;
      } else if (is_hospital_slot[s] && !v[s].empty() && !valid_hospital_code(v[s])) {
        report(line, needed[s], v[s], "病院コードは5文字の英数字です", "a hospital code has 5 letters or digits");
        ok = false;
      }
    }
    if (!ok) continue;
    for (std::size_t d = 0; d < plan.dimensions.size(); ++d) {
      hits[d] = &recoders[d].apply(v[static_cast<std::size_t>(dim_slot[d])]);
      if (hits[d]->outcome == RecodeOutcome::Invalid) {
        report(line, needed[static_cast<std::size_t>(dim_slot[d])], v[static_cast<std::size_t>(dim_slot[d])],
               hits[d]->why_ja, hits[d]->why_en);
        ok = false;
      }
    }
    if (!ok) continue;
    auto keeps = [&](const FilterEval& f) {
      if (f.slot >= 0) return f.keep(v[static_cast<std::size_t>(f.slot)]);
      const RecodeHit& h = *hits[static_cast<std::size_t>(f.dimension)];
      return h.outcome == RecodeOutcome::Leaf &&
             f.keep(recoders[static_cast<std::size_t>(f.dimension)].dimension().code(h.code));
    };
    auto passes = [&](const std::vector<FilterEval>& filters) {
      for (const auto& f : filters)
        if (!keeps(f)) return false;
      return true;
    };
    if (!passes(global)) continue;
    for (std::size_t g = 0; g < group_evals.size(); ++g) {
      if (group_evals[g].empty()) continue;
      std::uint64_t bits = 0;
      for (std::size_t i = 0; i < group_evals[g].size(); ++i)
        if (keeps(group_evals[g][i])) bits |= std::uint64_t{1} << i;
      group_atoms[g].insert(bits);
    }

    std::uint32_t patient_number = 0;
    std::string_view pv = v[static_cast<std::size_t>(patient_slot)];
    std::from_chars(pv.data(), pv.data() + pv.size(), patient_number);
    for (auto& w : work) {
      if (!passes(w.filters)) continue;
      std::uint64_t flat = 0;
      bool cell_ok = true;
      for (std::size_t k = 0; k < w.dims.size(); ++k) {
        const auto d = static_cast<std::size_t>(w.dims[k]);
        const RecodeHit& h = *hits[d];
        if (h.code < 0) {  // 不明 or 県外 that the plan makes an error
          report(line, needed[static_cast<std::size_t>(dim_slot[d])], v[static_cast<std::size_t>(dim_slot[d])],
                 std::string(h.why_ja) + "（計画で error 指定）", std::string(h.why_en) + " (an error by the plan)");
          cell_ok = false;
          break;
        }
        flat = flat * w.leaf_counts[k] +
               static_cast<std::uint64_t>(recoders[d].dimension().leaf_position(h.code));
      }
      if (!cell_ok) continue;
      auto [pit, pnew] = patient_index.emplace(patient_number, static_cast<std::uint32_t>(patient_index.size()));
      (void)pnew;
      std::string_view hv = v[static_cast<std::size_t>(w.hospital_slot)];
      std::int32_t hosp = -1;
      if (!hv.empty()) {
        auto hit = hospital_index.find(std::string(hv));
        if (hit == hospital_index.end()) {
          hit = hospital_index.emplace(std::string(hv), static_cast<std::int32_t>(hospital_codes.size())).first;
          hospital_codes.emplace_back(hv);
        }
        hosp = hit->second;
      }
      w.inner.push_back(flat);
      w.patient.push_back(pit->second);
      w.hospital.push_back(hosp);
    }
  }
  const std::string extract_sha = reader.sha256_hex();
  const auto t1 = clock::now();
  if (bad_total > 0) throw ExtractError(plan.extract, std::move(bad), bad_total);

  // Dimensions of the submission: those the tables use, in plan order.
  std::vector<int> sub_dim(plan.dimensions.size(), -1);
  for (const auto& w : work)
    for (int d : w.dims)
      if (sub_dim[static_cast<std::size_t>(d)] < 0) {
        sub_dim[static_cast<std::size_t>(d)] = 0;
      }
  for (std::size_t d = 0; d < plan.dimensions.size(); ++d)
    if (sub_dim[d] == 0) {
      sub_dim[d] = static_cast<int>(sub.dimensions.size());
      sub.dimensions.push_back(recoders[d].dimension());
    }

  // The filter dimensions, one per field filtered, after the plan's, with ids no plan dimension has.
  std::vector<int> group_sub_dim;
  std::vector<int> filter_code(filter_keys.size(), -1);  // per filter key: its code in its dimension
  for (std::size_t g = 0; g < groups.size(); ++g) {
    std::string id = "filter" + std::to_string(g + 1);
    auto taken = [&](const std::string& candidate) {
      for (const auto& d : plan.dimensions)
        if (d.id == candidate) return true;
      return false;
    };
    while (taken(id)) id += "_";
    std::vector<const PlanFilter*> filters;
    for (std::size_t k : groups[g]) filters.push_back(filter_first[k]);
    const PlanFilter& f0 = *filters.front();
    registry::FilterGroupDimension fd =
        registry::filter_group_dimension(id, f0.field.empty() ? f0.dimension : f0.field, filters, group_atoms[g]);
    for (std::size_t i = 0; i < groups[g].size(); ++i) filter_code[groups[g][i]] = fd.code_of_filter[i];
    group_sub_dim.push_back(static_cast<int>(sub.dimensions.size()));
    sub.dimensions.push_back(std::move(fd.dimension));
  }

  for (auto& w : work) {
    const PlanTable& t = *w.plan;
    Table table;
    table.id = t.id;
    table.title = t.title;
    table.source = t.source;
    table.hospital_dimension = t.hospital_dimension;
    table.hospital_attribute = t.hospital_attribute;
    const std::size_t nd = w.dims.size();
    // Per dimension: codes shown, and for each leaf the positions (among shown codes) it adds to.
    std::vector<std::vector<std::vector<int>>> leaf_to_pos(nd);
    for (std::size_t k = 0; k < nd; ++k) {
      const auto d = static_cast<std::size_t>(w.dims[k]);
      const Dimension& dim = recoders[d].dimension();
      table.dims.push_back(sub_dim[d]);
      if (w.fixed_code[k] >= 0) table.codes.push_back({w.fixed_code[k]});
      else table.codes.push_back(selected_codes(dim, t, plan.dimensions[d].id));
      std::vector<int> pos_of_code(static_cast<std::size_t>(dim.size()), -1);
      for (std::size_t p = 0; p < table.codes[k].size(); ++p)
        pos_of_code[static_cast<std::size_t>(table.codes[k][p])] = static_cast<int>(p);
      leaf_to_pos[k].resize(dim.leaves().size());
      for (std::size_t l = 0; l < dim.leaves().size(); ++l) {
        for (int c = dim.leaves()[l]; c >= 0; c = dim.parent(c))
          if (pos_of_code[static_cast<std::size_t>(c)] >= 0)
            leaf_to_pos[k][l].push_back(pos_of_code[static_cast<std::size_t>(c)]);
      }
    }
    if (std::any_of(w.fixed_code.begin(), w.fixed_code.end(), [](int c) { return c >= 0; }))
      for (int c : w.fixed_code) table.format.fixed.push_back(c >= 0);
    const std::size_t cells = table.cell_count();
    if (cells > kMaxCells)
      throw InputError(t.source, "表「" + t.id + "」のセルが多すぎます", "table '" + t.id + "' has too many cells");
    std::vector<std::size_t> out_strides(nd, 1);
    for (std::size_t k = nd - 1; k-- > 0;) out_strides[k] = out_strides[k + 1] * table.codes[k + 1].size();

    // Tumour counts: per inner cell first, then spread to the output cells.
    std::unordered_map<std::uint64_t, std::int64_t> per_inner;
    for (auto flat : w.inner) ++per_inner[flat];
    std::vector<std::int64_t> tumours(cells, 0);
    std::vector<int> leaf(nd);
    std::vector<std::size_t> idx(nd);
    for (const auto& [inner_flat, n] : per_inner) {
      std::uint64_t flat = inner_flat;
      for (std::size_t d = nd; d-- > 0;) {
        leaf[d] = static_cast<int>(flat % w.leaf_counts[d]);
        flat /= w.leaf_counts[d];
      }
      std::fill(idx.begin(), idx.end(), 0);
      bool any = true;
      for (std::size_t d = 0; d < nd; ++d) any = any && !leaf_to_pos[d][static_cast<std::size_t>(leaf[d])].empty();
      while (any) {
        std::size_t cell = 0;
        for (std::size_t d = 0; d < nd; ++d)
          cell += static_cast<std::size_t>(leaf_to_pos[d][static_cast<std::size_t>(leaf[d])][idx[d]]) * out_strides[d];
        tumours[cell] += n;
        std::size_t d = nd;
        while (d-- > 0) {
          if (++idx[d] < leaf_to_pos[d][static_cast<std::size_t>(leaf[d])].size()) break;
          idx[d] = 0;
        }
        if (d == static_cast<std::size_t>(-1)) break;
      }
    }
    std::vector<std::int64_t> patients(cells, 0), hospitals(cells, 0);
    auto drop_unshown = [&]() {
      // Remove records that reach no cell so the odometer never indexes an empty list.
      std::size_t out = 0;
      for (std::size_t r = 0; r < w.inner.size(); ++r) {
        std::uint64_t flat = w.inner[r];
        bool shown = true;
        for (std::size_t d = nd; d-- > 0;) {
          shown = shown && !leaf_to_pos[d][static_cast<std::size_t>(flat % w.leaf_counts[d])].empty();
          flat /= w.leaf_counts[d];
        }
        if (!shown) continue;
        w.inner[out] = w.inner[r];
        w.patient[out] = w.patient[r];
        w.hospital[out] = w.hospital[r];
        ++out;
      }
      w.inner.resize(out);
      w.patient.resize(out);
      w.hospital.resize(out);
    };
    const std::size_t counted = w.inner.size();
    drop_unshown();
    count_distinct(w, leaf_to_pos, out_strides, patient_index.size(), false, patients);
    count_distinct(w, leaf_to_pos, out_strides, hospital_codes.size(), true, hospitals);
    table.value = t.unit == CountingUnit::Patients ? patients : tumours;
    if (t.unit == CountingUnit::Patients) {
      // Distinct patients add up only when no patient falls in two inner cells.
      std::vector<std::uint64_t> cell_of(patient_index.size(), ~std::uint64_t{0});
      for (std::size_t r = 0; r < w.inner.size() && table.additive; ++r) {
        std::uint64_t& c = cell_of[w.patient[r]];
        if (c != ~std::uint64_t{0} && c != w.inner[r]) table.additive = false;
        c = w.inner[r];
      }
    }
    table.status.assign(cells, CellStatus::Published);
    if (!w.filter_dims.empty()) {
      // Per filter dimension the one code the table keeps; two filters of one field in one table keep
      // the smaller (nested sets), and filters that exclude each other leave nothing to state.
      std::vector<std::pair<std::size_t, int>> keep;  // group, code
      for (std::size_t k : w.filter_dims) {
        const std::size_t g = group_of[k];
        const Dimension& dim = sub.dimensions[static_cast<std::size_t>(group_sub_dim[g])];
        auto it = std::find_if(keep.begin(), keep.end(), [&](const auto& p) { return p.first == g; });
        if (it == keep.end()) {
          keep.emplace_back(g, filter_code[k]);
          continue;
        }
        auto under = [&](int code, int ancestor) {
          for (int c = code; c >= 0; c = dim.parent(c))
            if (c == ancestor) return true;
          return false;
        };
        if (under(filter_code[k], it->second)) it->second = filter_code[k];
        else if (!under(it->second, filter_code[k]))
          throw InputError(t.source, "表「" + t.id + "」のフィルタは互いに排他的です（該当する記録がありません）",
                           "the filters of table '" + t.id + "' exclude each other (no record passes them all)");
      }
      // Fixed to its code on each filter dimension: one code, first, so no cell moves.
      std::vector<bool> fixed = table.format.fixed;
      fixed.resize(table.dims.size(), false);
      for (std::size_t k = keep.size(); k-- > 0;) {
        table.dims.insert(table.dims.begin(), group_sub_dim[keep[k].first]);
        table.codes.insert(table.codes.begin(), {keep[k].second});
        fixed.insert(fixed.begin(), true);
      }
      table.format.fixed = std::move(fixed);
    }
    table.contributors = std::move(patients);
    table.hospitals = std::move(hospitals);
    sub.tables.push_back(std::move(table));
    if (stats) stats->records_per_table.push_back(static_cast<long long>(counted));
    std::vector<std::uint64_t>().swap(w.inner);
    std::vector<std::uint32_t>().swap(w.patient);
    std::vector<std::int32_t>().swap(w.hospital);
  }

  sub.inputs.push_back({plan.path, plan.sha256, "plan"});
  sub.inputs.push_back({plan.extract, extract_sha, "extract"});
  registry::add_references(plan, sub, sub_dim);
  if (stats) {
    stats->records_read = records;
    stats->patients = static_cast<long long>(patient_index.size());
    stats->seconds_reading = std::chrono::duration<double>(t1 - t0).count();
    stats->seconds_counting = std::chrono::duration<double>(clock::now() - t1).count();
  }
  return sub;
}

Submission build_submission_from_plan(const std::string& plan_path, PlanBuildStats* stats) {
  return build_submission(load_table_plan(plan_path), stats);
}

}  // namespace hitoku
