// Quads: deterministic IRIs, provenance about quoted triples, one fact with two sources.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>

#include "extract/extractor.h"

using namespace kg::extract;

namespace {

Extractor& shared() {
  static Extractor ex;
  return ex;
}

std::set<std::string> lines(const std::vector<kg::Quad>& qs) {
  std::set<std::string> s;
  for (const auto& q : qs) s.insert(q.toNQuads());
  return s;
}

const std::string kKg(kg::vocab::kKg);

}  // namespace

TEST(Graph, ReExtractionIsIdentical) {
  std::string t =
      "Michelle Bachelet, the UN High Commissioner, visited Geneva. She met diplomats there.";
  auto a = toQuads(shared().extract(t, "urn:doc:a"));
  auto b = toQuads(shared().extract(t, "urn:doc:a"));
  ASSERT_FALSE(a.empty());
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i].toNQuads(), b[i].toNQuads());
  for (const auto& q : a) {
    EXPECT_FALSE(q.subject.isBlank());
    EXPECT_FALSE(q.object.isBlank());
  }
}

TEST(Graph, ProvenanceAboutQuotedTriple) {
  std::string t = "The United States withdrew from the council.";
  auto qs = toQuads(shared().extract(t, "urn:doc:p"));
  kg::Term s = kg::Term::iri(kKg + "e.United_States");
  kg::Term p = kg::Term::iri(kKg + "r.withdrew_from");
  kg::Term o = kg::Term::iri(kKg + "e.council");
  kg::Term q = kg::Term::quoted(s, p, o);
  bool fact = false, source = false, evidence = false;
  std::string src;
  for (const auto& x : qs) {
    if (x.subject == s && x.predicate == p && x.object == o) fact = true;
    if (x.subject == q && x.predicate.value == kKg + "source") {
      source = true;
      src = x.object.value;
    }
    if (x.subject == q && x.predicate.value == kKg + "evidence") evidence = true;
  }
  EXPECT_TRUE(fact);
  EXPECT_TRUE(source);
  EXPECT_TRUE(evidence);
  // the source node carries document, sentence index, text, span, extractor
  std::set<std::string> props;
  for (const auto& x : qs)
    if (x.subject.isIri() && x.subject.value == src) props.insert(x.predicate.value);
  for (const char* want : {"document", "sentenceIndex", "text", "start", "end", "extractor"})
    EXPECT_TRUE(props.count(kKg + want)) << want;
  // labels: entity label and the relation's surface phrase
  auto all = lines(qs);
  EXPECT_TRUE(all.count("<" + kKg + "r.withdrew_from> <http://www.w3.org/2000/01/rdf-schema#label> \"withdrew from\" ."));
  EXPECT_TRUE(all.count("<" + kKg + "e.United_States> <" + kKg + "alias> \"The United States\" ."));
}

TEST(Graph, SameFactTwoSentencesIsOneTripleTwoSources) {
  std::string t = "The United States withdrew from the council. Later, the United States withdrew "
                  "from the council.";
  auto qs = toQuads(shared().extract(t, "urn:doc:two"));
  kg::Term s = kg::Term::iri(kKg + "e.United_States");
  kg::Term p = kg::Term::iri(kKg + "r.withdrew_from");
  kg::Term o = kg::Term::iri(kKg + "e.council");
  kg::Term q = kg::Term::quoted(s, p, o);
  size_t facts = 0, sources = 0;
  for (const auto& x : qs) {
    if (x.subject == s && x.predicate == p && x.object == o) ++facts;
    if (x.subject == q && x.predicate.value == kKg + "source") ++sources;
  }
  EXPECT_EQ(facts, 1u);
  EXPECT_EQ(sources, 2u);
}

TEST(Graph, TwoDocumentsShareTheFactNotTheSources) {
  std::string t = "The United States withdrew from the council.";
  auto a = lines(toQuads(shared().extract(t, "urn:doc:1")));
  auto b = lines(toQuads(shared().extract(t, "urn:doc:2")));
  std::string fact = "<" + kKg + "e.United_States> <" + kKg + "r.withdrew_from> <" + kKg +
                     "e.council> .";
  EXPECT_TRUE(a.count(fact));
  EXPECT_TRUE(b.count(fact));
  // sources differ, so removing document 1's provenance leaves document 2's support
  size_t shared = 0;
  for (const auto& l : a)
    if (b.count(l) && l.find("src.") != std::string::npos) ++shared;
  EXPECT_EQ(shared, 0u);
}

TEST(Graph, NamedGraphOption) {
  QuadOptions o;
  o.graph = kg::Term::iri("urn:graph:extract");
  auto qs = toQuads(shared().extract("The council adopted the resolution.", "urn:doc:g"), o);
  ASSERT_FALSE(qs.empty());
  for (const auto& q : qs) EXPECT_EQ(q.graph.value, "urn:graph:extract");
}
