#pragma once
// The JSON columns of the registry (codes of a dimension; a table's dimensions, codes and published
// values) and their reading, which checks the shape (a hand-edited row is an InputError).
#include <nlohmann/json.hpp>

#include "hitoku/publications/publications.h"

namespace hitoku::publications {

nlohmann::json codes_json(const std::vector<StoredCode>& codes);
nlohmann::json dimensions_json(const std::vector<StoredDimension>& dims);
nlohmann::json tables_json(const std::vector<StoredTable>& tables);
nlohmann::json published_json(const std::vector<std::optional<long long>>& values);

// `where` names the registry and the publication in errors.
std::vector<StoredCode> codes_from(const std::string& text, const std::string& where);
// `derived`: the table's RegisteredRange list ("[]" in a registry written before session 22).
StoredTable table_from(const std::string& id, const std::string& title, const std::string& dims,
                       const std::string& codes, const std::string& published, const std::string& derived,
                       const std::string& where);
nlohmann::json derived_json(const std::vector<RegisteredRange>& ranges);

}  // namespace hitoku::publications
