#include "synthetic.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <stdexcept>

namespace hitoku::bench {
namespace {

std::vector<std::vector<std::string>> read_csv(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::vector<std::vector<std::string>> rows;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::stringstream ss(line);
    std::string x;
    while (std::getline(ss, x, ',')) f.push_back(x);
    rows.push_back(f);
  }
  return rows;
}

Dimension geography(const SyntheticSpec& spec) {
  const std::string& g = spec.geography;
  Dimension d("area", "地域");
  if (g == "hanshin") {  // one medical area: its municipalities under it
    d.add_code("MA02", "阪神医療圏", "");
    for (const auto& r : read_csv(spec.reference_dir + "/hyogo_municipalities.csv"))
      if (r[2] != "区" && r[4] == "02") d.add_code(r[0], r[1], "MA02");
  } else if (g == "hyogo") {
    d.add_code("00000", "兵庫県", "");
    for (const auto& r : read_csv(spec.reference_dir + "/hyogo_municipalities.csv")) {
      if (r[2] == "区") continue;  // Kobe as one municipality
      const std::string area = "MA" + r[4];
      if (d.find(area) < 0) d.add_code(area, r[5] + "医療圏", "00000");
      d.add_code(r[0], r[1], area);
    }
  } else {  // japan, or osaka-hyogo (prefectures 27 and 28 of the same list)
    d.add_code("00000", g == "japan" ? "全国" : "大阪府・兵庫県", "");
    for (const auto& r : read_csv(spec.reference_dir + "/japan_municipalities.csv")) {
      if (r[0] >= "01695" && r[0] <= "01700") continue;  // Northern Territories
      const std::string prefix = r[0].substr(0, 2);
      if (g != "japan" && prefix != "27" && prefix != "28") continue;
      const std::string pref = prefix + "000";
      if (d.find(pref) < 0) d.add_code(pref, r[3], "00000");
      d.add_code(r[0], r[1], pref);
    }
  }
  d.finalize();
  return d;
}

Dimension flat_dimension(const std::string& id, const std::string& label, int n, const std::string& prefix) {
  Dimension d(id, label);
  d.add_code("T", "総数", "");
  for (int i = 1; i <= n; ++i) {
    char code[16];
    std::snprintf(code, sizeof code, "%s%02d", prefix.c_str(), i);
    d.add_code(code, code, "T");
  }
  d.finalize();
  return d;
}

// Every code, or only the root and leaves' parents and leaves (the upper geography).
std::vector<int> all_codes(const Dimension& d) {
  std::vector<int> c(static_cast<std::size_t>(d.size()));
  for (int i = 0; i < d.size(); ++i) c[static_cast<std::size_t>(i)] = i;
  return c;
}
std::vector<int> codes_to_depth(const Dimension& d, int depth) {
  std::vector<int> c;
  for (int i = 0; i < d.size(); ++i)
    if (d.depth(i) <= depth) c.push_back(i);
  return c;
}

// Table over dims (submission indices) with codes, values summed from the inner array.
Table make_table(const Submission& s, const std::string& id, const std::string& title, std::vector<int> dims,
                 std::vector<std::vector<int>> codes, const std::vector<std::int32_t>& truth) {
  Table t;
  t.id = id;
  t.title = title;
  t.dims = dims;
  t.codes = codes;
  const std::size_t n = t.cell_count();
  t.value.assign(n, 0);
  t.status.assign(n, CellStatus::Published);
  // Leaf-level marginal first, then each cell sums the leaves under its codes.
  const std::size_t k = dims.size();
  std::vector<std::size_t> nleaf(4);
  for (int d = 0; d < 4; ++d) nleaf[static_cast<std::size_t>(d)] = s.dimensions[static_cast<std::size_t>(d)].leaves().size();
  std::vector<std::size_t> mstride(k, 1);
  std::size_t msize = 1;
  for (std::size_t td = k; td-- > 0;) {
    mstride[td] = msize;
    msize *= nleaf[static_cast<std::size_t>(dims[td])];
  }
  std::vector<std::int64_t> marginal(msize, 0);
  std::size_t idx[4] = {0, 0, 0, 0};
  for (std::size_t flat = 0; flat < truth.size(); ++flat) {
    std::size_t f = flat;
    for (int d = 3; d >= 0; --d) {
      idx[d] = f % nleaf[static_cast<std::size_t>(d)];
      f /= nleaf[static_cast<std::size_t>(d)];
    }
    std::size_t m = 0;
    for (std::size_t td = 0; td < k; ++td) m += mstride[td] * idx[dims[td]];
    marginal[m] += truth[flat];
  }
  for (std::size_t c = 0; c < n; ++c) {
    const auto pos = t.positions(c);
    // Sum over the product of leaf sets.
    std::vector<const std::vector<int>*> sets(k);
    for (std::size_t td = 0; td < k; ++td)
      sets[td] = &s.dimensions[static_cast<std::size_t>(dims[td])].leaves_under(codes[td][static_cast<std::size_t>(pos[td])]);
    std::vector<std::size_t> it(k, 0);
    std::int64_t sum = 0;
    while (true) {
      std::size_t m = 0;
      for (std::size_t td = 0; td < k; ++td) m += mstride[td] * static_cast<std::size_t>((*sets[td])[it[td]]);
      sum += marginal[m];
      std::size_t td = k;
      while (td-- > 0) {
        if (++it[td] < sets[td]->size()) break;
        it[td] = 0;
      }
      if (td == static_cast<std::size_t>(-1)) break;
    }
    t.value[c] = sum;
  }
  return t;
}

// Primary: counts in 1..9. Secondary: wherever a cell and its children (along one dimension)
// hold exactly one suppressed cell, also suppress the smallest published child.
void suppress(const Submission& s, Table& t, bool secondary) {
  for (std::size_t c = 0; c < t.cell_count(); ++c)
    if (t.value[c] >= 1 && t.value[c] <= 9) t.status[c] = CellStatus::SuppressedPrimary;
  if (!secondary) return;
  for (int pass = 0; pass < 6; ++pass) {
    bool changed = false;
    for (std::size_t c = 0; c < t.cell_count(); ++c) {
      auto pos = t.positions(c);
      for (std::size_t td = 0; td < t.dims.size(); ++td) {
        const Dimension& dim = s.dimensions[static_cast<std::size_t>(t.dims[td])];
        const int code = t.codes[td][static_cast<std::size_t>(pos[td])];
        if (dim.is_leaf(code)) continue;
        std::vector<std::size_t> group{c};
        const int keep = pos[td];
        for (std::size_t q = 0; q < t.codes[td].size(); ++q)
          if (dim.parent(t.codes[td][q]) == code) {
            pos[td] = static_cast<int>(q);
            group.push_back(t.flat_index(pos));
          }
        pos[td] = keep;
        int hidden = 0;
        for (auto g : group) hidden += is_suppressed(t.status[g]);
        if (hidden != 1) continue;
        std::size_t best = 0;
        std::int64_t best_v = -1;
        for (std::size_t i = 1; i < group.size(); ++i) {
          const auto g = group[i];
          if (is_suppressed(t.status[g])) continue;
          // Prefer small positive counts; zeros only as a last resort.
          const std::int64_t v = t.value[g] == 0 ? (std::int64_t{1} << 40) : t.value[g];
          if (best_v < 0 || v < best_v) { best = g; best_v = v; }
        }
        if (best_v >= 0) {
          t.status[best] = CellStatus::SuppressedSecondary;
          changed = true;
        }
      }
    }
    if (!changed) break;
  }
}

}  // namespace

bool known_geography(const std::string& name) {
  return name == "hyogo" || name == "japan" || name == "hanshin" || name == "osaka-hyogo";
}

double default_cases(const std::string& geography) {
  if (geography == "japan") return 1000000;
  if (geography == "osaka-hyogo") return 115000;
  if (geography == "hanshin") return 14000;
  return 45000;
}

Submission make_synthetic(const SyntheticSpec& spec) {
  Submission s;
  s.info.title = "synthetic " + spec.geography + " " + spec.layout;
  s.dimensions.push_back(geography(spec));
  s.dimensions.push_back(flat_dimension("site", "部位", spec.sites, "C"));
  s.dimensions.push_back(flat_dimension("age", "年齢階級", spec.ages, "A"));
  Dimension sex("sex", "性別");
  sex.add_code("T", "総数", "");
  sex.add_code("1", "男", "T");
  sex.add_code("2", "女", "T");
  sex.finalize();
  s.dimensions.push_back(sex);

  // Counts: Poisson with a rate from area size, site and age weights.
  std::mt19937_64 rng(spec.seed);
  std::lognormal_distribution<double> area_w(0.0, 1.0), site_w(0.0, 0.8);
  std::vector<double> wa, ws, wg{}, wx{0.55, 0.45};
  for (std::size_t i = 0; i < s.dimensions[0].leaves().size(); ++i) wa.push_back(area_w(rng));
  for (int i = 0; i < spec.sites; ++i) ws.push_back(site_w(rng));
  for (int i = 0; i < spec.ages; ++i) wg.push_back(std::exp(0.25 * i));
  auto normalise = [](std::vector<double>& v) {
    double t = 0;
    for (double x : v) t += x;
    for (double& x : v) x /= t;
  };
  normalise(wa);
  normalise(ws);
  normalise(wg);
  std::vector<std::int32_t> truth(wa.size() * ws.size() * wg.size() * wx.size());
  std::size_t k = 0;
  for (double a : wa)
    for (double si : ws)
      for (double g : wg)
        for (double x : wx) {
          const double lambda = spec.cases * a * si * g * x;
          truth[k++] = lambda > 0 ? std::poisson_distribution<std::int32_t>(lambda)(rng) : 0;
        }

  const auto& area = s.dimensions[0];
  const auto every = [&](int d) { return all_codes(s.dimensions[static_cast<std::size_t>(d)]); };
  if (spec.layout == "linked") {
    s.tables.push_back(make_table(s, "t1", "表1 地域×部位×性別", {0, 1, 3}, {every(0), every(1), every(3)}, truth));
    s.tables.push_back(make_table(s, "t2", "表2 地域×年齢×性別", {0, 2, 3}, {every(0), every(2), every(3)}, truth));
    s.tables.push_back(make_table(s, "t3", "表3 部位×年齢×性別", {1, 2, 3}, {every(1), every(2), every(3)}, truth));
  } else if (spec.layout == "acyclic") {
    s.tables.push_back(make_table(s, "t1", "表1 地域×部位×性別", {0, 1, 3}, {every(0), every(1), every(3)}, truth));
    s.tables.push_back(make_table(s, "t2", "表2 部位×年齢×性別", {1, 2, 3}, {every(1), every(2), every(3)}, truth));
    s.tables.push_back(make_table(s, "t3", "表3 地域×性別", {0, 3}, {every(0), every(3)}, truth));
  } else {
    s.tables.push_back(make_table(s, "t1", "表1 地域×部位×年齢×性別", {0, 1, 2, 3},
                                  {every(0), every(1), every(2), every(3)}, truth));
    s.tables.push_back(make_table(s, "t2", "表2 地域×部位×性別", {0, 1, 3}, {every(0), every(1), every(3)}, truth));
    s.tables.push_back(make_table(s, "t3", "表3 上位地域×部位×年齢×性別", {0, 1, 2, 3},
                                  {codes_to_depth(area, 1), every(1), every(2), every(3)}, truth));
  }
  for (auto& t : s.tables) suppress(s, t, spec.secondary);
  return s;
}

}  // namespace hitoku::bench
