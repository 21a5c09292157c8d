#pragma once
// The committee's registry of approved publications (登録済み公表物): one SQLite file holding, for each
// approved submission, its metadata, its tables with their dimensions and groupings, and the published
// values only. The true value of a suppressed cell is never stored (a suppressed cell has no value at
// all). Not to be confused with registry/ (the cancer-registry extract).
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "hitoku/report/report.h"
#include "hitoku/model/submission.h"

namespace hitoku::publications {

// The schema this hitoku reads and writes; a file of another version is refused (docs/formats.md §6).
inline constexpr int kSchemaVersion = 1;
inline constexpr const char* kFormatName = "hitoku-publications";

struct StoredCode {
  std::string code, label, parent;  // parent empty: the root total
};

struct StoredDimension {
  std::string id, label, variable;  // variable empty when the submission declared none
  std::vector<StoredCode> codes;    // as declared (no refinement codes: linking adds them again)
};

struct StoredTable {
  std::string id, title;
  std::vector<std::string> dims;                 // dimension ids, in table order
  std::vector<std::vector<std::string>> codes;   // per dimension, the codes shown
  std::vector<std::optional<long long>> published;  // row-major; nullopt for a suppressed cell
  std::vector<RegisteredRange> derived;  // what its derived values tell about its suppressed cells
};

struct PublicationMeta {
  std::string approval_number, approval_date;     // 応諾通知: the registry's key, and its date
  std::string title, venue, publication_date;     // 公表物の題名・公表先・公表時期
  int first_year = 0, last_year = 0;              // data years (診断年); 0 when not recorded
  std::string report_sha256;                      // of the report file that was verified
  std::string policy_id, policy_version, policy_sha256;
  std::string added_at;                           // UTC time of `registry add`
  std::string content_sha256;                     // of the stored dimensions and tables (integrity)
  long long tables = 0, cells = 0;
};

struct Publication {
  PublicationMeta meta;
  std::vector<StoredDimension> dimensions;
  std::vector<StoredTable> tables;
};

// Which publications a check takes as attacker knowledge (besides sharing a variable).
struct Filter {
  std::string since, until;  // approval dates, inclusive (YYYY-MM-DD); empty: open
  int first_year = 0, last_year = 0;  // data years overlapping this range; 0: any. A publication with
                                      // no recorded data years is kept (it may hold the same data).
  std::vector<std::string> exclude;   // approval numbers left out (the submission itself on a re-check)
};

// The published content of a checked submission (its planned tables and the earlier publications its
// manifest declares, never those taken from a registry), with the metadata of its report. Throws InputError when the submission has no approval number.
Publication publication_from_submission(const Submission& submission, const Report& report,
                                        const std::string& report_sha256);
// The SHA-256 of a publication's dimensions and tables in canonical JSON.
std::string content_digest(const Publication& p);

// The variables a dimension stands for in the registry: its `variable`, else its id.
std::string variable_key(const std::string& id, const std::string& variable);

// Every operation opens the file, checks it is a registry of this schema version (else InputError,
// exit 2, nothing written) and closes it. Writers use one IMMEDIATE transaction each, so concurrent
// writers queue (busy timeout) and the file stays consistent.
void init_registry(const std::string& path);  // refuses an existing file
void add_publication(const std::string& path, const Publication& p);  // refuses a duplicate approval number
void remove_publication(const std::string& path, const std::string& approval_number);
std::vector<PublicationMeta> list_publications(const std::string& path);
Publication show_publication(const std::string& path, const std::string& approval_number);
// Publications with a dimension whose variable (else id), or whose id, is one of `variables`, passing the
// filter, ordered by approval date and number.
// Also those with a dimension whose finest codes and their labels equal one of `code_lists` (a variable
// declared under another id and no `variable:`, e.g. `shicho` beside `area`): the check then links or
// warns about them as it does within one manifest (rules/undeclared_variables.h).
using CodeList = std::vector<std::pair<std::string, std::string>>;  // (code, label) of the finest codes, sorted
std::vector<Publication> publications_sharing(const std::string& path, const std::vector<std::string>& variables,
                                              const Filter& filter, const std::vector<CodeList>& code_lists = {});
// Named publications (a verify re-run); missing ones are an InputError.
std::vector<Publication> publications_named(const std::string& path, const std::vector<std::string>& approval_numbers);

struct IntegrityResult {
  bool ok = true;
  long long publications = 0, tables = 0, cells = 0;
  std::vector<std::string> problems;  // SQLite's integrity_check lines, foreign keys, digests that differ
};
IntegrityResult check_integrity(const std::string& path);

// Adds the publications to the submission as earlier publications (rule ⑤): each dimension joins the
// submission's dimension of the same id when identical, else is added as a grouping of the variable it
// shares (model/groupings.h) or as a dimension of its own; then the tables are linked and checked
// against the submission's (a contradiction names the publication; InputError). Records each
// publication in Submission::registry_publications.
void add_as_earlier_publications(Submission& submission, const std::vector<Publication>& publications,
                                 const std::string& registry_path);

}  // namespace hitoku::publications
