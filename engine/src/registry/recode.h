#pragma once
// A recode turns one extract field's values into leaf codes of a dimension (registry path).
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>

#include "hitoku/model/dimension.h"
#include "hitoku/registry/table_plan.h"

namespace hitoku::registry {

enum class RecodeOutcome : std::uint8_t {
  Leaf,     // a category of the plan
  Unknown,  // empty or an unknown code (999, 99999, ...)
  Outside,  // valid but outside the plan (a year out of range, a municipality not in the reference)
  Invalid,  // not a well-formed value for this recode (bad row)
};

struct RecodeHit {
  RecodeOutcome outcome = RecodeOutcome::Invalid;
  int code = -1;  // dimension code index: the leaf, or the 不明 / 県外 leaf when those are categories
  const char* why_ja = "";
  const char* why_en = "";
};

class Recoder {
 public:
  // Builds the dimension of a recode. `unknown_category` adds the 不明 leaf.
  // Throws InputError at spec.source for a bad spec or an unreadable reference.
  Recoder(const RecodeSpec& spec, const std::string& dimension_id, const std::string& dimension_label,
          bool unknown_category);

  const Dimension& dimension() const { return dim_; }
  // False for the 不明 and 県外 leaves: records reach them as Unknown / Outside, which a dimension
  // filter never keeps.
  bool is_category_leaf(int code) const;
  // Memoized: values repeat across a million records.
  const RecodeHit& apply(std::string_view value);
  // Every value the field can hold that this recode may meet: the values it lists, the unknown
  // values, and the whole space of its kind where that space is small (ages 0-150, ICD-10 codes
  // A00-Z999, years 1900-2100, the reference's municipalities), plus every value already applied.
  // Two recodes of one field are compared over it to find their common refinement (plan_groupings).
  std::vector<std::string> domain() const;

 private:
  RecodeHit compute(std::string_view value) const;
  RecodeHit leaf(const std::string& code) const;
  RecodeHit unknown() const;
  RecodeHit outside() const;
  void build_map_or_ranges();
  void build_age();
  void build_year();
  void build_municipality();
  void add(const std::string& code, const std::string& label, const std::string& parent);

  RecodeSpec spec_;
  Dimension dim_;
  bool unknown_category_;
  std::string root_code_;
  std::unordered_map<std::string, std::string> value_to_code_;  // map, municipality
  std::vector<int> age_breaks_;
  std::vector<std::string> age_codes_;
  std::string outside_code_;
  std::set<std::string> split_cities_;  // cities whose wards are the leaves
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, RecodeHit, Hash, std::equal_to<>> memo_;
};

// Normal form of a code value: digits lose leading zeros ("01" -> "1"), other text is kept.
std::string normalize_number(std::string_view value);
// ICD-10 style: upper case, no dot; empty if not a letter, two digits and up to two more.
std::string normalize_icd(std::string_view value);
// True when a normalized ICD code lies in [from, to], comparing as many characters as each bound has.
bool icd_in_range(std::string_view code, std::string_view from, std::string_view to);

}  // namespace hitoku::registry
