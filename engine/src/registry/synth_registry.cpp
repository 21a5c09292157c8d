// Synthetic Hyogo-shaped registry extracts. Every distribution is sampled by hand from uniform
// 64-bit integers so that one seed gives the same file with any standard library.
#include "hitoku/registry/synth_registry.h"

#include <algorithm>
#include <array>
#include <map>
#include <random>
#include <vector>

#include "hitoku/registry/extract.h"
#include "hitoku/geography/geography.h"
#include "hitoku/ingest/text_encoding.h"

namespace hitoku {
namespace {

class Sampler {
 public:
  explicit Sampler(std::uint64_t seed) : rng_(seed) {}
  double uniform() { return static_cast<double>(rng_() >> 11) * 0x1.0p-53; }  // [0, 1)
  bool chance(double p) { return uniform() < p; }
  int below(int n) { return static_cast<int>(uniform() * n); }
  int between(int lo, int hi) { return lo + below(hi - lo + 1); }  // inclusive
  // Index drawn in proportion to weights (cumulative sums given).
  std::size_t pick(const std::vector<double>& cumulative) {
    double u = uniform() * cumulative.back();
    return static_cast<std::size_t>(std::upper_bound(cumulative.begin(), cumulative.end(), u) - cumulative.begin());
  }

 private:
  std::mt19937_64 rng_;
};

std::vector<double> cumulate(const std::vector<double>& w) {
  std::vector<double> c(w.size());
  double s = 0;
  for (std::size_t i = 0; i < w.size(); ++i) c[i] = s += w[i];
  return c;
}

// Approximate populations in thousands (about 2020; Kobe by ward). Approximate on purpose:
// only the shape (big cities to small towns) matters for synthetic data.
const std::map<std::string, double> kPopulation = {
    {"28101", 213}, {"28102", 136}, {"28105", 107}, {"28106", 94},  {"28107", 157}, {"28108", 215},
    {"28109", 211}, {"28110", 142}, {"28111", 238}, {"28201", 530}, {"28202", 460}, {"28203", 304},
    {"28204", 485}, {"28205", 42},  {"28206", 94},  {"28207", 198}, {"28208", 28},  {"28209", 78},
    {"28210", 260}, {"28212", 45},  {"28213", 39},  {"28214", 226}, {"28215", 75},  {"28216", 88},
    {"28217", 152}, {"28218", 48},  {"28219", 109}, {"28220", 42},  {"28221", 40},  {"28222", 22},
    {"28223", 62},  {"28224", 45},  {"28225", 29},  {"28226", 43},  {"28227", 35},  {"28228", 40},
    {"28229", 74},  {"28301", 30},  {"28365", 20},  {"28381", 31},  {"28382", 34},  {"28442", 11},
    {"28443", 19},  {"28446", 11},  {"28464", 33},  {"28481", 14},  {"28501", 16},  {"28585", 16},
    {"28586", 13}};

struct Site {
  const char* name;      // 診断名 (和名)
  const char* icd3[4];   // ICD-10 three-character codes to draw from
  bool four_digit;       // whether a fourth digit is written
  double male, female;   // share of tumours (percent) by sex
  int young;             // 0: usual age pattern, 1: younger (breast, cervix, thyroid), 2: children too
  int lateral;           // 1 when the organ is paired
};

// Shares roughly follow Japan's national incidence by site and sex.
const std::vector<Site> kSites = {
    {"口腔・咽頭", {"C01", "C02", "C06", "C10"}, true, 2.5, 1.2, 0, 0},
    {"食道", {"C15", "C15", "C15", "C15"}, true, 4.0, 1.0, 0, 0},
    {"胃", {"C16", "C16", "C16", "C16"}, true, 15.0, 9.0, 0, 0},
    {"結腸", {"C18", "C18", "C18", "C18"}, true, 10.0, 11.5, 0, 0},
    {"直腸", {"C20", "C20", "C19", "C20"}, false, 5.5, 4.0, 0, 0},
    {"肝", {"C22", "C22", "C22", "C22"}, true, 4.0, 2.5, 0, 0},
    {"胆のう・胆管", {"C23", "C24", "C24", "C24"}, true, 2.5, 2.5, 0, 0},
    {"膵臓", {"C25", "C25", "C25", "C25"}, true, 4.0, 5.0, 0, 0},
    {"喉頭", {"C32", "C32", "C32", "C32"}, true, 0.8, 0.1, 0, 0},
    {"肺", {"C34", "C34", "C34", "C33"}, true, 15.0, 10.0, 0, 1},
    {"皮膚", {"C44", "C44", "C43", "C44"}, true, 1.5, 2.0, 0, 0},
    {"乳房", {"C50", "C50", "C50", "C50"}, true, 0.1, 22.0, 1, 1},
    {"子宮頸部", {"C53", "C53", "C53", "C53"}, true, 0.0, 2.5, 1, 0},
    {"子宮体部", {"C54", "C54", "C54", "C54"}, true, 0.0, 4.5, 1, 0},
    {"卵巣", {"C56", "C56", "C56", "C56"}, false, 0.0, 2.5, 1, 1},
    {"前立腺", {"C61", "C61", "C61", "C61"}, false, 16.0, 0.0, 0, 0},
    {"膀胱", {"C67", "C67", "C67", "C67"}, true, 3.0, 1.0, 0, 0},
    {"腎・尿路", {"C64", "C65", "C66", "C64"}, false, 3.0, 2.0, 0, 1},
    {"脳・中枢神経系", {"C71", "C71", "C70", "C72"}, true, 0.5, 0.5, 2, 0},
    {"甲状腺", {"C73", "C73", "C73", "C73"}, false, 0.5, 2.5, 1, 0},
    {"悪性リンパ腫", {"C83", "C85", "C82", "C81"}, true, 2.5, 2.5, 0, 0},
    {"多発性骨髄腫", {"C90", "C90", "C90", "C88"}, true, 0.8, 0.8, 0, 0},
    {"白血病", {"C92", "C91", "C92", "C95"}, true, 1.5, 1.5, 2, 0},
    {"その他", {"C17", "C80", "C49", "C21"}, true, 6.0, 5.0, 0, 0},
};

// Relative incidence by 5-year age group 0-4 ... 95-99, 100+ (Japan, all sites).
const std::vector<double> kAgeUsual = {0.1, 0.05, 0.05, 0.1, 0.15, 0.3, 0.6, 1.0, 1.8, 2.8, 3.8,
                                       5.2, 7.5, 12,   15,  15,  14,  11,  5.5, 1.5, 0.2};
const std::vector<double> kAgeYoung = {0.0, 0.0, 0.05, 0.1, 0.4, 1.2, 2.5, 4.5, 7.5, 9.0, 9.5,
                                       9.0, 9.0, 9.5, 9.0, 7.5, 5.5, 4.0, 2.0, 0.5, 0.1};
const std::vector<double> kAgeChild = {3.0, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 2.0, 2.5, 3.0,
                                       4.0, 5.5, 8.0, 9.5, 9.5, 9.0, 7.5, 4.0, 1.0, 0.1};

struct Hospital {
  std::string code, municipality, area;
  double weight;
};

std::string pad(long long v, int width) {
  std::string s = std::to_string(v);
  if (static_cast<int>(s.size()) < width) s.insert(0, static_cast<std::size_t>(width - static_cast<int>(s.size())), '0');
  return s;
}

// Where patients live and where they are treated.
struct SynthWorld {
  std::map<std::string, std::string> area_of, area_no;  // municipality → medical area; area → its number
  std::vector<std::string> munis;
  std::vector<double> muni_cum;
  std::vector<Hospital> hospitals;
  std::map<std::string, std::vector<double>> local_cum, area_cum;
  std::map<std::string, std::vector<std::size_t>> local_idx, area_idx;
  std::vector<double> all_cum;

  SynthWorld(const SynthOptions& options);
  // Hospitals: near the patient first, then the medical area, then the big designated ones.
  const Hospital& pick_hospital(const std::string& muni, Sampler& rng) {
    double u = rng.uniform();
    const std::string& area = area_of[muni];
    if (u < 0.55 && local_idx.count(muni)) return hospitals[local_idx[muni][rng.pick(local_cum[muni])]];
    if (u < 0.85 && area_idx.count(area)) return hospitals[area_idx[area][rng.pick(area_cum[area])]];
    return hospitals[rng.pick(all_cum)];
  }
};

SynthWorld::SynthWorld(const SynthOptions& options) {
  // Municipalities (Kobe by ward) with their medical areas.
  std::vector<ReferenceMunicipality> ref = load_reference_municipalities(options.reference);
  for (const auto& m : ref) {
    area_of[m.code] = m.medical_area;
    if (!area_no.count(m.medical_area)) area_no[m.medical_area] = pad(static_cast<long long>(area_no.size()) + 1, 2);
  }
  for (const auto& m : ref)
    if (!m.parent.empty()) area_of[m.code] = area_of[m.parent];
  std::vector<double> weights;
  for (const auto& m : ref) {
    auto it = kPopulation.find(m.code);
    if (it == kPopulation.end()) continue;  // Kobe itself: its wards carry the population
    munis.push_back(m.code);
    weights.push_back(it->second);
  }
  muni_cum = cumulate(weights);

  std::vector<HospitalRecord> list = load_hospital_csv(options.hospitals);
  for (const auto& h : list) {
    auto flag = [&](const char* k) { auto it = h.attributes.find(k); return it != h.attributes.end() && it->second; };
    if (h.attributes.count("reports_registry") && !flag("reports_registry")) continue;
    double w = 1.0 + (flag("designated") ? 6.0 : 0.0) + (flag("surgery") ? 1.0 : 0.0);
    hospitals.push_back({h.code, h.municipality, area_of[h.municipality], w});
  }
  std::vector<double> all_w;
  for (std::size_t i = 0; i < hospitals.size(); ++i) {
    local_idx[hospitals[i].municipality].push_back(i);
    area_idx[hospitals[i].area].push_back(i);
    all_w.push_back(hospitals[i].weight * hospitals[i].weight);  // big hospitals draw from afar
  }
  auto cum_of = [&](const std::vector<std::size_t>& idx) {
    std::vector<double> w;
    for (auto i : idx) w.push_back(hospitals[i].weight);
    return cumulate(w);
  };
  for (const auto& [k, idx] : local_idx) local_cum[k] = cum_of(idx);
  for (const auto& [k, idx] : area_idx) area_cum[k] = cum_of(idx);
  all_cum = cumulate(all_w);
}

// The diagnosis and treatment fields of a tumour not known from a death certificate only.
// `muni` is where the patient lives; an unknown residence draws the hospitals' town at random (after
// the fields above, so the draws keep their order).
void fill_treatment(std::array<std::string, 74>& v, Sampler& rng, SynthWorld& world, const std::string& muni,
                    bool residence_unknown) {
  static const char* kExtent[] = {"400", "410", "410", "420", "430", "440", "440", "499"};
  static const char* kFound[] = {"1", "3", "8", "8", "9"};
  v[25] = kFound[rng.below(5)];
  v[26] = kExtent[rng.below(8)];
  v[27] = rng.chance(0.4) ? "660" : kExtent[rng.below(8)];
  v[28] = kExtent[rng.below(8)];
  const bool surgery = rng.chance(0.55);
  v[29] = surgery ? "1" : "2";
  v[30] = rng.chance(0.15) ? "1" : "2";
  v[31] = rng.chance(0.15) ? "1" : "2";
  v[32] = surgery ? "1" : "6";
  v[33] = rng.chance(0.2) ? "1" : "2";
  v[34] = rng.chance(0.35) ? "1" : "2";
  v[35] = rng.chance(0.08) ? "1" : "2";
  v[36] = rng.chance(0.05) ? "1" : rng.chance(0.02) ? "9" : "2";
  const std::string& home = residence_unknown ? world.munis[rng.pick(world.muni_cum)] : muni;
  const Hospital& first = world.pick_hospital(home, rng);
  const Hospital& diag = rng.chance(0.8) ? first : world.pick_hospital(home, rng);
  auto put = [&](int at, const Hospital& h) {
    v[static_cast<std::size_t>(at)] = h.code;
    v[static_cast<std::size_t>(at + 1)] = "28";
    v[static_cast<std::size_t>(at + 2)] = pad(1 + rng.below(17), 2);
    v[static_cast<std::size_t>(at + 3)] = pad(1 + rng.below(8), 2);
    v[static_cast<std::size_t>(at + 4)] = h.municipality + "000000";
  };
  put(37, first);
  put(42, diag);
  if (surgery) put(47, diag);
  if (v[33] == "1") put(52, diag);
  if (v[34] == "1") put(57, diag);
}

}  // namespace

SynthSummary write_synthetic_extract(const SynthOptions& options, std::ostream& out) {
  Sampler rng(options.seed);
  SynthWorld world(options);
  auto& area_of = world.area_of;
  auto& area_no = world.area_no;
  const auto& munis = world.munis;
  const auto& muni_cum = world.muni_cum;

  std::vector<double> male_w, female_w;
  for (const auto& s : kSites) {
    male_w.push_back(s.male);
    female_w.push_back(s.female);
  }
  const auto male_cum = cumulate(male_w), female_cum = cumulate(female_w);
  const auto age_usual = cumulate(kAgeUsual), age_young = cumulate(kAgeYoung), age_child = cumulate(kAgeChild);

  const long long target = options.records > 0 ? options.records : options.tumours_per_year * options.years;
  std::string header;
  for (const auto& f : extract_fields()) {
    if (!header.empty()) header += ',';
    header += f.header;
  }
  header += "\r\n";
  std::string block;
  auto flush = [&](bool force) {
    if (!force && block.size() < (1 << 20)) return;
    out << (options.cp932 ? encode_text(block, TextEncoding::Cp932) : block);
    block.clear();
  };
  block += header;
  SynthSummary summary;
  long long row = 0, patient = 0;
  std::array<std::string, 74> v;
  while (row < target) {
    ++patient;
    const bool male = rng.chance(0.57);
    const std::string muni = munis[rng.pick(muni_cum)];
    const int birth_offset = rng.below(365);
    // Several cancers now and then: about 5% of patients have two, a few have three.
    int tumours = rng.chance(0.05) ? (rng.chance(0.1) ? 3 : 2) : 1;
    int year = options.first_year + rng.below(options.years);
    int first_age = -1;
    for (int k = 0; k < tumours && row < target; ++k) {
      ++row;
      if (k > 0) year = std::min(options.first_year + options.years - 1, year + rng.below(3));
      const Site& site = kSites[rng.pick(male ? male_cum : female_cum)];
      int age;
      if (first_age >= 0) {
        age = std::min(120, first_age + rng.below(3));
      } else {
        const auto& cum = site.young == 1 ? age_young : site.young == 2 ? age_child : age_usual;
        std::size_t g = rng.pick(cum);
        age = std::min(120, static_cast<int>(g) * 5 + rng.below(5));
        first_age = age;
      }
      const bool dco = rng.chance(0.02);         // death certificate only: no hospital, little detail
      const bool age_unknown = rng.chance(0.003);
      const bool residence_unknown = rng.chance(0.004);
      const bool stats = !rng.chance(0.03);      // 統計対象区分 2 for about 3%
      const std::string icd3 = site.icd3[rng.below(4)];
      const bool unknown_primary = icd3 == "C80";
      std::string icd = icd3 + (site.four_digit && !unknown_primary ? std::to_string(rng.below(10)) : "");
      if (icd3 == "C80") icd = "C809";
      const int month = 1 + rng.below(12), day = 1 + rng.below(28);
      const std::string date = std::to_string(year) + pad(month, 2) + pad(day, 2);

      for (auto& s : v) s.clear();
      v[0] = std::to_string(row);
      v[1] = std::to_string(patient);
      v[2] = tumours == 1 ? "0" : std::to_string(k + 1);
      v[3] = rng.chance(0.0005) ? "0" : male ? "1" : "2";
      v[4] = age_unknown ? "999" : std::to_string(age);
      v[5] = age_unknown ? "9999" : std::to_string(age * 12 + (age < 120 ? birth_offset % 12 : 0));
      v[6] = residence_unknown ? "99" : "28";
      if (!residence_unknown) {
        v[7] = pad(1 + rng.below(17), 2);
        v[8] = area_no[area_of[muni]];
        v[9] = muni;
        v[10] = muni + pad(rng.below(1000), 3) + pad(rng.below(1000), 3);
      }
      v[11] = site.lateral ? (rng.chance(0.02) ? "9" : rng.chance(0.5) ? "1" : "2") : "7";
      v[12] = icd3 + (icd.size() > 3 ? icd.substr(3) : "9");
      v[13] = site.name;
      const bool lymph = std::string(site.name) == "悪性リンパ腫";
      v[14] = lymph ? "9680" : std::string(site.name) == "白血病" ? "9861" : rng.chance(0.7) ? "8140" : "8070";
      v[15] = "3";
      v[16] = lymph ? "6" : std::to_string(rng.chance(0.3) ? 9 : 1 + rng.below(4));
      v[17] = lymph ? "びまん性大細胞型B細胞性リンパ腫" : v[14] == "8140" ? "腺癌" : v[14] == "8070" ? "扁平上皮癌" : "急性骨髄性白血病";
      v[18] = icd;
      v[19] = std::string(site.name) + "の悪性新生物";
      v[22] = dco ? "0" : std::to_string(rng.chance(0.85) ? 1 : 3 + rng.below(4));
      v[23] = date;
      v[24] = dco ? "4" : "0";
      if (!dco) fill_treatment(v, rng, world, muni, residence_unknown);
      const bool dead = dco || rng.chance(0.35);
      v[62] = dead ? icd : "";
      v[63] = dead ? v[19] : "";
      v[64] = dead ? "1" : "0";
      v[65] = dead ? "D" : "V";
      v[66] = dco ? "0" : std::to_string(rng.below(3650));
      v[67] = dco ? "1" : "2";
      v[68] = dco ? "1" : "2";
      v[69] = dco ? "1" : "2";
      v[70] = dco ? "" : rng.chance(0.9) ? "1" : "3";
      v[71] = dco ? "" : rng.chance(0.9) ? "1" : "2";
      v[72] = stats ? "1" : "2";
      v[73] = stats ? (k == 0 ? "1" : "2") : "0";
      for (std::size_t i = 0; i < v.size(); ++i) {
        if (i) block += ',';
        block += v[i];
      }
      block += "\r\n";
      flush(false);
    }
  }
  flush(true);
  summary.records = row;
  summary.patients = patient;
  return summary;
}

}  // namespace hitoku
