#pragma once
// Loads a submission: reads its manifest (YAML) and every table file it names.
#include <string>

#include "hitoku/ingest/table_format.h"
#include "hitoku/model/submission.h"

namespace hitoku {

// Parses, decodes (UTF-8 / UTF-8 BOM / CP932), validates and hashes. Throws InputError
// naming file, line and field for any problem. Never modifies the inputs. With `layout`, also how each
// table looked on disk (layout, encoding, headers, markers), which the writers need to write it back.
Submission load_submission(const std::string& manifest_path, SubmissionLayout* layout = nullptr);

}  // namespace hitoku
