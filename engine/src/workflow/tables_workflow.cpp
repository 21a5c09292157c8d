#include <filesystem>

#include "hitoku/io/atomic_write.h"
#include "hitoku/model/error.h"
#include "hitoku/ingest/table_writer.h"
#include "rules/withheld_cells.h"
#include "hitoku/workflow/input.h"
#include "hitoku/workflow/output_guard.h"
#include "hitoku/workflow/tables.h"

namespace hitoku::workflow {
namespace fs = std::filesystem;

namespace {

// A column heading as part of a file name: characters a path cannot hold become '_'.
std::string file_part(const std::string& heading) {
  std::string out = heading;
  for (char& ch : out)
    if (ch == '/' || ch == '\\' || ch == ':' || (static_cast<unsigned char>(ch) < 0x20)) ch = '_';
  return out;
}

// The wide files written after the long tables (named as below), checked before anything is written.
std::vector<std::string> wide_targets(const Submission& sub, const TablesRequest& request) {
  std::vector<std::string> out;
  if (!request.wide) return out;
  if (request.xlsx) return {(fs::path(request.outdir) / "tables_wide.xlsx").string()};
  for (const auto& t : sub.tables) {
    out.push_back((fs::path(request.outdir) / (t.id + "_wide.csv")).string());
    for (const DerivedColumn& column : t.derived)
      out.push_back((fs::path(request.outdir) / (t.id + "_" + file_part(column.header) + "_wide.csv")).string());
  }
  return out;
}

}  // namespace

TextEncoding parse_tables_encoding(const std::string& name) {
  if (name == "utf-8") return TextEncoding::Utf8;
  if (name == "cp932") return TextEncoding::Cp932;
  throw InputError({"--encoding", 0, ""}, "文字コード「" + name + "」は使えません（utf-8 または cp932）",
                   "encoding must be utf-8 or cp932, not '" + name + "'");
}

TablesRun write_tables(Submission sub, SubmissionLayout layout, const TablesRequest& request) {
  refuse_input_overwrite(request.outdir, input_files(sub), request.force);
  make_output_folder(request.outdir);
  for (const auto& t : sub.tables) {
    TableFormat& format = layout.of(t.id);
    format.layout = TableLayout::Long;
    format.encoding = request.encoding;
    format.file = t.id + ".csv";
    format.show_labels.assign(t.dims.size(), false);
  }
  if (request.xlsx) move_tables_to_workbook(sub, layout, "tables.xlsx");
  TablesRun run;
  sub.withheld = record_level_withholds(sub);  // what the tables cannot show (rules ① ③)
  run.written = write_submission(sub, layout, (fs::path(request.outdir) / "manifest.yaml").string(),
                                 wide_targets(sub, request));
  if (request.wide && request.xlsx) {
    std::vector<WorkbookSheetOut> sheets;
    for (const auto& t : sub.tables) {
      TableFormat wide = layout.of(t.id);
      wide.layout = TableLayout::Wide;
      wide.show_labels.assign(t.dims.size(), true);
      wide.other_headers.clear();  // derived values are per cell: the long tables carry them
      sheets.push_back({wide.sheet, &t, wide, TableContent::Published});
    }
    const std::string path = (fs::path(request.outdir) / "tables_wide.xlsx").string();
    write_file_atomically(path, render_workbook(sub, sheets, request.outdir));
    run.written.push_back(path);
  } else if (request.wide) {
    for (const auto& t : sub.tables) {
      TableFormat wide = layout.of(t.id);
      wide.layout = TableLayout::Wide;
      wide.show_labels.assign(t.dims.size(), true);  // the printed form: Japanese labels
      wide.other_headers.clear();                     // derived values: blocks of their own (below)
      const std::string path = (fs::path(request.outdir) / (t.id + "_wide.csv")).string();
      write_table(sub, t, wide, path);
      run.written.push_back(path);
      // Each derived column as a second wide table of the same layout, as a wide manifest reads it.
      for (DerivedColumn column : t.derived) {
        column.file = t.id + "_" + file_part(column.header) + "_wide.csv";
        const std::string block = (fs::path(request.outdir) / column.file).string();
        write_file_atomically(block, render_derived_block(sub, t, wide, column));
        run.written.push_back(block);
      }
    }
  }
  for (const auto& t : sub.tables)
    if (!t.additive) run.non_additive_tables.push_back(t.id);
  return run;
}

}  // namespace hitoku::workflow
