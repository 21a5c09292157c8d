// Building a submission from a table plan, per table: the codes it shows, then its tumour counts and
// distinct patients and hospitals per cell from the records the extract pass gathered.
#include <algorithm>
#include <numeric>

#include "filter_dimensions.h"
#include "plan_build.h"

namespace hitoku::registry {
namespace {


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


using LeafPositions = std::vector<std::vector<std::vector<int>>>;  // per dimension, per leaf: output positions

// Tumour counts: per inner cell first, then spread to the output cells.
std::vector<std::int64_t> count_tumours(const TableWork& w, const LeafPositions& leaf_to_pos,
                                        const std::vector<std::size_t>& out_strides, std::size_t cells) {
  const std::size_t nd = w.dims.size();
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
  return tumours;
}

// Removes records that reach no cell so the odometer never indexes an empty list.
void drop_unshown(TableWork& w, const LeafPositions& leaf_to_pos) {
  const std::size_t nd = w.dims.size();
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
}

}  // namespace

void PlanBuild::add_dimensions(Submission& sub) {
  // Dimensions of the submission: those the tables use, in plan order.
  sub_dim.assign(plan_.dimensions.size(), -1);
  for (const auto& w : work)
    for (int d : w.dims)
      if (sub_dim[static_cast<std::size_t>(d)] < 0) {
        sub_dim[static_cast<std::size_t>(d)] = 0;
      }
  for (std::size_t d = 0; d < plan_.dimensions.size(); ++d)
    if (sub_dim[d] == 0) {
      sub_dim[d] = static_cast<int>(sub.dimensions.size());
      sub.dimensions.push_back(recoders_[d].dimension());
    }

  // The filter dimensions, one per field filtered, after the plan's, with ids no plan dimension has.
  filter_code_.assign(filter_keys_.size(), -1);
  for (std::size_t g = 0; g < groups_.size(); ++g) {
    std::string id = "filter" + std::to_string(g + 1);
    auto taken = [&](const std::string& candidate) {
      for (const auto& d : plan_.dimensions)
        if (d.id == candidate) return true;
      return false;
    };
    while (taken(id)) id += "_";
    std::vector<const PlanFilter*> filters;
    for (std::size_t k : groups_[g]) filters.push_back(filter_first_[k]);
    const PlanFilter& f0 = *filters.front();
    registry::FilterGroupDimension fd =
        registry::filter_group_dimension(id, f0.field.empty() ? f0.dimension : f0.field, filters, group_atoms_[g]);
    for (std::size_t i = 0; i < groups_[g].size(); ++i) filter_code_[groups_[g][i]] = fd.code_of_filter[i];
    group_sub_dim_.push_back(static_cast<int>(sub.dimensions.size()));
    sub.dimensions.push_back(std::move(fd.dimension));
  }
  link_field_groupings(sub);
}

// Per filter dimension the one code the table keeps; two filters of one field in one table keep
// the smaller (nested sets), and filters that exclude each other leave nothing to state.
void PlanBuild::fix_filter_dimensions(const TableWork& w, const Submission& sub, Table& table, TableFormat& format) const {
  const PlanTable& t = *w.plan;
  std::vector<std::pair<std::size_t, int>> keep;  // group, code
  for (std::size_t k : w.filter_dims) {
    const std::size_t g = group_of_[k];
    const Dimension& dim = sub.dimensions[static_cast<std::size_t>(group_sub_dim_[g])];
    auto it = std::find_if(keep.begin(), keep.end(), [&](const auto& p) { return p.first == g; });
    if (it == keep.end()) {
      keep.emplace_back(g, filter_code_[k]);
      continue;
    }
    auto under = [&](int code, int ancestor) {
      for (int c = code; c >= 0; c = dim.parent(c))
        if (c == ancestor) return true;
      return false;
    };
    if (under(filter_code_[k], it->second)) it->second = filter_code_[k];
    else if (!under(it->second, filter_code_[k]))
      throw InputError(t.source, "表「" + t.id + "」のフィルタは互いに排他的です（該当する記録がありません）",
                       "the filters of table '" + t.id + "' exclude each other (no record passes them all)");
  }
  // Fixed to its code on each filter dimension: one code, first, so no cell moves.
  std::vector<bool> fixed = format.fixed;
  fixed.resize(table.dims.size(), false);
  for (std::size_t k = keep.size(); k-- > 0;) {
    table.dims.insert(table.dims.begin(), group_sub_dim_[keep[k].first]);
    table.codes.insert(table.codes.begin(), {keep[k].second});
    fixed.insert(fixed.begin(), true);
  }
  format.fixed = std::move(fixed);
}

Table PlanBuild::make_table(TableWork& w, const Submission& sub, TableFormat& format) {
  const PlanTable& t = *w.plan;
  Table table;
  table.id = t.id;
  table.title = t.title;
  table.source = t.source;
  table.hospital_dimension = t.hospital_dimension;
  table.hospital_attribute = t.hospital_attribute;
  const std::size_t nd = w.dims.size();
  // Per dimension: codes shown, and for each leaf the positions (among shown codes) it adds to.
  LeafPositions leaf_to_pos(nd);
  for (std::size_t k = 0; k < nd; ++k) {
    const auto d = static_cast<std::size_t>(w.dims[k]);
    const Dimension& dim = recoders_[d].dimension();
    table.dims.push_back(sub_dim[d]);
    if (w.fixed_code[k] >= 0) table.codes.push_back({w.fixed_code[k]});
    else table.codes.push_back(selected_codes(dim, t, plan_.dimensions[d].id));
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
    for (int c : w.fixed_code) format.fixed.push_back(c >= 0);
  const std::size_t cells = table.cell_count();
  if (cells > kMaxCells)
    throw InputError(t.source, "表「" + t.id + "」のセルが多すぎます", "table '" + t.id + "' has too many cells");
  std::vector<std::size_t> out_strides(nd, 1);
  for (std::size_t k = nd - 1; k-- > 0;) out_strides[k] = out_strides[k + 1] * table.codes[k + 1].size();

  std::vector<std::int64_t> tumours = count_tumours(w, leaf_to_pos, out_strides, cells);
  std::vector<std::int64_t> patients(cells, 0), hospitals(cells, 0);
  drop_unshown(w, leaf_to_pos);
  count_distinct(w, leaf_to_pos, out_strides, patient_index_.size(), false, patients);
  count_distinct(w, leaf_to_pos, out_strides, hospital_codes_.size(), true, hospitals);
  table.value = t.unit == CountingUnit::Patients ? patients : tumours;
  if (t.unit == CountingUnit::Patients) {
    // Distinct patients add up only when no patient falls in two inner cells.
    std::vector<std::uint64_t> cell_of(patient_index_.size(), ~std::uint64_t{0});
    for (std::size_t r = 0; r < w.inner.size() && table.additive; ++r) {
      std::uint64_t& c = cell_of[w.patient[r]];
      if (c != ~std::uint64_t{0} && c != w.inner[r]) table.additive = false;
      c = w.inner[r];
    }
  }
  table.status.assign(cells, CellStatus::Published);
  if (!w.filter_dims.empty()) fix_filter_dimensions(w, sub, table, format);
  table.contributors = std::move(patients);
  table.hospitals = std::move(hospitals);
  std::vector<std::uint64_t>().swap(w.inner);
  std::vector<std::uint32_t>().swap(w.patient);
  std::vector<std::int32_t>().swap(w.hospital);
  return table;
}

}  // namespace hitoku::registry
