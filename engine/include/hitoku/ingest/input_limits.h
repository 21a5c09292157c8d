#pragma once
// Bounds on what hitoku reads, so that a wrong path or a hostile file ends in a clear input error
// (exit code 2) instead of a hang or an exhausted machine. Front ends may change them before loading.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace hitoku {

struct InputLimits {
  std::uintmax_t max_table_bytes = std::uintmax_t{256} << 20;    // tables, code lists, true values, reference CSVs
  std::uintmax_t max_extract_bytes = std::uintmax_t{2} << 30;    // a registry extract (streamed)
  std::uintmax_t max_yaml_bytes = std::uintmax_t{16} << 20;      // manifest, table plan, policy
  std::size_t max_columns = 10000;                                // fields in one CSV row (or sheet row)
  // An .xlsx workbook is a zip: the parts hitoku reads, once uncompressed, may not add up to more
  // (a small file that inflates to gigabytes is refused, not unpacked).
  std::uintmax_t max_workbook_uncompressed_bytes = std::uintmax_t{256} << 20;
  // Files a manifest names must lie inside its folder (after symlinks are resolved) or inside one of
  // its `allowed_folders`; these folders are allowed as well (a front end's option).
  std::vector<std::string> extra_folders;
};

// The limits every loader uses (one per process; set them before loading).
InputLimits& input_limits();

}  // namespace hitoku
