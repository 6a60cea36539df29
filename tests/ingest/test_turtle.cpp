#include <gtest/gtest.h>

#include <map>
#include <set>

#include "iso.h"
#include "test_util.h"

using namespace kg;
using namespace kg::ingest;
using namespace kg::ingest::testing;

namespace {
const char* kPrefixes = "@prefix : <http://ex.org/> .\n";

std::vector<Quad> ttl(const std::string& text, RdfFormat f = RdfFormat::kTurtle) {
  ParseOptions o;
  o.baseIri = "http://base.org/dir/doc.ttl";
  return parseAll(text, f, o);
}
std::vector<Quad> nq(const std::string& text) { return parseAll(text, RdfFormat::kNQuads); }
}  // namespace

TEST(Turtle, BasicsPrefixesBaseAndLiterals) {
  auto got = ttl(std::string(kPrefixes) +
                 ":s :p :o , \"x\"@en , 5 , 1.5 , 1e3 , true ; a :C .\n"
                 "<rel> :p <../up#f> .\n"
                 "@base <http://other.org/a/> .\n"
                 "<x> :p \"\"\"multi\nline\"\"\"^^:dt .\n");
  auto expected = nq(
      "<http://ex.org/s> <http://ex.org/p> <http://ex.org/o> .\n"
      "<http://ex.org/s> <http://ex.org/p> \"x\"@en .\n"
      "<http://ex.org/s> <http://ex.org/p> \"5\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n"
      "<http://ex.org/s> <http://ex.org/p> \"1.5\"^^<http://www.w3.org/2001/XMLSchema#decimal> .\n"
      "<http://ex.org/s> <http://ex.org/p> \"1e3\"^^<http://www.w3.org/2001/XMLSchema#double> .\n"
      "<http://ex.org/s> <http://ex.org/p> \"true\"^^<http://www.w3.org/2001/XMLSchema#boolean> .\n"
      "<http://ex.org/s> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://ex.org/C> .\n"
      "<http://base.org/dir/rel> <http://ex.org/p> <http://base.org/up#f> .\n"
      "<http://other.org/a/x> <http://ex.org/p> \"multi\\nline\"^^<http://ex.org/dt> .\n");
  EXPECT_TRUE(isomorphic(got, expected));
  ASSERT_EQ(got.size(), expected.size());
  for (size_t i = 0; i < got.size(); ++i) EXPECT_EQ(got[i].object, expected[i].object) << i;
}

TEST(Turtle, BlankNodesNeverCollide) {
  // Explicit labels that look like serd's generated ones, in both cases, plus anonymous nodes.
  auto got = ttl(std::string(kPrefixes) +
                 "_:b1 :p [ :q _:B1 ] .\n_:B1 :p [] .\n_:b2 :p ( 1 ) .\n_:_anon1 :p _:x .\n");
  std::set<std::string> labels;
  for (const Quad& q : got) {
    if (q.subject.isBlank()) labels.insert(q.subject.value);
    if (q.object.isBlank()) labels.insert(q.object.value);
  }
  // b1, B1, b2, _anon1 (explicit), x, and 3 anonymous nodes ([ ], [], the list cell).
  EXPECT_EQ(labels.size(), 8u);
  EXPECT_TRUE(labels.count("b1"));
  EXPECT_TRUE(labels.count("B1"));
  EXPECT_TRUE(labels.count("x"));
  auto expected = nq(
      "_:b1 <http://ex.org/p> _:a1 .\n_:a1 <http://ex.org/q> _:B1 .\n_:B1 <http://ex.org/p> _:a2 .\n"
      "_:b2 <http://ex.org/p> _:l .\n_:l <http://www.w3.org/1999/02/22-rdf-syntax-ns#first> "
      "\"1\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n"
      "_:l <http://www.w3.org/1999/02/22-rdf-syntax-ns#rest> <http://www.w3.org/1999/02/22-rdf-syntax-ns#nil> .\n"
      "_:u <http://ex.org/p> _:x .\n");
  EXPECT_TRUE(isomorphic(got, expected));
}

// "_:" with no label (before whitespace, '{', '.', or at the end) is an error at the "_:", in
// Turtle and TriG alike; kg once kept such a node with an empty label it could not write back.
TEST(Turtle, BlankNodeLabelsAreNeverEmpty) {
  for (const char* text : {"_:\n{ <http://x/s> <http://x/p> 1 . }\n", "<http://x/s> <http://x/p> _: .\n",
                           "<http://x/s> <http://x/p> _:", "_:.a <http://x/p> 1 .\n"}) {
    for (RdfFormat format : {RdfFormat::kTurtle, RdfFormat::kTriG}) {
      if (format == RdfFormat::kTurtle && text[2] == '\n') continue;  // a graph block: TriG only
      ErrorInfo e = parseError(text, format);
      EXPECT_NE(e.message.find("expected a blank node label after '_:'"), std::string::npos) << text << e.message;
      EXPECT_EQ(e.line, 1u) << text;
    }
  }
  EXPECT_EQ(ttl("_:é <http://x/p> _:_1 .\n").size(), 1u);
}

// serd reads "@en-" as a tag; kg's N-Triples writer would write it and its reader refuse it.
TEST(Turtle, LanguageTagsFollowLangtag) {
  for (RdfFormat format : {RdfFormat::kTurtle, RdfFormat::kTriG}) {
    ErrorInfo e = parseError("<http://x/s> <http://x/p> \"a\"@en- .", format);
    EXPECT_NE(e.message.find("invalid language tag '@en-'"), std::string::npos) << e.message;
    EXPECT_EQ(e.line, 1u);
  }
  auto quads = ttl("<http://x/s> <http://x/p> \"a\"@en-GB-oed , \"b\"@zh-Hant-TW .\n");
  ASSERT_EQ(quads.size(), 2u);
  EXPECT_EQ(quads[0].object.language, "en-GB-oed");
}

TEST(Turtle, QuotedTriples) {
  auto got = ttl(std::string(kPrefixes) +
                 "<< :s :p \"o\" >> :source <doc> .\n"
                 ":a :says << _:b :p << :s :p _:c >> >> ; :q 1 .\n"
                 "<<:s :p\n   :o>> :p \"x\" . :z :p :y .\n"
                 "_:c :p << :s a :T >> .\n");
  auto expected = nq(
      "<< <http://ex.org/s> <http://ex.org/p> \"o\" >> <http://ex.org/source> <http://base.org/dir/doc> .\n"
      "<http://ex.org/a> <http://ex.org/says> << _:b <http://ex.org/p> << <http://ex.org/s> <http://ex.org/p> _:c >> >> .\n"
      "<http://ex.org/a> <http://ex.org/q> \"1\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n"
      "<< <http://ex.org/s> <http://ex.org/p> <http://ex.org/o> >> <http://ex.org/p> \"x\" .\n"
      "<http://ex.org/z> <http://ex.org/p> <http://ex.org/y> .\n"
      "_:c <http://ex.org/p> << <http://ex.org/s> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://ex.org/T> >> .\n");
  EXPECT_TRUE(isomorphic(got, expected));
  ASSERT_EQ(got.size(), 6u);
  // The blank node inside the quoted triple is the same node as outside.
  EXPECT_EQ(got[1].object.triple->object.triple->object, got[5].subject);
}

TEST(Turtle, TrigGraphsAndDefaultGraphOption) {
  ParseOptions o;
  o.defaultGraph = Term::iri("http://dg/");
  auto got = parseAll(std::string(kPrefixes) +
                          ":a :b :c .\n:g { :a :b << :s :p :o >> }\nGRAPH _:g { :a :b :d }\n",
                      RdfFormat::kTriG, o);
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0].graph, Term::iri("http://dg/"));
  EXPECT_EQ(got[1].graph, Term::iri("http://ex.org/g"));
  EXPECT_TRUE(got[1].object.isTriple());
  EXPECT_TRUE(got[2].graph.isBlank());
}

TEST(Turtle, EscapesAndUnicode) {
  auto got = ttl(std::string(kPrefixes) +
                 ":s :p \"\\uD83D\\uDE00 \\U0001F600 \xC3\xA9 a\\u0000b\" , <http://ex.org/\\u00E9> .\n");
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].object.value, std::string("\xF0\x9F\x98\x80 \xF0\x9F\x98\x80 \xC3\xA9 a") +
                                     std::string(1, '\0') + "b");
  EXPECT_EQ(got[1].object.value, "http://ex.org/\xC3\xA9");
}

struct TtlBad {
  const char* text;
  uint64_t line, column;
  const char* messagePart;
};
void PrintTo(const TtlBad& c, std::ostream* os) {
  *os << ::testing::PrintToString(std::string(c.text));
}
class TurtleErrors : public ::testing::TestWithParam<TtlBad> {};
TEST_P(TurtleErrors, PositionedMessage) {
  const TtlBad& c = GetParam();
  ParseOptions o;
  o.baseIri = "http://base.org/";
  ErrorInfo e = parseError(c.text, RdfFormat::kTurtle, o);
  EXPECT_EQ(e.line, c.line) << e.what;
  EXPECT_EQ(e.column, c.column) << e.what;
  EXPECT_NE(e.message.find(c.messagePart), std::string::npos) << e.what;
}
INSTANTIATE_TEST_SUITE_P(
    Many, TurtleErrors,
    ::testing::Values(
        TtlBad{"@prefix : <http://ex.org/> .\n:s :p ex:o .\n", 2, 7, "undefined prefix 'ex:'"},
        TtlBad{"@prefix : <http://ex.org/> .\n:s :p :o .\n\n  :s ex:p :o .", 4, 6, "undefined prefix 'ex:'"},
        TtlBad{"<a> <b> \"abc", 1, 13, "string"},
        TtlBad{"<a> <b> <c> <d> .", 1, 13, "'.'"},
        TtlBad{"<a> <b> \"\xC3\xA9\xC3\xA9\" ]", 1, 14, "'.'"},
        TtlBad{"_:x <b> << <s> <p> <o> >> ]", 1, 27, "'.'"},
        TtlBad{"<a> <b> \"\\uD800\" .", 1, 10, "surrogate"},
        TtlBad{"<a> <b> \"\xFF\" .", 1, 10, "invalid UTF-8"},
        TtlBad{"<a> <b> << <s> <p> >> .", 1, 9, "invalid quoted triple"},
        TtlBad{"<a> << <s> <p> <o> >> <c> .", 1, 5, "quoted triple cannot be a predicate"},
        TtlBad{"<a> <b> << \"l\" <p> <o> >> .", 1, 9, "quoted triple"},
        TtlBad{"<a> <b> <c> .\n<< <s> <p> <o> .\n", 2, 1, "unterminated quoted triple"},
        TtlBad{"<a> <b> <c d> .", 1, 12, "invalid IRI character ' '"}));

TEST(Turtle, RelativeIriWithoutBase) {
  ErrorInfo e = parseError("<a> <http://x/p> <http://x/o> .", RdfFormat::kTurtle);
  EXPECT_NE(e.message.find("no base IRI"), std::string::npos) << e.what;
}

TEST(Turtle, SinkExceptionPropagates) {
  struct Stop {};
  EXPECT_THROW(parseRdfString("<http://a/s> <http://a/p> <http://a/o> .", RdfFormat::kTurtle, {},
                              [](Quad&&) { throw Stop{}; }),
               Stop);
}

TEST(Turtle, RelativeIriPositionAndRelativeBase) {
  ErrorInfo e = parseError("<http://x/s> <http://x/p> <http://x/o> .\n<http://x/s> <http://x/p>  <o> .",
                           RdfFormat::kTurtle);
  EXPECT_EQ(e.line, 2u) << e.what;
  EXPECT_EQ(e.column, 28u) << e.what;
  e = parseError("@base <rel/> .\n<http://x/s> <http://x/p> <o> .", RdfFormat::kTurtle);
  EXPECT_EQ(e.line, 1u) << e.what;
  EXPECT_EQ(e.column, 7u) << e.what;
}

TEST(Turtle, LargeDocumentAcrossPages) {
  // Many pages of serd input, quoted triples and labels everywhere: checks the pre-pass
  // hand-over between pages and that errors far into the file keep their line.
  std::string doc = "@prefix : <http://ex.org/> .\n";
  for (int i = 0; i < 20000; ++i) {
    doc += "_:b" + std::to_string(i) + " :p << :s" + std::to_string(i) + " :q \"v\\u00E9\" >> ; :r [ :t " +
           std::to_string(i) + " ] .\n";
  }
  uint64_t n = parseRdfString(doc, RdfFormat::kTurtle, {}, [](Quad&& q) {
    ASSERT_FALSE(q.subject.value.empty() && !q.subject.isTriple());
  });
  EXPECT_EQ(n, 60000u);
  ErrorInfo e = parseError(doc + ":a :b :c :d .\n", RdfFormat::kTurtle);
  EXPECT_EQ(e.line, 20002u) << e.what;
  EXPECT_EQ(e.column, 9u) << e.what;  // serd points at the blank before :d
}

TEST(TurtlePrefixes, DeclarationsReachThePrefixSink) {
  std::map<std::string, std::string> seen;
  ParseOptions options;
  options.baseIri = "http://example.org/base/";
  options.prefixSink = [&](const std::string& name, const std::string& iri) { seen[name] = iri; };
  parseAll("@prefix ex: <http://example.org/> .\nPREFIX rel: <rel/>\nex:a ex:b ex:c .\n", RdfFormat::kTurtle, options);
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen["ex"], "http://example.org/");
  EXPECT_EQ(seen["rel"], "http://example.org/base/rel/");  // resolved against the base
}
