#pragma once
// A code or label in a table file resolved to a dimension code: exact code first, then a unique label.
#include <string>

#include "hitoku/model/dimension.h"
#include "hitoku/model/error.h"

namespace hitoku::ingest {

struct CodeMatch {
  int index = -1;
  bool by_label = false;
};

// Throws InputError at `where` when the text is neither a code nor a label of the dimension, or when
// it is a label shared by several codes (naming them).
CodeMatch lookup_code(const Dimension& dim, const std::string& text, const SourcePos& where);

}  // namespace hitoku::ingest
