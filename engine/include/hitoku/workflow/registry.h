#pragma once
// The committee's registry of approved publications (`hitoku registry …`, `hitoku check --registry`):
// adding a verified submission, listing and showing entries, the integrity check, and taking the
// registered publications as attacker knowledge for rule ⑤. The store itself is hitoku/publications.h.
#include <string>
#include <vector>

#include "hitoku/publications/publications.h"
#include "hitoku/report/report_format.h"
#include "hitoku/model/submission.h"

namespace hitoku::workflow {

// "2019" or "2016-2019" into {first, last}; throws InputError naming `option` otherwise.
std::pair<int, int> parse_data_years(const std::string& text, const std::string& option);
// Checks --since/--until (YYYY-MM-DD) and the data years; throws InputError naming the option.
void validate_filter(const publications::Filter& filter);

// Which registered publications a check takes as attacker knowledge.
struct RegistryKnowledge {
  std::string path;  // empty: none
  publications::Filter filter;
};

// validate_filter, and refuses a filter without a registry (InputError naming the option): the filter narrows
// the --registry only, never a cumulative batch's own registry, so alone it would do nothing.
void validate_registry_knowledge(const RegistryKnowledge& knowledge);

// Adds every registered publication that shares a variable with the submission (and passes the
// filter) as an earlier publication; the submission itself (its approval number with the same content) is left out (a re-check of
// an approved submission must not find itself). Returns how many were added.
std::size_t add_registry_knowledge(Submission& submission, const RegistryKnowledge& knowledge);

// The registered publications a check with this knowledge would take that `report`'s rule ⑤ did not meet
// (not among its registry_publications with the same content): a report made without --registry, before
// a later registration, or with a filter leaving one out.
std::vector<publications::Publication> publications_not_met(const Submission& submission, const Report& report,
                                                            const RegistryKnowledge& knowledge);

// The same publications a report names (Report::registry_publications), for a verify re-run.
// Throws InputError when the report names some and no registry is given.
void add_named_registry_publications(Submission& submission, const Report& claimed, const std::string& registry);

struct RegistryAdd {
  std::string registry, report_path;
  int first_year = 0, last_year = 0;  // data years of the submission (optional)
};

// Verifies the report against the submission (hitoku verify, with the registry when the report used
// it); refuses, with nothing written, a report that does not verify or whose verdict is not a pass;
// refuses too a report whose rule ⑤ did not take every publication of this registry that the submission
// links to (whose data years overlap the request's, when given): made without --registry, before a later
// registration, or with --since/--until leaving one out. Then stores the publication. Returns what was stored.
publications::PublicationMeta registry_add(const Submission& submission, const RegistryAdd& request);

// Plain-text renderings (Japanese first) for the CLI.
std::string render_publication_list(const std::vector<publications::PublicationMeta>& list);
std::string render_publication(const publications::Publication& p);
std::string render_integrity(const publications::IntegrityResult& r);

}  // namespace hitoku::workflow
