#pragma once
#include "hitoku/report/progress.h"
// A table plan (YAML, docs/table-plan.md): which tables to build from a registry extract, by
// which dimensions (fields with recodes), under which filters, counting tumours or patients.
// Building reads the extract once and returns a Submission whose tables carry every true
// value, the distinct patients and the distinct hospitals behind each cell, totals included.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "hitoku/ingest/table_format.h"
#include "hitoku/model/error.h"
#include "hitoku/registry/extract.h"
#include "hitoku/model/submission.h"

namespace hitoku {

enum class UnknownHandling { Category, Error };  // 不明 becomes a category, or a bad row
enum class CountingUnit { Tumours, Patients };   // 腫瘍数 / 実患者数

// One category of a recode: a code of the dimension. Leaves match values (exact `values`, or
// `ranges` [from, to] compared on the leading characters, as "C18"-"C20" for ICD-10);
// categories without values or ranges are intermediate nodes (e.g. 大腸 over 結腸 and 直腸).
struct RecodeCategory {
  std::string code, label, parent;  // parent empty = directly under the total
  std::vector<std::string> values;
  std::vector<std::pair<std::string, std::string>> ranges;
};

// How a field's values become codes of a dimension.
struct RecodeSpec {
  std::string name;
  // "map": exact values; "ranges": ICD-10-style ranges; "age": groups of `width` years up to
  // an open `top` group (or explicit `breaks`); "municipality": reference geography,
  // municipality -> medical area -> prefecture; "year": year of a YYYYMMDD date in [from, to].
  std::string kind;
  std::string total_code = "total", total_label = "総数";
  std::vector<RecodeCategory> categories;  // map / ranges
  std::string other_code, other_label;     // map / ranges: category for valid unmatched values
  std::vector<std::string> unknown_values; // values meaning 不明 (besides an empty value)
  std::string unknown_code = "unknown", unknown_label = "不明";
  // age
  int width = 5, top = 85;
  std::vector<int> breaks;
  // municipality
  std::string reference;  // path of the municipality CSV (resolved against the plan file)
  bool kobe_wards = false;
  bool outside_category = false;  // codes not in the reference: a 県外 category, else a bad row
  // year
  int from = 0, to = 0;
  SourcePos source;
};

// The recodes hitoku ships (sex, age5, age10, icd10_sites, municipality, year), in plan format;
// a plan's `recodes:` entry of the same name replaces one.
const std::map<std::string, RecodeSpec>& builtin_recodes();
// The same as YAML text, as documented in docs/table-plan.md.
const std::string& builtin_recodes_yaml();

struct PlanDimension {
  std::string id, label;
  std::string field;   // extract header (様式第1号 別紙)
  RecodeSpec recode;
  UnknownHandling unknown = UnknownHandling::Category;
  std::string adjacency;  // municipality recode: land-border pairs CSV for rule ③ (optional)
  SourcePos source;
};

// A filter keeps a record when the field's value (or the dimension's leaf code) is in `in`,
// not in `not_in`, and within `range` (numeric, inclusive). Only the given parts apply.
struct PlanFilter {
  std::string field;      // extract header, or
  std::string dimension;  // a plan dimension id (its leaf code is compared)
  std::vector<std::string> in, not_in;
  bool has_range = false;
  long long range_from = 0, range_to = 0;
  SourcePos source;
};

// Which codes of one dimension a table shows: all (default), leaves, the codes at the listed
// depths (0 = total), or an explicit list.
struct PlanCodeSelection {
  std::string mode = "all";  // all | leaves | depths | list
  std::vector<int> depths;
  std::vector<std::string> codes;
};

// A derived column of a planned table (docs/table-plan.md, "derived"): declared with the manifest's
// keys (docs/formats.md §2.1); population and standard files resolved against the plan's folder.
// The built table carries the values computed from the true counts, rounded as declared.
struct PlanDerived {
  DerivedColumn column;
  SourcePos population_at, standard_at;  // the plan's keys (errors about the files name them)
};

struct PlanTable {
  std::string id, title;
  std::vector<std::string> dimensions;           // plan dimension ids, row-major order
  std::map<std::string, PlanCodeSelection> show; // per dimension id
  bool totals = true;                            // false: leaves only, unless `show` says otherwise
  CountingUnit unit = CountingUnit::Tumours;
  std::vector<PlanFilter> filters;               // on top of the plan's filters
  std::string hospital_field;                    // distinct hospitals by this field
  std::string hospital_dimension, hospital_attribute;  // passed to Table (rule ③)
  std::vector<PlanDerived> derived;              // rates, percentages, age-standardised rates
  SourcePos source;
};

struct TablePlan {
  std::string path;      // as given
  std::string sha256;    // of the plan file
  SubmissionInfo info;
  std::string policy;    // id or path
  std::string extract;   // resolved path
  std::optional<TextEncoding> encoding;  // nullopt: detect
  std::string patient_field = "提供情報患者番号";
  std::string hospital_field = "集約診断病院コード";
  std::string hospitals;  // hospital reference list (rule ③), resolved path; optional
  UnknownHandling unknown = UnknownHandling::Category;
  std::vector<PlanFilter> filters;
  std::vector<PlanDimension> dimensions;
  std::vector<PlanTable> tables;
  int max_bad_rows_reported = 100;
};

// True when the YAML file has `plan_version` at top level (a manifest has `manifest_version`).
bool is_table_plan(const std::string& path);

// Parses and checks a plan; relative paths are resolved against the plan's folder.
// Throws InputError naming the plan file, line and key.
TablePlan load_table_plan(const std::string& path);

// A record the plan cannot use: where, and why. `value` is the offending value as read.
struct BadRow {
  long line = 0;
  std::string field;
  std::string value;
  std::string reason_ja, reason_en;
};

// Thrown when the extract has bad rows: the first is the InputError's position, all (up to
// the plan's limit) are listed, and `total` counts them all.
class ExtractError : public InputError {
 public:
  ExtractError(const std::string& path, std::vector<BadRow> rows, long long total);
  const std::vector<BadRow>& rows() const { return rows_; }
  long long total() const { return total_; }

 private:
  std::vector<BadRow> rows_;
  long long total_;
};

struct PlanBuildStats {
  long long records_read = 0;
  std::vector<long long> records_per_table;  // records counted into each table
  long long patients = 0;                    // distinct patient numbers read
  double seconds_reading = 0, seconds_counting = 0;
  // Set by the caller (not an outcome): hears ("records", records read, 0) while the extract is read.
  ProgressCallback progress;
};

// Reads the plan and the extract, and returns the planned tables with true values
// (Table::value), distinct patients (contributors) and distinct hospitals per cell,
// all cells Published. With `layout`, the tables' layout for writing them (fixed dimensions, the
// derived columns' headers). Throws InputError / ExtractError.
Submission build_submission(const TablePlan& plan, PlanBuildStats* stats = nullptr, SubmissionLayout* layout = nullptr);
Submission build_submission_from_plan(const std::string& plan_path, PlanBuildStats* stats = nullptr,
                                      SubmissionLayout* layout = nullptr);

}  // namespace hitoku
