#pragma once
// The check workflow (`hitoku check`, hitoku.check): the options with their defaults, the rendering
// of the report, and the writing of the report file and run log. Front ends parse and print only.
#include <string>

#include <optional>

#include "hitoku/rules/check.h"
#include "hitoku/report/report.h"
#include "hitoku/report/report_diff.h"
#include "hitoku/model/submission.h"

namespace hitoku::workflow {

// Throws InputError naming the option unless lang is "ja" or "en".
void validate_lang(const std::string& lang);
// The report as text | json | html (json exactly as written to files: two-space indent, final newline).
std::string render_report(const Report& report, const std::string& format, const std::string& lang);
// The first line of the text report (the verdict), for the terminal when the report goes to a file.
std::string verdict_line(const Report& report, const std::string& lang);

struct CheckRequest {
  CheckOptions options;
  std::string format = "text";  // text | json | html
  std::string lang = "ja";      // ja | en
  std::string output;           // report file; empty: the caller prints `rendered`
  std::string run_log;          // appended to when not empty
  bool force = false;           // write even where an output resolves to an input
  // Re-report: the report of an earlier check of this submission; the changes are rendered in this
  // request's format and language, written to diff_output when given.
  std::string previous, diff_output;
  void validate() const;        // throws InputError naming the option
};

struct CheckRun {
  Report report;
  std::string rendered;  // the report in the requested format and language
  std::optional<ReportDiff> diff;  // with `previous`: what changed since that report
  std::string diff_rendered;
};

// Validates the request, refuses outputs that would overwrite an input (before any work), checks,
// renders, writes the report file and appends the run log. written_files lists both.
CheckRun run_check(const Submission& submission, const CheckRequest& request);

}  // namespace hitoku::workflow
