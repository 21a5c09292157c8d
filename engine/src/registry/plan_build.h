#pragma once
#include "hitoku/report/progress.h"
// Building a submission from a table plan, in stages (build_submission in submission_from_plan.cpp):
// the fields and per-table work set up from the plan (plan_build_setup.cpp), one streaming pass over
// the extract (extract_pass.cpp), then per table its cells and counts (plan_table_counts.cpp).
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "hitoku/model/submission.h"
#include "hitoku/registry/table_plan.h"
#include "recode.h"

namespace hitoku::registry {

inline constexpr std::size_t kMaxCells = 20'000'000;  // a planned table larger than this is a plan error

struct FilterEval {
  const PlanFilter* filter;
  int slot = -1;       // field filters: slot of the needed field
  int dimension = -1;  // dimension filters: plan dimension index
  bool numeric = false;
  std::vector<std::string> in, not_in;  // normalized

  bool keep(std::string_view value) const;
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

class PlanBuild {
 public:
  explicit PlanBuild(const TablePlan& plan);  // set-up: fields, tables, filter dimensions
  PlanBuild(const PlanBuild&) = delete;
  PlanBuild& operator=(const PlanBuild&) = delete;

  // The streaming pass: every record checked and counted into the tables it falls in. Throws
  // ExtractError listing the bad rows after the whole extract is read. Returns the extract's SHA-256.
  // `progress` (may be empty) hears ("records", records read, 0) every 2^16 records.
  std::string read_extract(const ProgressCallback& progress = {});
  // The submission's dimensions: the plan's the tables use, then one per filtered field; sets sub_dim.
  void add_dimensions(Submission& sub);
  // Table `w`'s cells and counts (after add_dimensions); frees its records.
  Table make_table(TableWork& w, const Submission& sub, TableFormat& format);  // format: the fixed dimensions

  std::vector<TableWork> work;
  std::vector<int> sub_dim;  // per plan dimension: its index in the submission, -1 if no table uses it
  long long records = 0;
  std::size_t patient_count() const { return patient_index_.size(); }

 private:
  int need(const std::string& field);
  PlanFilter canonical(PlanFilter f) const;
  int plan_dimension(const std::string& id) const;
  void setup_table(std::size_t ti);
  void setup_filter_dimensions();
  void group_filters_by_field();
  void report_bad(long line, const std::string& field, std::string_view value, std::string ja, std::string en);
  bool record_valid(const std::vector<std::string_view>& v, long line);
  bool first_of_its_tumour(const std::vector<std::string_view>& v, long line);
  bool row_number_unique(const std::vector<std::string_view>& v, long line);
  bool tumour_numbers_agree(std::uint32_t patient, std::uint64_t tumour, std::string_view pv, std::string_view tv,
                            long line);
  void count_record(const std::vector<std::string_view>& v, long line);
  void fix_filter_dimensions(const TableWork& w, const Submission& sub, Table& table, TableFormat& format) const;
  // Dimensions of one field, or of one family of fields, are groupings of one variable
  // (plan_groupings.cpp): their families, then the leaf combinations the records show.
  void setup_field_families();
  void note_family_units();
  void link_field_groupings(Submission& sub);

  const TablePlan& plan_;
  std::vector<Recoder> recoders_;            // one per plan dimension
  std::vector<std::string> needed_;          // the fields read, each once (canonical headers)
  int patient_slot_ = -1;
  int tumour_slot_ = -1;                     // 多重がん番号: with the patient number, one tumour
  int row_slot_ = -1;                        // 行番号: unique within the file
  std::vector<int> dim_slot_;                // per plan dimension: its field's slot
  std::vector<PlanFilter> global_filters_;   // canonical
  std::vector<FilterEval> global_;
  std::vector<std::vector<PlanFilter>> table_filters_;  // per table, canonical

  // Filters of some tables only (filter_dimensions.h): one key per filter dimension, grouped by field.
  std::vector<std::string> filter_keys_;
  std::vector<const PlanFilter*> filter_first_;  // its first occurrence
  std::vector<std::vector<std::size_t>> groups_;  // filter keys per field
  std::vector<std::size_t> group_of_;
  std::vector<std::vector<FilterEval>> group_evals_;
  std::vector<std::set<std::uint64_t>> group_atoms_;
  std::vector<int> group_sub_dim_;
  std::vector<int> filter_code_;  // per filter key: its code in its dimension

  // The extract pass.
  std::vector<bool> is_hospital_slot_;
  std::vector<const ExtractField*> slot_field_;
  std::vector<bool> slot_present_;          // per slot: whether the extract has the column
  std::vector<BadRow> bad_;
  long long bad_total_ = 0;
  std::unordered_map<std::uint32_t, std::uint32_t> patient_index_;
  std::unordered_map<std::uint64_t, long> tumour_line_;  // (patient, 多重がん番号) → the line it was read on
  struct PatientSeen { long line; bool single; };      // a patient's first line; 多重がん番号 0 there
  std::unordered_map<std::uint32_t, PatientSeen> patient_seen_;
  std::unordered_map<std::uint64_t, long> row_number_line_;  // 行番号 → the line it was read on
  std::unordered_map<std::string, std::int32_t> hospital_index_;
  std::vector<std::string> hospital_codes_;
  std::vector<const RecodeHit*> hits_;

  // Families of fields with two or more dimensions the tables use (plan_groupings.cpp).
  struct FieldFamily {
    std::string name;                      // the family's first field
    std::vector<std::size_t> dims;         // plan dimensions
    bool one_field = true;                 // every dimension reads the same field
    std::set<std::vector<int>> seen;       // leaf combinations of the records
  };
  std::vector<FieldFamily> families_;
};

}  // namespace hitoku::registry
