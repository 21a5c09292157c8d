#pragma once
// A finding about one cell of a table, with the cell named by codes and by Japanese labels.
#include <string>

#include "hitoku/report/finding.h"
#include "hitoku/model/submission.h"

namespace hitoku {

inline Finding cell_finding(const Submission& submission, const Table& table, std::size_t cell, std::string rule,
                            Severity severity, std::string reason_ja, std::string reason_en) {
  Finding f;
  f.rule = std::move(rule);
  f.severity = severity;
  f.table = table.id;
  f.cell = submission.cell_key(table, cell);
  f.cell_label = submission.cell_label(table, cell);
  f.reason_ja = std::move(reason_ja);
  f.reason_en = std::move(reason_en);
  return f;
}

}  // namespace hitoku
