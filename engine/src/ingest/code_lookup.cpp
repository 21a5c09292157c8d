#include "code_lookup.h"

namespace hitoku::ingest {

CodeMatch lookup_code(const Dimension& dim, const std::string& text, const SourcePos& where) {
  int i = dim.find(text);
  if (i >= 0) return {i, false};
  i = dim.find_label(text);
  if (i >= 0) return {i, true};
  if (i == -2) {
    std::string codes;
    for (int k = 0; k < dim.size(); ++k)
      if (dim.code_label(k) == text) codes += (codes.empty() ? "" : ", ") + dim.code(k);
    throw InputError(where,
                     "「" + text + "」は" + dim.label() + "（" + dim.id() + "）の複数のコード (" + codes +
                         ") の名称です。コードで書いてください",
                     "'" + text + "' is the label of several codes of dimension '" + dim.id() + "' (" + codes +
                         "); write the code instead");
  }
  throw InputError(where,
                   "「" + text + "」は" + dim.label() + "（" + dim.id() + "）のコードにも名称にもありません",
                   "'" + text + "' is neither a code nor a label of dimension '" + dim.id() + "'");
}

}  // namespace hitoku::ingest
