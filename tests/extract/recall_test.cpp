// Recall rules for news text, checked on the graph (what toQuads writes): statements in
// several sentences of one quotation, speakers before and after the clause, positions held,
// passives with agents, relative pronouns, appositions with relative clauses, memberships.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "extract/extractor.h"
#include "graph_facts.h"

using namespace kg::extract;

namespace {

Extractor& shared() {
  static Extractor ex;
  return ex;
}

// "subject label | relation label | object label or literal" for every evidence node.
std::set<std::string> graph(const std::string& text) {
  ExtractionResult r = shared().extract(text, "urn:recall");
  std::set<std::string> out;
  for (const auto& f : eval::graphFacts(toQuads(r), text))
    out.insert(f.subjects.front() + " | " + f.relation + " | " + f.object);
  return out;
}

std::string dump(const std::set<std::string>& g) {
  std::string s;
  for (const auto& x : g) s += "  " + x + "\n";
  return s;
}

}  // namespace

TEST(Recall, QuotationOfSeveralSentencesGivesOneStatementEach) {
  auto g = graph("\"Ports see most of the plastic. If ports act, the rivers will follow,\" "
                 "Ingrid Solberg said.");
  EXPECT_TRUE(g.count("Ingrid Solberg | said | Ports see most of the plastic")) << dump(g);
  EXPECT_TRUE(g.count("Ingrid Solberg | said | If ports act, the rivers will follow")) << dump(g);
}

TEST(Recall, PositionsHeldAreWrittenAgainstTheirOwner) {
  auto g = graph("The Kenya Farmers Union opposed the deal. Joseph Otieno, the union's chairman, "
                 "spoke to reporters.");
  EXPECT_TRUE(g.count("Joseph Otieno | holds position | chairman of Kenya Farmers Union"))
      << dump(g);
  auto t = graph("Trade Secretary Laura Chen signed the agreement.");
  EXPECT_TRUE(t.count("Laura Chen | holds position | Trade Secretary")) << dump(t);
  // an organisation described by an apposition is not holding a position
  auto b = graph("Analysts at Banco Sur, a Santiago investment bank, expect a long strike.");
  for (const auto& x : b) EXPECT_EQ(x.find("Banco Sur | holds position"), std::string::npos) << dump(b);
}

TEST(Recall, PassiveWithAgentReadsActively) {
  auto g = graph("The pledge was drafted by the Blue Harbour Alliance.");
  EXPECT_TRUE(g.count("Blue Harbour Alliance | drafted | pledge")) << dump(g);
  EXPECT_FALSE(g.count("pledge | was drafted by | Blue Harbour Alliance")) << dump(g);
}

TEST(Recall, WhichBetweenCommasTakesItsAntecedent) {
  auto g = graph("The mine, which is owned by the state company Codelsa and the Canadian firm "
                 "Northgate Metals, produces copper.");
  EXPECT_TRUE(g.count("Codelsa | owned | mine")) << dump(g);
  EXPECT_TRUE(g.count("Northgate Metals | owned | mine")) << dump(g);
  for (const auto& x : g) EXPECT_NE(x.rfind("which |", 0), 0u) << dump(g);
}

TEST(Recall, SpeakerAfterTheClauseWithAnApposition) {
  auto g = graph("Voluntary pledges have failed before, said Carlos Batista, a spokesman for the "
                 "campaign group Clean Seas.");
  EXPECT_TRUE(g.count("Carlos Batista | said | Voluntary pledges have failed before")) << dump(g);
  EXPECT_TRUE(g.count("Carlos Batista | holds position | a spokesman for the campaign group Clean Seas"))
      << dump(g);
}

TEST(Recall, ReportedContentIsAttributedNotAsserted) {
  auto g = graph("The union warned that cheaper wheat could hurt local growers.");
  bool statement = false;
  for (const auto& x : g) {
    if (x.rfind("union | warned", 0) == 0) statement = true;
    EXPECT_EQ(x.find("| could hurt |"), std::string::npos) << dump(g);
  }
  EXPECT_TRUE(statement) << dump(g);
}

TEST(Recall, AppositionEndsWhereItsRelativeClauseBegins) {
  auto g = graph("The pledge was drafted by the Blue Harbour Alliance, a network of port "
                 "authorities that was founded in Antwerp in 2015.");
  EXPECT_TRUE(g.count("Blue Harbour Alliance | is | a network of port authorities")) << dump(g);
}

TEST(Recall, ThoseJoiningAGroupAreMembers) {
  auto g = graph("Britain, France and Germany were among 18 countries that, joined by Japan, "
                 "Canada and New Zealand, signed the letter.");
  for (const char* c : {"Britain", "France", "Germany", "Japan", "Canada", "New Zealand"})
    EXPECT_TRUE(g.count(std::string(c) + " | member of | 18 countries")) << c << "\n" << dump(g);
}

TEST(Recall, LongObjectIsALiteralNotATruncatedEntity) {
  auto g = graph("The deputy governor rejected accusations that the trainees are in detention camps.");
  bool whole = false;
  for (const auto& x : g)
    if (x.find("rejected | accusations that the trainees are in detention camps") != std::string::npos)
      whole = true;
  EXPECT_TRUE(whole) << dump(g);
}

TEST(Recall, SpeakerBeforeAParentheticalParticiplePhrase) {
  auto g = graph("Analysts, drawing on shipping data, satellite images and interviews, estimate "
                 "that the port has lost a third of its trade and has cut hundreds of jobs.");
  auto has = [&](const std::string& what) {
    return g.count("Analysts | estimate | " + what) || g.count("Analysts | estimate that | " + what);
  };
  EXPECT_TRUE(has("the port has lost a third of its trade")) << dump(g);
  EXPECT_TRUE(has("has cut hundreds of jobs")) << dump(g);
  // what they estimate is theirs, not a plain fact
  for (const auto& x : g) EXPECT_EQ(x.find("| has lost |"), std::string::npos) << dump(g);
}

TEST(Recall, RelativeClauseSubjectIsTheAntecedentPhraseOnly) {
  auto g = graph("At this point the player confronts a boss, who is usually larger than regular "
                 "enemies.");
  bool boss = false;
  for (const auto& x : g) {
    if (x.rfind("boss | is |", 0) == 0) boss = true;
    EXPECT_EQ(x.find("confronts a boss |"), std::string::npos) << dump(g);
  }
  EXPECT_TRUE(boss) << dump(g);
}

TEST(Recall, ANameWithItsHeadNounIsThereForLaterDescriptions) {
  auto g = graph("Workers at the Cerro Azul copper mine went on strike. The mine, which is owned "
                 "by Codelsa, produces copper.");
  EXPECT_TRUE(g.count("Codelsa | owned | Cerro Azul copper mine")) << dump(g);
}
