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

json derived_json(const std::vector<RegisteredRange>& ranges) {
  json out = json::array();
  for (const RegisteredRange& r : ranges) {
    json terms = json::array();
    for (const auto& [cell, coef] : r.terms) terms.push_back({cell, coef});
    out.push_back({{"cell", r.flat}, {"column", r.column}, {"terms", terms},
                   {"lower", r.has_lower ? json(r.lower) : json(nullptr)}, {"upper", r.has_upper ? json(r.upper) : json(nullptr)},
                   {"population", r.needs_population}, {"text_ja", r.text_ja}, {"text_en", r.text_en}});
    if (r.unaudited) out.back()["unaudited"] = true;  // absent otherwise: the digests of earlier entries hold
  }
  return out;
}

json tables_json(const std::vector<StoredTable>& tables) {
  json out = json::array();
  for (const auto& t : tables) {
    json row = {{"id", t.id}, {"title", t.title}, {"dimensions", t.dims}, {"codes", t.codes},
                {"published", published_json(t.published)}};
    if (!t.derived.empty()) row["derived"] = derived_json(t.derived);  // absent: the digests of older entries hold
    out.push_back(std::move(row));
  }
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
                       const std::string& codes, const std::string& published, const std::string& derived,
                       const std::string& where) {
  StoredTable t{id, title, {}, {}, {}, {}};
  try {
    t.dims = json::parse(dims).get<std::vector<std::string>>();
    t.codes = json::parse(codes).get<std::vector<std::vector<std::string>>>();
    for (const auto& v : json::parse(published))
      t.published.push_back(v.is_null() ? std::nullopt : std::optional<long long>(v.get<long long>()));
    for (const auto& r : json::parse(derived)) {
      RegisteredRange rr;
      rr.flat = r.at("cell").get<std::size_t>();
      rr.column = r.at("column").get<std::string>();
      for (const auto& term : r.at("terms")) rr.terms.emplace_back(term.at(0).get<std::size_t>(), term.at(1).get<std::int64_t>());
      if ((rr.has_lower = !r.at("lower").is_null())) rr.lower = r.at("lower").get<std::int64_t>();
      if ((rr.has_upper = !r.at("upper").is_null())) rr.upper = r.at("upper").get<std::int64_t>();
      rr.needs_population = r.at("population").get<bool>();
      rr.text_ja = r.at("text_ja").get<std::string>();
      rr.text_en = r.at("text_en").get<std::string>();
      rr.unaudited = r.contains("unaudited") && r.at("unaudited").get<bool>();
      t.derived.push_back(std::move(rr));
    }
  } catch (const json::exception& e) {
    malformed(where + " " + id, e.what());
  }
  std::size_t cells = 1;
  for (const auto& c : t.codes) cells *= c.size();
  if (t.codes.size() != t.dims.size() || t.published.size() != cells)
    malformed(where + " " + id, "table '" + id + "': cell count does not match its dimensions");
  for (const RegisteredRange& r : t.derived) {
    bool inside = r.flat < cells && !r.terms.empty();
    for (const auto& term : r.terms) inside = inside && term.first < cells && !t.published[term.first];
    if (!inside) malformed(where + " " + id, "table '" + id + "': a derived value's cells are not its suppressed cells");
  }
  return t;
}

}  // namespace hitoku::publications
