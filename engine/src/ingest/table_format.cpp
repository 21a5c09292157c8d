#include "hitoku/ingest/table_format.h"

namespace hitoku {

const char* to_string(TableLayout layout) { return layout == TableLayout::Long ? "long" : "wide"; }

const TableFormat& SubmissionLayout::of(const std::string& table_id) const {
  static const TableFormat defaults;
  auto it = tables.find(table_id);
  return it == tables.end() ? defaults : it->second;
}

TableFormat& SubmissionLayout::of(const std::string& table_id) { return tables[table_id]; }

}  // namespace hitoku
