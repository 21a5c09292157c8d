#include <map>

#include "hitoku/report/progress.h"

namespace hitoku {

ProgressWords progress_words(const std::string& stage) {
  static const std::map<std::string, ProgressWords> words = {
      {"load", {"提出物の読み込み", "reading the submission", false}},
      {"records", {"登録データの集計", "tabulating the registry extract", false}},
      {"rules", {"規則①〜⑤の確認", "checking rules ①–⑤", false}},
      {"audit", {"差分監査（規則④⑤）", "differencing audit (rules ④⑤)", false}},
      {"audit: partition blocks", {"差分監査：ブロック", "differencing audit: blocks", false}},
      {"audit: grown blocks", {"差分監査：拡大ブロック", "differencing audit: grown blocks", false}},
      {"audit: around blocks", {"差分監査：周辺ブロック", "differencing audit: blocks around cells", false}},
      {"audit: sibling block", {"差分監査：兄弟ブロック", "differencing audit: sibling block", false}},
      {"audit: union block", {"差分監査：合併ブロック", "differencing audit: union block", false}},
      {"audit: blocks done", {"差分監査：ブロック完了", "differencing audit: blocks done", false}},
      {"protect", {"二次秘匿の探索", "searching the secondary suppression", true}},
      {"protect final audit", {"二次秘匿の最終監査", "final audit of the pattern", true}},
      {"pdf", {"PDF の作成", "printing the PDF", false}},
  };
  auto it = words.find(stage);
  if (it != words.end()) return it->second;
  // Stages of the audit's solver ("audit: …") keep their id after the audit's words.
  if (stage.rfind("audit: ", 0) == 0) return {"差分監査：" + stage.substr(7), "differencing audit: " + stage.substr(7), false};
  return {stage, stage, false};
}

}  // namespace hitoku
