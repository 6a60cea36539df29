// Wire-story forms that broke facts on news text of our own: datelines, name particles,
// lists inside a description, "and" inside an organisation's name, a place and its state,
// and a relative clause after a time phrase.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>

#include "extract/dateline.h"
#include "extract/entities.h"
#include "extract/extractor.h"
#include "extract/text.h"

using namespace kg::extract;

namespace {

Extractor& shared() {
  static Extractor ex;
  return ex;
}

std::string dump(const ExtractionResult& r) {
  std::string s;
  for (const auto& f : r.facts)
    s += "  [" + std::to_string(f.sentence) + "] " + f.subject.text + " {" + f.subject.resolved +
         "} | " + f.relation + " | " + f.object.text + (f.graph ? "" : " (not graph)") + "\n";
  for (const auto& e : r.entities) {
    s += "  entity " + e.label + " <" + e.iri + ">";
    for (const auto& a : e.aliases) s += " | " + a;
    s += "\n";
  }
  return s;
}

const Entity* entity(const ExtractionResult& r, const std::string& label) {
  for (const auto& e : r.entities)
    if (e.label == label) return &e;
  return nullptr;
}

std::set<std::string> graphSubjects(const ExtractionResult& r) {
  std::set<std::string> out;
  for (const auto& f : r.facts)
    if (f.graph && !f.subject.entityIri.empty()) out.insert(f.subject.resolved);
  return out;
}

Dateline dateline(const std::string& s) {
  auto toks = text::tokenize(s, 0, s.size());
  return findDateline(toks);
}

}  // namespace

TEST(Datelines, AreFoundWithRegionAgencyAndDash) {
  Dateline d = dateline("ROTTERDAM, Netherlands -- Dock workers ended a strike.");
  EXPECT_EQ(d.tokens, 4u);
  EXPECT_EQ(d.place, "Rotterdam");
  EXPECT_EQ(d.placeWritten, "ROTTERDAM");
  EXPECT_EQ(d.surface, "ROTTERDAM, Netherlands");
  d = dateline("NEW YORK (Reuters) - Stocks fell on Friday.");
  EXPECT_EQ(d.place, "New York");
  EXPECT_EQ(d.surface, "NEW YORK (Reuters)");
  d = dateline("WINSTON-SALEM, N.C. -- The company said it would close the plant.");
  EXPECT_EQ(d.place, "Winston-Salem");
  // not datelines: an acronym, a short word, no dash, nothing after the dash
  EXPECT_EQ(dateline("NATO -- the alliance met on Monday.").tokens, 0u);
  EXPECT_EQ(dateline("AI -- the technology spreads fast.").tokens, 0u);
  EXPECT_EQ(dateline("GENEVA officials said the talks failed.").tokens, 0u);
  EXPECT_EQ(dateline("GENEVA -- Talks.").tokens, 0u);
  EXPECT_EQ(dateline("Geneva -- talks failed on Monday.").tokens, 0u);
}

TEST(Datelines, GiveWhereTheStoryWasWrittenAndStayOutOfTheSentence) {
  auto r = shared().extract(
      "Kenya signs a trade deal\n"
      "NAIROBI \xE2\x80\x94 Kenya and the United States signed an agreement on Monday.\n",
      "urn:d1");
  const Entity* nairobi = entity(r, "Nairobi");
  ASSERT_NE(nairobi, nullptr) << dump(r);
  EXPECT_EQ(nairobi->type, EntityType::kPlace);
  EXPECT_EQ(r.placeIri, nairobi->iri);
  EXPECT_EQ(r.dateline, "NAIROBI");
  // the capital in the dateline is not the country's government
  const Entity* kenya = entity(r, "Kenya");
  ASSERT_NE(kenya, nullptr) << dump(r);
  for (const auto& a : kenya->aliases) EXPECT_NE(a, "NAIROBI") << dump(r);
  auto quads = toQuads(r);
  auto has = [&](const std::string& needle) {
    return std::any_of(quads.begin(), quads.end(),
                       [&](const kg::Quad& q) { return q.toNQuads().find(needle) != std::string::npos; });
  };
  EXPECT_TRUE(has("<urn:d1> <http://kg.local/ns#place> <" + nairobi->iri + ">"));
  EXPECT_TRUE(has("<urn:d1> <http://kg.local/ns#dateline> \"NAIROBI\""));
  EXPECT_TRUE(has("<" + nairobi->iri + "> <http://www.w3.org/2000/01/rdf-schema#label> \"Nairobi\""));

  auto p = shared().extract(
      "ROTTERDAM, Netherlands \xE2\x80\x94 Port workers ended a five-day strike on Saturday.", "urn:d2");
  for (const auto& f : p.facts) {
    EXPECT_NE(f.subject.resolved, "Netherlands") << dump(p);
    EXPECT_EQ(f.relation.find("Dock"), std::string::npos) << dump(p);
  }
  EXPECT_EQ(p.dateline, "ROTTERDAM, Netherlands");
}

TEST(Names, ParticlesBelongToTheName) {
  auto r = shared().extract(
      "Niels de Boer, a spokesman for the union, called the agreement a fair result.", "urn:n1");
  EXPECT_NE(entity(r, "Niels de Boer"), nullptr) << dump(r);
  EXPECT_EQ(entity(r, "Boer"), nullptr) << dump(r);
  EXPECT_TRUE(isNameParticle("van"));
  EXPECT_FALSE(isNameParticle("the"));
}

TEST(Names, AListInsideADescriptionIsNotAListOfSubjects) {
  auto r = shared().extract(
      "Consumer groups in France, Germany and Italy had filed complaints against the company.",
      "urn:n2");
  auto subjects = graphSubjects(r);
  EXPECT_FALSE(subjects.count("Germany")) << dump(r);
  EXPECT_FALSE(subjects.count("Italy")) << dump(r);
  EXPECT_FALSE(isCoordination({"Consumer", "groups", "in", "France", ",", "Germany", "and", "Italy"}));
  EXPECT_TRUE(isCoordination({"the", "leaders", "of", "France", "and", "Germany"}) == false);
  EXPECT_FALSE(isCoordination({"some", "vessels", "to", "Antwerp", "and", "Hamburg"}));
  EXPECT_FALSE(isCoordination({"Shipping", "lines", "including", "Maersk", ",", "MSC", "and", "Hapag-Lloyd"}));
  // a real list still is one
  EXPECT_TRUE(isCoordination({"France", ",", "Germany", "and", "Italy"}));
  EXPECT_TRUE(isCoordination({"President", "of", "France", "and", "Chancellor", "of", "Germany"}));
}

TEST(Names, AndInsideAnOrganisationNameAndAPlaceWithItsState) {
  EXPECT_FALSE(isCoordination({"European", "Centre", "for", "Disease", "Prevention", "and", "Control"}));
  EXPECT_FALSE(isCoordination({"Food", "and", "Agriculture", "Organization"}));
  EXPECT_FALSE(isCoordination({"Securities", "and", "Exchange", "Commission"}));
  EXPECT_FALSE(isCoordination({"Austin", ",", "Texas"}));
  EXPECT_TRUE(isCoordination({"the", "Commission", "and", "the", "Council"}));
  EXPECT_TRUE(isCoordination({"Kenya", "and", "Uganda"}));
  auto r = shared().extract(
      "The European Centre for Disease Prevention and Control published similar figures in March.",
      "urn:n3");
  EXPECT_NE(entity(r, "European Centre for Disease Prevention and Control"), nullptr) << dump(r);
  EXPECT_EQ(entity(r, "Control"), nullptr) << dump(r);
  auto a = shared().extract("Lumen Systems is based in Austin, Texas.", "urn:n4");
  for (const auto& f : a.facts)
    if (f.graph) {
      EXPECT_NE(f.object.resolved, "Texas") << dump(a);
    }
}

TEST(Names, ARelativeClauseAfterATimePhraseBelongsToTheNounBeforeIt) {
  auto r = shared().extract(
      "Kenya and the United States signed an agreement on Monday that cuts tariffs on tea.",
      "urn:n5");
  bool cuts = false;
  for (const auto& f : r.facts) {
    EXPECT_NE(f.subject.text, "that") << dump(r);
    if (f.relation == "cuts" && f.subject.resolved == "agreement") cuts = true;
  }
  EXPECT_TRUE(cuts) << dump(r);
}

TEST(Datelines, EndTheHeadlineBeforeThem) {
  // a headline of more than 60 bytes with no full stop, then a dateline: two sentences
  auto r = shared().extract(
      "Measles cases in Europe doubled last year, health agency says in report\n"
      "GENEVA \xE2\x80\x94 Measles cases in Europe more than doubled last year, the agency said.\n",
      "urn:d3");
  ASSERT_EQ(r.sentences.size(), 2u) << dump(r);
  EXPECT_EQ(r.dateline, "GENEVA");
  // a hard-wrapped sentence is still joined
  auto w = shared().extract(
      "The ministers of the three countries met in the capital on Monday to discuss the\n"
      "plan for the new port and the railway that will serve it.\n",
      "urn:d4");
  EXPECT_EQ(w.sentences.size(), 1u) << dump(w);
}

TEST(ReportedSpeech, AParticipleAfterTheAttributionIsTheSpeakersAct) {
  auto r = shared().extract(
      "Measles cases in Europe more than doubled last year, the World Health Organization said "
      "on Tuesday, blaming a fall in vaccination during the pandemic.",
      "urn:r1");
  bool content = false, blamed = false;
  for (const auto& f : r.facts) {
    if (f.kind == FactKind::kStatement && f.subject.resolved == "World Health Organization") {
      EXPECT_EQ(f.object.text.find("blaming"), std::string::npos) << dump(r);
      if (f.object.text.rfind("Measles cases in Europe", 0) == 0) content = true;
    }
    if (f.relation == "blaming" && f.subject.resolved == "World Health Organization" &&
        f.object.text.rfind("a fall in vaccination", 0) == 0)
      blamed = true;
  }
  EXPECT_TRUE(content) << dump(r);
  EXPECT_TRUE(blamed) << dump(r);
}

TEST(Names, WhatWasDeclinedIsTheInfinitive) {
  auto r = shared().extract("Northgate Metals, a partner of the company, declined to comment.", "urn:i1");
  bool declined = false;
  for (const auto& f : r.facts)
    if (f.graph && f.subject.resolved == "Northgate Metals" && f.relation == "declined" &&
        f.object.text == "to comment")
      declined = true;
  EXPECT_TRUE(declined) << dump(r);
}
