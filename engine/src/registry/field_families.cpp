#include "field_families.h"

#include <array>
#include <utility>

#include "hitoku/registry/extract.h"

namespace hitoku::registry {
namespace {

// Layout numbers (1-based, 様式第1号 別紙) of the first and last field of each family.
constexpr std::array<std::pair<int, int>, 10> kFamilies{{
    {5, 6},    // 診断時年齢, 診断時年齢 (小児用)
    {7, 11},   // 集約診断時患者住所 都道府県・保健所・医療圏・市区町村・住所コード
    {13, 22},  // 局在, 診断名, 形態, 性状, 分化度, 組織診断名, ICD-10, ICD-10 和名, IARC-ICCC3, ICCC
    {27, 29},  // 集約進展度 治療前・術後病理学的・総合
    {30, 33},  // 外科的・鏡視下・内視鏡的治療の有無, 観血的治療の範囲
    {38, 42},  // 初診病院
    {43, 47},  // 診断病院
    {48, 52},  // 観血的治療病院
    {53, 57},  // 放射線治療病院
    {58, 62},  // 薬物治療病院
}};

}  // namespace

std::string field_family(std::string_view header) {
  const int index = find_extract_field(header);
  if (index < 0) return std::string(header);
  const int number = extract_fields()[static_cast<std::size_t>(index)].number;
  for (const auto& [first, last] : kFamilies)
    if (first <= number && number <= last) return std::string(extract_fields()[static_cast<std::size_t>(first - 1)].header);
  return std::string(extract_fields()[static_cast<std::size_t>(index)].header);
}

}  // namespace hitoku::registry
