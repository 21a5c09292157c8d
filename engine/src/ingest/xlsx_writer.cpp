// Workbooks written with Debian's libxlsxwriter: one sheet per table, cells as the CSV writer lays them out.
#include <xlsxwriter.h>
#include <unistd.h>

#include <cctype>
#include <filesystem>
#include <map>
#include <set>

#include "hitoku/model/error.h"
#include "hitoku/io/sha256.h"
#include "hitoku/ingest/table_writer.h"
#include "table_rows.h"
#include "xlsx_reader.h"

namespace fs = std::filesystem;

namespace hitoku {
namespace {

// A count or a derived value written as a number: digits with an optional sign and decimals. Codes
// and labels never are (a code "01" must keep its zero).
bool numeric_text(const std::string& s, std::size_t& decimals) {
  std::size_t i = (!s.empty() && s[0] == '-') ? 1 : 0;
  const std::size_t start = i;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
  if (i == start || i - start > 15 || (s[start] == '0' && i - start > 1)) return false;
  decimals = 0;
  if (i < s.size() && s[i] == '.') {
    const std::size_t point = i++;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    decimals = i - point - 1;
    if (decimals == 0) return false;
  }
  return i == s.size();
}

// The first `limit` characters (not bytes) of UTF-8 text, none of []:*?/\ (Excel refuses them in sheet names).
std::string sheet_characters(const std::string& wanted, std::size_t limit) {
  std::string name;
  std::size_t chars = 0;
  for (std::size_t i = 0; i < wanted.size() && chars < limit; ++chars) {
    std::size_t len = 1;
    const auto c = static_cast<unsigned char>(wanted[i]);
    if (c >= 0xF0) len = 4;
    else if (c >= 0xE0) len = 3;
    else if (c >= 0xC0) len = 2;
    std::string ch = wanted.substr(i, len);
    if (ch.size() == 1 && std::string("[]:*?/\\").find(ch[0]) != std::string::npos) ch = "_";
    name += ch;
    i += len;
  }
  return name;
}

// Excel's sheet names: at most 31 characters, unique without regard to case.
std::string valid_sheet_name(const std::string& wanted, std::set<std::string>& used) {
  std::string name = sheet_characters(wanted, 31);
  if (name.empty()) name = "表";
  auto folded = [](std::string t) {  // Excel compares sheet names without case
    for (char& c : t) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return t;
  };
  std::string candidate = name;
  for (int n = 2; used.count(folded(candidate)); ++n) candidate = sheet_characters(name, 27) + "_" + std::to_string(n);
  used.insert(folded(candidate));
  return candidate;
}

class Workbook {
 public:
  Workbook(const std::string& path, const std::string& scratch) : path_(path), scratch_(scratch) {
    lxw_workbook_options options{};
    options.constant_memory = LXW_FALSE;
    options.tmpdir = scratch_.data();  // its own temporary files too stay in the output folder
    book_ = workbook_new_opt(path_.c_str(), &options);
    if (!book_) fail("ブックを作成できません", "cannot create the workbook");
  }
  ~Workbook() {
    if (book_) workbook_close(book_);
    std::error_code ec;
    fs::remove(path_, ec);
  }
  Workbook(const Workbook&) = delete;
  Workbook& operator=(const Workbook&) = delete;

  void add_sheet(const std::string& name, const TableRows& rows) {
    lxw_worksheet* sheet = workbook_add_worksheet(book_, name.c_str());
    if (!sheet) fail("シート「" + name + "」を作成できません", "cannot add sheet '" + name + "'");
    for (std::size_t r = 0; r < rows.rows.size(); ++r) {
      const auto& row = rows.rows[r];
      for (std::size_t c = 0; c < row.size(); ++c) {
        const std::string& text = row[c];
        if (text.empty()) continue;
        std::size_t decimals = 0;
        const auto R = static_cast<lxw_row_t>(r);
        const auto C = static_cast<lxw_col_t>(c);
        if (r >= rows.first_data_row && c >= rows.label_columns && numeric_text(text, decimals))
          worksheet_write_number(sheet, R, C, std::stod(text), decimal_format(decimals));
        else
          worksheet_write_string(sheet, R, C, text.c_str(), nullptr);
      }
    }
  }

  std::string finish() {
    const lxw_error error = workbook_close(book_);
    book_ = nullptr;
    if (error != LXW_NO_ERROR) fail(std::string("ブックを書けません: ") + lxw_strerror(error), std::string("cannot write the workbook: ") + lxw_strerror(error));
    return read_file_bytes(path_);
  }

 private:
  // A number with decimals keeps them as printed ("12.0" stays 12.0 with the format 0.0).
  lxw_format* decimal_format(std::size_t decimals) {
    if (decimals == 0) return nullptr;
    auto it = formats_.find(decimals);
    if (it != formats_.end()) return it->second;
    lxw_format* f = workbook_add_format(book_);
    format_set_num_format(f, ("0." + std::string(decimals, '0')).c_str());
    return formats_[decimals] = f;
  }
  [[noreturn]] void fail(const std::string& ja, const std::string& en) const { throw InputError({path_, 0, ""}, ja, en); }

  std::string path_, scratch_;
  lxw_workbook* book_ = nullptr;
  std::map<std::size_t, lxw_format*> formats_;
};

}  // namespace

std::string render_workbook(const Submission& sub, const std::vector<WorkbookSheetOut>& sheets, const std::string& scratch_dir) {
  const std::string dir = scratch_dir.empty() ? "." : scratch_dir;
  const std::string path = (fs::path(dir) / (".hitoku-workbook.tmp-" + std::to_string(::getpid()) + ".xlsx")).string();
  Workbook book(path, dir);
  for (const auto& s : sheets)
    book.add_sheet(s.sheet, s.derived ? derived_block_rows(sub, *s.table, s.format, *s.derived)
                                      : table_rows(sub, *s.table, s.format, s.content));
  return book.finish();
}

void move_tables_to_workbook(Submission& sub, SubmissionLayout& layout, const std::string& file) {
  std::set<std::string> used;
  for (auto& t : sub.tables) {
    TableFormat& f = layout.of(t.id);
    f.file = file;
    f.sheet = valid_sheet_name(f.sheet.empty() ? t.id : f.sheet, used);
    f.encoding = TextEncoding::Utf8;
    f.true_values_sheet.clear();
    for (DerivedColumn& c : t.derived)  // a wide table's block of derived values: a sheet beside it
      if (!c.file.empty()) {
        c.file = file;
        c.sheet = valid_sheet_name(f.sheet + "_" + c.header, used);
      }
  }
}

}  // namespace hitoku
