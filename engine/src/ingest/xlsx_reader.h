#pragma once
// Reads one sheet of an Excel workbook (.xlsx: a zip of XML parts) into rows like CSV records, so that
// the table reader treats a sheet exactly as a CSV file (docs/formats.md, "Excel ブック"). Cells are read
// as Excel stores them: shared and inline strings, numbers shown with their number format (so a rate
// formatted "0.0" reads as printed), merged cells holding text fill their whole range (merged headings).
// The workbook is bounded: its file by InputLimits::max_table_bytes and the parts read, once
// uncompressed, by InputLimits::max_workbook_uncompressed_bytes (a zip bomb is an input error).
#include <set>
#include <string>
#include <vector>

#include "hitoku/ingest/csv.h"

namespace hitoku::ingest {

// Whether a path names a workbook hitoku reads (.xlsx, any case).
bool is_workbook_path(const std::string& path);
// Throws an InputError for spreadsheet files hitoku does not read (.xls, .ods, .xlsm, .xlsb …),
// saying how to save them; does nothing for other names.
void refuse_other_spreadsheets(const std::string& path, const std::string& shown);

// A merged range of cells (1-based, inclusive) and the value Excel shows across it.
struct MergedRange {
  long first_row = 0, first_column = 0, last_row = 0, last_column = 0;
  std::string value;
  bool number = false;  // the value is a number (a count must not be counted twice)
};

struct WorkbookSheet {
  std::string bytes;  // the workbook file as read (for its SHA-256)
  std::string sheet;  // the sheet read
  std::vector<MergedRange> merged;  // merged ranges with a value; text ranges are already filled in `rows`
  // CsvRow::line is the sheet's row number; fields start at column A; rows with no value are left out.
  std::vector<CsvRow> rows;
};

// `shown` names the workbook in errors; `sheet` empty means the only sheet of the workbook.
WorkbookSheet read_workbook_sheet(const std::string& path, const std::string& shown, const std::string& sheet);

// A workbook to publish shows every sheet it holds: throws an InputError naming the first sheet (hidden
// or not) that holds a value and is not among `read` (the sheets the manifest's tables read).
void refuse_unread_sheets(const std::string& path, const std::string& shown, const std::set<std::string>& read);

// Fills merged ranges whose value is a number across the given columns only (0-based: the columns of
// codes and labels, where a merged row label means every row it spans). Text ranges are filled already.
void fill_merged_labels(std::vector<CsvRow>& rows, const std::vector<MergedRange>& merged,
                        const std::vector<std::size_t>& label_columns);

// A number as Excel shows it with `format` (a number format code; "General" or empty: as stored,
// integers without a decimal point). Decimal places and percent are honoured; thousands separators
// are dropped (the value is the same). `stored` is the cell's <v> text.
std::string format_cell_number(const std::string& stored, const std::string& format);
// Whether `format` shows fewer digits than the cell stores, to Excel's 15 significant digits
// (0.005333… formatted "0%" shows 1): anyone who opens the workbook reads the stored digits.
bool format_hides_digits(const std::string& stored, const std::string& format);
// Whether a number format shows a date or a time (yyyy/m/d, m月d日, h:mm, ge.m.d …).
bool date_format(const std::string& format);
// The date of Excel's serial number `stored` as yyyy/m/d ("####" when Excel has none).
std::string date_text(const std::string& stored);

}  // namespace hitoku::ingest
