// Turtle and TriG output: terms, grouping, prefixes, and that what is written reads back as
// the same dataset.
#include <gtest/gtest.h>

#include <sstream>

#include "core/turtle_writer.h"
#include "iso.h"
#include "test_util.h"

using namespace kg;
using namespace kg::ingest;
using namespace kg::ingest::testing;

namespace {

const PrefixMap kPrefixes = {{"ex", "http://example.org/"},
                             {"xsd", std::string(vocab::kXsd)},
                             {"rdf", std::string(vocab::kRdf)}};

std::string written(const std::vector<Quad>& quads, bool trig, const PrefixMap& prefixes = kPrefixes) {
  std::ostringstream out;
  TurtleWriter writer(out, prefixes, trig);
  for (const auto& q : quads) writer.write(q);
  writer.finish();
  return out.str();
}

std::vector<Quad> roundTrip(const std::vector<Quad>& quads, bool trig) {
  std::string text = written(quads, trig);
  return parseAll(text, trig ? RdfFormat::kTriG : RdfFormat::kTurtle);
}

}  // namespace

TEST(TurtleTerm, Forms) {
  EXPECT_EQ(turtleTerm(Term::iri("http://example.org/a"), kPrefixes), "ex:a");
  EXPECT_EQ(turtleTerm(Term::iri("http://example.org/a/b"), kPrefixes), "<http://example.org/a/b>");
  EXPECT_EQ(turtleTerm(Term::iri("http://example.org/"), kPrefixes), "ex:");
  EXPECT_EQ(turtleTerm(Term::iri("http://other/x"), kPrefixes), "<http://other/x>");
  EXPECT_EQ(turtleTerm(Term::literal("42", std::string(vocab::kXsdInteger)), kPrefixes), "42");
  EXPECT_EQ(turtleTerm(Term::literal("042x", std::string(vocab::kXsdInteger)), kPrefixes),
            "\"042x\"^^xsd:integer");
  EXPECT_EQ(turtleTerm(Term::literal("1.5", std::string(vocab::kXsdDecimal)), kPrefixes), "1.5");
  EXPECT_EQ(turtleTerm(Term::literal("1.5E3", std::string(vocab::kXsdDouble)), kPrefixes), "1.5E3");
  EXPECT_EQ(turtleTerm(Term::literal("INF", std::string(vocab::kXsdDouble)), kPrefixes),
            "\"INF\"^^xsd:double");
  EXPECT_EQ(turtleTerm(Term::literal("true", std::string(vocab::kXsdBoolean)), kPrefixes), "true");
  EXPECT_EQ(turtleTerm(Term::literal("a \"q\"\n", "", "en"), kPrefixes), "\"a \\\"q\\\"\\n\"@en");
  EXPECT_EQ(turtleTerm(Term::blank("b0"), kPrefixes), "_:b0");
  EXPECT_EQ(turtleTerm(Term::blank("x_1"), kPrefixes), "_:x_785f31");
  EXPECT_EQ(turtleTerm(Term::quoted(Term::iri("http://example.org/a"), Term::iri("http://example.org/p"),
                                    Term::literal("v")),
                       kPrefixes),
            "<< ex:a ex:p \"v\" >>");
}

TEST(TurtleWriter, GroupsBySubjectAndPredicate) {
  Term a = Term::iri("http://example.org/a"), p = Term::iri("http://example.org/p");
  Term type = Term::iri(std::string(vocab::kRdf) + "type");
  Term g = Term::iri("");
  std::vector<Quad> quads = {{a, type, Term::iri("http://example.org/C"), g},
                             {a, p, Term::literal("1"), g},
                             {a, p, Term::literal("2"), g},
                             {Term::iri("http://example.org/b"), p, a, g}};
  EXPECT_EQ(written(quads, false, {{"ex", "http://example.org/"}}),
            "@prefix ex: <http://example.org/> .\n\n"
            "ex:a a ex:C ;\n    ex:p \"1\" ,\n        \"2\" .\n"
            "ex:b ex:p ex:a .\n");
}

TEST(TurtleWriter, RoundTripsEveryKindOfTerm) {
  Term g = Term::iri("");
  Term a = Term::iri("http://example.org/a"), p = Term::iri("http://example.org/p");
  std::vector<Quad> quads = {
      {a, p, Term::literal("line\nbreak \\ \"quoted\"\t\u00e9"), g},
      {a, p, Term::literal("7", std::string(vocab::kXsdInteger)), g},
      {a, p, Term::literal("-0.25", std::string(vocab::kXsdDecimal)), g},
      {a, p, Term::literal("1e-3", std::string(vocab::kXsdDouble)), g},
      {a, p, Term::literal("false", std::string(vocab::kXsdBoolean)), g},
      {a, p, Term::literal("2020-01-01", std::string(vocab::kXsd) + "date"), g},
      {a, p, Term::literal("hi", "", "en-GB"), g},
      {a, p, Term::iri("http://example.org/caf\u00e9/x?q=a&b=%20#frag"), g},
      {Term::blank("b1"), p, Term::blank("weird label!"), g},
      {Term::quoted(a, p, Term::blank("b1")), Term::iri("http://example.org/src"), Term::literal("s"), g},
  };
  EXPECT_TRUE(isomorphic(roundTrip(quads, false), quads)) << written(quads, false);
}

TEST(TurtleWriter, TriGKeepsGraphs) {
  Term a = Term::iri("http://example.org/a"), p = Term::iri("http://example.org/p");
  Term g1 = Term::iri("http://example.org/g1"), g2 = Term::iri("http://example.org/g2");
  std::vector<Quad> quads = {{a, p, Term::literal("d"), Term::iri("")},
                             {a, p, Term::literal("1"), g1},
                             {a, p, Term::literal("2"), g1},
                             {a, p, Term::literal("3"), g2},
                             {a, p, Term::literal("d2"), Term::iri("")}};
  std::string text = written(quads, true);
  EXPECT_NE(text.find("ex:g1 {"), std::string::npos) << text;
  EXPECT_TRUE(isomorphic(parseAll(text, RdfFormat::kTriG), quads)) << text;
}

TEST(TurtleWriter, EmptyOutputHasOnlyPrefixes) {
  EXPECT_EQ(written({}, false, {{"ex", "http://example.org/"}}), "@prefix ex: <http://example.org/> .\n\n");
  EXPECT_EQ(written({}, true, {}), "");
}
