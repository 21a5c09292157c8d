#pragma once
// The reference files a plan names (municipality tables, land borders, hospital list): hashed
// into the submission's inputs, and turned into the geography and hospital data rule ③ reads.
#include <vector>

#include "hitoku/model/submission.h"
#include "hitoku/registry/table_plan.h"

namespace hitoku::registry {

// sub_dim: per plan dimension, its index in sub.dimensions (-1 when no table uses it).
void add_references(const TablePlan& plan, Submission& sub, const std::vector<int>& sub_dim);

}  // namespace hitoku::registry
