#include "recode.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <map>
#include <stdexcept>

#include "hitoku/ingest/csv.h"

namespace hitoku::registry {
namespace {

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int to_int(std::string_view s) {
  int v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

std::string two_digits(int v) {
  std::string s = std::to_string(v);
  if (s.size() < 2) s.insert(s.begin(), '0');
  return s;
}

constexpr std::array<const char*, 47> kPrefectures = {
    "北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県", "茨城県", "栃木県", "群馬県",
    "埼玉県", "千葉県", "東京都", "神奈川県", "新潟県", "富山県", "石川県", "福井県", "山梨県", "長野県",
    "岐阜県", "静岡県", "愛知県", "三重県", "滋賀県", "京都府", "大阪府", "兵庫県", "奈良県", "和歌山県",
    "鳥取県", "島根県", "岡山県", "広島県", "山口県", "徳島県", "香川県", "愛媛県", "高知県", "福岡県",
    "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県", "鹿児島県", "沖縄県"};

}  // namespace

std::string normalize_number(std::string_view value) {
  if (!all_digits(value)) return std::string(value);
  std::size_t i = 0;
  while (i + 1 < value.size() && value[i] == '0') ++i;
  return std::string(value.substr(i));
}

std::string normalize_icd(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (c == '.') continue;
    out += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  }
  auto is_upper = [](char c) { return c >= 'A' && c <= 'Z'; };
  auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  if (out.size() < 3 || out.size() > 5 || !is_upper(out[0]) || !is_digit(out[1]) || !is_digit(out[2]))
    return {};
  for (std::size_t i = 3; i < out.size(); ++i)
    if (!is_digit(out[i]) && out[i] != 'X') return {};
  return out;
}

bool icd_in_range(std::string_view code, std::string_view from, std::string_view to) {
  return code.substr(0, from.size()) >= from && code.substr(0, to.size()) <= to;
}

Recoder::Recoder(const RecodeSpec& spec, const std::string& dimension_id, const std::string& dimension_label,
                 bool unknown_category)
    : spec_(spec), dim_(dimension_id, dimension_label), unknown_category_(unknown_category) {
  if (spec_.kind == "map" || spec_.kind == "ranges") build_map_or_ranges();
  else if (spec_.kind == "age") build_age();
  else if (spec_.kind == "year") build_year();
  else if (spec_.kind == "municipality") build_municipality();
  else
    throw InputError(spec_.source, "recode の kind が不明です: " + spec_.kind,
                     "unknown recode kind '" + spec_.kind + "' (map, ranges, age, year, municipality)");
  if (unknown_category_) add(spec_.unknown_code, spec_.unknown_label, root_code_);
  try {
    dim_.finalize();
  } catch (const std::invalid_argument& e) {
    throw InputError(spec_.source, std::string("recode の区分が不正です: ") + e.what(),
                     std::string("bad recode categories: ") + e.what());
  }
  for (int i = 0; i < dim_.size(); ++i)
    if (!dim_.is_leaf(i) && (dim_.code(i) == spec_.unknown_code || dim_.code(i) == outside_code_))
      throw InputError(spec_.source, "不明・県外の区分に子があります", "the unknown/outside category has children");
}

void Recoder::add(const std::string& code, const std::string& label, const std::string& parent) {
  if (!dim_.add_code(code, label, parent))
    throw InputError(spec_.source, "区分コード「" + code + "」が重複しています",
                     "category code '" + code + "' appears twice");
}

void Recoder::build_map_or_ranges() {
  root_code_ = spec_.total_code;
  add(root_code_, spec_.total_label, "");
  std::map<std::string, bool> has_children;
  for (const auto& c : spec_.categories)
    if (!c.parent.empty()) has_children[c.parent] = true;
  for (const auto& c : spec_.categories) {
    add(c.code, c.label, c.parent.empty() ? root_code_ : c.parent);
    bool matches = !c.values.empty() || !c.ranges.empty();
    if (matches && has_children.count(c.code))
      throw InputError(spec_.source, "区分「" + c.code + "」は値を持ちながら子区分もあります",
                       "category '" + c.code + "' has values and child categories");
    if (!matches && !has_children.count(c.code)) {
      if (spec_.kind == "ranges")
        throw InputError(spec_.source, "区分「" + c.code + "」に範囲も値もありません",
                         "category '" + c.code + "' has neither ranges nor values");
      value_to_code_[normalize_number(c.code)] = c.code;  // a map category without values matches its code
    }
    for (const auto& v : c.values) {
      std::string key = spec_.kind == "ranges" ? normalize_icd(v) : normalize_number(v);
      if (!value_to_code_.emplace(key, c.code).second)
        throw InputError(spec_.source, "値「" + v + "」が二つの区分にあります", "value '" + v + "' in two categories");
    }
    for (const auto& [from, to] : c.ranges)
      if (normalize_icd(from).empty() || normalize_icd(to).empty() || normalize_icd(from) > normalize_icd(to))
        throw InputError(spec_.source, "範囲「" + from + "-" + to + "」が不正です",
                         "bad range '" + from + "-" + to + "'");
  }
  if (!spec_.other_code.empty()) {
    outside_code_ = spec_.other_code;
    add(spec_.other_code, spec_.other_label.empty() ? "その他" : spec_.other_label, root_code_);
  }
}

void Recoder::build_age() {
  root_code_ = spec_.total_code;
  add(root_code_, spec_.total_label, "");
  age_breaks_ = spec_.breaks;
  if (age_breaks_.empty()) {
    if (spec_.width <= 0 || spec_.top <= 0 || spec_.top % spec_.width != 0)
      throw InputError(spec_.source, "年齢階級の幅と上限が不正です（上限は幅の倍数）",
                       "bad age width/top (top must be a multiple of width)");
    for (int a = 0; a <= spec_.top; a += spec_.width) age_breaks_.push_back(a);
  }
  if (age_breaks_.front() != 0 || !std::is_sorted(age_breaks_.begin(), age_breaks_.end()) ||
      std::adjacent_find(age_breaks_.begin(), age_breaks_.end()) != age_breaks_.end())
    throw InputError(spec_.source, "年齢の区切りは0から始まる増加列にしてください",
                     "age breaks must start at 0 and increase");
  for (std::size_t i = 0; i < age_breaks_.size(); ++i) {
    std::string code, label;
    if (i + 1 < age_breaks_.size()) {
      code = two_digits(age_breaks_[i]) + "-" + two_digits(age_breaks_[i + 1] - 1);
      label = std::to_string(age_breaks_[i]) + "-" + std::to_string(age_breaks_[i + 1] - 1) + "歳";
    } else {
      code = two_digits(age_breaks_[i]) + "+";
      label = std::to_string(age_breaks_[i]) + "歳以上";
    }
    age_codes_.push_back(code);
    add(code, label, root_code_);
  }
}

void Recoder::build_year() {
  if (spec_.from <= 0 || spec_.to < spec_.from || spec_.to - spec_.from > 200)
    throw InputError(spec_.source, "診断年の範囲 (from, to) を指定してください", "give the year range (from, to)");
  root_code_ = spec_.total_code;
  add(root_code_, spec_.total_label, "");
  for (int y = spec_.from; y <= spec_.to; ++y) add(std::to_string(y), std::to_string(y) + "年", root_code_);
}

void Recoder::build_municipality() {
  if (spec_.reference.empty())
    throw InputError(spec_.source, "市区町村の参照表 (reference) を指定してください",
                     "the municipality recode needs a reference table (reference:)");
  CsvFile ref = read_csv_file(spec_.reference);
  if (ref.rows.empty()) throw InputError({spec_.reference, 1, ""}, "参照表が空です", "empty reference table");
  const auto& header = ref.rows.front().fields;
  auto column = [&](const char* name) {
    auto it = std::find(header.begin(), header.end(), name);
    return it == header.end() ? -1 : static_cast<int>(it - header.begin());
  };
  const int c_code = column("code"), c_name = column("name"), c_parent = column("parent"),
            c_area_no = column("medical_area_no"), c_area = column("medical_area");
  if (c_code < 0 || c_name < 0)
    throw InputError({spec_.reference, 1, "code"}, "参照表に code と name の列が必要です",
                     "the reference needs columns code and name");
  struct Row { std::string code, name, parent, area_no, area; };
  std::vector<Row> rows;
  auto get = [](const CsvRow& r, int c) { return c >= 0 && c < static_cast<int>(r.fields.size()) ? r.fields[c] : std::string(); };
  for (std::size_t i = 1; i < ref.rows.size(); ++i) {
    const auto& r = ref.rows[i];
    Row row{get(r, c_code), get(r, c_name), get(r, c_parent), get(r, c_area_no), get(r, c_area)};
    if (row.code.size() != 5 || !all_digits(row.code))
      throw InputError({spec_.reference, r.line, "code"}, "市区町村コードは5桁の数字です",
                       "municipality codes have 5 digits");
    rows.push_back(row);
  }
  std::vector<std::string> prefs;
  for (const auto& r : rows)
    if (std::find(prefs.begin(), prefs.end(), r.code.substr(0, 2)) == prefs.end()) prefs.push_back(r.code.substr(0, 2));
  auto pref_label = [](const std::string& two) {
    int p = to_int(two);
    return p >= 1 && p <= 47 ? std::string(kPrefectures[p - 1]) : two;
  };
  const bool national_root = prefs.size() > 1 || spec_.outside_category;
  if (national_root) {
    root_code_ = spec_.total_code;
    add(root_code_, spec_.total_label, "");
  }
  for (const auto& p : prefs) {
    std::string pref_code = p + "000";
    add(pref_code, pref_label(p), national_root ? root_code_ : "");
    if (!national_root) root_code_ = pref_code;
    // Medical areas in order of first appearance, then their municipalities (wards under cities).
    std::vector<std::string> areas;
    for (const auto& r : rows)
      if (r.code.starts_with(p) && std::find(areas.begin(), areas.end(), r.area_no) == areas.end())
        areas.push_back(r.area_no);
    for (const auto& a : areas) {
      std::string area_node = pref_code;
      if (!a.empty()) {
        area_node = p + "-" + a;
        std::string label;
        for (const auto& r : rows)
          if (r.code.starts_with(p) && r.area_no == a) { label = r.area; break; }
        add(area_node, (label.empty() ? a : label) + "医療圏", pref_code);
      }
      for (const auto& r : rows) {
        if (!r.code.starts_with(p) || r.area_no != a || !r.parent.empty()) continue;
        add(r.code, r.name, area_node);
        value_to_code_[r.code] = r.code;
        for (const auto& w : rows) {
          if (w.parent != r.code) continue;
          if (spec_.kobe_wards) {
            add(w.code, w.name, r.code);
            value_to_code_.erase(r.code);  // the city's own code no longer names a leaf
            split_cities_.insert(r.code);
          }
          value_to_code_[w.code] = spec_.kobe_wards ? w.code : r.code;
        }
      }
    }
  }
  if (spec_.outside_category) {
    outside_code_ = "outside";
    add(outside_code_, "県外", root_code_);
  }
}

RecodeHit Recoder::leaf(const std::string& code) const {
  RecodeHit hit;
  hit.outcome = RecodeOutcome::Leaf;
  hit.code = dim_.find(code);
  return hit;
}

bool Recoder::is_category_leaf(int code) const {
  if (!dim_.is_leaf(code)) return false;
  if (unknown_category_ && dim_.code(code) == spec_.unknown_code) return false;
  return !(spec_.kind == "municipality" && !outside_code_.empty() && dim_.code(code) == outside_code_);
}

RecodeHit Recoder::unknown() const {
  RecodeHit hit;
  hit.outcome = RecodeOutcome::Unknown;
  hit.code = unknown_category_ ? dim_.find(spec_.unknown_code) : -1;
  hit.why_ja = "不明の値です";
  hit.why_en = "unknown value";
  return hit;
}

RecodeHit Recoder::outside() const {
  RecodeHit hit;
  hit.outcome = RecodeOutcome::Outside;
  hit.code = outside_code_.empty() ? -1 : dim_.find(outside_code_);
  if (spec_.kind == "year") {
    hit.why_ja = "診断年が計画の範囲外です";
    hit.why_en = "year outside the plan's range";
  } else {
    hit.why_ja = "参照表にない市区町村コードです";
    hit.why_en = "municipality code not in the reference geography";
  }
  return hit;
}

const RecodeHit& Recoder::apply(std::string_view value) {
  auto it = memo_.find(value);
  if (it != memo_.end()) return it->second;
  return memo_.emplace(std::string(value), compute(value)).first->second;
}

RecodeHit Recoder::compute(std::string_view value) const {
  RecodeHit bad;
  if (value.empty()) return unknown();
  for (const auto& u : spec_.unknown_values)
    if (normalize_number(value) == normalize_number(u)) return unknown();

  if (spec_.kind == "map") {
    auto it = value_to_code_.find(normalize_number(value));
    if (it != value_to_code_.end()) return leaf(it->second);
    if (!spec_.other_code.empty()) return leaf(spec_.other_code);
    bad.why_ja = "recode の区分にない値です";
    bad.why_en = "value not among the recode's categories";
    return bad;
  }
  if (spec_.kind == "ranges") {
    std::string code = normalize_icd(value);
    if (code.empty()) {
      bad.why_ja = "ICD-10 の形式ではありません";
      bad.why_en = "not an ICD-10 code";
      return bad;
    }
    auto exact = value_to_code_.find(code);
    if (exact != value_to_code_.end()) return leaf(exact->second);
    for (const auto& c : spec_.categories)
      for (const auto& [from, to] : c.ranges)
        if (icd_in_range(code, normalize_icd(from), normalize_icd(to))) return leaf(c.code);
    if (!spec_.other_code.empty()) return leaf(spec_.other_code);
    bad.why_ja = "どの区分の範囲にも入らないコードです";
    bad.why_en = "code in none of the recode's ranges";
    return bad;
  }
  if (spec_.kind == "age") {
    if (!all_digits(value) || value.size() > 3) {
      bad.why_ja = "年齢が数値ではありません";
      bad.why_en = "age is not a number";
      return bad;
    }
    int age = to_int(value);
    auto pos = std::upper_bound(age_breaks_.begin(), age_breaks_.end(), age) - age_breaks_.begin() - 1;
    return leaf(age_codes_[static_cast<std::size_t>(pos)]);
  }
  if (spec_.kind == "year") {
    if (value.size() != 8 || !all_digits(value)) {
      bad.why_ja = "診断日が YYYYMMDD の形ではありません";
      bad.why_en = "date is not YYYYMMDD";
      return bad;
    }
    int y = to_int(value.substr(0, 4)), m = to_int(value.substr(4, 2)), d = to_int(value.substr(6, 2));
    if (y == 0 || y == 9999) return unknown();
    if (y < 1900 || y > 2100 || (m > 12 && m != 99) || (d > 31 && d != 99)) {
      bad.why_ja = "診断日がありえない日付です";
      bad.why_en = "impossible date";
      return bad;
    }
    if (y < spec_.from || y > spec_.to) return outside();
    return leaf(std::to_string(y));
  }
  // municipality: 5 digits; 4 when a leading zero was lost, 6 with check digit, 11 an address code.
  if (!all_digits(value) || (value.size() != 4 && value.size() != 5 && value.size() != 6 && value.size() != 11)) {
    bad.why_ja = "市区町村コードの形式ではありません";
    bad.why_en = "not a municipality code";
    return bad;
  }
  std::string code = value.size() == 4 ? "0" + std::string(value) : std::string(value.substr(0, 5));
  if (code == "00000" || code.ends_with("999")) return unknown();
  auto it = value_to_code_.find(code);
  if (it != value_to_code_.end()) return leaf(it->second);
  if (split_cities_.count(code)) return unknown();  // a ward was asked for but not given
  return outside();
}

std::vector<std::string> Recoder::domain() const {
  std::vector<std::string> out{""};
  out.insert(out.end(), spec_.unknown_values.begin(), spec_.unknown_values.end());
  for (const auto& [value, code] : value_to_code_) out.push_back(value);
  for (const auto& c : spec_.categories) out.insert(out.end(), c.values.begin(), c.values.end());
  if (spec_.kind == "age")
    for (int age = 0; age <= 150; ++age) out.push_back(std::to_string(age));
  if (spec_.kind == "year")
    for (int year = 1900; year <= 2100; ++year) out.push_back(std::to_string(year) + "0101");
  if (spec_.kind == "ranges")
    for (char letter = 'A'; letter <= 'Z'; ++letter)
      for (int n = 0; n < 100; ++n) {
        const std::string three = std::string(1, letter) + (n < 10 ? "0" : "") + std::to_string(n);
        out.push_back(three);
        for (int d = 0; d < 10; ++d) out.push_back(three + std::to_string(d));
      }
  for (const auto& [value, hit] : memo_) out.emplace_back(value);
  return out;
}

}  // namespace hitoku::registry
