// The 74 fields of a registry extract as listed in the provision rules (様式第1号 別紙,
// 登録情報 平成30年10月1日現在). Headers are written as listed; matching normalizes spaces.
#include <charconv>

#include "hitoku/registry/extract.h"

namespace hitoku {
namespace {

using T = ExtractFieldType;
constexpr T N = T::Number;
constexpr T S = T::Text;

// Codes shared by several fields.
constexpr std::string_view kTreated = "1,2,9";                       // 1:有 2:無 9:不明
constexpr std::string_view kExtent = "400,410,420,430,440,777,499";  // 進展度
constexpr std::string_view kYesNo = "1,2";                           // 1:である 2:でない

const std::vector<ExtractField> kFields = {
    {1, "行番号", N, 10, "", false, "row number, 1.. within the file"},
    {2, "提供情報患者番号", N, 8, "", false, "patient number assigned for this extract"},
    {3, "多重がん番号", N, 2, "", false, "multiple-cancer number: 0 none, 1.. order"},
    {4, "集約性別", N, 1, "0,1,2", false, "sex: 1 male, 2 female, 0 both/indeterminate"},
    {5, "診断時年齢", N, 3, "0-120,999", false, "age at diagnosis in years, 999 unknown"},
    {6, "診断時年齢 (小児用)", N, 4, "0-1451,9999", true, "age at diagnosis in months, 9999 unknown"},
    {7, "集約診断時患者住所都道府県コード", N, 2, "1-47,88,99", false,
     "residence prefecture at diagnosis: 1-47, 88 abroad, 99 unknown"},
    {8, "集約診断時患者住所保健所コード", N, 2, "", true, "residence health centre code"},
    {9, "集約診断時患者住所医療圏コード", N, 2, "", true, "residence medical area code"},
    {10, "集約診断時患者住所市区町村コード", N, 5, "", true, "residence municipality code (5 digits)"},
    {11, "集約診断時患者住所コード", S, 11, "", true, "residence address code (town level)"},
    {12, "集約側性", N, 1, "1,2,3,7,9", true, "laterality: 1 right 2 left 3 both 7 n/a 9 unknown"},
    {13, "集約局在コード", S, 4, "", true, "ICD-O-3 topography"},
    {14, "診断名 (和名)", S, 512, "", true, "topography name (Japanese)"},
    {15, "集約形態コード", S, 4, "", true, "ICD-O-3 morphology"},
    {16, "集約性状コード", N, 1, "0,1,2,3,6,9", true, "ICD-O-3 behaviour"},
    {17, "集約分化度", N, 1, "1-9", true, "grade / differentiation"},
    {18, "組織診断名 (和名)", S, 512, "", true, "morphology name (Japanese)"},
    {19, "ICD-10 コード", S, 4, "", true, "ICD-10 code"},
    {20, "ICD-10 (和名)", S, 256, "", true, "ICD-10 name (Japanese)"},
    {21, "IARC-ICCC3 (小児用がん分類)", S, 8, "", true, "ICCC-3 (childhood cancer classification)"},
    {22, "ICCC (英名)", S, 128, "", true, "ICCC name (English)"},
    {23, "集約診断根拠", N, 1, "0-6,9", true, "basis of diagnosis"},
    {24, "集約診断日", S, 8, "", true, "date of diagnosis YYYYMMDD"},
    {25, "集約診断日精度", N, 1, "0-5,9", true, "precision of the date of diagnosis"},
    {26, "集約発見経緯", N, 1, "1,3,4,8,9", true, "route to diagnosis (null: death certificate only)"},
    {27, "集約進展度・治療前", N, 3, kExtent, true, "extent before treatment"},
    {28, "集約進展度・術後病理学的", N, 3, "400,410,420,430,440,660,777,499", true,
     "extent, post-operative pathological"},
    {29, "集約進展度・総合", N, 3, kExtent, true, "extent, combined"},
    {30, "集約外科的治療の有無", N, 1, kTreated, true, "surgery"},
    {31, "集約鏡視下治療の有無", N, 1, kTreated, true, "laparoscopic/thoracoscopic treatment"},
    {32, "集約内視鏡的治療の有無", N, 1, kTreated, true, "endoscopic treatment"},
    {33, "集約観血的(外科的・鏡視下の・内視鏡的)治療の範囲", N, 1, "1,4,6,9", true,
     "extent of operative treatment"},
    {34, "集約放射線療法の有無", N, 1, kTreated, true, "radiotherapy"},
    {35, "集約化学療法の有無", N, 1, kTreated, true, "chemotherapy"},
    {36, "集約内分泌療法の有無", N, 1, kTreated, true, "endocrine therapy"},
    {37, "集約その他治療の有無", N, 1, kTreated, true, "other treatment"},
    {38, "集約初診病院コード", S, 5, "", true, "hospital of first visit"},
    {39, "集約初診都道府県コード", S, 2, "", true, "prefecture of the first-visit hospital"},
    {40, "集約初診病院保健所コード", S, 2, "", true, "health centre of the first-visit hospital"},
    {41, "集約初診病院医療圏コード", S, 2, "", true, "medical area of the first-visit hospital"},
    {42, "集約初診病院住所コード", S, 11, "", true, "address code of the first-visit hospital"},
    {43, "集約診断病院コード", S, 5, "", true, "hospital of diagnosis"},
    {44, "集約診断病院都道府県コード", S, 2, "", true, "prefecture of the diagnosing hospital"},
    {45, "集約診断病院保健所コード", S, 2, "", true, "health centre of the diagnosing hospital"},
    {46, "集約診断病院医療圏コード", S, 2, "", true, "medical area of the diagnosing hospital"},
    {47, "集約診断病院住所コード", S, 11, "", true, "address code of the diagnosing hospital"},
    {48, "集約観血的治療病院コード", S, 5, "", true, "hospital of operative treatment"},
    {49, "集約観血的治療都道府県コード", S, 2, "", true, "prefecture of the operating hospital"},
    {50, "集約観血的治療病院保健所コード", S, 2, "", true, "health centre of the operating hospital"},
    {51, "集約観血的治療病院医療圏コード", S, 2, "", true, "medical area of the operating hospital"},
    {52, "集約観血的治療病院住所コード", S, 11, "", true, "address code of the operating hospital"},
    {53, "集約放射線治療病院コード", S, 5, "", true, "hospital of radiotherapy"},
    {54, "集約放射線治療都道府県コード", S, 2, "", true, "prefecture of the radiotherapy hospital"},
    {55, "集約放射線治療病院保健所コード", S, 2, "", true, "health centre of the radiotherapy hospital"},
    {56, "集約放射線治療病院医療圏コード", S, 2, "", true, "medical area of the radiotherapy hospital"},
    {57, "集約放射線治療病院住所コード", S, 11, "", true, "address code of the radiotherapy hospital"},
    {58, "集約薬物治療病院コード", S, 5, "", true, "hospital of drug therapy"},
    {59, "集約薬物治療都道府県コード", S, 2, "", true, "prefecture of the drug-therapy hospital"},
    {60, "集約薬物治療病院保健所コード", S, 2, "", true, "health centre of the drug-therapy hospital"},
    {61, "集約薬物治療病院医療圏コード", S, 2, "", true, "medical area of the drug-therapy hospital"},
    {62, "集約薬物治療病院住所コード", S, 11, "", true, "address code of the drug-therapy hospital"},
    {63, "原死因", S, 4, "", true, "underlying cause of death (survival items only)"},
    {64, "原死因 (和名)", S, 256, "", true, "cause of death name (survival items only)"},
    {65, "生死区分", N, 1, "0,1", true, "vital status: 0 alive 1 dead (survival items only)"},
    {66, "死亡日/最終生存確認日資料源", S, 1, "D,V", true,
     "source of date of death (D) / last known alive (V) (survival items only)"},
    {67, "生存期間 (日)", N, 5, "", true, "survival days (survival items only)"},
    {68, "DCN 区分", N, 1, kYesNo, false, "DCN: 1 yes 2 no"},
    {69, "DCI 区分", N, 1, kYesNo, false, "DCI: 1 yes 2 no"},
    {70, "DCO 区分", N, 1, kYesNo, false, "DCO: 1 yes 2 no"},
    {71, "患者異動動向 (受療の自県完結率の指標)", N, 1, "1,2,3", true,
     "residence vs reporting hospitals' prefecture, per cancer"},
    {72, "患者受療動向 (患者目線の受療動向の指標)", N, 1, "1,2", true,
     "residence vs reporting hospitals' prefecture, per tumour"},
    {73, "統計対象区分", N, 1, kYesNo, false, "counted in statistics (international rules): 1 yes 2 no"},
    {74, "生存率集計対象区分", N, 1, "0-4", true, "survival analysis eligibility"},
};

std::size_t utf8_length(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

}  // namespace

const std::vector<ExtractField>& extract_fields() { return kFields; }

std::string normalize_header(std::string_view header) {
  std::string out;
  for (std::size_t i = 0; i < header.size();) {
    auto rest = header.substr(i);
    if (rest.starts_with(" ") || rest.starts_with("\t")) { i += 1; continue; }
    if (rest.starts_with("\xE3\x80\x80")) { i += 3; continue; }                // U+3000 ideographic space
    if (rest.starts_with("\xEF\xBC\x88")) { out += '('; i += 3; continue; }    // （
    if (rest.starts_with("\xEF\xBC\x89")) { out += ')'; i += 3; continue; }    // ）
    if (rest.starts_with("\xEF\xBC\x8F")) { out += '/'; i += 3; continue; }    // ／
    out += header[i++];
  }
  return out;
}

int find_extract_field(std::string_view header) {
  const std::string key = normalize_header(header);
  for (std::size_t i = 0; i < kFields.size(); ++i)
    if (normalize_header(kFields[i].header) == key) return static_cast<int>(i);
  return -1;
}

bool extract_value_valid(const ExtractField& field, std::string_view value) {
  if (value.empty()) return field.nullable;
  if (field.type == ExtractFieldType::Number) {
    if (!all_digits(value) || value.size() > static_cast<std::size_t>(field.width)) return false;
    if (field.allowed.empty()) return true;
    long long v = 0;
    std::from_chars(value.data(), value.data() + value.size(), v);
    std::string_view spec = field.allowed;
    while (!spec.empty()) {
      auto comma = spec.find(',');
      auto item = spec.substr(0, comma);
      spec = comma == std::string_view::npos ? std::string_view{} : spec.substr(comma + 1);
      auto dash = item.find('-');
      long long lo = 0, hi = 0;
      std::from_chars(item.data(), item.data() + (dash == std::string_view::npos ? item.size() : dash), lo);
      hi = lo;
      if (dash != std::string_view::npos) std::from_chars(item.data() + dash + 1, item.data() + item.size(), hi);
      if (v >= lo && v <= hi) return true;
    }
    return false;
  }
  if (utf8_length(value) > static_cast<std::size_t>(field.width)) return false;
  if (field.allowed.empty()) return true;
  std::string_view spec = field.allowed;
  while (!spec.empty()) {
    auto comma = spec.find(',');
    if (spec.substr(0, comma) == value) return true;
    spec = comma == std::string_view::npos ? std::string_view{} : spec.substr(comma + 1);
  }
  return false;
}

}  // namespace hitoku
