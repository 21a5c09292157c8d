#pragma once
// The protect workflow (`hitoku protect`, hitoku.protect): propose a pattern, check the protected
// tables, and hand them back only through the release gate; changes.csv and the summary in
// protect-report.json. Option defaults live in ProtectOptions (hitoku/protect.h), nowhere else.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hitoku/ingest/table_format.h"
#include "hitoku/protect/protect.h"
#include "hitoku/report/report.h"
#include "hitoku/model/submission.h"

namespace hitoku::workflow {

ProtectMethod parse_protect_method(const std::string& name);  // greedy | optimal; else InputError
const char* to_string(ProtectMethod method);

struct ProtectRequest {
  ProtectOptions protect;       // method, time limit, cleanup audits, polish, keep/suppress, progress
  std::string cost;             // empty: the manifest's protect.cost; count | value override it
  bool integer_bounds = false;  // audit and check with exact integer bounds (Cbc)
  void validate() const;        // throws InputError naming the option
};

// The rule of the check that stopped the release (② or ④ failed or not checked, ⑤ failed).
struct GateFailure {
  std::string rule, summary_ja, summary_en;
};

struct GatedProtection {
  ProtectResult result;
  Report report;                     // the check of the protected tables (when result.ok)
  std::optional<GateFailure> gate;   // set: the proposed pattern fails the check; nothing is handed back
  bool ok() const { return result.ok && !gate; }
};

// Validates, protects (the manifest's cost overridden by request.cost), checks the result and
// applies the release gate.
GatedProtection protect_and_gate(const Submission& input, const ProtectRequest& request);

// One row of changes.csv: what was added and why. Codes and labels only, never a value.
struct ChangeRow {
  std::string table;
  std::map<std::string, std::string> cell;  // dimension → code
  std::string label, status, rule, reason_ja, reason_en;
};
std::vector<ChangeRow> change_rows(const ProtectResult& result);
std::string changes_csv(const ProtectResult& result);  // UTF-8 with BOM, CRLF

// The "protect" block of protect-report.json.
nlohmann::json protect_summary(const ProtectRequest& request, const ProtectResult& result);

struct ProtectOutputs {
  std::string outdir;         // created if missing
  std::string run_log;        // appended to when not empty
  bool force = false;         // skip the check that outputs do not resolve to inputs
  bool xlsx = false;          // every table into one workbook, tables.xlsx (tables read from .xlsx stay .xlsx anyway)
};

// Refuses, before any work, outputs that would overwrite inputs (see output_guard.h).
void refuse_protect_outputs(const Submission& input, const ProtectOutputs& outputs);
// Writes the protected submission (always a manifest, named as the input manifest was, or
// manifest.yaml for a plan), changes.csv, protect-report.json and the run log entry of a
// gated run (ok() must hold), each table in the input's `layout`. Returns every path written, in order;
// sets run.report.written_files.
std::vector<std::string> write_protected(GatedProtection& run, const Submission& input, const SubmissionLayout& layout,
                                         const ProtectRequest& request, const ProtectOutputs& outputs);

}  // namespace hitoku::workflow
