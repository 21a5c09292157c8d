#pragma once
// The per-cell steps shared by table files and tables built in memory: resolve a code, parse a count,
// refuse a duplicate cell. One place, so both paths reject the same input with the same message.
#include <string>
#include <vector>

#include "count_field.h"
#include "hitoku/model/dimension.h"
#include "table_spec.h"

namespace hitoku::ingest {

class CellReader {
 public:
  // `display` is the "file" errors name.
  // `sheet`: the workbook sheet the rows come from (errors then name the cell, 表1!C7); empty for CSV.
  CellReader(const std::vector<Dimension>& dimensions, const TableSpec& spec, std::string display,
             const SuppressionMarkers& markers, bool markers_allowed, std::string sheet = "");

  // Code index of `text` (a code or a unique label) in table dimension d; `label_seen` tells which.
  int code(std::size_t d, const std::string& text, const SourcePos& pos, bool& label_seen) const;
  // A count or a marker; the first marker seen is remembered in `first_marker`.
  RawCell count(const std::string& text, const SourcePos& pos, std::string& first_marker) const;
  // Adds a cell; throws InputError when the same cell is already there (naming both lines).
  void insert(CellMap& cells, std::vector<int> key, RawCell cell) const;
  // In a file of true values an empty count says "not known" (an earlier publication's hidden count
  // nobody here has): the cell is left out, and assembling the table decides whether that is allowed.
  bool unknown_if_empty(const std::string& text) const { return !markers_allowed_ && text.empty(); }

  SourcePos at(long line, const std::string& field) const {
    SourcePos p{display_, line, field};
    p.sheet = sheet_;
    return p;
  }
  // The same for the field in 0-based column `index` of the row (a workbook names the cell).
  SourcePos at(long line, const std::string& field, std::size_t index) const {
    SourcePos p = at(line, field);
    if (!sheet_.empty()) p.column = static_cast<long>(index) + 1;
    return p;
  }

 private:
  const std::vector<Dimension>& dims_;
  const TableSpec& spec_;
  std::string display_;
  const SuppressionMarkers& markers_;
  bool markers_allowed_;
  std::string sheet_;
};

}  // namespace hitoku::ingest
