// Which linkage the strict pass takes: cheap disjuncts first (link-grammar ranks only a random
// sample when a sentence has more linkages than the limit), and readings passed over.
#include <gtest/gtest.h>

#include <string>

#include "extract/extractor.h"
#include "extract/parser.h"
#include "extract/text.h"

using namespace kg::extract;

namespace {

// The strict pass's parser, with the cheap first attempt at `cheap` (0: off).
LgParse strictParse(const std::string& sentence, double cheap) {
  Options o;
  o.maxNullCount = 0;
  o.allShortConnectors = false;
  o.shortLength = o.strictShortLength;
  o.linkageLimit = o.strictLinkageLimit;
  o.cheapDisjunctCost = cheap;
  LgParser parser(o);
  text::Normalized nz = text::normalize(sentence);
  return parser.parse(text::tokenize(nz.norm, 0, nz.norm.size()));
}

const Fact* find(const ExtractionResult& r, const std::string& subject, const std::string& rel) {
  for (const auto& f : r.facts)
    if (f.graph && f.subject.text == subject && f.relation == rel) return &f;
  return nullptr;
}

const char* kCoordination =
    "Tanzania, Uganda and Rwanda, which belong to the East African Community with Kenya, were "
    "not part of the talks.";

}  // namespace

TEST(LinkageChoice, CheapDisjunctsFirstGiveALowerCostLinkageEveryTime) {
  LgParse sampled = strictParse(kCoordination, 0);
  LgParse cheap = strictParse(kCoordination, 1.0);
  if (!sampled.ok && !cheap.ok) GTEST_SKIP() << "link-grammar's English dictionary is not installed";
  ASSERT_TRUE(cheap.ok);
  ASSERT_TRUE(sampled.ok);
  EXPECT_LT(cheap.cost, sampled.cost);
  LgParse again = strictParse(kCoordination, 1.0);
  EXPECT_EQ(again.cost, cheap.cost);
  ASSERT_EQ(again.links.size(), cheap.links.size());
  for (size_t i = 0; i < cheap.links.size(); ++i) EXPECT_EQ(again.links[i].label, cheap.links[i].label);
}

// The relative clause's antecedent is the whole coordination, also where the linkage joins the
// first two names with the comma ("Tanzania ,.j Uganda") and that with "and".
TEST(LinkageChoice, RelativeClauseOnACoordinationTakesEveryMember) {
  Extractor ex;
  if (!ex.parserAvailable()) GTEST_SKIP() << "no link-grammar";
  ExtractionResult r = ex.extract(kCoordination, "urn:coordination");
  for (const char* name : {"Tanzania", "Uganda", "Rwanda"}) {
    EXPECT_NE(find(r, name, "belong to"), nullptr) << name;
    EXPECT_NE(find(r, name, "were"), nullptr) << name;
  }
}

// A cheap linkage that reads an apposition as a comma list ("the Blue Harbour Alliance ,.j a
// network of port authorities that ...") is refused; the full parse reads the apposition.
TEST(LinkageChoice, AppositionReadAsACommaListIsRefused) {
  Extractor ex;
  if (!ex.parserAvailable()) GTEST_SKIP() << "no link-grammar";
  ExtractionResult r = ex.extract(
      "The pledge was drafted by the Blue Harbour Alliance, a network of port authorities that "
      "was founded in Antwerp in 2015.",
      "urn:apposition");
  const Fact* drafted = find(r, "the Blue Harbour Alliance", "drafted");
  ASSERT_NE(drafted, nullptr);
  EXPECT_EQ(drafted->subject.entityIri, std::string(kg::vocab::kKg) + "e.Blue_Harbour_Alliance");
}
