#pragma once
// The committee's batch (`hitoku batch`, hitoku.batch): many submissions checked into one output folder,
// each report and its result row written atomically, then one summary made from the results only.
// A batch killed at any point and run again skips every submission with a result, redoes the others,
// and gives the same summary (no row lost or doubled). Cumulative batches register each approved
// submission in a registry of the batch (OUTDIR/cumulative.sqlite) that the next one's rule ⑤ reads.
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hitoku/workflow/registry.h"

namespace hitoku::workflow {

struct BatchOptions {
  RegistryKnowledge registry;  // publications every submission is checked against (read only)
  bool cumulative = false;     // each approved submission feeds the next one's rule ⑤ (one at a time)
  int jobs = 1;                // local worker processes
};

struct BatchItem {
  std::size_t index = 0;  // 1-based, the order of the list
  std::string manifest;   // as usable from the current folder
  std::string name;       // as listed (relative to the list's folder)
};

struct BatchPlan {
  std::string source, outdir;
  BatchOptions options;
  std::vector<BatchItem> items;
  nlohmann::json to_json() const;  // what OUTDIR/batch.json holds (a rerun must find the same)
  // The plan again from to_json(), touching no file (a worker process of another executor).
  static BatchPlan from_json(const nlohmann::json& j, const std::string& outdir);
  std::string result_path(const BatchItem& item) const;  // OUTDIR/results/NNNN.json
  std::string report_path(const BatchItem& item, const std::string& ext) const;  // OUTDIR/reports/NNNN.ext
};

// A LIST file (one manifest or plan per line, relative to the list's folder; '#' comments) or a FOLDER
// (each subfolder's manifest.yaml, by name). Validates the options, refuses an OUTDIR that holds
// another batch (InputError), creates OUTDIR and writes batch.json.
BatchPlan plan_batch(const std::string& source, const std::string& outdir, const BatchOptions& options);
// Items without a result yet, or whose inputs changed since their result (a rerun redoes them; in a
// cumulative batch a changed item that passed is already registered: InputError), in order.
std::vector<BatchItem> pending_items(const BatchPlan& plan);
// The SHA-256 of every file the item reads (manifest, tables, policy, …) and of the plan's registry:
// what its result row records. Null when the submission does not load.
nlohmann::json batch_item_inputs(const BatchPlan& plan, const BatchItem& item);

// A rerun keeps a pass or fail row only if it says what its report says (verdict, rules, counts, approval) and the
// report is the one the row was written with (its SHA-256) and sealed: else InputError naming the result file.
void check_row_against_report(const BatchPlan& plan, const BatchItem& item, const nlohmann::json& row);

// One checked submission: its result row, and its report as JSON and HTML (nothing written yet).
struct BatchItemResult {
  nlohmann::json row;
  std::string report_json, report_html;
};
// Checks one submission (a bad one gives a row with verdict "error" and its message, never a throw),
// with the plan's registry and, when cumulative, the batch's own registry.
BatchItemResult check_batch_item(const BatchPlan& plan, const BatchItem& item);
// Writes the reports, then (cumulative, on a pass) registers the submission, then the result row:
// each file atomically, the row last, so an item with a row is complete.
// A passed submission whose approval number is registered with other content (another publication of one
// approval) is registered under the number with its content's digest; its row says so (registered_as, message).
void store_batch_item(const BatchPlan& plan, const BatchItem& item, BatchItemResult result);

struct BatchSummary {
  nlohmann::json json;  // {batch, rows, totals}, and notice {ja, en} when the submissions were not checked
                        // against each other (not cumulative, more than one)
  bool all_passed = false;
  std::size_t incomplete = 0;  // items without a result (a worker died)
};
// Reads every result and writes summary.json, summary.csv and summary.html (Japanese) atomically.
BatchSummary write_batch_summary(const BatchPlan& plan);

// Runs the pending items on `jobs` local worker processes (fork; cumulative: one at a time), then
// writes the summary. progress(done, total, name) is called in the parent after each item.
BatchSummary run_batch(const BatchPlan& plan,
                       const std::function<void(std::size_t, std::size_t, const std::string&)>& progress = {});

}  // namespace hitoku::workflow
