#include "reference_reader.h"

#include "hitoku/model/label_twins.h"

#include <algorithm>
#include <map>
#include <set>

namespace hitoku::ingest {
namespace {

std::size_t column(const CsvFile& csv, const std::string& name) {
  const auto& h = csv.rows.at(0).fields;
  auto it = std::find(h.begin(), h.end(), name);
  if (it == h.end())
    throw InputError({csv.path, csv.rows[0].line, name}, "列「" + name + "」がありません（見出し行を確認してください）",
                     "no column '" + name + "' (check the header row)");
  return static_cast<std::size_t>(it - h.begin());
}

const std::string& at(const CsvRow& r, std::size_t c) {
  static const std::string empty;
  return c < r.fields.size() ? r.fields[c] : empty;
}

void require_rows(const CsvFile& csv) {
  if (csv.rows.size() < 2) throw InputError({csv.path, 0, ""}, "データ行がありません", "the file has no data rows");
}

}  // namespace

std::vector<std::pair<std::string, std::string>> read_adjacency(const CsvFile& csv, const Dimension& dim) {
  require_rows(csv);
  const std::size_t a = column(csv, "code_a"), b = column(csv, "code_b");
  std::set<std::pair<std::string, std::string>> pairs;
  for (std::size_t i = 1; i < csv.rows.size(); ++i) {
    std::string x = at(csv.rows[i], a), y = at(csv.rows[i], b);
    if (x.empty() || y.empty())
      throw InputError({csv.path, csv.rows[i].line, x.empty() ? "code_a" : "code_b"}, "コードが空欄です", "empty code");
    if (x == y || dim.find(x) < 0 || dim.find(y) < 0) continue;
    pairs.insert(x < y ? std::make_pair(x, y) : std::make_pair(y, x));
  }
  if (pairs.empty())
    throw InputError({csv.path, 0, "code_a"},
                     "隣接の組に次元「" + dim.id() + "」のコードどうしの組が一つもありません",
                     "no adjacency pair joins two codes of dimension '" + dim.id() + "'");
  return {pairs.begin(), pairs.end()};
}

std::vector<HospitalRecord> read_hospitals(const CsvFile& csv) {
  require_rows(csv);
  const std::size_t code = column(csv, "hospital_code"), name = column(csv, "name"),
                    muni = column(csv, "municipality_code");
  const auto& header = csv.rows[0].fields;
  std::vector<HospitalRecord> out;
  std::set<std::string> seen;
  std::map<std::pair<std::string, std::string>, long> named;  // (municipality, name) -> line
  for (std::size_t i = 1; i < csv.rows.size(); ++i) {
    const CsvRow& r = csv.rows[i];
    HospitalRecord h{at(r, code), at(r, name), at(r, muni), {}, {csv.path, r.line, ""}};
    if (h.code.empty() || h.municipality.empty())
      throw InputError({csv.path, r.line, h.code.empty() ? "hospital_code" : "municipality_code"}, "コードが空欄です",
                       "empty code");
    if (!seen.insert(h.code).second)
      throw InputError({csv.path, r.line, "hospital_code"}, "病院コード「" + h.code + "」が重複しています",
                       "hospital code '" + h.code + "' appears twice");
    // One hospital under two codes would count as two, and a municipality with one hospital would pass rule ③.
    // 「病院１」 and 「病院1」, 「A 病院」 and 「A病院」 are one name.
    const auto [first, fresh] = named.emplace(std::pair{h.municipality, printed_name(h.name)}, r.line);
    if (!h.name.empty() && !fresh)
      throw InputError({csv.path, r.line, "name"},
                       "病院「" + h.name + "」が同じ市区町村「" + h.municipality + "」に二つあります（" + std::to_string(first->second) +
                           " 行目にも）。同じ病院なら一行に、別の病院なら区別できる名称にしてください",
                       "hospital '" + h.name + "' appears twice in municipality '" + h.municipality + "' (also line " +
                           std::to_string(first->second) + "): one hospital is one row; give different hospitals distinct names");
    for (std::size_t c = 0; c < header.size(); ++c) {
      if (c == code || c == name || c == muni || header[c].empty()) continue;
      const std::string& v = at(r, c);
      if (v != "0" && v != "1")
        throw InputError({csv.path, r.line, header[c]}, "属性「" + header[c] + "」は 0 か 1 で書いてください（「" + v + "」）",
                         "attribute '" + header[c] + "' must be 0 or 1, not '" + v + "'");
      h.attributes[header[c]] = v == "1";
    }
    out.push_back(std::move(h));
  }
  return out;
}

}  // namespace hitoku::ingest
