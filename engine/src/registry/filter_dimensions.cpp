#include "filter_dimensions.h"

#include <algorithm>

#include "recode.h"

namespace hitoku::registry {
namespace {

std::vector<std::string> normalized(const std::vector<std::string>& values, bool numeric) {
  std::vector<std::string> out;
  for (const auto& v : values) out.push_back(numeric ? normalize_number(v) : v);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::string joined(const std::vector<std::string>& values) {
  std::string out;
  for (const auto& v : values) out += (out.empty() ? "" : ", ") + v;
  return out;
}

}  // namespace

std::string filter_key(const PlanFilter& f, bool numeric) {
  // Unit separators keep values apart whatever characters they hold.
  std::string key = f.field.empty() ? "dimension\x1f" + f.dimension : "field\x1f" + f.field;
  key += "\x1ein";
  for (const auto& v : normalized(f.in, numeric)) key += "\x1f" + v;
  key += "\x1enot_in";
  for (const auto& v : normalized(f.not_in, numeric)) key += "\x1f" + v;
  if (f.has_range) key += "\x1erange\x1f" + std::to_string(f.range_from) + "\x1f" + std::to_string(f.range_to);
  return key;
}

std::string describe_filter(const PlanFilter& f) {
  const std::string subject = f.field.empty() ? f.dimension : f.field;
  std::string out;
  auto part = [&](const std::string& p) { out += (out.empty() ? "" : "・") + subject + " " + p; };
  if (!f.in.empty()) part("∈ {" + joined(f.in) + "}");
  if (!f.not_in.empty()) part("∉ {" + joined(f.not_in) + "}");
  if (f.has_range) part(std::to_string(f.range_from) + "〜" + std::to_string(f.range_to));
  return out;
}

Dimension filter_dimension(const std::string& id, const PlanFilter& f) {
  Dimension d(id, "絞り込み「" + describe_filter(f) + "」");
  d.add_code(kFilterTotal, "計", "");
  d.add_code(kFilterIn, "該当", kFilterTotal);
  d.add_code(kFilterOut, "非該当", kFilterTotal);
  d.finalize();
  return d;
}

}  // namespace hitoku::registry
