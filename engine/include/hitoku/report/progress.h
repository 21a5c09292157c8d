#pragma once
// Progress of long work (the audit, protect's rounds, building tables from an extract, loading): the
// engine calls a ProgressCallback with a stage id and how far it got; front ends render it (the CLI
// draws a bar on a terminal, cli/progress_bar.h). The words for each stage live here, with the engine,
// so every front end names a stage alike, in Japanese and English.
#include <functional>
#include <string>

namespace hitoku {

// (stage id, done, total). For a counted stage total > 0 and done runs up to it; a stage whose total
// is not known ahead passes total <= 0 (see ProgressWords::counts_rounds for protect's rounds).
using ProgressCallback = std::function<void(const std::string& stage, long long done, long long total)>;

struct ProgressWords {
  std::string ja, en;
  // protect's repair rounds: `done` is the round and `total` the problems still open, not a fraction.
  bool counts_rounds = false;
};

// The words of a stage id the engine reports ("audit", "protect", "rules", "records" …); an id it
// does not know is shown as it is.
ProgressWords progress_words(const std::string& stage);

}  // namespace hitoku
