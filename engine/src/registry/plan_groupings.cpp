// Two or more plan dimensions built from one extract field (age in 10-year bands and in
// 0-39/40-64/65+), or from fields of one family (field_families.h), are groupings of one variable.
// Their common refinement: each distinct combination of leaves is a unit, added under the leaves it
// falls in; then the dimensions are linked like a manifest's (model/groupings.h). For one field the
// combinations come from recoding every value the field can hold; for a family of fields, from the
// records (a combination no record shows is left out, which credits the reader with more than he may
// know: the alarm side, never a false pass).
#include <map>

#include "field_families.h"
#include "hitoku/model/groupings.h"
#include "plan_build.h"

namespace hitoku::registry {

void PlanBuild::setup_field_families() {
  std::vector<bool> used(plan_.dimensions.size(), false);
  for (const auto& w : work)
    for (int d : w.dims) used[static_cast<std::size_t>(d)] = true;
  std::map<std::string, std::size_t> index;
  for (std::size_t d = 0; d < plan_.dimensions.size(); ++d) {
    if (!used[d]) continue;
    const std::string name = field_family(plan_.dimensions[d].field);
    auto [it, fresh] = index.emplace(name, families_.size());
    if (fresh) families_.push_back({name, {}, true, {}});
    FieldFamily& f = families_[it->second];
    if (!f.dims.empty() && dim_slot_[f.dims.front()] != dim_slot_[d]) f.one_field = false;
    f.dims.push_back(d);
  }
  std::erase_if(families_, [](const FieldFamily& f) { return f.dims.size() < 2; });
}

// After record_valid (hits_ set): the record's combination of leaves in each family.
void PlanBuild::note_family_units() {
  for (auto& f : families_) {
    std::vector<int> leaves;
    for (std::size_t d : f.dims) {
      if (hits_[d]->code < 0) break;  // 不明 or 県外 made an error by the plan: a bad row
      leaves.push_back(hits_[d]->code);
    }
    if (leaves.size() == f.dims.size()) f.seen.insert(std::move(leaves));
  }
}

namespace {

// Adds each unit (a combination of leaves, one per grouping) under its leaf in grouping k.
void add_units(std::vector<Dimension*>& dims, std::size_t k, const std::set<std::vector<int>>& units,
               const SourcePos& where) {
  Dimension& dim = *dims[k];
  std::vector<char> reached(static_cast<std::size_t>(dim.size()), 0);
  for (const auto& leaves : units) {
    std::string code, label;
    for (std::size_t j = 0; j < dims.size(); ++j) {
      code += (j ? "&" : "") + dims[j]->id() + "=" + dims[j]->code(leaves[j]);
      label += (j ? " ∩ " : "") + dims[j]->code_label(leaves[j]);
    }
    reached[static_cast<std::size_t>(leaves[k])] = 1;
    dim.add_refinement_code(code, label, dim.code(leaves[k]));
  }
  for (int leaf : dim.leaves())
    if (!reached[static_cast<std::size_t>(leaf)])
      throw InputError(where,
                       "区分「" + dim.id() + "」の「" + dim.code_label(leaf) +
                           "」に当たる値（記録）がなく、同じ項目・関連する項目から作った他の区分との対応が決まりません。"
                           "一つの区分の階層と show を使ってください",
                       "no value (record) falls in '" + dim.code(leaf) + "' of dimension '" + dim.id() +
                           "', so its relation to the other dimensions of the same or a related field is undefined; "
                           "use one dimension's hierarchy with show");
}

}  // namespace

void PlanBuild::link_field_groupings(Submission& sub) {
  // Every dimension names the field it reads as its variable, the only grouping of it too: the manifests
  // written from this plan then meet another submission banding the same field otherwise (ages by 10 and by
  // 5 years) as one variable in the registry, instead of two that never meet.
  for (std::size_t d = 0; d < plan_.dimensions.size(); ++d)
    if (sub_dim[d] >= 0 && !plan_.dimensions[d].field.empty()) {
      Dimension& dim = sub.dimensions[static_cast<std::size_t>(sub_dim[d])];
      if (dim.variable().empty()) dim.set_variable(field_family(plan_.dimensions[d].field));
    }
  std::vector<SourcePos> where(sub.dimensions.size());
  for (const FieldFamily& f : families_) {
    std::set<std::vector<int>> units = f.seen;
    if (f.one_field)  // every value the field can hold, recoded by each dimension
      for (const auto& value : recoders_[f.dims.front()].domain()) {
        std::vector<int> leaves;
        for (std::size_t d : f.dims) {
          const RecodeHit& hit = recoders_[d].apply(value);
          if (hit.outcome == RecodeOutcome::Invalid || hit.code < 0) break;  // never counted (a bad row)
          leaves.push_back(hit.code);
        }
        if (leaves.size() == f.dims.size()) units.insert(std::move(leaves));
      }
    std::vector<Dimension*> dims;
    for (std::size_t d : f.dims) dims.push_back(&sub.dimensions[static_cast<std::size_t>(sub_dim[d])]);
    for (std::size_t k = 0; k < dims.size(); ++k) {
      add_units(dims, k, units, plan_.dimensions[f.dims[k]].source);
      dims[k]->finalize();
      dims[k]->set_variable(f.name);
      where[static_cast<std::size_t>(sub_dim[f.dims[k]])] = plan_.dimensions[f.dims[k]].source;
    }
  }
  link_groupings(sub.dimensions, where);
}

}  // namespace hitoku::registry
