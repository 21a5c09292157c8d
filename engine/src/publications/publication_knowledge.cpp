// Registered publications as attacker knowledge (rule ⑤): the same model as earlier publications
// declared in a manifest. A registered dimension joins the submission's dimension of the same id when
// it is the same code list, else it becomes another grouping of the variable it names (linked by
// model/groupings.h, so the difference between groupings is part of the audit), or a dimension the
// submission's tables hold only as their total.
#include <map>
#include <set>
#include <optional>
#include <stdexcept>

#include "hitoku/model/error.h"
#include "hitoku/model/groupings.h"
#include "hitoku/model/label_twins.h"
#include "hitoku/model/linked_tables.h"
#include "hitoku/publications/publications.h"
#include "ingest/earlier_truth.h"

namespace hitoku::publications {
namespace {

// The same list: every code of `own` that a table may show, in order, with the same parents.
bool same_codes(const Dimension& own, const Dimension& d) {
  int k = 0;
  for (int i = 0; i < own.size(); ++i) {
    if (own.is_refinement(i)) continue;
    if (k >= d.size() || d.code(k) != own.code(i)) return false;
    const int a = own.parent(i), b = d.parent(k++);
    if ((a < 0) != (b < 0) || (a >= 0 && own.code(a) != d.code(b))) return false;
  }
  return k == d.size();
}

class Injector {
 public:
  Injector(Submission& s, const std::string& path) : sub_(s), path_(path) {}

  void add(const Publication& p) {
    prefix_ = p.meta.approval_number + ":";
    renamed_codes_.clear();
    where_ = SourcePos{path_, 0, p.meta.approval_number};
    std::map<std::string, int> dim_of;
    for (const StoredDimension& d : p.dimensions) dim_of[d.id] = join_dimension(d);
    try {
      link_groupings(sub_.dimensions);
    } catch (const InputError& e) {
      fail("提出物の次元とつなげません: " + e.message_ja(), "cannot be linked with the submission's dimensions: " + e.message_en());
    }
    RegistryPublicationUsed used{p.meta.approval_number, p.meta.approval_date, p.meta.title, p.meta.venue,
                                 p.meta.publication_date, p.meta.content_sha256, {}};
    for (const StoredTable& st : p.tables) {
      sub_.tables.push_back(table(p, st, dim_of));
      used.tables.push_back(sub_.tables.back().id);
    }
    sub_.registry_publications.push_back(std::move(used));
  }

 private:
  Submission& sub_;
  std::string path_, prefix_;
  SourcePos where_;
  // Per registered dimension id whose codes were renamed to the submission's (the same names under
  // other codes): stored code -> the code the joined dimension uses.
  std::map<std::string, std::map<std::string, std::string>> renamed_codes_;

  [[noreturn]] void fail(const std::string& ja, const std::string& en) const {
    throw InputError(where_, "登録済み公表物「" + where_.field + "」: " + ja, "registered publication '" + where_.field + "': " + en);
  }

  // A dimension of the submission whose finest codes and labels are those of a registered dimension (`shicho`
  // beside `area`, whatever variable names two researchers chose): one variable, as one id would be. Not a
  // hospital's area, whose codes are a patient's area's too. -1 when none.
  int undeclared_twin(const StoredDimension& d) const {
    std::set<std::string> parents;
    for (const StoredCode& c : d.codes) parents.insert(c.parent);
    std::set<std::pair<std::string, std::string>> leaves;
    for (const StoredCode& c : d.codes)
      if (!parents.count(c.code)) leaves.insert({c.code, c.label});
    std::set<std::string> hospital;
    for (const Table& t : sub_.tables) hospital.insert(t.hospital_dimension);
    for (std::size_t k = 0; k < sub_.dimensions.size(); ++k) {
      const Dimension& own = sub_.dimensions[k];
      if (hospital.count(own.id())) continue;
      std::set<std::pair<std::string, std::string>> own_leaves;
      for (int leaf : own.leaves()) own_leaves.insert({own.code(leaf), own.code_label(leaf)});
      if (own_leaves == leaves) return static_cast<int>(k);
    }
    return -1;
  }

  // A dimension of the submission with the registered one's finest names under other codes (282014 beside
  // 28201, M/F beside 1/2), as undeclared_twin; -1 when none.
  int label_twin(const Dimension& dim) const {
    std::set<std::string> hospital;
    for (const Table& t : sub_.tables) hospital.insert(t.hospital_dimension);
    for (std::size_t k = 0; k < sub_.dimensions.size(); ++k)
      if (!hospital.count(sub_.dimensions[k].id()) && label_twin_leaves(finest_codes(sub_.dimensions[k]), finest_codes(dim)))
        return static_cast<int>(k);
    return -1;
  }

  Dimension stored_dimension(const StoredDimension& d) const {
    Dimension dim(prefix_ + d.id, d.label);
    for (const StoredCode& c : d.codes)
      if (!dim.add_code(c.code, c.label, c.parent))
        fail("次元「" + d.id + "」のコード「" + c.code + "」が重複しています", "dimension '" + d.id + "' repeats code '" + c.code + "'");
    try {
      dim.finalize();
    } catch (const std::invalid_argument& e) {
      fail("次元「" + d.id + "」のコード一覧が不正です: " + e.what(), "dimension '" + d.id + "' has a bad code list: " + e.what());
    }
    return dim;
  }

  // The submission's index of a registered dimension, adding it when no identical one exists.
  int join_dimension(const StoredDimension& d) {
    std::string key = variable_key(d.id, d.variable);
    Dimension dim = stored_dimension(d);
    int same = sub_.find_dimension(d.id);
    if (same < 0) same = undeclared_twin(d);
    if (same < 0) same = label_twin(dim);
    if (same >= 0) {
      // One dimension id is one variable (as in groupings.h's same_variable), whatever each side declared:
      // the publication's dimension is then a grouping of the submission's, never a stranger to it.
      const Dimension& own = sub_.dimensions[static_cast<std::size_t>(same)];
      if (const auto leaves = label_twin_leaves(finest_codes(own), finest_codes(dim))) {
        if (auto twin = renamed_twin(dim, own, *leaves)) {
          auto& rename = renamed_codes_[d.id];
          for (int i = 0; i < dim.size(); ++i) rename[dim.code(i)] = twin->code(i);
          dim = std::move(*twin);
        }
      }
      if (same_codes(own, dim)) return same;
      key = variable_key(own.id(), own.variable());
    }
    // Groupings of one variable: every dimension standing for it names it, so linking joins them.
    for (Dimension& own : sub_.dimensions)
      if (variable_key(own.id(), own.variable()) == key && own.variable().empty()) own.set_variable(key);
    dim.set_variable(key);
    sub_.dimensions.push_back(std::move(dim));
    return static_cast<int>(sub_.dimensions.size()) - 1;
  }

  Table table(const Publication& p, const StoredTable& st, const std::map<std::string, int>& dim_of) const {
    Table t;
    t.id = prefix_ + st.id;
    if (sub_.find_table(t.id) >= 0) fail("表「" + st.id + "」が二度現れます", "table '" + st.id + "' appears twice");
    t.title = "【登録済み公表物 " + p.meta.approval_number + "「" + p.meta.title + "」】" + st.title;
    t.source = {path_, 0, p.meta.approval_number + " " + st.id};
    t.earlier_publication = true;
    for (std::size_t d = 0; d < st.dims.size(); ++d) {
      auto it = dim_of.find(st.dims[d]);
      if (it == dim_of.end())
        fail("表「" + st.id + "」の次元「" + st.dims[d] + "」がレジストリにありません（登録が不完全です）",
             "table '" + st.id + "' uses dimension '" + st.dims[d] + "', which the registry does not hold (incomplete entry)");
      const Dimension& dim = sub_.dimensions[static_cast<std::size_t>(it->second)];
      t.dims.push_back(it->second);
      std::vector<int> codes;
      const auto renamed = renamed_codes_.find(st.dims[d]);
      auto joined_code = [&](const std::string& code) -> const std::string& {
        if (renamed == renamed_codes_.end()) return code;
        const auto to = renamed->second.find(code);
        return to == renamed->second.end() ? code : to->second;
      };
      for (const auto& code : st.codes[d]) {
        const int c = dim.find(joined_code(code));
        if (c < 0)
          fail("表「" + st.id + "」のコード「" + code + "」が次元「" + st.dims[d] + "」にありません",
               "table '" + st.id + "': code '" + code + "' is not in dimension '" + st.dims[d] + "'");
        codes.push_back(c);
      }
      t.codes.push_back(std::move(codes));
    }
    // The registry does not know a suppressed cell's value: 0 stands in, marked unknown (the consistency
    // check uses published cells of earlier publications only; rule ⑤ takes unknown ones as possibly small).
    for (const auto& v : st.published) {
      t.value.push_back(v.value_or(0));
      t.status.push_back(v ? CellStatus::Published : CellStatus::SuppressedByUser);
      t.value_unknown.push_back(v ? 0 : 1);  // values_from_submission fills what it can
    }
    t.registered_ranges = st.derived;  // what its rates and shares told (rule ⑤)
    return t;
  }
};

// The registry stores no true values, but this submission's tables count the same records and often
// give a registered table's suppressed cell (ingest/earlier_truth.h, as for a manifest's earlier table:
// the same cell, or its parts along one dimension). A cell given so is judged by its count (rule ⑤);
// the others stay unknown and are taken as possibly small.
void values_from_submission(Submission& s, std::size_t first_registered) {
  std::optional<ingest::EarlierTruth> truth;
  for (std::size_t ti = first_registered; ti < s.tables.size(); ++ti) {
    Table& t = s.tables[ti];
    for (std::size_t f = 0; f < t.cell_count(); ++f) {
      if (!t.is_value_unknown(f)) continue;
      if (!truth) truth.emplace(s.dimensions, s.tables);
      if (const auto v = truth->of(t, f)) {
        t.value[f] = *v;
        t.value_unknown[f] = 0;
      }
    }
  }
}

}  // namespace

void add_as_earlier_publications(Submission& submission, const std::vector<Publication>& publications,
                                 const std::string& registry_path) {
  const std::size_t first_registered = submission.tables.size();
  Injector injector(submission, registry_path);
  for (const Publication& p : publications) injector.add(p);
  if (publications.empty()) return;
  values_from_submission(submission, first_registered);
  try {
    check_linked_tables(submission);
  } catch (const InputError& e) {
    throw InputError(e.where(), "登録済み公表物と提出物が食い違います（同じデータの集計ではない公表物は --data-years・--since・--until で除いてください）: " + e.message_ja(),
                     "a registered publication contradicts the submission (leave out publications of other data with "
                     "--data-years, --since, --until): " + e.message_en());
  }
}

}  // namespace hitoku::publications
