#pragma once
// Dimensions and tables built from records held in memory (the Python package's DataFrames),
// validated exactly as the files a manifest names: the same checks with the same messages.
// Errors name `source` as the file, the record's row (1-based) as the line and the column as the field.
#include <string>
#include <utility>
#include <vector>

#include "hitoku/ingest/table_format.h"
#include "hitoku/model/dimension.h"
#include "hitoku/model/submission.h"
#include "hitoku/model/table.h"

namespace hitoku {

// One code of a dimension.
struct CodeRecord {
  std::string code, label;
  std::string parent;  // empty: the root (the total)
  long line = 0;       // the record's row in its source, 1-based
};

// Checks: no empty or repeated code, exactly one root, every parent known, no cycle.
// An empty label becomes the id. Throws InputError at `source`.
Dimension build_dimension(const std::string& id, const std::string& label, const std::vector<CodeRecord>& codes,
                          const std::string& source);

// One cell of a table in long form.
struct CellRecord {
  std::vector<std::string> codes;  // per table dimension: a code, or a label unique in its dimension
  // As typed in a table file: a non-negative integer (full-width digits and 1,234 accepted) or a
  // suppression marker.
  std::string count;
  std::string true_value;  // the true value of a cell shown with a marker; empty: none given
  // Empty: `count` decides. Otherwise "published", "suppressed" (= suppressed_by_user) or any
  // to_string(CellStatus); a suppressed status makes `count` the cell's true value.
  std::string status;
  long line = 0;  // the record's row in its source, 1-based
};

struct TableRecords {
  std::string id, title;
  bool earlier_publication = false;       // rule ⑤: already published, not part of this submission
  std::vector<std::string> dimensions;    // dimension ids in table order (the last varies fastest)
  // Column names, used as the field of an error and as headers when the table is written out.
  std::vector<std::string> dimension_fields;  // empty: the dimension ids
  std::string count_field = "count", true_value_field = "true_value", status_field = "status";
  std::vector<std::string> markers;  // suppression markers accepted in `count`; empty: the built-in list
  std::string source;                // the "file" errors name; empty: the table id
  std::vector<CellRecord> cells;
  // Rule ③: the table's dimension holding the hospital's area, and the hospital attribute (as in a manifest).
  std::string hospital_dimension, hospital_attribute;
};

// Checks what ingest checks for a table file: dimensions known and not repeated, codes known, counts
// non-negative integers, no duplicate cell, every cell of the grid present, a true value for every
// suppressed cell (and equal to the count where both are given), totals equal to the sum of their parts.
// With `format`, the table's layout for writing it: long, UTF-8, file "<id>.csv", headers from the field names.
// Throws InputError.
Table build_table(const std::vector<Dimension>& dimensions, const TableRecords& records, TableFormat* format = nullptr);

// A public keyed file (a population, a standard population) given as a CSV path or as records.
struct KeyedRecords {
  std::string path;                            // a CSV file, read as a manifest's population file; or
  std::vector<std::string> header;             // records: header and rows (row r is line r + 1 in errors)
  std::vector<std::vector<std::string>> rows;
  std::string source;                          // the "file" errors about the records name
};

// A derived column of a table built from records (docs/python.md): `declaration` is one entry of a
// manifest's `derived` list as YAML or JSON text (docs/formats.md §2.1), whose population and standard
// `file` name KeyedRecords::path or ::source. With has_values, `values` holds the printed value of
// each record (row r of TableRecords::cells) and is read as a table file's column; without, the values
// are computed from the true counts and rounded as declared (as for a table plan).
struct DerivedRecords {
  std::string declaration;
  bool has_values = false;
  std::vector<std::string> values;
  KeyedRecords population, standard;
};

// Attaches derived columns to `table`, built by build_table from `records` (after any fixed dimensions
// are set in its `format`, which gets the columns' headers): the same declarations, checks and messages as
// a manifest's. Files read are added to `inputs` (role "population"). Throws InputError.
void attach_derived_records(const std::vector<Dimension>& dimensions, const TableRecords& records,
                            const std::vector<DerivedRecords>& derived, Table& table, TableFormat& format,
                            std::vector<InputFile>& inputs);

// Rule ③ inputs as columns, checked as their CSV files are (header names as in docs/formats.md; row r of
// `rows` is line r + 1 in errors, the header line 0).
// Hospital list: hospital_code, name, municipality_code, then 0/1 flag columns named by attribute.
std::vector<HospitalRecord> build_hospitals(const std::vector<std::string>& header,
                                            const std::vector<std::vector<std::string>>& rows,
                                            const std::string& source);
// Land borders: code_a, code_b; pairs not joining two codes of `dim` are left out (one must remain).
std::vector<std::pair<std::string, std::string>> build_adjacency(const Dimension& dim,
                                                                 const std::vector<std::string>& header,
                                                                 const std::vector<std::vector<std::string>>& rows,
                                                                 const std::string& source);

}  // namespace hitoku
