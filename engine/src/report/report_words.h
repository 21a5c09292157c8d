#pragma once
// The words a reviewer reads in the text and HTML reports: never an enum name of the JSON format
// (suppressed_by_user, true_values, not_checked …) in the Japanese report, English ones with --lang en.
#include <string>

#include "hitoku/report/report.h"

namespace hitoku::words {

const char* rule_mark(const std::string& rule);  // "1" → "①"
const char* state(RuleState s, bool ja);         // 適合 / 不適合 / 注意 / 未確認
const char* severity(Severity s, bool ja);       // 違反 / 注意 / 情報
// A cell status as the JSON spells it ("suppressed_primary", "merged" …) in words.
std::string cell_status(const std::string& status, bool ja);
// An input's role as the JSON spells it ("true_values", "dimension" …) in words.
std::string input_role(const std::string& role, bool ja);

// The verdict in words: 「判定：適合（公表可）」.
std::string verdict(const Report& r, bool ja);
// Rules not checked, e.g. "③ 未確認" (ja) or "③ not checked"; empty when every rule was checked.
std::string unchecked_rules(const Report& r, bool ja);

// Cell labels carry their table's full title ("表1 市町別…: 神戸市 × 男"). Inside a section about table
// `own_table` the title goes; other tables' titles become their id ("[t1] 神戸市 × 男").
std::string shorten_labels(std::string text, const Report& r, const std::string& own_table);

// A finding's certificate as a computation ("T − 神戸市 + 2×…", divisor not included), its labels
// shortened as above. Empty when the certificate names cells without a computation (a cell pinned at
// 0 lists the cells that pin it, each with coefficient 0: the reason already names them).
std::string certificate_terms(const Finding& f, const Report& r, const std::string& own_table);

}  // namespace hitoku::words
