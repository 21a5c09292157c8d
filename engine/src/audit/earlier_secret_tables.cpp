// Rule ⑤'s earlier secrets: which earlier tables hide counts, and the submissions that audit them.
#include <algorithm>

#include "hitoku/audit/audit.h"

namespace hitoku {

std::vector<char> earlier_secret_tables(const Submission& s) {
  std::vector<char> secret(s.tables.size(), 0);
  bool any = false;
  for (std::size_t t = 0; t < s.tables.size(); ++t) {
    const Table& table = s.tables[t];
    secret[t] = table.earlier_publication &&
                std::any_of(table.status.begin(), table.status.end(), [](CellStatus c) { return is_suppressed(c); });
    any = any || secret[t];
  }
  if (!any) secret.clear();
  return secret;
}

Submission with_earlier_secrets(const Submission& s, const std::vector<char>& secret) {
  Submission out = s;
  for (std::size_t t = 0; t < secret.size(); ++t)
    if (secret[t]) out.tables[t].earlier_publication = false;
  return out;
}

Submission earlier_publications_alone(const Submission& s, const std::vector<char>& secret) {
  Submission out = s;
  out.tables.clear();
  for (std::size_t t = 0; t < s.tables.size(); ++t) {
    if (!s.tables[t].earlier_publication) continue;
    out.tables.push_back(s.tables[t]);
    out.tables.back().earlier_publication = t >= secret.size() || !secret[t];
  }
  return out;
}

}  // namespace hitoku
