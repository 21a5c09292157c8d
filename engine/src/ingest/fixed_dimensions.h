#pragma once
// Fixed dimensions (manifest `fixed: {site: C25}`) are part of the table but have no column in its
// file: the file is read as if the table lacked them, then every cell gets their one code back.
#include "table_reader.h"

namespace hitoku::ingest {

// The spec as the file looks: fixed dimensions (and their headers and listed codes) left out.
TableSpec without_fixed(const TableSpec& spec);
// Puts the fixed dimensions back into content read with without_fixed(spec): keys, headers, labels.
void restore_fixed(const TableSpec& spec, TableFileContent& content);

}  // namespace hitoku::ingest
