#pragma once
// Everything one check is about: metadata, policy, dimensions, tables, earlier publications.
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "hitoku/model/dimension.h"
#include "hitoku/policy/policy.h"
#include "hitoku/model/table.h"

namespace hitoku {

struct InputFile {
  std::string path;    // as named in the manifest (relative to it) or on the command line
  std::string sha256;  // of the bytes read
  std::string role;    // "manifest", "policy", "table", "true_values", "dimension", "reference", ...
};

// A cell to keep suppressed, by its codes (manifest `withheld`): rule "1" or "3", with the reason.
struct WithheldCell {
  std::string table;
  std::map<std::string, std::string> cell;  // dimension id -> code, every dimension of the table
  std::string rule, reason_ja, reason_en;
  SourcePos source;
};

struct SubmissionInfo {
  std::string title;
  std::string approval_date, approval_number;  // 応諾通知の日付・番号
  std::string purpose;
  std::string publication_venue, publication_date;
  std::string attribution;  // §12(4) statement; empty = missing
};

// A hospital (病院等) of the hospital reference list (rule ③).
struct HospitalRecord {
  std::string code;          // 5-character hospital code
  std::string name;
  std::string municipality;  // 5-digit municipality code
  std::map<std::string, bool> attributes;  // flag columns, e.g. "surgery" -> true
  SourcePos source;
};

// Land-border adjacency of the leaf codes of a geography dimension (rule ③ merges).
struct GeographyInfo {
  std::string dimension;     // dimension id whose leaves are municipality codes
  std::string reference;     // reference id or path, as named in the manifest
  std::string reference_version;
  std::vector<std::pair<std::string, std::string>> adjacency;  // unordered pairs of codes
  // Leaf code -> secondary medical area (二次保健医療圏); merges prefer partners in the same
  // area. May be empty (then only the dimension's hierarchy and prefectures guide merges).
  std::map<std::string, std::string> medical_area;
};

// An exception to the rules (規約: 本人同意, 市町・病院等の個別承認, 専門委員会の特別承認), with its basis
// and reference. It is always shown in the report; it never silently turns a failure into a pass.
struct RuleException {
  std::string rule;                         // "1".."5"
  std::string table;                        // table id; empty = every table
  std::vector<std::map<std::string, std::string>> cells;  // dimension id -> code; empty = every cell
  std::string basis;                        // consent | approval | committee
  std::string reference;                    // e.g. 専門委員会 2024-03-01 第3号
  SourcePos source;
};

// hitoku protect: cells the user forces to stay published or to be suppressed, and what a
// suppression costs (manifest key `protect`, or command-line options). See docs/protect.md.
struct ProtectSettings {
  std::vector<std::string> keep, suppress;  // "table:dim=code,dim=code", as written
  std::vector<SourcePos> keep_pos, suppress_pos;
  std::string cost = "count";               // count | value | weights
  std::map<std::string, std::vector<double>> weights;  // cost: weights: dimension id -> weight per depth
};

// A publication of the committee's registry taken as attacker knowledge (rule ⑤; hitoku/publications.h).
// The report names each one; its tables are earlier publications with these ids.
struct RegistryPublicationUsed {
  std::string approval_number, approval_date, title, venue, publication_date;
  std::string content_sha256;        // of its stored tables: a verify re-run must find the same
  std::vector<std::string> tables;   // ids of the tables it added to the submission
};

struct Submission {
  SubmissionInfo info;
  Policy policy;
  std::vector<Dimension> dimensions;
  std::vector<Table> tables;  // planned tables and earlier publications (Table::earlier_publication)
  std::vector<HospitalRecord> hospitals;
  std::vector<GeographyInfo> geographies;
  std::vector<RuleException> exceptions;
  // Cells the registry extract showed must not be published (few patients or hospitals behind them,
  // rules ① ③), which the tables alone cannot show: written beside tables built from an extract
  // (manifest `withheld`) so that a check of the written manifest keeps them (rules/withheld_cells.h).
  std::vector<WithheldCell> withheld;
  std::vector<InputFile> inputs;
  std::string manifest_path;
  ProtectSettings protect;
  std::vector<RegistryPublicationUsed> registry_publications;  // hitoku check --registry
  // hitoku protect: a derived value that depends on a suppressed cell counts as withheld (it is
  // suppressed with its count), so it gives the attacker nothing (hitoku/derived_values.h).
  bool withhold_derived_values = false;

  int find_dimension(const std::string& id) const;  // -1 if none
  int find_table(const std::string& id) const;      // -1 if none

  // Dimension id -> code of one cell, and the cell in Japanese labels ("表1: 神戸市 × 男").
  std::map<std::string, std::string> cell_key(const Table& table, std::size_t flat) const;
  std::string cell_label(const Table& table, std::size_t flat) const;
  // The same for any codes (code indices, one per table dimension), e.g. a total the table leaves out.
  std::string cell_label(const Table& table, const std::vector<int>& codes) const;
  // The same with the dimension of each position given (another grouping's code in place of the
  // table's: 「表1: 甲町 × 進展度2区分 進行」).
  std::string cell_label(const Table& table, const std::vector<int>& codes, const std::vector<int>& dims) const;
};

// Rule ③: a dimension one planned table declares as the hospitals' area is that in every planned table using
// it; a table by it that declares nothing gets it (all hospitals, Table::hospital_dimension_inferred), so it
// is checked and merged too. Idempotent: called when a submission's tables are read (manifest, DataFrames).
void infer_hospital_dimensions(Submission& submission);

}  // namespace hitoku
