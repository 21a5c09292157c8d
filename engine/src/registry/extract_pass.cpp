// Building a submission from a table plan, the streaming pass: each record of the extract checked
// against the layout and the recodes, then counted into every table whose filters it passes.
#include <charconv>

#include "plan_build.h"

namespace hitoku::registry {
namespace {

bool valid_hospital_code(std::string_view v) {
  if (v.size() != 5) return false;
  for (char c : v)
    if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) return false;
  return true;
}

}  // namespace

void PlanBuild::report_bad(long line, const std::string& field, std::string_view value, std::string ja,
                           std::string en) {
  ++bad_total_;
  if (static_cast<int>(bad_.size()) < plan_.max_bad_rows_reported)
    bad_.push_back({line, field, std::string(value.substr(0, 40)), std::move(ja), std::move(en)});
}

std::string PlanBuild::read_extract(const ProgressCallback& progress) {
  // 多重がん番号 is in every extract of the layout; a cut-down extract without it gets no tumour check.
  ExtractReader reader(plan_.extract, needed_, plan_.encoding,
                       {needed_[static_cast<std::size_t>(tumour_slot_)], needed_[static_cast<std::size_t>(row_slot_)]});
  slot_present_.clear();
  for (std::size_t s = 0; s < needed_.size(); ++s) slot_present_.push_back(reader.has_column(s));
  std::vector<std::string_view> v;
  for (;;) {
    try {
      if (!reader.next(v)) break;
    } catch (const InputError& e) {
      ++records;
      report_bad(e.where().line, e.where().field, "", e.message_ja(), e.message_en());
      continue;
    }
    ++records;
    if (progress && (records & 0xFFFF) == 0) progress("records", records, 0);
    const long line = reader.line();
    if (record_valid(v, line) && first_of_its_tumour(v, line) && row_number_unique(v, line)) count_record(v, line);
  }
  if (bad_total_ > 0) throw ExtractError(plan_.extract, std::move(bad_), bad_total_);
  return reader.sha256_hex();
}

// The layout's types and codes, the hospital codes and the recodes; sets hits_.
bool PlanBuild::record_valid(const std::vector<std::string_view>& v, long line) {
  bool ok = true;
  for (std::size_t s = 0; s < needed_.size(); ++s) {
    if (!slot_present_[s]) continue;  // an optional column the extract does not have
    if (!extract_value_valid(*slot_field_[s], v[s])) {
      report_bad(line, needed_[s], v[s], "様式第1号 別紙の型・桁数・コードに合わない値です",
                 "value does not match the layout's type, width or codes");
      ok = false;
    } else if (is_hospital_slot_[s] && !v[s].empty() && !valid_hospital_code(v[s])) {
      report_bad(line, needed_[s], v[s], "病院コードは5文字の英数字です", "a hospital code has 5 letters or digits");
      ok = false;
    }
  }
  if (!ok) return false;
  for (std::size_t d = 0; d < plan_.dimensions.size(); ++d) {
    hits_[d] = &recoders_[d].apply(v[static_cast<std::size_t>(dim_slot_[d])]);
    if (hits_[d]->outcome == RecodeOutcome::Invalid) {
      report_bad(line, needed_[static_cast<std::size_t>(dim_slot_[d])], v[static_cast<std::size_t>(dim_slot_[d])],
                 hits_[d]->why_ja, hits_[d]->why_en);
      ok = false;
    }
  }
  return ok;
}

// One tumour is one record: a second record with the same patient number and 多重がん番号 (a line
// copied twice, say) would be counted twice, so it is a bad row naming both lines.
bool PlanBuild::first_of_its_tumour(const std::vector<std::string_view>& v, long line) {
  if (!slot_present_[static_cast<std::size_t>(tumour_slot_)]) return true;
  const std::string_view pv = v[static_cast<std::size_t>(patient_slot_)], tv = v[static_cast<std::size_t>(tumour_slot_)];
  std::uint64_t patient = 0, tumour = 0;
  std::from_chars(pv.data(), pv.data() + pv.size(), patient);
  std::from_chars(tv.data(), tv.data() + tv.size(), tumour);
  const auto [it, fresh] = tumour_line_.emplace((patient << 8) | (tumour & 0xFF), line);
  if (fresh) return tumour_numbers_agree(static_cast<std::uint32_t>(patient), tumour, pv, tv, line);
  const std::string first = std::to_string(it->second);
  report_bad(line, needed_[static_cast<std::size_t>(tumour_slot_)], tv,
             "提供情報患者番号「" + std::string(pv) + "」・多重がん番号「" + std::string(tv) + "」の記録が " + first +
                 " 行目と " + std::to_string(line) + " 行目の2つあります（同じ腫瘍を2回数えないため、重複を除いてください）",
             "lines " + first + " and " + std::to_string(line) + " are both the record of patient " + std::string(pv) +
                 ", multiple-cancer number " + std::string(tv) + " (one tumour would be counted twice; remove the duplicate)");
  return false;
}

// 多重がん番号 0 means the patient has no other tumour, so a second record of that patient (either
// way round) contradicts it: one of the two is wrong, and the tables cannot say which to count.
bool PlanBuild::tumour_numbers_agree(std::uint32_t patient, std::uint64_t tumour, std::string_view pv,
                                     std::string_view tv, long line) {
  const auto [it, fresh] = patient_seen_.emplace(patient, PatientSeen{line, tumour == 0});
  if (fresh || (!it->second.single && tumour != 0)) return true;
  const std::string first = std::to_string(it->second.line);
  report_bad(line, needed_[static_cast<std::size_t>(tumour_slot_)], tv,
             "提供情報患者番号「" + std::string(pv) + "」の記録が " + first + " 行目と " + std::to_string(line) +
                 " 行目にあり、一方の多重がん番号が 0（多重がんなし）です。多重がん番号か患者番号を確かめてください",
             "patient " + std::string(pv) + " has records on lines " + first + " and " + std::to_string(line) +
                 ", one with multiple-cancer number 0 (no other cancer); check the numbers");
  return false;
}

// 行番号 runs from 1 within the file: a number seen twice means a line copied or two files joined,
// and the records behind it may be counted twice.
bool PlanBuild::row_number_unique(const std::vector<std::string_view>& v, long line) {
  if (!slot_present_[static_cast<std::size_t>(row_slot_)]) return true;
  const std::string_view rv = v[static_cast<std::size_t>(row_slot_)];
  std::uint64_t row = 0;
  std::from_chars(rv.data(), rv.data() + rv.size(), row);
  const auto [it, fresh] = row_number_line_.emplace(row, line);
  if (fresh) return true;
  report_bad(line, needed_[static_cast<std::size_t>(row_slot_)], rv,
             "行番号「" + std::string(rv) + "」が " + std::to_string(it->second) + " 行目と " + std::to_string(line) +
                 " 行目の2つにあります（行の重複か、ファイルをつないだときの番号の重なりです。重複を除くか番号を振り直してください）",
             "row number " + std::string(rv) + " appears on lines " + std::to_string(it->second) + " and " +
                 std::to_string(line) + " (a copied line, or files joined without renumbering; remove or renumber)");
  return false;
}

void PlanBuild::count_record(const std::vector<std::string_view>& v, long line) {
  auto keeps = [&](const FilterEval& f) {
    if (f.slot >= 0) return f.keep(v[static_cast<std::size_t>(f.slot)]);
    const RecodeHit& h = *hits_[static_cast<std::size_t>(f.dimension)];
    return h.outcome == RecodeOutcome::Leaf &&
           f.keep(recoders_[static_cast<std::size_t>(f.dimension)].dimension().code(h.code));
  };
  auto passes = [&](const std::vector<FilterEval>& filters) {
    for (const auto& f : filters)
      if (!keeps(f)) return false;
    return true;
  };
  if (!passes(global_)) return;
  note_family_units();
  for (std::size_t g = 0; g < group_evals_.size(); ++g) {
    if (group_evals_[g].empty()) continue;
    std::uint64_t bits = 0;
    for (std::size_t i = 0; i < group_evals_[g].size(); ++i)
      if (keeps(group_evals_[g][i])) bits |= std::uint64_t{1} << i;
    group_atoms_[g].insert(bits);
  }

  std::uint32_t patient_number = 0;
  std::string_view pv = v[static_cast<std::size_t>(patient_slot_)];
  std::from_chars(pv.data(), pv.data() + pv.size(), patient_number);
  for (auto& w : work) {
    if (!passes(w.filters)) continue;
    std::uint64_t flat = 0;
    bool cell_ok = true;
    for (std::size_t k = 0; k < w.dims.size(); ++k) {
      const auto d = static_cast<std::size_t>(w.dims[k]);
      const RecodeHit& h = *hits_[d];
      if (h.code < 0) {  // 不明 or 県外 that the plan makes an error
        report_bad(line, needed_[static_cast<std::size_t>(dim_slot_[d])], v[static_cast<std::size_t>(dim_slot_[d])],
                   std::string(h.why_ja) + "（計画で error 指定）", std::string(h.why_en) + " (an error by the plan)");
        cell_ok = false;
        break;
      }
      flat = flat * w.leaf_counts[k] + static_cast<std::uint64_t>(recoders_[d].dimension().leaf_position(h.code));
    }
    if (!cell_ok) continue;
    auto [pit, pnew] = patient_index_.emplace(patient_number, static_cast<std::uint32_t>(patient_index_.size()));
    (void)pnew;
    std::string_view hv = v[static_cast<std::size_t>(w.hospital_slot)];
    std::int32_t hosp = -1;
    if (!hv.empty()) {
      auto hit = hospital_index_.find(std::string(hv));
      if (hit == hospital_index_.end()) {
        hit = hospital_index_.emplace(std::string(hv), static_cast<std::int32_t>(hospital_codes_.size())).first;
        hospital_codes_.emplace_back(hv);
      }
      hosp = hit->second;
    }
    w.inner.push_back(flat);
    w.patient.push_back(pit->second);
    w.hospital.push_back(hosp);
  }
}

}  // namespace hitoku::registry
