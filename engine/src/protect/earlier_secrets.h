#pragma once
// Rule ⑤ in protect (internal): an earlier publication's hidden counts are secrets this submission
// must not give away. As in the check (audit/differencing.cpp), earlier tables with suppressed cells
// are audited as planned tables, and a hidden count in the suppression range (or one nobody here
// knows) that a pattern exposes more than the earlier publications alone do is a failure to repair.
#include "hitoku/audit/audit.h"
#include "problem.h"

namespace hitoku::protection {

// How an audit exposes a cell: 3 recoverable, 2 narrower than the policy allows (`narrow`), 1 not
// proven, 0 safe (the order of the check's findings).
int failure_rank(const CellAudit& c, bool narrow);

// Sets p.earlier_secrets, and p.earlier_alone from one audit of the earlier tables alone.
void mark_earlier_secrets(Problem& p, const AuditOptions& options);

// Whether a table is an earlier publication whose hidden counts protect judges.
bool is_earlier_secret(const Problem& p, int table);

// Whether an earlier hidden cell that an audit exposes at `rank` is this submission's failure.
bool earlier_secret_fails(const Problem& p, const CellAudit& c, int rank);

}  // namespace hitoku::protection
