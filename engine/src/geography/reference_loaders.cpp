// Loaders for the reference geography and the hospital list (formats: docs/rule3-merge.md).
#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <set>

#include "geography/reference_csv.h"
#include "hitoku/io/data_paths.h"
#include "ingest/reference_reader.h"
#include "hitoku/geography/geography.h"

namespace hitoku {

using geography_detail::read_reference_csv;
using geography_detail::ReferenceCsv;

namespace {

bool is_municipality_code(const std::string& s) {
  return s.size() == 5 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

const std::string& require_code(const ReferenceCsv& f, const CsvRow& row, int col) {
  const std::string& code = f.field(row, col);
  if (!is_municipality_code(code))
    throw InputError(f.where(row, col), "市区町村コードは5桁の数字です: 「" + code + "」",
                     "a municipality code has 5 digits: '" + code + "'");
  return code;
}

}  // namespace

std::string prefecture_of(std::string_view code) { return std::string(code.substr(0, 2)); }

std::vector<ReferenceMunicipality> load_reference_municipalities(const std::string& path) {
  ReferenceCsv f = read_reference_csv(path);
  const int c_code = f.require_column("code"), c_name = f.require_column("name");
  const int c_kind = f.column("kind"), c_parent = f.column("parent"), c_area = f.column("medical_area");
  std::vector<ReferenceMunicipality> out;
  std::set<std::string> seen;
  for (const auto& row : f.rows) {
    ReferenceMunicipality m;
    m.code = require_code(f, row, c_code);
    if (!seen.insert(m.code).second)
      throw InputError(f.where(row, c_code), "コード「" + m.code + "」が重複しています",
                       "code '" + m.code + "' appears twice");
    m.name = f.field(row, c_name);
    if (c_kind >= 0) m.kind = f.field(row, c_kind);
    if (c_parent >= 0) m.parent = f.field(row, c_parent);
    if (c_area >= 0) m.medical_area = f.field(row, c_area);
    m.prefecture = prefecture_of(m.code);
    out.push_back(std::move(m));
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> load_adjacency_csv(const std::string& path) {
  ReferenceCsv f = read_reference_csv(path);
  const int a = f.require_column("code_a"), b = f.require_column("code_b");
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& row : f.rows) {
    const std::string& ca = require_code(f, row, a);
    const std::string& cb = require_code(f, row, b);
    if (ca == cb)
      throw InputError(f.where(row, b), "自分自身との隣接は指定できません", "a code cannot border itself");
    out.emplace_back(ca, cb);
  }
  return out;
}

std::vector<HospitalRecord> load_hospital_csv(const std::string& path) {
  std::vector<HospitalRecord> out = ingest::read_hospitals(read_csv_file(path));
  for (const auto& h : out)
    if (!is_municipality_code(h.municipality))
      throw InputError({path, h.source.line, "municipality_code"},
                       "市区町村コードは5桁の数字です: 「" + h.municipality + "」",
                       "a municipality code has 5 digits: '" + h.municipality + "'");
  return out;
}

std::string load_reference_version(const std::string& reference_dir) {
  const std::string path = reference_dir + "/VERSION";
  std::ifstream in(path);
  std::string line;
  if (!in || !std::getline(in, line) || line.empty())
    throw InputError({path, 1, ""}, "参照データの版（VERSION）を読めません", "cannot read the reference version (VERSION)");
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
  return line;
}

namespace {
// The 20 designated cities (政令指定都市). A ward code lies between its city's code and the next
// designated city's code of the same prefecture (e.g. 14131 川崎市川崎区 -> 14130 川崎市).
constexpr const char* kDesignatedCities[] = {"01100", "04100", "11100", "12100", "14100", "14130", "14150",
                                             "15100", "22100", "22130", "23100", "26100", "27100", "27140",
                                             "28100", "33100", "34100", "40100", "40130", "43100"};

std::string designated_city_of_ward(std::string_view code) {
  if (code.size() != 5 || code[2] != '1') return {};
  std::string best;
  for (const char* city : kDesignatedCities) {
    std::string_view c(city);
    if (c.substr(0, 2) == code.substr(0, 2) && c < code && (best.empty() || c > best)) best = std::string(c);
  }
  return best;
}
}  // namespace

int dimension_code_for_municipality(const Dimension& dim, std::string_view code) {
  int i = dim.find(code);
  if (i >= 0) return i;
  std::string city = designated_city_of_ward(code);
  return city.empty() ? -1 : dim.find(city);
}

std::vector<int> hospitals_per_code(const Dimension& dim, const std::vector<HospitalRecord>& hospitals,
                                    const std::string& attribute) {
  std::vector<int> count(static_cast<std::size_t>(dim.size()), 0);
  for (const auto& h : hospitals) {
    if (!attribute.empty()) {
      auto it = h.attributes.find(attribute);
      if (it == h.attributes.end() || !it->second) continue;
    }
    for (int c = dimension_code_for_municipality(dim, h.municipality); c >= 0; c = dim.parent(c)) ++count[c];
  }
  return count;
}

}  // namespace hitoku

namespace hitoku {

std::string reference_directory() { return shipped_data_dir("HITOKU_REFERENCE_DIR", "reference", "reference"); }

GeographyInfo load_reference_geography(const std::string& dimension_id, const std::string& reference_id,
                                       const std::string& reference_dir) {
  std::string munis, adjacency;
  if (reference_id == "hyogo") {
    munis = "hyogo_municipalities.csv";
    adjacency = "hyogo_adjacency.csv";
  } else if (reference_id == "hyogo-wards") {
    munis = "hyogo_municipalities.csv";
    adjacency = "hyogo_adjacency_wards.csv";
  } else if (reference_id == "japan") {
    munis = "japan_municipalities.csv";
    adjacency = "japan_adjacency.csv";
  } else {
    throw InputError({"", 0, "reference"}, "参照地理「" + reference_id + "」は hyogo, hyogo-wards, japan のいずれかです",
                     "reference geography '" + reference_id + "' is one of hyogo, hyogo-wards, japan");
  }
  GeographyInfo g;
  g.dimension = dimension_id;
  g.reference = reference_id;
  g.reference_version = load_reference_version(reference_dir);
  g.adjacency = load_adjacency_csv(reference_dir + "/" + adjacency);
  for (const auto& m : load_reference_municipalities(reference_dir + "/" + munis))
    if (!m.medical_area.empty()) g.medical_area[m.code] = m.medical_area;
  return g;
}

}  // namespace hitoku
