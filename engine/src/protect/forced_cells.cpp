#include "forced_cells.h"

#include <algorithm>

namespace hitoku::protection {
namespace {

[[noreturn]] void bad(const SourcePos& where, const std::string& spec, const std::string& ja, const std::string& en) {
  throw InputError(where, "セルの指定「" + spec + "」: " + ja, "cell '" + spec + "': " + en);
}

ForcedCell parse(const Submission& s, const std::string& spec, const SourcePos& where, bool keep) {
  const auto colon = spec.find(':');
  if (colon == std::string::npos)
    bad(where, spec, "「表id:次元=コード,次元=コード」の形で書いてください", "write it as table:dim=code,dim=code");
  const std::string table_id = spec.substr(0, colon);
  const int ti = s.find_table(table_id);
  if (ti < 0 || s.tables[static_cast<std::size_t>(ti)].earlier_publication)
    bad(where, spec, "表「" + table_id + "」は公表予定の表にありません", "table '" + table_id + "' is not a planned table");
  const Table& t = s.tables[static_cast<std::size_t>(ti)];
  std::vector<int> pos(t.dims.size(), -1);
  std::string rest = spec.substr(colon + 1);
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    const std::string part = rest.substr(0, comma);
    rest = comma == std::string::npos ? "" : rest.substr(comma + 1);
    const auto eq = part.find('=');
    if (eq == std::string::npos) bad(where, spec, "「" + part + "」に = がありません", "'" + part + "' has no '='");
    const std::string dim_id = part.substr(0, eq), code = part.substr(eq + 1);
    std::size_t td = 0;
    while (td < t.dims.size() && s.dimensions[static_cast<std::size_t>(t.dims[td])].id() != dim_id) ++td;
    if (td == t.dims.size())
      bad(where, spec, "次元「" + dim_id + "」は表「" + table_id + "」にありません",
          "dimension '" + dim_id + "' is not in table '" + table_id + "'");
    const int c = s.dimensions[static_cast<std::size_t>(t.dims[td])].find(code);
    const auto at = std::find(t.codes[td].begin(), t.codes[td].end(), c);
    if (c < 0 || at == t.codes[td].end())
      bad(where, spec, "コード「" + code + "」は表「" + table_id + "」の「" + dim_id + "」にありません",
          "code '" + code + "' is not shown for '" + dim_id + "' in table '" + table_id + "'");
    pos[td] = static_cast<int>(at - t.codes[td].begin());
  }
  for (std::size_t td = 0; td < pos.size(); ++td)
    if (pos[td] < 0) {
      const std::string& dim_id = s.dimensions[static_cast<std::size_t>(t.dims[td])].id();
      bad(where, spec, "次元「" + dim_id + "」のコードがありません", "no code for dimension '" + dim_id + "'");
    }
  return ForcedCell{ti, t.flat_index(pos), keep, (keep ? "keep " : "suppress ") + spec};
}

}  // namespace

std::vector<ForcedCell> resolve_forced_cells(const Submission& s, const ProtectOptions& options) {
  std::vector<ForcedCell> out;
  const ProtectSettings& ps = s.protect;
  for (std::size_t i = 0; i < ps.keep.size(); ++i)
    out.push_back(parse(s, ps.keep[i], i < ps.keep_pos.size() ? ps.keep_pos[i] : SourcePos{s.manifest_path, 0, "keep"}, true));
  for (std::size_t i = 0; i < ps.suppress.size(); ++i)
    out.push_back(parse(s, ps.suppress[i],
                        i < ps.suppress_pos.size() ? ps.suppress_pos[i] : SourcePos{s.manifest_path, 0, "suppress"}, false));
  for (const auto& k : options.keep) out.push_back(parse(s, k, SourcePos{"--keep", 0, k}, true));
  for (const auto& k : options.suppress) out.push_back(parse(s, k, SourcePos{"--suppress", 0, k}, false));
  return out;
}

}  // namespace hitoku::protection
