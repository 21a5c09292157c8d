#pragma once
// Derived columns of planned tables (docs/table-plan.md, "derived"): read with the plan, then
// computed from the true counts once the table is built.
#include <yaml-cpp/yaml.h>

#include <functional>
#include <string>
#include <vector>

#include "hitoku/ingest/table_format.h"
#include "hitoku/model/submission.h"
#include "hitoku/registry/table_plan.h"

namespace hitoku::registry {

// Resolves a file the plan names (against the plan's folder, inside its allowed folders).
using PlanPath = std::function<std::string(const YAML::Node& node, const std::string& key)>;

// Reads a table's `derived` list: the manifest's keys and checks, and here the base and age
// dimensions among the table's `dimensions`, headers unique and not a dimension's id or label.
// Throws InputError naming the plan file, line and key.
std::vector<PlanDerived> read_plan_derived(const YAML::Node& list, const std::string& file, const PlanTable& table,
                                           const std::vector<PlanDimension>& dimensions, const PlanPath& path);

// Fills table.derived with the values computed from its true counts (population and standard files
// read and recorded in sub.inputs), and their headers into `format` (the table's layout). Throws
// InputError (a missing population, a population of 0, a base cell not in the table, no standard
// weight for a finest age).
void attach_plan_derived(const PlanTable& plan, Submission& sub, Table& table, TableFormat& format);

}  // namespace hitoku::registry
