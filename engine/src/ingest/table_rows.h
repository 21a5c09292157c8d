#pragma once
// A table as the rows of its file (shared by the CSV and the workbook writers).
#include <string>
#include <vector>

#include "hitoku/ingest/table_writer.h"

namespace hitoku {

struct TableRows {
  std::vector<std::vector<std::string>> rows;  // title rows, the header, then the data rows
  std::size_t first_data_row = 1;              // index of the first data row
  std::size_t label_columns = 0;               // leading columns of codes or labels in the data rows
};

TableRows table_rows(const Submission& submission, const Table& table, const TableFormat& format, TableContent content);
// A wide table's block of derived values (DerivedColumn::file): the table's layout, each cell holding
// the printed value (withheld: the column's marker; blank when not printed).
TableRows derived_block_rows(const Submission& submission, const Table& table, const TableFormat& format,
                             const DerivedColumn& column);

}  // namespace hitoku
