#include "hitoku/ingest/table_format.h"

namespace hitoku {

const char* to_string(TableLayout layout) { return layout == TableLayout::Long ? "long" : "wide"; }

}  // namespace hitoku
