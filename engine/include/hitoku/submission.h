#pragma once
// Everything one check is about: metadata, policy, dimensions, tables, earlier publications.
#include <string>
#include <vector>

#include "hitoku/dimension.h"
#include "hitoku/policy.h"
#include "hitoku/table.h"

namespace hitoku {

struct InputFile {
  std::string path;    // as named in the manifest (relative to it) or on the command line
  std::string sha256;  // of the bytes read
  std::string role;    // "manifest", "policy", "table", "true_values", "dimension", "reference", ...
};

struct SubmissionInfo {
  std::string title;
  std::string approval_date, approval_number;  // 応諾通知の日付・番号
  std::string purpose;
  std::string publication_venue, publication_date;
  std::string attribution;  // §12(4) statement; empty = missing
};

struct Submission {
  SubmissionInfo info;
  Policy policy;
  std::vector<Dimension> dimensions;
  std::vector<Table> tables;  // planned tables and earlier publications (Table::earlier_publication)
  std::vector<InputFile> inputs;
  std::string manifest_path;

  int find_dimension(const std::string& id) const;  // -1 if none
  int find_table(const std::string& id) const;      // -1 if none
};

}  // namespace hitoku
