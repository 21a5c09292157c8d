#include "fixed_dimensions.h"

namespace hitoku::ingest {

TableSpec without_fixed(const TableSpec& spec) {
  if (spec.format.fixed.empty()) return spec;
  TableSpec out = spec;
  out.dims.clear();
  out.format.dimension_headers.clear();
  out.listed_codes.clear();
  out.format.fixed.clear();
  for (std::size_t d = 0; d < spec.dims.size(); ++d) {
    if (spec.format.is_fixed(d)) continue;
    out.dims.push_back(spec.dims[d]);
    if (d < spec.format.dimension_headers.size()) out.format.dimension_headers.push_back(spec.format.dimension_headers[d]);
    if (d < spec.listed_codes.size()) out.listed_codes.push_back(spec.listed_codes[d]);
  }
  return out;
}

namespace {

template <class Map>
Map widened(const TableSpec& spec, const Map& cells) {
  Map out;
  for (const auto& [key, cell] : cells) {
    std::vector<int> full;
    full.reserve(spec.dims.size());
    std::size_t k = 0;
    for (std::size_t d = 0; d < spec.dims.size(); ++d)
      full.push_back(spec.format.is_fixed(d) ? spec.listed_codes[d].front() : key[k++]);
    out.emplace(std::move(full), cell);
  }
  return out;
}

}  // namespace

void restore_fixed(const TableSpec& spec, TableFileContent& content) {
  if (spec.format.fixed.empty()) return;
  content.cells = widened(spec, content.cells);
  content.true_cells = widened(spec, content.true_cells);
  for (auto& [header, texts] : content.other_cells) texts = widened(spec, texts);
  std::vector<std::string> headers;
  std::vector<bool> labels;
  std::size_t k = 0;
  for (std::size_t d = 0; d < spec.dims.size(); ++d) {
    if (spec.format.is_fixed(d)) {
      headers.push_back(spec.format.dimension_headers[d]);
      labels.push_back(false);
    } else {
      headers.push_back(k < content.dimension_headers.size() ? content.dimension_headers[k] : "");
      labels.push_back(k < content.show_labels.size() && content.show_labels[k]);
      ++k;
    }
  }
  content.dimension_headers = std::move(headers);
  content.show_labels = std::move(labels);
}

}  // namespace hitoku::ingest
