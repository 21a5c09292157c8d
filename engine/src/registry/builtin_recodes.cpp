// The recodes hitoku ships, written in the plan format itself so that a plan can copy and
// change any of them (docs/table-plan.md prints this text).
#include <yaml-cpp/yaml.h>

#include "hitoku/registry/table_plan.h"
#include "plan_yaml.h"

namespace hitoku {
namespace {

const std::string kBuiltinYaml = R"(# Built-in recodes (hitoku). A plan's recodes: entry with the same name replaces one.
sex:                      # 集約性別: 1 男, 2 女; 0 (男女の診断) counts as その他・不明
  kind: map
  total: {code: total, label: 総数}
  categories:
    - {code: "1", label: 男, values: ["1"]}
    - {code: "2", label: 女, values: ["2"]}
  unknown_values: ["0"]
  unknown: {code: unknown, label: その他・不明}
age5:                     # 診断時年齢: 0-4, 5-9, ..., 80-84, 85+; 999 = 不明
  kind: age
  width: 5
  top: 85
  unknown_values: ["999"]
  total: {code: total, label: 総数}
age10:                    # 0-9, ..., 70-79, 80+
  kind: age
  width: 10
  top: 80
  unknown_values: ["999"]
  total: {code: total, label: 総数}
icd10_sites:              # ICD-10 -> 部位 as in Japanese registry reports (全国がん登録 罹患数の部位分類)
  kind: ranges
  total: {code: total, label: 全部位}
  categories:
    - {code: oral, label: 口腔・咽頭, ranges: [C00-C14]}
    - {code: esophagus, label: 食道, ranges: [C15]}
    - {code: stomach, label: 胃, ranges: [C16]}
    - {code: colorectum, label: 大腸}
    - {code: colon, label: 結腸, parent: colorectum, ranges: [C18]}
    - {code: rectum, label: 直腸, parent: colorectum, ranges: [C19-C20]}
    - {code: liver, label: 肝および肝内胆管, ranges: [C22]}
    - {code: gallbladder, label: 胆のう・胆管, ranges: [C23-C24]}
    - {code: pancreas, label: 膵臓, ranges: [C25]}
    - {code: larynx, label: 喉頭, ranges: [C32]}
    - {code: lung, label: 肺, ranges: [C33-C34]}
    - {code: skin, label: 皮膚, ranges: [C43-C44]}
    - {code: breast, label: 乳房, ranges: [C50]}
    - {code: uterus, label: 子宮}
    - {code: cervix, label: 子宮頸部, parent: uterus, ranges: [C53]}
    - {code: corpus, label: 子宮体部, parent: uterus, ranges: [C54]}
    - {code: uterus_nos, label: 子宮部位不明, parent: uterus, ranges: [C55]}
    - {code: ovary, label: 卵巣, ranges: [C56]}
    - {code: prostate, label: 前立腺, ranges: [C61]}
    - {code: bladder, label: 膀胱, ranges: [C67]}
    - {code: kidney, label: 腎・尿路（膀胱除く）, ranges: [C64-C66, C68]}
    - {code: brain, label: 脳・中枢神経系, ranges: [C70-C72]}
    - {code: thyroid, label: 甲状腺, ranges: [C73]}
    - {code: lymphoma, label: 悪性リンパ腫, ranges: [C81-C86, C96]}
    - {code: myeloma, label: 多発性骨髄腫, ranges: [C88, C90]}
    - {code: leukemia, label: 白血病, ranges: [C91-C95]}
  other: {code: other, label: その他}
municipality:             # 市区町村コード -> municipality -> 二次医療圏 -> prefecture (reference CSV)
  kind: municipality
  wards: false            # true: Kobe's wards are leaves under 神戸市
  outside: error          # codes not in the reference: error, or a 県外 category
  total: {code: total, label: 総数}
year:                     # 集約診断日 (YYYYMMDD) -> diagnosis year; set from and to in the plan
  kind: year
  total: {code: total, label: 総数}
)";

}  // namespace

const std::string& builtin_recodes_yaml() { return kBuiltinYaml; }

const std::map<std::string, RecodeSpec>& builtin_recodes() {
  static const std::map<std::string, RecodeSpec> recodes = [] {
    std::map<std::string, RecodeSpec> out;
    YAML::Node root = YAML::Load(kBuiltinYaml);
    for (const auto& kv : root) {
      std::string name = kv.first.as<std::string>();
      RecodeSpec spec = registry::parse_recode(kv.second, RecodeSpec{}, "(built-in recodes)", name);
      spec.name = name;
      out.emplace(name, std::move(spec));
    }
    return out;
  }();
  return recodes;
}

}  // namespace hitoku
