#include "xlsx_reader.h"

#include <zip.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <memory>
#include <set>
#include <pugixml.hpp>

#include "hitoku/ingest/input_limits.h"
#include "hitoku/io/sha256.h"
#include "hitoku/ingest/text_encoding.h"
#include "input_file.h"

namespace hitoku::ingest {
namespace {

std::string lower_extension(const std::string& path) {
  const std::size_t dot = path.find_last_of('.');
  const std::size_t slash = path.find_last_of('/');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return "";
  std::string ext = path.substr(dot + 1);
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext;
}

[[noreturn]] void bad_workbook(const std::string& shown, const std::string& ja, const std::string& en) {
  throw InputError({shown, 0, ""}, ja, en);
}

// The parts of one workbook, read through a budget of uncompressed bytes.
class WorkbookZip {
 public:
  WorkbookZip(const std::string& bytes, const std::string& shown) : shown_(shown) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
    if (source) zip_ = zip_open_from_source(source, ZIP_RDONLY, &error);
    if (!zip_) {
      if (source) zip_source_free(source);
      zip_error_fini(&error);
      bad_workbook(shown, "Excel ブック（.xlsx）として読めません（zip 形式ではないか、壊れています）",
                   "cannot be read as an Excel workbook (.xlsx): not a zip file, or damaged");
    }
    zip_error_fini(&error);
    budget_ = input_limits().max_workbook_uncompressed_bytes;
  }
  ~WorkbookZip() {
    if (zip_) zip_discard(zip_);
  }
  WorkbookZip(const WorkbookZip&) = delete;
  WorkbookZip& operator=(const WorkbookZip&) = delete;

  // The part's bytes; empty when it is absent and not required.
  std::string part(const std::string& name, bool required) {
    const zip_int64_t index = zip_name_locate(zip_, name.c_str(), 0);
    if (index < 0) {
      if (!required) return "";
      bad_workbook(shown_, "Excel ブックに " + name + " がありません（.xlsx として保存し直してください）",
                   "the workbook has no part " + name + " (save it again as .xlsx)");
    }
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(zip_, static_cast<zip_uint64_t>(index), 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE))
      bad_workbook(shown_, name + " の大きさが読めません", "cannot read the size of " + name);
    if (st.size > budget_) too_large();
    zip_file_t* file = zip_fopen_index(zip_, static_cast<zip_uint64_t>(index), 0);
    if (!file) bad_workbook(shown_, name + " を展開できません", "cannot uncompress " + name);
    // Never more than the size the zip declares (plus one byte, to see a lying header).
    std::string out(static_cast<std::size_t>(st.size) + 1, '\0');
    const zip_int64_t got = zip_fread(file, out.data(), out.size());
    zip_fclose(file);
    if (got < 0 || static_cast<zip_uint64_t>(got) != st.size)
      bad_workbook(shown_, name + " が壊れています（展開できません）", name + " is damaged (cannot be uncompressed)");
    out.resize(static_cast<std::size_t>(got));
    budget_ -= st.size;
    return out;
  }

 private:
  [[noreturn]] void too_large() const {
    const auto mib = std::to_string(input_limits().max_workbook_uncompressed_bytes >> 20);
    bad_workbook(shown_, "Excel ブックを展開すると上限（" + mib + " MiB）を超えます。表だけのブックにしてください",
                 "the workbook uncompresses to more than the limit (" + mib + " MiB); keep only the tables in it");
  }
  std::string shown_;
  zip_t* zip_ = nullptr;
  std::uintmax_t budget_ = 0;
};

pugi::xml_document parse_xml(const std::string& text, const std::string& part, const std::string& shown) {
  pugi::xml_document doc;
  if (!doc.load_buffer(text.data(), text.size()))
    bad_workbook(shown, "Excel ブックの " + part + " の XML が壊れています", "the XML of " + part + " in the workbook is damaged");
  return doc;
}

// Text of a shared or inline string: the <t> runs, without phonetic guides (<rPh>, furigana).
std::string string_item(const pugi::xml_node& si) {
  std::string out;
  for (const pugi::xml_node& child : si.children()) {
    const std::string name = child.name();
    if (name == "t") out += child.text().get();
    else if (name == "r") out += child.child("t").text().get();
  }
  return out;
}

std::vector<std::string> shared_strings(WorkbookZip& zip, const std::string& shown) {
  std::vector<std::string> out;
  const std::string text = zip.part("xl/sharedStrings.xml", false);
  if (text.empty()) return out;
  pugi::xml_document doc = parse_xml(text, "sharedStrings.xml", shown);
  for (const pugi::xml_node& si : doc.child("sst").children("si")) out.push_back(string_item(si));
  return out;
}

// Number format code of each cell style (styles.xml cellXfs), "" for General.
std::vector<std::string> style_formats(WorkbookZip& zip, const std::string& shown) {
  // Excel's built-in formats (ECMA-376 18.8.30); 14–22, 27–36, 45–47 and 50–58 are dates and times.
  static const std::map<int, std::string> builtin = {
      {1, "0"}, {2, "0.00"}, {3, "#,##0"}, {4, "#,##0.00"}, {9, "0%"}, {10, "0.00%"}, {11, "0.00E+00"},
      {37, "#,##0 ;(#,##0)"}, {38, "#,##0 ;(#,##0)"}, {39, "#,##0.00;(#,##0.00)"}, {40, "#,##0.00;(#,##0.00)"}, {49, "@"}};
  auto builtin_date = [](int id) { return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) || (id >= 50 && id <= 58); };
  std::vector<std::string> out;
  const std::string text = zip.part("xl/styles.xml", false);
  if (text.empty()) return out;
  pugi::xml_document doc = parse_xml(text, "styles.xml", shown);
  std::map<int, std::string> custom;
  for (const pugi::xml_node& f : doc.child("styleSheet").child("numFmts").children("numFmt"))
    custom[f.attribute("numFmtId").as_int()] = f.attribute("formatCode").value();
  for (const pugi::xml_node& xf : doc.child("styleSheet").child("cellXfs").children("xf")) {
    const int id = xf.attribute("numFmtId").as_int();
    auto c = custom.find(id);
    auto b = builtin.find(id);
    out.push_back(c != custom.end() ? c->second : b != builtin.end() ? b->second : builtin_date(id) ? "yyyy/m/d" : "");
  }
  return out;
}

// The sheets of a workbook (workbook.xml and its relationships), in order, with the part holding each.
struct BookSheets {
  std::vector<std::pair<std::string, std::string>> sheets;  // name, part
  // workbook.xml asks Excel to recalculate every formula on opening (<calcPr fullCalcOnLoad="1"/> or
  // forceFullCalc, as XlsxWriter writes with a cached result of 0): stored formula results are not
  // what Excel shows.
  bool recalculates = false;
};

bool xml_true(const pugi::xml_attribute& a) {
  const std::string v = a.value();
  return v == "1" || v == "true";
}

BookSheets book_sheets(WorkbookZip& zip, const std::string& shown) {
  pugi::xml_document book = parse_xml(zip.part("xl/workbook.xml", true), "workbook.xml", shown);
  pugi::xml_document rels = parse_xml(zip.part("xl/_rels/workbook.xml.rels", true), "workbook.xml.rels", shown);
  BookSheets out;
  const pugi::xml_node calc = book.child("workbook").child("calcPr");
  out.recalculates = xml_true(calc.attribute("fullCalcOnLoad")) || xml_true(calc.attribute("forceFullCalc"));
  for (const pugi::xml_node& s : book.child("workbook").child("sheets").children("sheet")) {
    const std::string name = s.attribute("name").value(), id = s.attribute("r:id").value();
    std::string part;
    for (const pugi::xml_node& r : rels.child("Relationships").children("Relationship")) {
      if (id != r.attribute("Id").value()) continue;
      const std::string target = r.attribute("Target").value();
      part = target.rfind('/', 0) == 0 ? target.substr(1) : "xl/" + target;
    }
    if (part.empty())
      bad_workbook(shown, "シート「" + name + "」の場所が workbook.xml.rels にありません",
                   "the workbook does not say where sheet '" + name + "' is stored");
    out.sheets.emplace_back(name, part);
  }
  return out;
}

// The named sheet (name, part); `wanted` empty: the only sheet.
std::pair<std::string, std::string> sheet_part(const BookSheets& book, const std::string& shown, const std::string& wanted) {
  const auto& sheets = book.sheets;
  std::string names;
  for (const auto& s : sheets) names += (names.empty() ? "" : ", ") + s.first;
  auto it = std::find_if(sheets.begin(), sheets.end(), [&](const auto& s) { return s.first == wanted; });
  if (wanted.empty() && sheets.size() == 1) it = sheets.begin();
  if (it != sheets.end()) return *it;
  if (wanted.empty())
    throw InputError({shown, 0, "sheet"}, "シートが " + std::to_string(sheets.size()) + " 枚あります。マニフェストの表に sheet: で指定してください（" + names + "）",
                     "the workbook has " + std::to_string(sheets.size()) + " sheets; name one with sheet: in the manifest (" + names + ")");
  throw InputError({shown, 0, "sheet"}, "シート「" + wanted + "」がありません（あるシート: " + names + "）",
                   "no sheet '" + wanted + "' (the sheets are: " + names + ")");
}

// "C7" → {column 3, row 7}; {0, 0} when malformed.
std::pair<long, long> cell_ref(const std::string& ref) {
  long col = 0, row = 0;
  std::size_t i = 0;
  for (; i < ref.size() && std::isupper(static_cast<unsigned char>(ref[i])); ++i) {
    col = col * 26 + (ref[i] - 'A' + 1);
    if (col > 16384) return {0, 0};
  }
  for (; i < ref.size() && std::isdigit(static_cast<unsigned char>(ref[i])); ++i) {
    row = row * 10 + (ref[i] - '0');
    if (row > 1048576) return {0, 0};
  }
  return i == ref.size() ? std::pair{col, row} : std::pair{0L, 0L};
}

struct SheetCells {
  std::map<long, std::vector<std::string>> rows;   // row → text from column A
  std::map<std::pair<long, long>, bool> is_number;  // (row, column) → the cell is a number
};

// What a sheet's cells are read with: the workbook's shared strings and number formats.
struct SheetContext {
  const std::vector<std::string>& strings;
  const std::vector<std::string>& formats;  // by style
  bool recalculates;                         // BookSheets::recalculates
};

// The text of one cell as Excel shows it; `number` is set for a number. Throws for what Excel would
// not show as read: a formula result not stored or to be recalculated, digits the format hides.
std::string cell_text(const pugi::xml_node& c, const SheetContext& book, const SourcePos& at, bool& number) {
  const std::string type = c.attribute("t").value();
  const pugi::xml_node v = c.child("v");
  const std::string stored = v.text().get();
  if (c.child("f") && book.recalculates)
    throw InputError(at, "ブックは開くときに数式を計算し直すよう指定されており（calcPr fullCalcOnLoad・forceFullCalc、XlsxWriter などが書く）、"
                         "保存された計算結果は Excel が表示する値と違うことがあります。Excel か LibreOffice で開いて保存し直すか、値として貼り付けてください",
                     "the workbook asks Excel to recalculate every formula when it is opened (calcPr fullCalcOnLoad or "
                     "forceFullCalc, as XlsxWriter writes), so the stored formula results may not be what Excel shows; "
                     "open and save it in Excel or LibreOffice, or paste values");
  // openpyxl and other writers save a formula with no computed result (an empty or missing <v>).
  if (c.child("f") && stored.empty())
    throw InputError(at, "数式の計算結果がブックに保存されていません。Excel で開いて保存し直すか、値として貼り付けてください",
                     "the formula's result is not stored in the workbook; open and save it in Excel, or paste values");
  if (type == "s") {
    const long i = v.text().as_llong(-1);
    if (i < 0 || static_cast<std::size_t>(i) >= book.strings.size())
      throw InputError(at, "共有文字列の番号が範囲外です", "a shared-string index is out of range");
    return book.strings[static_cast<std::size_t>(i)];
  }
  if (type == "inlineStr") return string_item(c.child("is"));
  if (type == "b") return stored == "1" ? "TRUE" : "FALSE";
  if (type == "str" || type == "e" || type == "d") return stored;  // text, an error (#DIV/0!), an ISO 8601 date
  const std::size_t style = c.attribute("s").as_uint(0);
  const std::string& format = style < book.formats.size() ? book.formats[style] : "";
  // A date (what Excel makes of a typed 1-9 or 1/9) reads as the date it shows, never as a number.
  if (!stored.empty() && date_format(format)) return date_text(stored);
  const std::string text = format_cell_number(stored, format);
  if (format_hides_digits(stored, format)) {
    const std::string unit = format.substr(0, format.find(';')).find('%') != std::string::npos ? "%" : "";
    throw InputError(at, "セルに保存された値 " + stored + " は表示形式「" + format + "」で " + text + unit +
                             " と表示されますが、ブックを開けば保存された桁がすべて読めます。表示する桁に丸めた値を保存してください（ROUND 関数か、値として貼り付け）",
                     "the cell stores " + stored + ", which its number format '" + format + "' shows as " + text + unit +
                         "; anyone who opens the workbook reads every stored digit: store the value rounded as shown (ROUND, or paste the values)");
  }
  number = !text.empty();
  return text;
}

SheetCells read_cells(const pugi::xml_document& doc, const SheetContext& book, const std::string& shown,
                      const std::string& sheet) {
  SheetCells out;
  const std::size_t max_columns = input_limits().max_columns;
  std::set<std::pair<long, long>> seen;
  long row_number = 0;
  for (const pugi::xml_node& row : doc.child("worksheet").child("sheetData").children("row")) {
    row_number = row.attribute("r") ? row.attribute("r").as_int() : row_number + 1;
    long column = 0;
    for (const pugi::xml_node& c : row.children("c")) {
      SourcePos at{shown, row_number, ""};
      at.sheet = sheet;
      if (c.attribute("r")) {
        auto [col, r] = cell_ref(c.attribute("r").value());
        if (col == 0 || r != row_number)
          throw InputError(at, std::string("セルの位置「") + c.attribute("r").value() + "」が読めません",
                           std::string("cannot read the cell reference '") + c.attribute("r").value() + "'");
        column = col;
      } else {
        ++column;
      }
      at.column = column;
      if (static_cast<std::size_t>(column) > max_columns)
        throw InputError(at, "1 行の欄が上限（" + std::to_string(max_columns) + "）を超えます",
                         "more than " + std::to_string(max_columns) + " columns in a row");
      // Excel never writes a cell twice; which of two values a reader keeps is anyone's guess.
      if (!seen.insert({row_number, column}).second)
        throw InputError(at, "同じセルがシートに 2 回書かれています（ブックが壊れています。Excel で開いて保存し直してください）",
                         "the sheet holds this cell twice (the workbook is damaged; open and save it in Excel)");
      bool number = false;
      const std::string text = cell_text(c, book, at, number);
      if (number) out.is_number[{row_number, column}] = true;
      std::vector<std::string>& fields = out.rows[row_number];
      if (fields.size() < static_cast<std::size_t>(column)) fields.resize(static_cast<std::size_t>(column));
      fields[static_cast<std::size_t>(column - 1)] = trim_text(text);
    }
  }
  return out;
}

// Whether a sheet holds any value (a number, or text other than blanks).
bool sheet_has_value(const pugi::xml_document& doc, const std::vector<std::string>& strings) {
  for (const pugi::xml_node& row : doc.child("worksheet").child("sheetData").children("row"))
    for (const pugi::xml_node& c : row.children("c")) {
      const std::string type = c.attribute("t").value();
      std::string text = type == "inlineStr" ? string_item(c.child("is")) : c.child("v").text().get();
      if (type == "s") {
        const long i = c.child("v").text().as_llong(-1);
        if (i >= 0 && static_cast<std::size_t>(i) < strings.size()) text = strings[static_cast<std::size_t>(i)];
      }
      if (!trim_text(text).empty()) return true;
    }
  return false;
}

// Merged ranges with a value. Text (a heading, a row label) fills its whole range at once; a number
// only where the table reader knows the columns hold labels (fill_merged_labels).
std::vector<MergedRange> merged_ranges(const pugi::xml_document& doc, SheetCells& cells) {
  std::vector<MergedRange> out;
  for (const pugi::xml_node& m : doc.child("worksheet").child("mergeCells").children("mergeCell")) {
    const std::string ref = m.attribute("ref").value();
    const std::size_t colon = ref.find(':');
    if (colon == std::string::npos) continue;
    auto [c1, r1] = cell_ref(ref.substr(0, colon));
    auto [c2, r2] = cell_ref(ref.substr(colon + 1));
    if (c1 == 0 || c2 < c1 || r2 < r1) continue;
    auto top = cells.rows.find(r1);
    if (top == cells.rows.end() || top->second.size() < static_cast<std::size_t>(c1)) continue;
    MergedRange range{r1, c1, r2, std::min<long>(c2, static_cast<long>(input_limits().max_columns)),
                      top->second[static_cast<std::size_t>(c1 - 1)], cells.is_number.count({r1, c1}) > 0};
    if (range.value.empty()) continue;
    if (!range.number)
      for (auto it = cells.rows.lower_bound(r1); it != cells.rows.end() && it->first <= r2; ++it) {
        if (it->second.size() < static_cast<std::size_t>(range.last_column)) it->second.resize(static_cast<std::size_t>(range.last_column));
        for (long c = c1; c <= range.last_column; ++c)
          if (it->second[static_cast<std::size_t>(c - 1)].empty()) it->second[static_cast<std::size_t>(c - 1)] = range.value;
      }
    out.push_back(std::move(range));
  }
  return out;
}

}  // namespace

bool is_workbook_path(const std::string& path) { return lower_extension(path) == "xlsx"; }

void refuse_other_spreadsheets(const std::string& path, const std::string& shown) {
  const std::string ext = lower_extension(path);
  if (ext == "xls" || ext == "xlsm" || ext == "xlsb" || ext == "ods" || ext == "numbers")
    throw InputError({shown, 0, ""},
                     "." + ext + " 形式のファイルは読めません。Excel ブック（.xlsx）か CSV（UTF-8 または Shift_JIS）で保存し直してください",
                     "." + ext + " files cannot be read; save the file as an Excel workbook (.xlsx) or as CSV (UTF-8 or Shift_JIS)");
}

WorkbookSheet read_workbook_sheet(const std::string& path, const std::string& shown, const std::string& sheet) {
  check_input_file(path, shown, input_limits().max_table_bytes, "Excel ブック", "workbook");
  WorkbookSheet out;
  out.bytes = read_file_bytes(path, "Excel ブック");
  WorkbookZip zip(out.bytes, shown);
  const BookSheets book = book_sheets(zip, shown);
  auto [name, part] = sheet_part(book, shown, sheet);
  out.sheet = name;
  const std::vector<std::string> strings = shared_strings(zip, shown);
  const std::vector<std::string> formats = style_formats(zip, shown);
  pugi::xml_document doc = parse_xml(zip.part(part, true), part, shown);
  SheetCells cells = read_cells(doc, SheetContext{strings, formats, book.recalculates}, shown, name);
  out.merged = merged_ranges(doc, cells);
  for (auto& [row, fields] : cells.rows) {
    if (std::all_of(fields.begin(), fields.end(), [](const std::string& f) { return f.empty(); })) continue;
    out.rows.push_back(CsvRow{row, std::move(fields)});
  }
  return out;
}

void refuse_unread_sheets(const std::string& path, const std::string& shown, const std::set<std::string>& read) {
  check_input_file(path, shown, input_limits().max_table_bytes, "Excel ブック", "workbook");
  const std::string bytes = read_file_bytes(path, "Excel ブック");
  WorkbookZip zip(bytes, shown);
  const BookSheets book = book_sheets(zip, shown);
  std::vector<std::string> strings;
  bool strings_read = false;
  for (const auto& [name, part] : book.sheets) {
    if (read.count(name)) continue;
    if (!strings_read) strings = shared_strings(zip, shown);
    strings_read = true;
    const pugi::xml_document doc = parse_xml(zip.part(part, true), part, shown);
    if (!sheet_has_value(doc, strings)) continue;
    SourcePos at{shown, 0, ""};
    at.sheet = name;
    throw InputError(at,
                     "公表するブックのシート「" + name + "」はマニフェストのどの表も読んでいません（非表示のシートも公表されます）。"
                     "表として監査する（tables に sheet: " + name + " の表を書く）か、ブックから削除してください",
                     "sheet '" + name + "' of a workbook to publish is read by no table of the manifest (a hidden sheet is "
                     "published too): audit it as a table (a table with sheet: " + name + ") or delete it from the workbook");
  }
}

void fill_merged_labels(std::vector<CsvRow>& rows, const std::vector<MergedRange>& merged,
                        const std::vector<std::size_t>& label_columns) {
  for (const MergedRange& m : merged) {
    if (!m.number) continue;
    for (CsvRow& row : rows) {
      if (row.line < m.first_row || row.line > m.last_row) continue;
      for (std::size_t c : label_columns) {
        const auto column = static_cast<long>(c) + 1;
        if (column < m.first_column || column > m.last_column) continue;
        if (row.fields.size() <= c) row.fields.resize(c + 1);
        if (row.fields[c].empty()) row.fields[c] = m.value;
      }
    }
  }
}

}  // namespace hitoku::ingest
