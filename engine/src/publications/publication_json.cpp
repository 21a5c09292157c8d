#include "publication_json.h"

#include "hitoku/model/error.h"

namespace hitoku::publications {

using nlohmann::json;

json codes_json(const std::vector<StoredCode>& codes) {
  json out = json::array();
  for (const auto& c : codes) out.push_back(json::array({c.code, c.label, c.parent}));
  return out;
}

json dimensions_json(const std::vector<StoredDimension>& dims) {
  json out = json::array();
  for (const auto& d : dims)
    out.push_back({{"id", d.id}, {"label", d.label}, {"variable", d.variable}, {"codes", codes_json(d.codes)}});
  return out;
}

json published_json(const std::vector<std::optional<long long>>& values) {
  json out = json::array();
  for (const auto& v : values) out.push_back(v ? json(*v) : json(nullptr));
  return out;
}

json tables_json(const std::vector<StoredTable>& tables) {
  json out = json::array();
  for (const auto& t : tables)
    out.push_back({{"id", t.id}, {"title", t.title}, {"dimensions", t.dims}, {"codes", t.codes},
                   {"published", published_json(t.published)}});
  return out;
}

namespace {

[[noreturn]] void malformed(const std::string& where, const std::string& what) {
  throw InputError({where, 0, "registry"}, "公表物レジストリの行が壊れています: " + what,
                   "a row of the publication registry is corrupt: " + what);
}

}  // namespace

std::vector<StoredCode> codes_from(const std::string& text, const std::string& where) {
  try {
    std::vector<StoredCode> out;
    for (const auto& c : json::parse(text)) out.push_back({c.at(0).get<std::string>(), c.at(1).get<std::string>(), c.at(2).get<std::string>()});
    return out;
  } catch (const json::exception& e) {
    malformed(where, e.what());
  }
}

StoredTable table_from(const std::string& id, const std::string& title, const std::string& dims,
                       const std::string& codes, const std::string& published, const std::string& where) {
  StoredTable t{id, title, {}, {}, {}};
  try {
    t.dims = json::parse(dims).get<std::vector<std::string>>();
    t.codes = json::parse(codes).get<std::vector<std::vector<std::string>>>();
    for (const auto& v : json::parse(published))
      t.published.push_back(v.is_null() ? std::nullopt : std::optional<long long>(v.get<long long>()));
  } catch (const json::exception& e) {
    malformed(where + " " + id, e.what());
  }
  std::size_t cells = 1;
  for (const auto& c : t.codes) cells *= c.size();
  if (t.codes.size() != t.dims.size() || t.published.size() != cells)
    malformed(where + " " + id, "table '" + id + "': cell count does not match its dimensions");
  return t;
}

}  // namespace hitoku::publications
