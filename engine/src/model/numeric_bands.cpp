#include "model/numeric_bands.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <utility>

namespace hitoku {
namespace {

// Full-width digits and signs to ASCII, every dash or wave to '-', 歳/才 and spaces dropped.
std::string normalised(std::string_view text) {
  static const std::vector<std::pair<std::string_view, std::string_view>> kReplace = {
      {"～", "-"}, {"〜", "-"}, {"~", "-"}, {"－", "-"}, {"–", "-"}, {"—", "-"}, {"‐", "-"}, {"＋", "+"},
      {"歳", ""},  {"才", ""},  {" ", ""},  {"　", ""}};
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    // U+FF10..U+FF19 (０-９) are EF BC 90..99 in UTF-8.
    if (c == 0xEF && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xBC) {
      const auto d = static_cast<unsigned char>(text[i + 2]);
      if (d >= 0x90 && d <= 0x99) {
        out += static_cast<char>('0' + (d - 0x90));
        i += 3;
        continue;
      }
    }
    bool replaced = false;
    for (const auto& [from, to] : kReplace)
      if (text.substr(i, from.size()) == from) {
        out += to;
        i += from.size();
        replaced = true;
        break;
      }
    if (!replaced) out += text[i++];
  }
  return out;
}

// Reads the digits at s[pos..] (at most nine) into value; false when there are none.
bool read_number(const std::string& s, std::size_t& pos, std::int64_t& value) {
  const std::size_t start = pos;
  value = 0;
  while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9' && pos - start < 9) value = value * 10 + (s[pos++] - '0');
  return pos > start && (pos == s.size() || s[pos] < '0' || s[pos] > '9');
}

std::optional<NumericBand> band(std::int64_t lo, std::int64_t hi) {
  if (lo < 0 || hi < lo) return std::nullopt;
  return NumericBand{lo, hi};
}

// The numbers the leaf bands of d cover, as merged runs; nullopt when two leaf bands overlap.
std::optional<std::vector<NumericBand>> covered(const Dimension& d) {
  std::vector<NumericBand> bands;
  for (int leaf : d.leaves())
    if (auto b = band_of(d, leaf)) bands.push_back(*b);
  std::sort(bands.begin(), bands.end(), [](const NumericBand& a, const NumericBand& b) { return a.lo < b.lo; });
  std::vector<NumericBand> runs;
  for (const NumericBand& b : bands) {
    if (!runs.empty() && b.lo <= runs.back().hi) return std::nullopt;  // overlap within one grouping
    if (!runs.empty() && runs.back().hi != NumericBand::kNoUpper && b.lo == runs.back().hi + 1)
      runs.back().hi = b.hi;
    else
      runs.push_back(b);
  }
  return runs;
}

std::set<std::string> non_band_leaves(const Dimension& d) {
  std::set<std::string> out;
  for (int leaf : d.leaves())
    if (!band_of(d, leaf)) out.insert(d.code(leaf));
  return out;
}

std::size_t band_leaf_count(const Dimension& d) {
  return static_cast<std::size_t>(
      std::count_if(d.leaves().begin(), d.leaves().end(), [&](int leaf) { return band_of(d, leaf).has_value(); }));
}

std::string spelled(const NumericBand& b) {
  if (b.hi == NumericBand::kNoUpper) return std::to_string(b.lo) + "+";
  if (b.lo == b.hi) return std::to_string(b.lo);
  return std::to_string(b.lo) + "-" + std::to_string(b.hi);
}

struct Piece {
  int dim, leaf;
  NumericBand band;
  std::string code, name;
};

// The pieces the bounds cut a band into; none when no bound falls inside it.
std::vector<NumericBand> cut(const NumericBand& b, const std::set<std::int64_t>& bounds) {
  std::vector<std::int64_t> starts{b.lo};
  for (auto it = bounds.upper_bound(b.lo); it != bounds.end() && (b.hi == NumericBand::kNoUpper || *it <= b.hi); ++it)
    starts.push_back(*it);
  std::vector<NumericBand> out;
  if (starts.size() < 2) return out;
  for (std::size_t k = 0; k < starts.size(); ++k) out.push_back({starts[k], k + 1 < starts.size() ? starts[k + 1] - 1 : b.hi});
  return out;
}

}  // namespace

std::optional<NumericBand> parse_numeric_band(std::string_view text) {
  const std::string s = normalised(text);
  std::size_t pos = 0;
  std::int64_t a = 0, b = 0;
  if (s.empty()) return std::nullopt;
  if (s[0] == '-') {  // -39: up to 39
    pos = 1;
    if (!read_number(s, pos, b) || pos != s.size()) return std::nullopt;
    return band(0, b);
  }
  if (!read_number(s, pos, a)) return std::nullopt;
  const std::string rest = s.substr(pos);
  if (rest.empty()) return band(a, a);
  if (rest == "+" || rest == "-" || rest == "以上") return band(a, NumericBand::kNoUpper);
  if (rest == "以下") return band(0, a);
  if (rest == "未満") return a >= 1 ? band(0, a - 1) : std::nullopt;
  if (rest == "代") return a % 10 == 0 ? band(a, a + 9) : std::nullopt;
  if (rest[0] != '-') return std::nullopt;
  pos += 1;
  if (!read_number(s, pos, b) || pos != s.size()) return std::nullopt;
  return band(a, b);
}

std::optional<NumericBand> band_of(const Dimension& d, int code_index) {
  const std::string& label = d.code_label(code_index);
  if (!label.empty() && label != d.code(code_index)) return parse_numeric_band(label);
  return parse_numeric_band(d.code(code_index));
}

bool same_numeric_cover(const Dimension& a, const Dimension& b) {
  if (band_leaf_count(a) < 2 || band_leaf_count(b) < 2) return false;
  const auto ca = covered(a), cb = covered(b);
  return ca && cb && *ca == *cb && non_band_leaves(a) == non_band_leaves(b);
}

bool refine_numeric_bands(std::vector<Dimension>& dims, const std::vector<int>& members) {
  std::optional<std::vector<NumericBand>> cover;
  std::set<std::int64_t> bounds;  // every leaf band's first number, and the number after its last
  std::map<std::pair<std::int64_t, std::int64_t>, std::pair<std::string, std::string>> spelling;  // band -> code, name
  for (int m : members) {
    const Dimension& d = dims[static_cast<std::size_t>(m)];
    const auto runs = covered(d);
    if (!runs || band_leaf_count(d) == 0 || (cover && *runs != *cover)) return false;
    cover = runs;
    for (int i = 0; i < d.size(); ++i) {
      const auto b = band_of(d, i);
      if (!b) continue;
      spelling.emplace(std::make_pair(b->lo, b->hi), std::make_pair(d.code(i), d.code_label(i)));
      if (!d.is_leaf(i)) continue;
      bounds.insert(b->lo);
      if (b->hi != NumericBand::kNoUpper) bounds.insert(b->hi + 1);
    }
  }
  std::vector<Piece> pieces;  // under each leaf band that some bound falls inside
  for (int m : members) {
    const Dimension& d = dims[static_cast<std::size_t>(m)];
    for (int leaf : d.leaves())
      if (const auto b = band_of(d, leaf))
        for (const NumericBand& piece : cut(*b, bounds)) {
          auto found = spelling.find({piece.lo, piece.hi});
          if (found != spelling.end())
            pieces.push_back({m, leaf, piece, found->second.first, found->second.second});
          else
            pieces.push_back({m, leaf, piece, spelled(piece), spelled(piece)});
        }
  }
  // A piece's code must be new in its grouping and mean the same band wherever it is a code.
  for (const Piece& p : pieces)
    for (int other : members) {
      const Dimension& d = dims[static_cast<std::size_t>(other)];
      const int at = d.find(p.code);
      if (at >= 0 && (other == p.dim || band_of(d, at) != p.band)) return false;
    }
  std::set<int> touched;
  for (const Piece& p : pieces) {
    Dimension& d = dims[static_cast<std::size_t>(p.dim)];
    d.add_refinement_code(p.code, p.name, d.code(p.leaf));
    touched.insert(p.dim);
  }
  for (int m : touched) dims[static_cast<std::size_t>(m)].finalize();
  return true;
}

}  // namespace hitoku
