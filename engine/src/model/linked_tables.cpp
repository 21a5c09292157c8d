#include "hitoku/model/linked_tables.h"

#include "hitoku/model/checked_count.h"

#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace hitoku {
namespace {

// The usual cause: a table about one site, year or sex whose file has no column for it is read as
// the sum over all of them.
const std::string kHintJa =
    "（一つの部位・年・性別などだけの表でその列がないときは、マニフェストの fixed で示してください）";
const std::string kHintEn =
    " (a table about one site, year, sex... without a column for it must say so with 'fixed:' in the manifest)";

// Whether a cell's value is something we may compare: every true value of a planned table, and the
// published values of an earlier publication.
bool known(const Table& t, std::size_t flat) { return !t.earlier_publication || !is_suppressed(t.status[flat]); }

// A code of one dimension as a set of codes another table shows: the code itself when shown, else
// the union over its children (each expressible), else nothing. Children partition their parent's
// leaves, so the result partitions the code exactly.
class Partition {
 public:
  Partition(const Dimension& dim, const std::vector<int>& shown) : dim_(dim), where_(static_cast<std::size_t>(dim.size()), -1) {
    for (std::size_t p = 0; p < shown.size(); ++p) where_[static_cast<std::size_t>(shown[p])] = static_cast<int>(p);
  }
  // Positions (into the other table's codes) partitioning `code`, or nullopt.
  std::optional<std::vector<int>> of(int code) const {
    if (where_[static_cast<std::size_t>(code)] >= 0) return std::vector<int>{where_[static_cast<std::size_t>(code)]};
    if (dim_.is_leaf(code)) return std::nullopt;
    std::vector<int> all;
    for (int child : dim_.children(code)) {
      auto part = of(child);
      if (!part) return std::nullopt;
      all.insert(all.end(), part->begin(), part->end());
    }
    return all;
  }

 private:
  const Dimension& dim_;
  std::vector<int> where_;
};

bool covers_everything(const Dimension& dim, int code) { return dim.leaves_under(code).size() == dim.leaves().size(); }

std::string cell_en(const Submission& s, const Table& t, std::size_t flat) {
  std::string out = "table '" + t.id + "', cell (";
  bool first = true;
  for (const auto& [dim, code] : s.cell_key(t, flat)) {
    out += (first ? "" : ", ") + dim + "=" + code;
    first = false;
  }
  return out + ")";
}

// The cell in Japanese labels, without the table's title ("兵庫県 × 男").
std::string cell_ja(const Submission& s, const Table& t, std::size_t flat) {
  std::string out;
  const std::vector<int> codes = t.cell_codes(flat);
  for (std::size_t d = 0; d < codes.size(); ++d)
    out += (d ? " × " : "") + s.dimensions[static_cast<std::size_t>(t.dims[d])].code_label(codes[d]);
  return out;
}

SourcePos where(const Table& t, std::size_t flat) {
  if (flat < t.cell_source.size() && !t.cell_source[flat].file.empty()) return t.cell_source[flat];
  return t.source;
}

[[noreturn]] void contradiction(const Submission& s, const Table& a, std::size_t fa, const Table& b,
                                const std::vector<std::size_t>& cells_b, std::int64_t sum_b) {
  const std::string va = std::to_string(a.value[fa]), vb = std::to_string(sum_b);
  const std::string kind_a_ja = is_suppressed(a.status[fa]) ? "真値" : "値";
  const std::string kind_a_en = is_suppressed(a.status[fa]) ? "true value" : "value";
  std::string places;
  const std::size_t shown = std::min<std::size_t>(cells_b.size(), 3);
  for (std::size_t i = 0; i < shown; ++i) places += (i ? ", " : "") + where(b, cells_b[i]).describe();
  if (cells_b.size() == 1) {
    const std::string kind_b_ja = is_suppressed(b.status[cells_b[0]]) ? "真値" : "値";
    throw InputError(where(a, fa),
                     "表「" + a.id + "」のセル「" + cell_ja(s, a, fa) + "」の" + kind_a_ja + " " + va + " が、表「" + b.id +
                         "」の同じ集計のセル「" + cell_ja(s, b, cells_b[0]) + "」（" + places + "）の" + kind_b_ja + " " + vb +
                         " と食い違います。同じ集計は表の間で同じ値でなければなりません" + kHintJa,
                     cell_en(s, a, fa) + ", has " + kind_a_en + " " + va + " but the same count in " +
                         cell_en(s, b, cells_b[0]) + " (" + places + ") is " + vb +
                         "; one count must have one value in every table" + kHintEn);
  }
  const std::string more_ja = cells_b.size() > shown ? " ほか " + std::to_string(cells_b.size() - shown) + " セル" : "";
  const std::string more_en = cells_b.size() > shown ? " and " + std::to_string(cells_b.size() - shown) + " more" : "";
  throw InputError(where(a, fa),
                   "表「" + a.id + "」のセル「" + cell_ja(s, a, fa) + "」の" + kind_a_ja + " " + va + " が、表「" + b.id +
                       "」でその内訳にあたる " + std::to_string(cells_b.size()) + " セル（" + places + more_ja +
                       "）の和 " + vb + " と食い違います。表の間で合計と内訳が一致しなければなりません" + kHintJa,
                   cell_en(s, a, fa) + ", has " + kind_a_en + " " + va + " but the " +
                       std::to_string(cells_b.size()) + " cells of table '" + b.id + "' that make it up (" + places +
                       more_en + ") sum to " + vb + "; totals and parts must agree across tables" + kHintEn);
}

// Every cell of `a` that `b` can state (itself or as a sum of its cells) must agree with `b`.
void compare(const Submission& s, const Table& a, const Table& b) {
  if (a.additive != b.additive) return;  // distinct patients and tumours are different counts
  const std::size_t n_dims = s.dimensions.size();
  std::vector<int> pos_a(n_dims, -1), pos_b(n_dims, -1);
  for (std::size_t d = 0; d < a.dims.size(); ++d) pos_a[static_cast<std::size_t>(a.dims[d])] = static_cast<int>(d);
  for (std::size_t d = 0; d < b.dims.size(); ++d) pos_b[static_cast<std::size_t>(b.dims[d])] = static_cast<int>(d);
  // Per dimension of `a`, per code position: b's code positions for it (dimension in b), or whether
  // the code is the whole dimension (not in b, which shows its root total).
  std::vector<std::vector<std::optional<std::vector<int>>>> via_a(a.dims.size());
  for (std::size_t d = 0; d < a.dims.size(); ++d) {
    const Dimension& dim = s.dimensions[static_cast<std::size_t>(a.dims[d])];
    const int q = pos_b[static_cast<std::size_t>(a.dims[d])];
    std::optional<Partition> part;
    if (q >= 0) part.emplace(dim, b.codes[static_cast<std::size_t>(q)]);
    for (int code : a.codes[d]) {
      if (part) via_a[d].push_back(part->of(code));
      else via_a[d].push_back(covers_everything(dim, code) ? std::optional<std::vector<int>>(std::vector<int>{})
                                                            : std::nullopt);
    }
  }
  // Dimensions of `b` that `a` leaves out: a shows their root total.
  std::vector<std::vector<int>> roots(b.dims.size());
  std::vector<const std::vector<int>*> b_sets(b.dims.size(), nullptr);
  for (std::size_t q = 0; q < b.dims.size(); ++q) {
    const auto e = static_cast<std::size_t>(b.dims[q]);
    if (pos_a[e] >= 0) continue;
    const Dimension& dim = s.dimensions[e];
    auto root = Partition(dim, b.codes[q]).of(dim.root());
    if (!root) return;  // b cannot state any cell of a
    roots[q] = std::move(*root);
    b_sets[q] = &roots[q];
  }
  std::vector<int> b_pos(b.dims.size());
  std::vector<std::size_t> digit, cells;
  for (std::size_t fa = 0; fa < a.cell_count(); ++fa) {
    if (!known(a, fa)) continue;
    const std::vector<int> pa = a.positions(fa);
    bool ok = true;
    for (std::size_t d = 0; d < a.dims.size() && ok; ++d) {
      const auto& via = via_a[d][static_cast<std::size_t>(pa[d])];
      if (!via) ok = false;
      else if (const int q = pos_b[static_cast<std::size_t>(a.dims[d])]; q >= 0) b_sets[static_cast<std::size_t>(q)] = &*via;
    }
    if (!ok) continue;
    std::size_t product = 1;
    for (const auto* set : b_sets) product *= set->size();
    if (product == 0 || (!a.additive && product != 1)) continue;
    // Sum over the product of b's code sets (odometer over the dimensions).
    digit.assign(b.dims.size(), 0);
    cells.clear();
    std::int64_t sum = 0;
    bool all_known = true;
    for (std::size_t k = 0; k < product && all_known; ++k) {
      for (std::size_t q = 0; q < b.dims.size(); ++q) b_pos[q] = (*b_sets[q])[digit[q]];
      const std::size_t fb = b.flat_index(b_pos);
      all_known = known(b, fb);
      if (!add_count(sum, b.value[fb]))
        throw_count_overflow(where(b, fb), b.value[fb], std::numeric_limits<std::int64_t>::max(),
                             "表「" + b.id + "」で表「" + a.id + "」のセル「" + cell_ja(s, a, fa) + "」の内訳にあたるセル",
                             "the cells of table '" + b.id + "' making up " + cell_en(s, a, fa));
      cells.push_back(fb);
      for (std::size_t q = b.dims.size(); q-- > 0;) {
        if (++digit[q] < b_sets[q]->size()) break;
        digit[q] = 0;
      }
    }
    if (all_known && sum != a.value[fa]) contradiction(s, a, fa, b, cells, sum);
  }
}

}  // namespace

void check_linked_table(const Submission& submission, std::size_t index) {
  const Table& t = submission.tables.at(index);
  for (std::size_t other = 0; other < submission.tables.size(); ++other) {
    if (other == index) continue;
    compare(submission, t, submission.tables[other]);
    compare(submission, submission.tables[other], t);
  }
}

void check_linked_tables(const Submission& submission) {
  for (std::size_t a = 0; a < submission.tables.size(); ++a)
    for (std::size_t b = 0; b < submission.tables.size(); ++b)
      if (a != b) compare(submission, submission.tables[a], submission.tables[b]);
}

}  // namespace hitoku
