#include "submission_loader.h"

#include <filesystem>
#include <map>
#include <set>

#include "count_field.h"
#include "dimension_reader.h"
#include "fixed_dimensions.h"
#include "hitoku/model/groupings.h"
#include "hitoku/ingest/csv.h"
#include "hitoku/ingest/input_limits.h"
#include "input_file.h"
#include "other_columns.h"
#include "hitoku/model/linked_tables.h"
#include "hitoku/io/sha256.h"
#include "hitoku/io/utc_time.h"
#include "reference_reader.h"
#include "table_assembly.h"
#include "table_reader.h"
#include "xlsx_reader.h"
#include "yaml_document.h"
#include "yaml_fields.h"

namespace fs = std::filesystem;

namespace hitoku::ingest {
namespace {

class ManifestLoader {
 public:
  ManifestLoader(const std::string& manifest_path, const PolicyLoader& policy_loader)
      : path_(manifest_path), yaml_(manifest_path), load_policy_(policy_loader) {
    base_ = fs::path(manifest_path).parent_path().string();
    if (base_.empty()) base_ = ".";
  }

  Submission load(SubmissionLayout* layout) {
    YAML::Node root = parse();
    yaml_.expect_map(root, "manifest", {"manifest_version", "policy", "submission", "suppression_markers",
                                        "dimensions", "geography", "hospitals", "tables", "earlier_publications",
                                        "exceptions", "protect", "allowed_folders", "withheld"});
    folders_ = {base_};
    for (const auto& f : yaml_.strings(root, "allowed_folders")) folders_.push_back(join_base(f));
    for (const auto& f : input_limits().extra_folders) folders_.push_back(f);
    const std::string version = yaml_.string(root, "manifest_version", true);
    if (version != "1")
      yaml_.fail(root["manifest_version"], "manifest_version", "manifest_version は 1 にしてください",
                 "manifest_version must be 1 (this hitoku reads version 1)");
    read_policy(root);
    read_info(root["submission"]);
    std::vector<std::string> markers = yaml_.strings(root, "suppression_markers");
    if (markers.empty()) markers = sub_.policy.default_markers;
    if (markers.empty()) markers = builtin_markers();
    markers_ = std::make_unique<SuppressionMarkers>(markers);
    read_dimensions(root);
    if (root["geography"]) read_geography(root["geography"]);
    if (root["hospitals"]) read_hospital_list(root["hospitals"]);
    read_tables(root, "tables", false);
    if (root["earlier_publications"]) read_tables(root, "earlier_publications", true);
    for (const auto& [path, book] : workbooks_)
      if (book.published) refuse_unread_sheets(path, book.shown, book.sheets);
    infer_hospital_dimensions(sub_);
    check_linked_tables(sub_);
    check_derived_values(sub_);
    if (root["exceptions"]) read_exceptions(root["exceptions"]);
    if (root["withheld"]) read_withheld(root["withheld"]);
    if (root["protect"]) read_protect(root["protect"]);
    if (layout) *layout = std::move(layout_);
    return std::move(sub_);
  }

 private:
  std::string join_base(const std::string& rel) const { return (fs::path(base_) / rel).lexically_normal().string(); }
  // A path the manifest names, as opened; it must lie inside the manifest's folder or an allowed one.
  std::string resolve(const std::string& rel) const {
    std::string path = join_base(rel);
    check_inside_folders(path, rel, folders_, {path_, 0, rel});
    return path;
  }

  void add_input(const std::string& shown, const std::string& bytes, const std::string& role) {
    for (const auto& in : sub_.inputs)
      if (in.path == shown && in.role == role) return;
    sub_.inputs.push_back({shown, sha256_hex(bytes), role});
  }

  YAML::Node parse() {
    check_input_file(path_, path_, input_limits().max_yaml_bytes, "マニフェスト", "manifest");
    const std::string bytes = read_file_bytes(path_, "マニフェスト");
    sub_.manifest_path = path_;
    // Paths in the report are portable: the manifest by name, other files relative to its folder.
    add_input(fs::path(path_).filename().string(), bytes, "manifest");
    DecodedText text = decode_text(bytes, std::nullopt, path_);
    YAML::Node root = parse_yaml_document(text.utf8, path_, "マニフェスト", "manifest");
    if (!root.IsMap())
      throw InputError({path_, 1, ""}, "マニフェストが YAML の項目の集まりになっていません",
                       "the manifest is not a YAML mapping");
    return root;
  }

  void read_exceptions(const YAML::Node& list) {
    if (!list.IsSequence())
      yaml_.fail(list, "exceptions", "例外はリストで書いてください", "exceptions must be a list");
    for (const auto& n : list) {
      yaml_.expect_map(n, "exceptions", {"rule", "table", "cells", "basis", "reference"});
      RuleException e;
      e.source = yaml_.pos(n, "exceptions");
      e.rule = yaml_.string(n, "rule", true);
      if (e.rule.size() != 1 || e.rule[0] < '1' || e.rule[0] > '5')
        yaml_.fail(n["rule"], "rule", "rule は 1〜5 のいずれかです", "rule must be 1 to 5");
      e.basis = yaml_.string(n, "basis", true);
      if (e.basis != "consent" && e.basis != "approval" && e.basis != "committee")
        yaml_.fail(n["basis"], "basis", "basis は consent（本人同意）・approval（市町・病院等の個別承認）・committee（専門委員会の特別承認）のいずれかです",
                   "basis must be consent, approval or committee");
      e.reference = yaml_.string(n, "reference", true);
      e.table = yaml_.string(n, "table");
      if (!e.table.empty() && sub_.find_table(e.table) < 0)
        yaml_.fail(n["table"], "table", "表「" + e.table + "」はありません", "no table '" + e.table + "'");
      if (YAML::Node cells = n["cells"]) {
        if (!cells.IsSequence())
          yaml_.fail(cells, "cells", "cells は {次元: コード} のリストです", "cells must be a list of {dimension: code}");
        for (const auto& c : cells) {
          if (!c.IsMap()) yaml_.fail(c, "cells", "{次元: コード} で書いてください", "write {dimension: code}");
          std::map<std::string, std::string> key;
          for (const auto& kv : c) {
            const std::string dim = kv.first.as<std::string>(), code = kv.second.as<std::string>();
            int d = sub_.find_dimension(dim);
            if (d < 0) yaml_.fail(kv.first, "cells", "次元「" + dim + "」はありません", "no dimension '" + dim + "'");
            if (sub_.dimensions[d].find(code) < 0)
              yaml_.fail(kv.second, "cells", "コード「" + code + "」は次元「" + dim + "」にありません",
                         "code '" + code + "' is not in dimension '" + dim + "'");
            key[dim] = code;
          }
          e.cells.push_back(std::move(key));
        }
      }
      sub_.exceptions.push_back(std::move(e));
    }
  }

  // Cells hitoku wrote from the registry extract as not publishable (rules ① ③): each names a table and a
  // code for every dimension of it.
  void read_withheld(const YAML::Node& list) {
    if (!list.IsSequence()) yaml_.fail(list, "withheld", "withheld はリストで書いてください", "withheld must be a list");
    for (const auto& n : list) {
      yaml_.expect_map(n, "withheld", {"table", "cell", "rule", "reason_ja", "reason_en"});
      WithheldCell w;
      w.source = yaml_.pos(n, "withheld");
      w.table = yaml_.string(n, "table", true);
      w.rule = yaml_.string(n, "rule", true);
      w.reason_ja = yaml_.string(n, "reason_ja");
      w.reason_en = yaml_.string(n, "reason_en");
      if (w.rule != "1" && w.rule != "3") yaml_.fail(n["rule"], "rule", "rule は 1 か 3 です", "rule must be 1 or 3");
      const int ti = sub_.find_table(w.table);
      if (ti < 0) yaml_.fail(n["table"], "table", "表「" + w.table + "」はありません", "no table '" + w.table + "'");
      const YAML::Node cell = n["cell"];
      if (!cell || !cell.IsMap()) yaml_.fail(n, "cell", "cell は {次元: コード} で書いてください", "cell must be {dimension: code}");
      for (const auto& kv : cell) w.cell[kv.first.as<std::string>()] = kv.second.as<std::string>();
      const Table& t = sub_.tables[static_cast<std::size_t>(ti)];
      bool found = false;
      for (std::size_t f = 0; f < t.cell_count() && !found; ++f) found = sub_.cell_key(t, f) == w.cell;
      if (!found)
        yaml_.fail(cell, "cell", "表「" + w.table + "」にこのセル（すべての次元のコード）はありません",
                   "table '" + w.table + "' has no such cell (a code for each of its dimensions)");
      sub_.withheld.push_back(std::move(w));
    }
  }

  void read_policy(const YAML::Node& root) {
    std::string ref = yaml_.string(root, "policy", true);
    const bool is_path = ref.find('/') != std::string::npos || ref.ends_with(".yaml") || ref.ends_with(".yml");
    try {
      sub_.policy = load_policy_(is_path ? resolve(ref) : ref);
    } catch (const InputError& e) {
      throw InputError(yaml_.pos(root["policy"], "policy"),
                       "ポリシー「" + ref + "」を読み込めません: " + e.message_ja() + "（" + e.where().describe() + "）",
                       "cannot load policy '" + ref + "': " + e.message_en() + " (" + e.where().describe() + ")");
    }
    if (!sub_.policy.sha256.empty())
      sub_.inputs.push_back({is_path ? ref : "policies/" + ref + ".yaml", sub_.policy.sha256, "policy"});
  }

  void read_info(const YAML::Node& n) {
    if (!n) return;
    yaml_.expect_map(n, "submission", {"title", "approval", "purpose", "publication", "attribution"});
    SubmissionInfo& info = sub_.info;
    info.title = yaml_.string(n, "title");
    info.purpose = yaml_.string(n, "purpose");
    info.attribution = yaml_.string(n, "attribution");
    if (YAML::Node a = n["approval"]) {
      yaml_.expect_map(a, "approval", {"date", "number"});
      info.approval_date = yaml_.string(a, "date");
      if (!info.approval_date.empty() && !is_calendar_date(info.approval_date))
        yaml_.fail(a["date"], "date",
                   "応諾通知の日付「" + info.approval_date + "」は YYYY-MM-DD の形の実在する日付にしてください（例 2024-04-01）",
                   "approval date '" + info.approval_date + "' must be a real date written YYYY-MM-DD (e.g. 2024-04-01)");
      info.approval_number = yaml_.string(a, "number");
    }
    if (YAML::Node p = n["publication"]) {
      yaml_.expect_map(p, "publication", {"venue", "date"});
      info.publication_venue = yaml_.string(p, "venue");
      info.publication_date = yaml_.string(p, "date");
    }
  }

  void read_dimensions(const YAML::Node& root) {
    YAML::Node dims = root["dimensions"];
    if (!dims || !dims.IsMap() || dims.size() == 0)
      yaml_.fail(dims ? dims : root, "dimensions", "dimensions（次元とコード一覧）を書いてください",
                 "'dimensions' (the dimensions and their codes) is missing");
    std::vector<SourcePos> where;
    for (const auto& kv : dims) {
      const std::string id = kv.first.as<std::string>();
      sub_.dimensions.push_back(read_dimension(id, kv.second, yaml_, base_, folders_, sub_.inputs));
      const YAML::Node variable = kv.second.IsMap() ? kv.second["variable"] : YAML::Node();
      where.push_back(yaml_.pos(variable.IsDefined() ? variable : kv.second, "variable"));
    }
    link_groupings(sub_.dimensions, where);
  }

  int dimension_index(const YAML::Node& at, const std::string& key, const std::string& id) const {
    int d = sub_.find_dimension(id);
    if (d < 0)
      yaml_.fail(at, key, "次元「" + id + "」は dimensions にありません", "dimension '" + id + "' is not in 'dimensions'");
    return d;
  }

  std::optional<TextEncoding> encoding(const YAML::Node& n) const {
    try {
      return parse_encoding_name(yaml_.string(n, "encoding"));
    } catch (const std::invalid_argument&) {
      yaml_.fail(n["encoding"], "encoding", "encoding は auto, utf-8, utf-8-bom, cp932 のいずれかです",
                 "encoding must be auto, utf-8, utf-8-bom or cp932");
    }
  }

  CsvFile read_csv(const std::string& rel, std::optional<TextEncoding> enc, const std::string& role) {
    CsvFile f = read_csv_file(resolve(rel), enc, rel);
    add_input(rel, f.bytes, role);
    return f;
  }

  void read_geography(const YAML::Node& g) {
    yaml_.expect_map(g, "geography", {"dimension", "adjacency_file", "reference", "reference_version", "encoding"});
    GeographyInfo info;
    info.dimension = yaml_.string(g, "dimension", true);
    const int d = dimension_index(g["dimension"], "dimension", info.dimension);
    info.reference = yaml_.string(g, "reference");
    info.reference_version = yaml_.string(g, "reference_version");
    const std::string file = yaml_.string(g, "adjacency_file", true);
    info.adjacency = read_adjacency(read_csv(file, encoding(g), "adjacency"), sub_.dimensions[d]);
    if (info.reference.empty()) info.reference = file;
    sub_.geographies.push_back(std::move(info));
  }

  void read_hospital_list(const YAML::Node& h) {
    yaml_.expect_map(h, "hospitals", {"file", "encoding"});
    const std::string file = yaml_.string(h, "file", true);
    sub_.hospitals = read_hospitals(read_csv(file, encoding(h), "hospitals"));
    for (const HospitalRecord& r : sub_.hospitals) require_known_municipality(r);
  }

  // A hospital counted in no area would leave a single-hospital town looking hospital-free (rule ③):
  // its municipality must be a code of a dimension here, or a 5-digit municipality code (a prefecture's
  // list may hold towns no table shows). 282138 (check digit), 028213 or full-width digits are errors.
  void require_known_municipality(const HospitalRecord& r) const {
    const std::string& m = r.municipality;
    const bool five_digits = m.size() == 5 && std::all_of(m.begin(), m.end(), [](char c) { return c >= '0' && c <= '9'; });
    const bool a_code = std::any_of(sub_.dimensions.begin(), sub_.dimensions.end(),
                                    [&](const Dimension& d) { return d.find(m) >= 0; });
    if (!five_digits && !a_code)
      throw InputError({r.source.file, r.source.line, "municipality_code"},
                       "市区町村コード「" + m + "」はどの次元のコードでもなく、5桁の市区町村コードでもありません",
                       "municipality code '" + m + "' is no code of any dimension and no 5-digit municipality code");
  }

  // hitoku protect settings: forced cells (checked against the tables by protect) and the cost.
  void read_protect(const YAML::Node& p) {
    yaml_.expect_map(p, "protect", {"keep", "suppress", "cost"});
    ProtectSettings& ps = sub_.protect;
    for (const char* key : {"keep", "suppress"}) {
      auto& list = std::string(key) == "keep" ? ps.keep : ps.suppress;
      auto& where = std::string(key) == "keep" ? ps.keep_pos : ps.suppress_pos;
      for (const auto& cell : yaml_.strings(p, key)) {
        list.push_back(cell);
        where.push_back(yaml_.pos(p[key], key));
      }
    }
    YAML::Node cost = p["cost"];
    if (!cost) return;
    if (cost.IsScalar()) {
      ps.cost = cost.Scalar();
      if (ps.cost != "count" && ps.cost != "value")
        yaml_.fail(cost, "cost", "cost は count, value, または {weights: ...} です",
                   "cost must be count, value or {weights: ...}");
      return;
    }
    yaml_.expect_map(cost, "cost", {"weights"});
    YAML::Node w = cost["weights"];
    if (!w || !w.IsMap() || w.size() == 0)
      yaml_.fail(w ? w : cost, "weights", "weights は 次元: [総数の重み, 次の階層の重み, ...] の形で書いてください",
                 "weights must map dimension ids to a list of weights per level (total first)");
    ps.cost = "weights";
    for (const auto& kv : w) {
      const std::string id = kv.first.as<std::string>();
      dimension_index(kv.first, "weights", id);
      YAML::Node wrapper;
      wrapper["v"] = kv.second;
      std::vector<double> levels;
      for (const auto& text : yaml_.strings(wrapper, "v")) {
        double x = 0;
        try {
          std::size_t used = 0;
          x = std::stod(text, &used);
          if (used != text.size()) throw std::invalid_argument(text);
        } catch (const std::exception&) {
          x = -1;
        }
        if (!(x > 0) || x > 1e9)
          yaml_.fail(kv.second, "weights", "重み「" + text + "」は正の数にしてください",
                     "weight '" + text + "' must be a positive number");
        levels.push_back(x);
      }
      if (levels.empty())
        yaml_.fail(kv.second, "weights", "重みを一つ以上書いてください", "write at least one weight");
      ps.weights[id] = std::move(levels);
    }
  }

  TableSpec table_spec(const YAML::Node& n, bool earlier) {
    yaml_.expect_map(n, "tables", {"id", "title", "file", "sheet", "encoding", "layout", "skip_rows", "dimensions", "count",
                                   "rows", "columns", "true_values", "true_values_sheet", "true_value_column", "codes",
                                   "fixed", "hospital_dimension", "hospital_attribute", "count_unit", "derived",
                                   "ignore_columns", "not_modelled"});
    TableSpec s;
    s.where = yaml_.pos(n, "tables");
    s.earlier_publication = earlier;
    s.id = yaml_.string(n, "id", true);
    if (!table_ids_.insert(s.id).second)
      yaml_.fail(n["id"], "id", "表 id「" + s.id + "」が重複しています", "table id '" + s.id + "' is used twice");
    s.title = yaml_.string(n, "title");
    s.format.file = yaml_.string(n, "file", true);
    s.format.sheet = yaml_.string(n, "sheet");
    if (!s.format.sheet.empty() && !is_workbook_path(s.format.file))
      yaml_.fail(n["sheet"], "sheet", "sheet は Excel ブック（.xlsx）の表の項目です", "'sheet' belongs to a table in an Excel workbook (.xlsx)");
    s.declared_encoding = encoding(n);
    s.skip_rows = yaml_.integer(n, "skip_rows", 0);
    const std::string layout = yaml_.string(n, "layout");
    auto forbid = [&](std::initializer_list<const char*> keys, const std::string& why_ja, const std::string& why_en) {
      for (const char* k : keys)
        if (n[k]) yaml_.fail(n[k], k, "「" + std::string(k) + "」は" + why_ja, "'" + std::string(k) + "' " + why_en);
    };
    auto add_dim = [&](const YAML::Node& at, const std::string& key, const std::string& id) {
      int d = dimension_index(at, key, id);
      if (std::find(s.dims.begin(), s.dims.end(), d) != s.dims.end())
        yaml_.fail(at, key, "次元「" + id + "」が表に2回現れます", "dimension '" + id + "' appears twice in the table");
      s.dims.push_back(d);
    };
    if (layout.empty() || layout == "long") {
      s.format.layout = TableLayout::Long;
      forbid({"rows", "columns"}, "wide 形式の項目です（layout: wide）", "belongs to layout: wide");
      YAML::Node dims = n["dimensions"];
      if (!dims || !dims.IsMap() || dims.size() == 0)
        yaml_.fail(dims ? dims : n, "dimensions", "long 形式の表には dimensions（次元: 列見出し）が必要です",
                   "a long table needs 'dimensions' (dimension: column header)");
      for (const auto& kv : dims) {
        add_dim(kv.first, "dimensions", kv.first.as<std::string>());
        if (!kv.second.IsScalar() || kv.second.Scalar().empty())
          yaml_.fail(kv.second, "dimensions", "列見出しを書いてください", "write the column header");
        s.format.dimension_headers.push_back(kv.second.Scalar());
      }
      s.format.count_header = yaml_.string(n, "count", true);
      s.format.true_value_column = yaml_.string(n, "true_value_column");
    } else if (layout == "wide") {
      s.format.layout = TableLayout::Wide;
      forbid({"dimensions", "count", "true_value_column"}, "long 形式の項目です（layout: long）",
             "belongs to layout: long");
      std::vector<std::string> rows = yaml_.strings(n, "rows");
      if (rows.empty())
        yaml_.fail(n, "rows", "wide 形式の表には rows（表側の次元）が必要です", "a wide table needs 'rows'");
      for (const auto& r : rows) add_dim(n["rows"], "rows", r);
      std::vector<std::string> cols = yaml_.strings(n, "columns");
      if (cols.size() != 1)
        yaml_.fail(n["columns"] ? n["columns"] : n, "columns", "wide 形式の表には columns（表頭の次元）を一つ書いてください",
                   "a wide table needs exactly one dimension in 'columns'");
      add_dim(n["columns"], "columns", cols[0]);
      for (int d : s.dims) s.format.dimension_headers.push_back(sub_.dimensions[d].label());
    } else {
      yaml_.fail(n["layout"], "layout", "layout は long か wide です", "layout must be long or wide");
    }
    s.format.true_values_file = yaml_.string(n, "true_values");
    s.format.true_values_sheet = yaml_.string(n, "true_values_sheet");
    if (!s.format.true_values_sheet.empty() && !is_workbook_path(s.format.true_values_file))
      yaml_.fail(n["true_values_sheet"], "true_values_sheet", "true_values_sheet は true_values が Excel ブック（.xlsx）のときの項目です",
                 "'true_values_sheet' needs true_values to name an Excel workbook (.xlsx)");
    if (!s.format.true_values_file.empty() && !s.format.true_value_column.empty())
      yaml_.fail(n["true_values"], "true_values", "true_values と true_value_column はどちらか一方にしてください",
                 "use either 'true_values' or 'true_value_column', not both");
    const std::vector<int> fixed_codes = read_fixed(n, s);
    s.listed_codes.assign(s.dims.size(), {});
    for (std::size_t i = 0; i < fixed_codes.size(); ++i) s.listed_codes[i] = {fixed_codes[i]};
    if (YAML::Node codes = n["codes"]) {
      if (!codes.IsMap()) yaml_.fail(codes, "codes", "codes は 次元: [コード, ...] の形で書いてください", "'codes' must map dimension ids to code lists");
      for (const auto& kv : codes) {
        const std::string id = kv.first.as<std::string>();
        int d = dimension_index(kv.first, "codes", id);
        auto it = std::find(s.dims.begin(), s.dims.end(), d);
        if (it == s.dims.end())
          yaml_.fail(kv.first, "codes", "次元「" + id + "」はこの表にありません", "dimension '" + id + "' is not in this table");
        if (s.format.is_fixed(static_cast<std::size_t>(it - s.dims.begin())))
          yaml_.fail(kv.first, "codes", "次元「" + id + "」は fixed で一つのコードに決めてあります（codes には書けません）",
                     "dimension '" + id + "' is fixed to one code ('codes' cannot list it)");
        auto& list = s.listed_codes[static_cast<std::size_t>(it - s.dims.begin())];
        YAML::Node wrapper;
        wrapper["v"] = kv.second;
        for (const auto& code : yaml_.strings(wrapper, "v")) {
          int c = sub_.dimensions[d].find(code);
          if (c < 0)
            yaml_.fail(kv.second, "codes", "コード「" + code + "」は次元「" + id + "」にありません",
                       "code '" + code + "' is not in dimension '" + id + "'");
          if (std::find(list.begin(), list.end(), c) != list.end())
            yaml_.fail(kv.second, "codes", "コード「" + code + "」が2回あります", "code '" + code + "' is listed twice");
          list.push_back(c);
        }
      }
    }
    s.hospital_dimension = yaml_.string(n, "hospital_dimension");
    s.hospital_attribute = yaml_.string(n, "hospital_attribute");
    // Counts of distinct patients need not add up (one patient may sit in two cells).
    const std::string unit = yaml_.string(n, "count_unit");
    if (unit == "patients") s.additive = false;
    else if (!unit.empty() && unit != "tumours")
      yaml_.fail(n["count_unit"], "count_unit", "tumours（腫瘍数）か patients（実患者数）を指定してください",
                 "expected tumours or patients");
    if (!s.hospital_dimension.empty()) {
      int d = dimension_index(n["hospital_dimension"], "hospital_dimension", s.hospital_dimension);
      if (std::find(s.dims.begin(), s.dims.end(), d) == s.dims.end())
        yaml_.fail(n["hospital_dimension"], "hospital_dimension", "hospital_dimension の次元がこの表にありません",
                   "the hospital_dimension is not a dimension of this table");
    }
    return s;
  }

  // `fixed: {site: C25}`: the table is about one code of a dimension and its file has no column for
  // it. The fixed dimensions go first in the table's dimensions; returns their codes in that order.
  std::vector<int> read_fixed(const YAML::Node& n, TableSpec& s) const {
    YAML::Node fixed = n["fixed"];
    if (!fixed) return {};
    if (!fixed.IsMap() || fixed.size() == 0)
      yaml_.fail(fixed, "fixed", "fixed は 次元: コード の形で書いてください", "'fixed' must map dimension ids to one code each");
    std::vector<int> dims, codes;
    for (const auto& kv : fixed) {
      const std::string id = kv.first.as<std::string>();
      const int d = dimension_index(kv.first, "fixed", id);
      if (std::find(s.dims.begin(), s.dims.end(), d) != s.dims.end())
        yaml_.fail(kv.first, "fixed",
                   "次元「" + id + "」が fixed と表の列（dimensions / rows / columns）の両方にあります。どちらか一方にしてください",
                   "dimension '" + id + "' is both fixed and a column of the table (dimensions / rows / columns); use one");
      if (std::find(dims.begin(), dims.end(), d) != dims.end())
        yaml_.fail(kv.first, "fixed", "次元「" + id + "」が fixed に2回あります", "dimension '" + id + "' is fixed twice");
      if (!kv.second.IsScalar() || kv.second.Scalar().empty())
        yaml_.fail(kv.second, "fixed", "次元「" + id + "」のコードを一つ書いてください", "write one code for dimension '" + id + "'");
      const std::string code = kv.second.Scalar();
      const int c = sub_.dimensions[d].find(code);
      if (c < 0)
        yaml_.fail(kv.second, "fixed", "コード「" + code + "」は次元「" + id + "」にありません",
                   "code '" + code + "' is not in dimension '" + id + "'");
      dims.push_back(d);
      codes.push_back(c);
    }
    std::vector<std::string> headers;
    for (int d : dims) headers.push_back(sub_.dimensions[d].label());
    s.dims.insert(s.dims.begin(), dims.begin(), dims.end());
    s.format.dimension_headers.insert(s.format.dimension_headers.begin(), headers.begin(), headers.end());
    s.format.fixed.assign(s.dims.size(), false);
    std::fill(s.format.fixed.begin(), s.format.fixed.begin() + static_cast<long>(dims.size()), true);
    return codes;
  }

  // Reads a table file (or its true values) whose fixed dimensions have no column. `published`: the file
  // is published with this submission (a table or its derived values, not true values).
  TableFileContent read_file(const TableSpec& spec, const std::string& rel, bool markers_allowed, bool published,
                             const std::string& true_value_column = "") {
    const TableSpec file_spec = without_fixed(spec);
    const std::string path = resolve(rel);
    TableFileContent content = read_table_file(sub_.dimensions, file_spec, path, rel, *markers_,
                                               markers_allowed, true_value_column);
    restore_fixed(spec, content);
    if (!content.sheet.empty()) {
      WorkbookUse& book = workbooks_[path];
      if (book.shown.empty() || published) book.shown = rel;
      book.published = book.published || published;
      book.sheets.insert(content.sheet);
    }
    return content;
  }

  void read_tables(const YAML::Node& root, const char* key, bool earlier) {
    YAML::Node list = root[key];
    if (!list || !list.IsSequence() || list.size() == 0) {
      if (earlier && list && list.IsSequence()) return;
      yaml_.fail(list ? list : root, key, std::string(key) + " に表を一つ以上書いてください",
                 std::string("'") + key + "' must list at least one table");
    }
    const std::string role = earlier ? "earlier_publication" : "table";
    for (const auto& n : list) {
      TableSpec spec = table_spec(n, earlier);
      OtherColumnDecls other = read_other_columns(n, yaml_, sub_.dimensions, spec);
      TableFileContent content = read_file(spec, spec.format.file, true, !earlier, spec.format.true_value_column);
      add_input(spec.format.file, content.bytes, role);
      CellMap truth = std::move(content.true_cells);
      if (!spec.format.true_values_file.empty()) {
        const std::string& tf = spec.format.true_values_file;
        TableSpec true_spec = spec;  // the columns beside the count are not true values: optional there
        true_spec.other_columns_free = true;
        true_spec.format.sheet = spec.format.true_values_sheet;
        TableFileContent t = read_file(true_spec, tf, false, false);
        add_input(tf, t.bytes, "true_values");
        truth = std::move(t.cells);
      }
      Table table = assemble_table(sub_.dimensions, spec, content, truth, sub_.tables);  // planned tables come first
      TableFormat format = format_as_read(spec, content);
      table.headings = format.dimension_headers;
      if (format.layout == TableLayout::Long) table.headings.push_back(format.count_header);
      attach_other_columns(sub_.dimensions, spec, std::move(other), content, *markers_,
                           [&](TableSpec keyed, const std::string& rel) {
                             // A population file is a CSV of its own; a wide table's block of derived
                             // values may be a sheet and holds markers.
                             const bool block = keyed.values_as_text;
                             if (!block) keyed.format.sheet.clear();
                             TableFileContent c = read_file(keyed, rel, block, block && !earlier);
                             add_input(rel, c.bytes, block ? "derived" : "population");
                             return c;
                           },
                           table, format);
      if (table.additive) check_totals(sub_.dimensions, table);
      check_table_sum(table);
      layout_.tables[table.id] = std::move(format);
      sub_.tables.push_back(std::move(table));
    }
  }

  std::string path_, base_;
  std::vector<std::string> folders_;  // where named files may lie (the manifest's folder first)
  YamlFields yaml_;
  const PolicyLoader& load_policy_;
  Submission sub_;
  SubmissionLayout layout_;
  std::unique_ptr<SuppressionMarkers> markers_;
  std::set<std::string> table_ids_;
  // The workbooks read (by path) and their sheets the tables read: a workbook to publish may hold no other.
  struct WorkbookUse {
    std::string shown;
    bool published = false;
    std::set<std::string> sheets;
  };
  std::map<std::string, WorkbookUse> workbooks_;
};

}  // namespace

Submission load_submission_with(const std::string& manifest_path, const PolicyLoader& load_policy_fn,
                                SubmissionLayout* layout) {
  return with_input_errors(manifest_path, "マニフェスト", "manifest",
                           [&] { return ManifestLoader(manifest_path, load_policy_fn).load(layout); });
}

}  // namespace hitoku::ingest
