// Entities: titles stripped, coordinations split, amounts/dates/adjectives not entities,
// reported speech in a subject, canonical names shared across documents, user aliases.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <set>
#include <string>

#include "extract/dates.h"
#include "extract/entities.h"
#include "extract/extractor.h"
#include "extract/names.h"

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
         "} | " + f.relation + " | " + f.object.text + " {" + f.object.resolved + "}" +
         (f.graph ? "" : " (not graph)") + "\n";
  for (const auto& e : r.entities) s += "  entity " + e.label + " <" + e.iri + ">\n";
  return s;
}

const Entity* entity(const ExtractionResult& r, const std::string& label) {
  for (const auto& e : r.entities)
    if (e.label == label) return &e;
  return nullptr;
}

// Graph facts as "subject label | relation | object label or text".
std::set<std::string> graphFacts(const ExtractionResult& r) {
  std::set<std::string> out;
  for (const auto& f : r.facts)
    if (f.graph && !f.subject.entityIri.empty())
      out.insert(f.subject.resolved + " | " + f.relation + " | " + f.object.resolved);
  return out;
}

bool hasQuad(const std::vector<kg::Quad>& quads, const std::string& needle) {
  return std::any_of(quads.begin(), quads.end(),
                     [&](const kg::Quad& q) { return q.toNQuads().find(needle) != std::string::npos; });
}

}  // namespace

TEST(Entities, TitlesBeforeNamesAreStripped) {
  auto r = shared().extract(
      "Laura Chen arrived in Nairobi. Secretary Laura Chen met the minister. "
      "Envoy Laura Chen announced a plan.",
      "urn:e1");
  const Entity* e = entity(r, "Laura Chen");
  ASSERT_NE(e, nullptr) << dump(r);
  EXPECT_EQ(e->type, EntityType::kPerson);
  EXPECT_EQ(entity(r, "Secretary Laura Chen"), nullptr) << dump(r);
  EXPECT_EQ(entity(r, "Envoy Laura Chen"), nullptr) << dump(r);
  EXPECT_EQ(titlePrefixLength({"Foreign", "Minister", "Wang", "Yi"}), 2u);
  EXPECT_EQ(titlePrefixLength({"General", "Motors"}), 0u);
  EXPECT_EQ(titlePrefixLength({"Secretary", "General"}), 0u);
  EXPECT_EQ(titlePrefixLength({"President", "Xi"}), 1u);
}

TEST(Entities, CoordinatedNamesAreSeveralEntities) {
  auto r = shared().extract("Kenya and the U.S. signed a trade agreement.", "urn:e2");
  auto facts = graphFacts(r);
  EXPECT_TRUE(facts.count("Kenya | signed | trade agreement")) << dump(r);
  EXPECT_TRUE(facts.count("United States | signed | trade agreement")) << dump(r);
  for (const auto& e : r.entities) EXPECT_EQ(e.label.find(" and "), std::string::npos) << dump(r);
  EXPECT_TRUE(isCoordination({"Britain", ",", "France", "and", "Germany"}));
  EXPECT_FALSE(isCoordination({"Trinidad", "and", "Tobago"}));
  EXPECT_FALSE(isCoordination({"Human", "Rights", "Watch"}));
}

TEST(Entities, SpeakerBeforeReportedClauseKeepsTheStatement) {
  auto r = shared().extract(
      "The talks were small, and Paulo Mendes said Brazil would file a complaint against the "
      "tariffs.",
      "urn:e3");
  bool statement = false;
  for (const auto& f : r.facts) {
    EXPECT_EQ(f.subject.text.find("said"), std::string::npos) << dump(r);
    if (f.subject.resolved == "Paulo Mendes" && f.relation == "said" &&
        f.object.text.rfind("Brazil would file", 0) == 0 && f.kind == FactKind::kStatement)
      statement = true;
  }
  EXPECT_TRUE(statement) << dump(r);
  EXPECT_EQ(entity(r, "Paulo Mendes Brazil"), nullptr) << dump(r);
}

TEST(Entities, CapitalAsGovernmentAndNoTrailingPreposition) {
  auto r = shared().extract("China criticized Washington for moving warships into the strait.",
                            "urn:e4");
  EXPECT_TRUE(graphFacts(r).count("China | criticized | United States")) << dump(r);
  for (const auto& e : r.entities)
    for (const auto& a : e.aliases) EXPECT_NE(a, "Washington for") << dump(r);
  // a place after "in" stays a place
  auto p = shared().extract("The envoy arrived in Washington.", "urn:e5");
  EXPECT_NE(entity(p, "Washington"), nullptr) << dump(p);
}

TEST(Entities, AmountsDatesAndAdjectivesAreNotEntities) {
  auto r = shared().extract(
      "The fund is worth $ 2 billion. Officials said the program was small. "
      "Laura Chen arrived in Nairobi on Monday.",
      "urn:e6");
  for (const auto& e : r.entities) {
    EXPECT_EQ(e.label.find('$'), std::string::npos) << dump(r);
    EXPECT_NE(e.label, "small") << dump(r);
    EXPECT_NE(e.label, "Monday") << dump(r);
  }
  // the date is kept: a time argument, on the evidence, resolved against the document date
  r.documentDate = "2026-12-02";  // a Wednesday
  auto quads = toQuads(r);
  EXPECT_TRUE(hasQuad(quads, "<http://kg.local/ns#time> \"on Monday\"")) << dump(r);
  EXPECT_TRUE(hasQuad(quads, "\"2026-11-30\"^^<http://www.w3.org/2001/XMLSchema#date>"));
  EXPECT_TRUE(hasQuad(quads, "<http://kg.local/ns#e.Laura_Chen> <http://kg.local/ns#r.arrived_in> "
                             "<http://kg.local/ns#e.Nairobi>"));
}

TEST(Entities, SameFactFromTwoDocumentsIsOneTripleWithTwoSources) {
  auto a = shared().extract("The United States imposed new tariffs on steel.", "urn:wire:a");
  auto b = shared().extract("The U.S. imposed new tariffs on steel.", "urn:wire:b");
  auto fa = graphFacts(a), fb = graphFacts(b);
  ASSERT_FALSE(fa.empty()) << dump(a);
  EXPECT_EQ(fa, fb) << dump(a) << dump(b);
  auto qa = toQuads(a), qb = toQuads(b);
  std::set<std::string> all;
  for (const auto* qs : {&qa, &qb})
    for (const auto& q : *qs) all.insert(q.toNQuads());
  size_t sources = 0;
  for (const auto& q : all)
    if (q.rfind("<< <http://kg.local/ns#e.United_States> <http://kg.local/ns#r.imposed>", 0) == 0 &&
        q.find("kg.local/ns#source>") != std::string::npos)
      ++sources;
  EXPECT_EQ(sources, 2u);
}

TEST(Entities, UserAliasTable) {
  auto table = std::make_shared<AliasTable>();
  table->add("Acme Holdings", "Acme");
  table->add("Acme Holdings", "AH Group");
  Options o;
  o.aliases = table;
  Extractor ex(o);
  auto r = ex.extract("Acme signed a deal with Kenya. AH Group opened an office in Nairobi.",
                      "urn:e7");
  const Entity* e = entity(r, "Acme Holdings");
  ASSERT_NE(e, nullptr) << dump(r);
  EXPECT_EQ(entity(r, "AH Group"), nullptr) << dump(r);
  EXPECT_EQ(table->lookup("the acme"), "Acme Holdings");
}

TEST(Entities, BuiltinCanonicalNames) {
  EXPECT_EQ(builtinCanonical("U.S."), "United States");
  EXPECT_EQ(builtinCanonical("the United States of America"), "United States");
  EXPECT_EQ(builtinCanonical("Chinese government"), "China");
  EXPECT_EQ(builtinCanonical("UN"), "United Nations");
  EXPECT_EQ(builtinCanonical("us"), "");  // a pronoun
  EXPECT_EQ(capitalCountry("Beijing"), "China");
}

TEST(Dates, RelativeDatesResolveAgainstTheDocumentDate) {
  EXPECT_EQ(resolveDate("on Monday", "2026-12-02"), "2026-11-30");
  EXPECT_EQ(resolveDate("on Wednesday", "2026-12-02"), "2026-12-02");
  EXPECT_EQ(resolveDate("last Wednesday", "2026-12-02"), "2026-11-25");
  EXPECT_EQ(resolveDate("next Friday", "2026-12-02"), "2026-12-04");
  EXPECT_EQ(resolveDate("yesterday", "2026-03-01"), "2026-02-28");
  EXPECT_EQ(resolveDate("on March 3", "2026-12-02"), "2026-03-03");
  EXPECT_EQ(resolveDate("in March", "2026-12-02"), "");
  EXPECT_EQ(resolveDate("on Monday", ""), "");
  EXPECT_EQ(resolveDate("on February 30", "2026-12-02"), "");
  EXPECT_EQ(isoDate("2026-12-02T10:00:00Z"), "2026-12-02");
  EXPECT_EQ(isoDate("2026-13-02"), "");
  EXPECT_TRUE(isTimePhrase("on Monday"));
  EXPECT_FALSE(isTimePhrase("on steel"));
}

namespace {
const Fact* statement(const ExtractionResult& r, const std::string& speaker,
                      const std::string& contentStart) {
  for (const auto& f : r.facts)
    if (f.kind == FactKind::kStatement && f.subject.resolved == speaker &&
        f.object.text.rfind(contentStart, 0) == 0)
      return &f;
  return nullptr;
}
}  // namespace

TEST(Readings, SpeakerAfterTheClause) {
  auto r = shared().extract("The U.S. imposed new tariffs on steel, officials said on Tuesday.",
                            "urn:r1");
  EXPECT_NE(statement(r, "officials", "The U.S. imposed new tariffs"), nullptr) << dump(r);
  auto s = shared().extract("Brazil will file a complaint next week, said Paulo Mendes.", "urn:r2");
  EXPECT_NE(statement(s, "Paulo Mendes", "Brazil will file a complaint"), nullptr) << dump(s);
  auto a = shared().extract(
      "More than 300 journalists remain in detention, according to the Committee to Protect "
      "Journalists.",
      "urn:r3");
  bool found = false;
  for (const auto& f : a.facts)
    if (f.kind == FactKind::kStatement && f.subject.text.find("Committee") != std::string::npos &&
        f.object.text.rfind("More than 300 journalists", 0) == 0)
      found = true;
  EXPECT_TRUE(found) << dump(a);
}

TEST(Readings, AsWellAsJoinsNames) {
  EXPECT_TRUE(isCoordination({"Kenya", "as", "well", "as", "Uganda"}));
  auto r = shared().extract("Kenya as well as Uganda signed the agreement.", "urn:r4");
  auto facts = graphFacts(r);
  EXPECT_TRUE(facts.count("Kenya | signed | agreement")) << dump(r);
  EXPECT_TRUE(facts.count("Uganda | signed | agreement")) << dump(r);
}

TEST(Entities, FamilyNameFirstShortForm) {
  // "Xi" after "Xi Jinping" is the same person (no name in the document ends with "Xi").
  auto r = shared().extract(
      "President Xi Jinping criticized Washington. Xi said China would respond.", "urn:e-xi");
  auto facts = graphFacts(r);
  EXPECT_TRUE(facts.count("Xi Jinping | said | China would respond")) << dump(r);
  EXPECT_EQ(entity(r, "Xi"), nullptr) << dump(r);
  // a name ending with the word still wins: "Li" is Wei Li here, not Li Qiang
  auto r2 = shared().extract(
      "Premier Li Qiang met Wei Li in Beijing. Li said the talks went well.", "urn:e-li");
  for (const auto& f : r2.facts) {
    if (f.relation == "said" && f.subject.text == "Li") {
      EXPECT_EQ(f.subject.resolved, "Wei Li") << dump(r2);
    }
  }
}
