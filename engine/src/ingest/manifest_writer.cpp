#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <map>
#include <set>

#include "count_field.h"
#include "hitoku/io/atomic_write.h"
#include "hitoku/ingest/csv.h"
#include "hitoku/ingest/load_policy.h"
#include "hitoku/ingest/table_writer.h"
#include "manifest_other_columns.h"
#include "xlsx_reader.h"

namespace fs = std::filesystem;

namespace hitoku {
namespace {

std::string policy_reference(const Policy& p) {
  if (p.path.empty()) return p.id;
  std::error_code ec;
  const fs::path by_id = fs::path(policy_directory()) / (p.id + ".yaml");
  if (fs::exists(by_id, ec) && fs::equivalent(by_id, p.path, ec)) return p.id;
  return fs::absolute(p.path, ec).string();
}

void emit_table(YAML::Emitter& y, const Submission& sub, const Table& t, const TableFormat& f) {
  auto dim_id = [&](std::size_t d) { return sub.dimensions[t.dims[d]].id(); };
  const std::vector<bool> fixed = dimensions_without_column(t, f);
  y << YAML::BeginMap << YAML::Key << "id" << YAML::Value << t.id;
  if (!t.title.empty()) y << YAML::Key << "title" << YAML::Value << t.title;
  y << YAML::Key << "file" << YAML::Value << f.file;
  if (ingest::is_workbook_path(f.file)) y << YAML::Key << "sheet" << YAML::Value << f.sheet;
  else y << YAML::Key << "encoding" << YAML::Value << to_string(f.encoding);
  y << YAML::Key << "layout" << YAML::Value << to_string(f.layout);
  if (!f.preamble.empty()) y << YAML::Key << "skip_rows" << YAML::Value << f.preamble.size();
  if (f.layout == TableLayout::Long) {
    y << YAML::Key << "dimensions" << YAML::Value << YAML::BeginMap;
    for (std::size_t d = 0; d < t.dims.size(); ++d)
      if (!fixed[d])
        y << YAML::Key << dim_id(d) << YAML::Value
        << (d < f.dimension_headers.size() ? f.dimension_headers[d] : sub.dimensions[t.dims[d]].label());
    y << YAML::EndMap;
    y << YAML::Key << "count" << YAML::Value << (f.count_header.empty() ? "件数" : f.count_header);
    if (!f.true_value_column.empty()) y << YAML::Key << "true_value_column" << YAML::Value << f.true_value_column;
  } else {
    y << YAML::Key << "rows" << YAML::Value << YAML::Flow << YAML::BeginSeq;
    for (std::size_t d = 0; d + 1 < t.dims.size(); ++d)
      if (!fixed[d]) y << dim_id(d);
    y << YAML::EndSeq << YAML::Key << "columns" << YAML::Value << dim_id(t.dims.size() - 1);
  }
  if (!f.true_values_file.empty()) y << YAML::Key << "true_values" << YAML::Value << f.true_values_file;
  if (!f.true_values_sheet.empty() && ingest::is_workbook_path(f.true_values_file))
    y << YAML::Key << "true_values_sheet" << YAML::Value << f.true_values_sheet;
  if (std::find(fixed.begin(), fixed.end(), true) != fixed.end()) {
    y << YAML::Key << "fixed" << YAML::Value << YAML::Flow << YAML::BeginMap;
    for (std::size_t d = 0; d < t.dims.size(); ++d)
      if (fixed[d]) y << YAML::Key << dim_id(d) << YAML::Value << YAML::DoubleQuoted << sub.dimensions[t.dims[d]].code(t.codes[d][0]);
    y << YAML::EndMap;
  }
  y << YAML::Key << "codes" << YAML::Value << YAML::BeginMap;
  for (std::size_t d = 0; d < t.dims.size(); ++d) {
    if (fixed[d]) continue;
    y << YAML::Key << dim_id(d) << YAML::Value << YAML::Flow << YAML::BeginSeq;
    for (int c : t.codes[d]) y << YAML::DoubleQuoted << sub.dimensions[t.dims[d]].code(c);
    y << YAML::EndSeq;
  }
  y << YAML::EndMap;
  if (!t.hospital_dimension.empty()) y << YAML::Key << "hospital_dimension" << YAML::Value << t.hospital_dimension;
  if (!t.hospital_attribute.empty()) y << YAML::Key << "hospital_attribute" << YAML::Value << t.hospital_attribute;
  if (!t.additive) y << YAML::Key << "count_unit" << YAML::Value << "patients";
  ingest::emit_other_columns(y, sub, t);
  y << YAML::EndMap;
}

bool has_suppressed(const Table& t) {
  for (CellStatus s : t.status)
    if (is_suppressed(s)) return true;
  return false;
}

std::string true_file_name(const std::string& file) {
  fs::path p(file);
  return p.stem().string() + "_true" + p.extension().string();
}

}  // namespace

std::string render_manifest(const Submission& sub, const SubmissionLayout& layout, const std::string& adjacency_file,
                            const std::string& hospitals_file) {
  YAML::Emitter y;
  y.SetIndent(2);
  y << YAML::BeginMap;
  y << YAML::Key << "manifest_version" << YAML::Value << 1;
  y << YAML::Key << "policy" << YAML::Value << policy_reference(sub.policy);
  const SubmissionInfo& i = sub.info;
  y << YAML::Key << "submission" << YAML::Value << YAML::BeginMap;
  y << YAML::Key << "title" << YAML::Value << i.title;
  y << YAML::Key << "approval" << YAML::Value << YAML::BeginMap << YAML::Key << "date" << YAML::Value
    << YAML::DoubleQuoted << i.approval_date << YAML::Key << "number" << YAML::Value << i.approval_number << YAML::EndMap;
  y << YAML::Key << "purpose" << YAML::Value << i.purpose;
  y << YAML::Key << "publication" << YAML::Value << YAML::BeginMap << YAML::Key << "venue" << YAML::Value
    << i.publication_venue << YAML::Key << "date" << YAML::Value << YAML::DoubleQuoted << i.publication_date
    << YAML::EndMap;
  if (!i.attribution.empty()) y << YAML::Key << "attribution" << YAML::Value << i.attribution;
  y << YAML::EndMap;
  // Every marker a written table uses must read back as a marker.
  std::vector<std::string> markers = sub.policy.default_markers.empty() ? ingest::builtin_markers() : sub.policy.default_markers;
  for (const auto& t : sub.tables) {
    const std::string& marker = layout.of(t.id).marker;
    if (std::find(markers.begin(), markers.end(), marker) == markers.end()) markers.push_back(marker);
  }
  y << YAML::Key << "suppression_markers" << YAML::Value << YAML::Flow << YAML::BeginSeq;
  for (const auto& m : markers) y << YAML::DoubleQuoted << m;
  y << YAML::EndSeq;
  y << YAML::Key << "dimensions" << YAML::Value << YAML::BeginMap;
  for (const Dimension& d : sub.dimensions) {
    y << YAML::Key << d.id() << YAML::Value << YAML::BeginMap << YAML::Key << "label" << YAML::Value << d.label();
    // Groupings of one variable keep it, with their common refinement written out as codes.
    if (!d.variable().empty()) y << YAML::Key << "variable" << YAML::Value << d.variable();
    y << YAML::Key << "codes" << YAML::Value << YAML::BeginSeq;
    for (int c = 0; c < d.size(); ++c) {
      y << YAML::Flow << YAML::BeginMap << YAML::Key << "code" << YAML::Value << YAML::DoubleQuoted << d.code(c)
        << YAML::Key << "label" << YAML::Value << d.code_label(c);
      if (d.parent(c) >= 0) y << YAML::Key << "parent" << YAML::Value << YAML::DoubleQuoted << d.code(d.parent(c));
      y << YAML::EndMap;
    }
    y << YAML::EndSeq << YAML::EndMap;
  }
  y << YAML::EndMap;
  if (!adjacency_file.empty() && !sub.geographies.empty()) {
    const GeographyInfo& g = sub.geographies.front();
    y << YAML::Key << "geography" << YAML::Value << YAML::BeginMap << YAML::Key << "dimension" << YAML::Value
      << g.dimension << YAML::Key << "adjacency_file" << YAML::Value << adjacency_file;
    if (!g.reference.empty()) y << YAML::Key << "reference" << YAML::Value << g.reference;
    if (!g.reference_version.empty()) y << YAML::Key << "reference_version" << YAML::Value << g.reference_version;
    y << YAML::EndMap;
  }
  if (!hospitals_file.empty() && !sub.hospitals.empty())
    y << YAML::Key << "hospitals" << YAML::Value << YAML::BeginMap << YAML::Key << "file" << YAML::Value
      << hospitals_file << YAML::EndMap;
  for (bool earlier : {false, true}) {
    bool any = false;
    for (const auto& t : sub.tables) any = any || t.earlier_publication == earlier;
    if (!any) continue;
    y << YAML::Key << (earlier ? "earlier_publications" : "tables") << YAML::Value << YAML::BeginSeq;
    for (const auto& t : sub.tables)
      if (t.earlier_publication == earlier) emit_table(y, sub, t, layout.of(t.id));
    y << YAML::EndSeq;
  }
  if (!sub.exceptions.empty()) {
    y << YAML::Key << "exceptions" << YAML::Value << YAML::BeginSeq;
    for (const auto& e : sub.exceptions) {
      y << YAML::BeginMap << YAML::Key << "rule" << YAML::Value << YAML::DoubleQuoted << e.rule;
      if (!e.table.empty()) y << YAML::Key << "table" << YAML::Value << e.table;
      if (!e.cells.empty()) {
        y << YAML::Key << "cells" << YAML::Value << YAML::BeginSeq;
        for (const auto& cell : e.cells) {
          y << YAML::Flow << YAML::BeginMap;
          for (const auto& [dim, code] : cell) y << YAML::Key << dim << YAML::Value << YAML::DoubleQuoted << code;
          y << YAML::EndMap;
        }
        y << YAML::EndSeq;
      }
      y << YAML::Key << "basis" << YAML::Value << e.basis << YAML::Key << "reference" << YAML::Value << e.reference
        << YAML::EndMap;
    }
    y << YAML::EndSeq;
  }
  if (!sub.withheld.empty()) {  // facts of the registry extract the tables cannot show (rules ① ③)
    y << YAML::Key << "withheld" << YAML::Value << YAML::BeginSeq;
    for (const auto& w : sub.withheld) {
      y << YAML::Flow << YAML::BeginMap << YAML::Key << "table" << YAML::Value << w.table << YAML::Key << "cell"
        << YAML::Value << YAML::BeginMap;
      for (const auto& [dim, code] : w.cell) y << YAML::Key << dim << YAML::Value << YAML::DoubleQuoted << code;
      y << YAML::EndMap << YAML::Key << "rule" << YAML::Value << YAML::DoubleQuoted << w.rule << YAML::Key << "reason_ja"
        << YAML::Value << w.reason_ja << YAML::Key << "reason_en" << YAML::Value << w.reason_en << YAML::EndMap;
    }
    y << YAML::EndSeq;
  }
  y << YAML::EndMap;
  return std::string(y.c_str()) + "\n";
}

std::vector<std::string> write_submission(const Submission& sub, const SubmissionLayout& layout,
                                          const std::string& manifest_path, const std::vector<std::string>& also_written) {
  const fs::path dir = fs::path(manifest_path).has_parent_path() ? fs::path(manifest_path).parent_path() : fs::path(".");
  const fs::path input_dir = fs::path(sub.manifest_path).has_parent_path() ? fs::path(sub.manifest_path).parent_path() : fs::path(".");
  // Inputs as files on disk, to refuse overwriting any of them.
  std::vector<fs::path> inputs;
  for (const auto& in : sub.inputs) {
    fs::path p = in.role == "manifest" ? fs::path(sub.manifest_path)
                 : in.role == "policy" ? fs::path(sub.policy.path)
                                       : input_dir / in.path;
    if (fs::exists(p)) inputs.push_back(p);
  }
  std::vector<std::pair<fs::path, std::string>> files;  // target, bytes
  std::set<std::string> names;
  auto unique_name = [&](std::string name, const std::string& id) {
    if (names.count(name)) name = id + "_" + name;
    names.insert(name);
    return name;
  };
  Submission out = sub;
  SubmissionLayout out_layout = layout;
  std::map<std::string, std::vector<WorkbookSheetOut>> books;  // workbook written → its sheets
  std::map<std::string, std::string> book_names;                // workbook read → the name written
  auto named = [&](const std::string& key, const std::string& file, const std::string& id) {
    auto it = book_names.find(key);
    return it != book_names.end() ? it->second : book_names[key] = unique_name(file, id);
  };
  // A wide table's blocks of derived values: a sheet of the workbook they were read from, or a file.
  auto add_blocks = [&](Table& t, const TableFormat& f) {
    for (DerivedColumn& c : t.derived) {
      if (c.file.empty()) continue;
      if (ingest::is_workbook_path(c.file)) {
        c.file = named(c.file, fs::path(c.file).filename().string(), t.id);
        books[c.file].push_back({c.sheet, &t, f, TableContent::Published, &c});
      } else {
        c.file = unique_name(fs::path(c.file).filename().string(), t.id);
        files.emplace_back(dir / c.file, render_derived_block(out, t, f, c));
      }
    }
  };
  for (auto& t : out.tables) {
    TableFormat& f = out_layout.of(t.id);
    if (ingest::is_workbook_path(f.file)) {
      // Tables of one workbook go back to one workbook, each to its sheet; true values to "<name>_true.xlsx".
      f.file = named(f.file, fs::path(f.file).filename().string(), t.id);
      const bool secret = has_suppressed(t);
      if (!f.true_values_file.empty() || (secret && f.true_value_column.empty())) {
        f.true_values_file = secret ? named(f.file + "\x01true", true_file_name(f.file), t.id) : "";
        f.true_values_sheet = secret ? f.sheet : "";
      }
      for (auto& [name, bytes] : ingest::other_column_files(out, t, f, unique_name)) files.emplace_back(dir / name, std::move(bytes));
      add_blocks(t, f);
      books[f.file].push_back({f.sheet, &t, f, TableContent::Published});
      if (!f.true_values_file.empty()) books[f.true_values_file].push_back({f.sheet, &t, f, TableContent::TrueValues});
      continue;
    }
    f.file = unique_name(fs::path(f.file.empty() ? t.id + ".csv" : f.file).filename().string(), t.id);
    const bool secret = has_suppressed(t);
    // True values go to a file of their own unless the input kept them in a column: the table file
    // itself then holds only what will be printed.
    if (!f.true_values_file.empty() || (secret && f.true_value_column.empty()))
      f.true_values_file = secret ? unique_name(true_file_name(f.file), t.id) : "";
    for (auto& [name, bytes] : ingest::other_column_files(out, t, f, unique_name)) files.emplace_back(dir / name, std::move(bytes));
    add_blocks(t, f);
    files.emplace_back(dir / f.file, render_table(out, t, f, TableContent::Published));
    if (!f.true_values_file.empty()) files.emplace_back(dir / f.true_values_file, render_table(out, t, f, TableContent::TrueValues));
  }
  for (const auto& [name, sheets] : books) files.emplace_back(dir / name, render_workbook(out, sheets, dir.string()));
  std::string adjacency, hospitals;
  if (!out.geographies.empty()) {
    adjacency = unique_name("adjacency.csv", "geography");
    std::string text = csv_record({"code_a", "code_b"}) + "\r\n";
    for (const auto& [a, b] : out.geographies.front().adjacency) text += csv_record({a, b}) + "\r\n";
    files.emplace_back(dir / adjacency, text);
  }
  if (!out.hospitals.empty()) {
    hospitals = unique_name("hospitals.csv", "hospital");
    std::vector<std::string> flags;
    for (const auto& h : out.hospitals)
      for (const auto& [k, v] : h.attributes)
        if (std::find(flags.begin(), flags.end(), k) == flags.end()) flags.push_back(k);
    std::vector<std::string> header{"hospital_code", "name", "municipality_code"};
    header.insert(header.end(), flags.begin(), flags.end());
    std::string text = csv_record(header) + "\r\n";
    for (const auto& h : out.hospitals) {
      std::vector<std::string> row{h.code, h.name, h.municipality};
      for (const auto& k : flags) {
        auto it = h.attributes.find(k);
        row.push_back(it != h.attributes.end() && it->second ? "1" : "0");
      }
      text += csv_record(row) + "\r\n";
    }
    files.emplace_back(dir / hospitals, text);
  }
  files.emplace_back(fs::path(manifest_path), render_manifest(out, out_layout, adjacency, hospitals));
  for (const auto& [target, bytes] : files) {
    std::error_code ec;
    for (const auto& in : inputs)
      if (fs::exists(target, ec) && fs::equivalent(target, in, ec))
        throw InputError({target.string(), 0, ""}, "入力ファイルを上書きしようとしました。別の出力先を指定してください",
                         "refusing to overwrite an input file; choose another output folder");
  }
  std::vector<std::string> targets = also_written;
  for (const auto& [target, bytes] : files) targets.push_back(target.string());
  check_output_targets(targets);
  std::vector<std::string> written;
  for (const auto& [target, bytes] : files) {
    write_file_atomically(target.string(), bytes);
    written.push_back(target.string());
  }
  return written;
}

}  // namespace hitoku
