// Our CaRB scorer reproduces the published figures from the shared system outputs.
#include <gtest/gtest.h>

#include "../common/shared_data.h"

#include <filesystem>
#include <string>

#include "benchie_scorer.h"
#include "carb_scorer.h"
#include "gold_scorer.h"

using namespace kg::extract::eval;

namespace {
std::string carbDir() { return std::string(KG_SHARED_DIR) + "/eval/extraction/carb/"; }
}  // namespace

TEST(CarbScorer, ReproducesPublishedFigures) {
  if (!std::filesystem::exists(carbDir() + "gold/test.tsv"))
    KG_SKIP_WITHOUT_SHARED("CaRB data not found under " << carbDir() << " (KG_SHARED_DIR)");
  std::string gold;
  ASSERT_TRUE(readFile(carbDir() + "gold/test.tsv", gold));
  struct Want {
    const char* sys;
    double f1, auc;
  } wants[] = {{"openie4", 0.488, 0.272}, {"openie5", 0.467, 0.245}, {"clausie", 0.450, 0.224}};
  for (const auto& w : wants) {
    std::string sys;
    ASSERT_TRUE(readFile(carbDir() + "system_outputs_tab/" + w.sys + ".test.tab", sys));
    CarbScore s = scoreCarb(gold, sys);
    EXPECT_NEAR(s.f1, w.f1, 0.005) << w.sys;
    EXPECT_NEAR(s.auc, w.auc, 0.005) << w.sys;
  }
}

TEST(CarbScorer, RuleDetails) {
  // relation token overlap, "be" forms, collapsed args, sentence key
  std::string gold = "He is a man .\tis\tHe\ta man\n";
  CarbScore exact = scoreCarb(gold, "He is a man .\t0.9\tis\tHe\ta man\n");
  EXPECT_DOUBLE_EQ(exact.f1, 1.0);
  CarbScore be = scoreCarb(gold, "He is a man.\t0.9\tbe\tHe\ta man\n");  // key ignores punctuation
  EXPECT_DOUBLE_EQ(be.precision, 1.0);
  CarbScore oneArg = scoreCarb(gold, "He is a man .\t0.9\tis\tHe\n");
  EXPECT_DOUBLE_EQ(oneArg.f1, 0.0);
  EXPECT_EQ(carbKey("a -LRB- b -RRB- , c"), "abc");
  // "said" relations also score with the arguments swapped
  std::string g2 = "x\tsaid\tJohn\tit rains\n";
  CarbScore sw = scoreCarb(g2, "x\t0.5\tsaid\tit rains\tJohn\n");
  EXPECT_DOUBLE_EQ(sw.f1, 1.0);
}

TEST(BenchieScorer, OptionalTokensAndClusters) {
  std::string g =
      "sent_id:1\tHe served as the first Prime Minister .\n"
      "1--> Cluster 1:\n"
      "He --> served as --> [the] [first] Prime Minister\n"
      "1--> Cluster 2:\n"
      "He --> served --> as [the] [first] Prime Minister\n";
  BenchieGold gold = parseBenchie(g);
  ASSERT_EQ(gold.clusters[1].size(), 2u);
  auto s = scoreBenchie(gold, {{1, {"He", "served as", "Prime Minister"}},
                               {1, {"He", "served as", "the first Prime Minister"}},
                               {1, {"He", "was", "minister"}}});
  EXPECT_EQ(s.tp, 1u);
  EXPECT_EQ(s.fp, 1u);
}

TEST(GoldScorer, AliasesAndLemmas) {
  auto gold = parseGold("subject\trelation\tobject\tsentence_number\tkind\n"
                        "joint letter\tdelivered on\tMonday\t2\tattribute\n");
  auto aliases = parseAliases("canonical\talias\tnote\njoint letter\tThe letter\tx\n");
  SystemFact f;
  f.subjects = {"The letter"};
  f.relation = "was delivered";
  f.object = "Monday";
  f.line = 2;
  auto s = scoreGold(gold, aliases, {f});
  EXPECT_EQ(s.matched, 1u);
  f.line = 3;
  EXPECT_EQ(scoreGold(gold, aliases, {f}).matched, 0u);
  EXPECT_EQ(lemma("detained"), lemma("detain"));
}
