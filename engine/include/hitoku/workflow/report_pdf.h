#pragma once
// `hitoku report REPORT.json -o report.pdf`: the HTML report printed to an A4 PDF by Debian's Chromium
// (headless, no network: every host resolves to nothing, no background service) with the Noto CJK fonts.
// Everything Chromium needs on disk (the HTML, its profile, its temporary files) lives in a hidden folder
// inside the PDF's own folder and is removed afterwards: nothing is written anywhere else.
#include <string>

#include "hitoku/report/progress.h"
#include "hitoku/report/report.h"

namespace hitoku::workflow {

// Whether a report output path asks for a PDF (ends in .pdf, any case).
bool is_pdf_path(const std::string& path);

// Writes the PDF (atomically: a temporary name in the same folder, then renamed). The browser is
// `chromium` on PATH, or the program named by the environment variable HITOKU_CHROMIUM. Throws
// InputError (exit 2) when it is missing or produces no PDF within `timeout_seconds`.
void write_report_pdf(const Report& report, const std::string& lang, const std::string& pdf_path,
                      const ProgressCallback& progress = {}, int timeout_seconds = 180);

}  // namespace hitoku::workflow
