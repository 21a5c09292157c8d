#pragma once
// Counts no table shows: a code left out of a table with `codes:` (or a group of codes no table tells
// apart; earlier publications' tables too) is still a count of people, and a small one given away by subtraction is rule
// ②'s "in combination" (T = 120 shown with A1 = 60 and A2 = 55 gives A3 = 5). See docs/audit.md.
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "hitoku/audit/inner_space.h"
#include "hitoku/model/submission.h"

namespace hitoku {

struct HiddenCell {
  int table = -1;                           // the table it belongs to (planned, or an earlier publication)
  std::map<std::string, std::string> cell;  // dimension id -> code (codes never told apart joined by '+')
  std::string label;                        // as findings print it
};

struct HiddenForm {
  HiddenCell cell;
  std::vector<std::int32_t> support;  // inner cells, ascending
};

struct HiddenForms {
  std::vector<HiddenForm> forms;
  bool over_limit = false;  // more than `limit` of them: none are returned, the scan says so
  // The planned tables' forms fit the limit but the earlier publications' did not: those are left
  // out (the planned ones are all returned), and the scan says so.
  bool earlier_dropped = false;
};

// For each planned table that leaves codes out, every cell of the table it would have if every code
// of its dimensions were shown (each code whose leaves are whole atoms of the inner space, and each
// atom that is no code), except the cells it shows. At most `limit` in all.
HiddenForms hidden_forms(const Submission& s, const InnerSpace& space, std::size_t limit);

// The cells of the cross-classification of every variable the tables use (the inner cells) that no
// table has, when there are at most `limit` inner cells and no planned table has them all: a count the
// tables' margins give together (A×B, A×C and B×C with a published 0 fix a1×b1×c1) is a count no
// table shows too. Named under the first planned table.
std::vector<HiddenForm> joint_forms(const Submission& s, const InnerSpace& space, std::size_t limit);

}  // namespace hitoku
