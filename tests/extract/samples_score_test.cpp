// The four sample articles scored on the graph against their gold facts (the seed article
// from the shared evaluation data, three of our own in samples/news): each must stay above a
// floor a little under the figures reached (bench/extract/README.md), so that a change that
// loses recall or precision on news text fails here.
#include <gtest/gtest.h>

#include "../common/shared_data.h"

#include <filesystem>
#include <string>

#include "extract/extractor.h"
#include "carb_scorer.h"
#include "gold_scorer.h"
#include "graph_facts.h"

using namespace kg::extract;
using namespace kg::extract::eval;

namespace {

GoldScore score(const std::string& article, const std::string& gold, const std::string& aliases) {
  std::string text, g, a;
  EXPECT_TRUE(readFile(article, text) && readFile(gold, g) && readFile(aliases, a)) << article;
  Extractor ex;
  ExtractionResult r = ex.extract(text, "urn:doc:" + article);
  return scoreGold(parseGold(g), parseAliases(a), graphFacts(toQuads(r), text));
}

std::string news(const std::string& name) {
  return std::string(KG_SOURCE_DIR) + "/samples/news/" + name;
}

}  // namespace

TEST(SamplesScore, OurArticlesAboveTheirFloors) {
  struct Floor {
    const char* name;
    double f1;
  } floors[] = {{"trade-deal", 0.70}, {"plastic-pledge", 0.66}, {"copper-strike", 0.58}};
  for (const auto& f : floors) {
    std::string n = f.name;
    GoldScore s = score(news(n + ".txt"), news(n + ".gold.tsv"), news(n + ".aliases.tsv"));
    EXPECT_GE(s.f1, f.f1) << n << ": P " << s.precision << " R " << s.recall;
  }
}

TEST(SamplesScore, SeedArticleAndMicroAverageAboveTheirFloors) {
  std::string seed = std::string(KG_SHARED_DIR) + "/eval/extraction/seed/";
  if (!std::filesystem::exists(seed + "seed-gold.tsv"))
    KG_SKIP_WITHOUT_SHARED("seed article not found under " << seed << " (KG_SHARED_DIR)");
  GoldScore s = score(seed + "article.txt", seed + "seed-gold.tsv", seed + "seed-aliases.tsv");
  EXPECT_GE(s.f1, 0.55) << "seed: P " << s.precision << " R " << s.recall;
  size_t matched = s.matched, gold = s.gold, system = s.system;
  for (const char* n : {"trade-deal", "plastic-pledge", "copper-strike"}) {
    std::string b = n;
    GoldScore x = score(news(b + ".txt"), news(b + ".gold.tsv"), news(b + ".aliases.tsv"));
    matched += x.matched;
    gold += x.gold;
    system += x.system;
  }
  double p = static_cast<double>(matched) / static_cast<double>(system);
  double r = static_cast<double>(matched) / static_cast<double>(gold);
  EXPECT_GE(2 * p * r / (p + r), 0.60) << "micro: P " << p << " R " << r;
}
