#include "hitoku/model/table_hierarchy.h"

namespace hitoku {

std::vector<std::vector<std::vector<int>>> exact_children(const Submission& s, const Table& t) {
  std::vector<std::vector<std::vector<int>>> out(t.dims.size());
  for (std::size_t td = 0; td < t.dims.size(); ++td) {
    const Dimension& dim = s.dimensions[static_cast<std::size_t>(t.dims[td])];
    const auto& codes = t.codes[td];
    out[td].resize(codes.size());
    for (std::size_t p = 0; p < codes.size(); ++p) {
      std::vector<int> kids;
      std::size_t leaves = 0;
      for (std::size_t q = 0; q < codes.size(); ++q)
        if (dim.parent(codes[q]) == codes[p]) {
          kids.push_back(static_cast<int>(q));
          leaves += dim.leaves_under(codes[q]).size();
        }
      if (!kids.empty() && leaves == dim.leaves_under(codes[p]).size()) out[td][p] = std::move(kids);
    }
  }
  return out;
}

}  // namespace hitoku
