#include "hitoku/model/label_twins.h"

#include <algorithm>
#include <vector>

namespace hitoku {

CodeLabelSet finest_codes(const Dimension& d) {
  CodeLabelSet out;
  for (int leaf : d.leaves()) out.insert({d.code(leaf), d.code_label(leaf)});
  return out;
}

std::string printed_name(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    const auto c0 = static_cast<unsigned char>(s[i]);
    if (s.compare(i, 3, "\xE3\x80\x80") == 0) {
      i += 3;
      continue;
    }
    if (c0 == 0xEF && i + 2 < s.size()) {  // U+FF01..U+FF5E
      const auto c1 = static_cast<unsigned char>(s[i + 1]), c2 = static_cast<unsigned char>(s[i + 2]);
      const unsigned cp = ((c0 & 0x0Fu) << 12) | ((c1 & 0x3Fu) << 6) | (c2 & 0x3Fu);
      if (cp >= 0xFF01 && cp <= 0xFF5E) {
        out += static_cast<char>(cp - 0xFF01 + 0x21);
        i += 3;
        continue;
      }
    }
    if (s[i] != ' ' && s[i] != '\t') out += s[i];
    ++i;
  }
  return out;
}

std::optional<std::map<std::string, std::string>> label_twin_leaves(const CodeLabelSet& own, const CodeLabelSet& other) {
  if (own.size() < 2 || other.size() < 2 || own == other) return std::nullopt;
  auto by_label = [](const CodeLabelSet& s) {
    std::map<std::string, std::string> out;
    for (const auto& [code, label] : s)
      if (!out.emplace(printed_name(label), code).second) return std::map<std::string, std::string>{};  // a name used twice
    return out;
  };
  const auto mine = by_label(own), theirs = by_label(other);
  if (mine.size() != own.size() || theirs.size() != other.size()) return std::nullopt;
  // Every name of the smaller list in the larger (男・女 beside 男・女・不詳), at least two shared.
  std::size_t shared = 0;
  for (const auto& [label, code] : theirs) shared += mine.count(label);
  if (shared < 2 || shared != std::min(mine.size(), theirs.size())) return std::nullopt;
  std::map<std::string, std::string> rename;
  for (const auto& [label, code] : theirs) {
    auto it = mine.find(label);
    rename[code] = it == mine.end() ? "\x1f" + code : it->second;  // a unit the other list lacks: no manifest spells it
  }
  return rename;
}

std::optional<Dimension> renamed_twin(const Dimension& d, const Dimension& own, const std::map<std::string, std::string>& leaves) {
  for (int i = 0; i < d.size(); ++i)
    if (d.is_refinement(i)) return std::nullopt;
  auto finest_under = [](const Dimension& dim, int i, const std::map<std::string, std::string>* rename) {
    std::set<std::string> out;
    for (int pos : dim.leaves_under(i)) {
      const std::string& code = dim.code(dim.leaves()[static_cast<std::size_t>(pos)]);
      out.insert(rename ? rename->at(code) : code);
    }
    return out;
  };
  std::vector<std::string> code(static_cast<std::size_t>(d.size()));
  for (int i = 0; i < d.size(); ++i) {
    if (d.is_leaf(i)) {
      code[static_cast<std::size_t>(i)] = leaves.at(d.code(i));
      continue;
    }
    code[static_cast<std::size_t>(i)] = "\x1f" + d.id() + ":" + d.code(i);  // no manifest spells it
    const int same = own.find_label(d.code_label(i));
    if (same >= 0 && finest_under(own, same, nullptr) == finest_under(d, i, &leaves)) code[static_cast<std::size_t>(i)] = own.code(same);
  }
  Dimension out(d.id(), d.label());
  for (int i = 0; i < d.size(); ++i) {
    const int parent = d.parent(i);
    out.add_code(code[static_cast<std::size_t>(i)], d.code_label(i), parent < 0 ? "" : code[static_cast<std::size_t>(parent)]);
  }
  out.finalize();
  out.set_variable(d.variable());
  return out;
}

}  // namespace hitoku
