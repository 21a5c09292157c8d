#pragma once
// Small builders for test submissions (no files involved).
#include <string>
#include <vector>

#include "hitoku/model/submission.h"

namespace hitoku::test {

// A flat dimension: root `total_code` with the given leaf codes.
inline Dimension flat_dimension(const std::string& id, const std::string& total_code,
                                const std::vector<std::string>& leaves) {
  Dimension d(id, id);
  d.add_code(total_code, "計", "");
  for (const auto& c : leaves) d.add_code(c, c, total_code);
  d.finalize();
  return d;
}

// A table over all codes of the given dimensions; values row-major, all published.
inline Table full_table(const Submission& s, const std::string& id, const std::vector<int>& dims,
                        const std::vector<std::int64_t>& values) {
  Table t;
  t.id = id;
  t.title = id;
  t.dims = dims;
  for (int d : dims) {
    std::vector<int> codes;
    for (int c = 0; c < s.dimensions[d].size(); ++c) codes.push_back(c);
    t.codes.push_back(codes);
  }
  t.value = values;
  t.status.assign(values.size(), CellStatus::Published);
  return t;
}

inline Policy hyogo_like_policy() {
  Policy p;
  p.id = "test";
  p.version = "1";
  return p;
}

}  // namespace hitoku::test
