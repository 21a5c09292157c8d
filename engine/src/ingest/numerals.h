#pragma once
// Numbers a reader reads in printed text, in any script: notes beside a table (ignore_columns) and the
// rows above its header are read by no audit, so a number there must be seen by someone.
#include <string>

namespace hitoku {

// A digit of any form anywhere ("5件", "(5)", "n=5", "16.7 %", "③", "Ⅲ", "²", other scripts' digits), or
// kanji numerals that stand alone or count something ("三", "二十七件", "十二例"; "一部" is a word).
bool looks_numeric(const std::string& text);

// A number that counts or shares something: followed by 件, 例, 人, 名, 症, %, ％, 割 or an English count word
// ("5例", "三件", "12 %", "200 patients"), after n= or a word ending in 数 ("n = 5", "Ｎ＝５", "患者数：200",
// "症例数 200"), or in a fraction ("3/200"). A year ("2018年") or a table number ("表1") is not one.
bool looks_like_count(const std::string& text);

}  // namespace hitoku
