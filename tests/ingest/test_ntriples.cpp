#include <gtest/gtest.h>

#include "test_util.h"

using namespace kg;
using namespace kg::ingest;
using namespace kg::ingest::testing;

namespace {

const std::string kS = "<http://ex.org/s>";
const std::string kP = "<http://ex.org/p>";

Term parseObject(const std::string& object) {
  auto quads = parseAll(kS + " " + kP + " " + object + " .\n", RdfFormat::kNTriples);
  EXPECT_EQ(quads.size(), 1u);
  return quads.empty() ? Term() : quads[0].object;
}

}  // namespace

TEST(NTriples, BasicTriple) {
  auto q = parseAll("<http://a/s> <http://a/p> <http://a/o> .\n", RdfFormat::kNTriples);
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].subject, Term::iri("http://a/s"));
  EXPECT_EQ(q[0].predicate, Term::iri("http://a/p"));
  EXPECT_EQ(q[0].object, Term::iri("http://a/o"));
  EXPECT_TRUE(q[0].inDefaultGraph());
}

TEST(NTriples, MinimalWhitespaceCommentsAndLineEnds) {
  auto q = parseAll(
      "# leading comment\n"
      "<http://a/s><http://a/p><http://a/o>.# trailing\r\n"
      "\n   \t\n"
      "_:b1 <http://a/p> \"x\" .\r"
      "_:b1 <http://a/p> \"y\"@en-GB . \n"
      "<http://a/s> <http://a/p> \"1\"^^<http://www.w3.org/2001/XMLSchema#integer>.",
      RdfFormat::kNTriples);
  ASSERT_EQ(q.size(), 4u);
  EXPECT_EQ(q[1].subject, Term::blank("b1"));
  EXPECT_EQ(q[1].object, Term::literal("x"));
  EXPECT_EQ(q[2].object, Term::literal("y", "", "en-GB"));
  EXPECT_EQ(q[3].object, Term::literal("1", std::string(vocab::kXsdInteger)));
}

TEST(NTriples, StringEscapes) {
  EXPECT_EQ(parseObject(R"("a\tb\bc\nd\re\ff\"g\'h\\i")").value,
            "a\tb\bc\nd\re\ff\"g'h\\i");
  EXPECT_EQ(parseObject(R"("\u00E9\U0001F600\u0000")").value,
            std::string("\xC3\xA9\xF0\x9F\x98\x80") + std::string(1, '\0'));
  // A surrogate pair written as two \u escapes is one character.
  EXPECT_EQ(parseObject(R"("\uD83D\uDE00")").value, "\xF0\x9F\x98\x80");
  // Raw UTF-8 passes through.
  EXPECT_EQ(parseObject("\"h\xC3\xA9llo \xE2\x82\xAC\"").value, "h\xC3\xA9llo \xE2\x82\xAC");
}

TEST(NTriples, IriEscapesAndUnicode) {
  auto q = parseAll("<http://a/\\u00E9x> <http://a/p> <http://a/\xE2\x82\xAC\\U0001F600> .",
                    RdfFormat::kNTriples);
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].subject.value, "http://a/\xC3\xA9x");
  EXPECT_EQ(q[0].object.value, "http://a/\xE2\x82\xAC\xF0\x9F\x98\x80");
}

TEST(NTriples, BlankNodeLabels) {
  auto q = parseAll("_:a.b-c_d <http://a/p> _:0x.\n_:\xC3\xA9t\xC3\xA9 <http://a/p> _:x\xC2\xB7y .",
                    RdfFormat::kNTriples);
  ASSERT_EQ(q.size(), 2u);
  EXPECT_EQ(q[0].subject.value, "a.b-c_d");
  EXPECT_EQ(q[0].object.value, "0x");  // the final '.' ends the triple
  EXPECT_EQ(q[1].subject.value, "\xC3\xA9t\xC3\xA9");
  EXPECT_EQ(q[1].object.value, "x\xC2\xB7y");
}

TEST(NTriples, QuotedTriples) {
  auto q = parseAll(
      "<< <http://a/s> <http://a/p> \"o\" >> <http://a/source> <http://a/doc1> .\n"
      "<http://a/x> <http://a/says> <<_:b <http://a/p> << <http://a/s> <http://a/p> _:c >>>> .\n"
      "<<<http://a/s><http://a/p><http://a/o>>><http://a/p>\"1\".\n",
      RdfFormat::kNTriples);
  ASSERT_EQ(q.size(), 3u);
  ASSERT_TRUE(q[0].subject.isTriple());
  EXPECT_EQ(q[0].subject,
            Term::quoted(Term::iri("http://a/s"), Term::iri("http://a/p"), Term::literal("o")));
  ASSERT_TRUE(q[1].object.isTriple());
  const Term& inner = q[1].object.triple->object;
  ASSERT_TRUE(inner.isTriple());
  EXPECT_EQ(inner.triple->object, Term::blank("c"));
  EXPECT_EQ(q[1].object.triple->subject, Term::blank("b"));
  EXPECT_TRUE(q[2].subject.isTriple());
}

TEST(NQuads, GraphsAndDefaultGraphOption) {
  std::string doc =
      "<http://a/s> <http://a/p> <http://a/o> <http://a/g> .\n"
      "<http://a/s> <http://a/p> <http://a/o> _:g .\n"
      "<http://a/s> <http://a/p> \"x\"@en .\n";
  auto q = parseAll(doc, RdfFormat::kNQuads);
  ASSERT_EQ(q.size(), 3u);
  EXPECT_EQ(q[0].graph, Term::iri("http://a/g"));
  EXPECT_EQ(q[1].graph, Term::blank("g"));
  EXPECT_TRUE(q[2].inDefaultGraph());
  ParseOptions opt;
  opt.defaultGraph = Term::iri("http://a/dg");
  q = parseAll(doc, RdfFormat::kNQuads, opt);
  EXPECT_EQ(q[0].graph, Term::iri("http://a/g"));
  EXPECT_EQ(q[2].graph, Term::iri("http://a/dg"));
  q = parseAll("<http://a/s> <http://a/p> <http://a/o> .", RdfFormat::kNTriples, opt);
  EXPECT_EQ(q[0].graph, Term::iri("http://a/dg"));
}

TEST(NTriples, SinkMayMoveOrKeep) {
  // The parser reuses its Quad; a sink that moves out and one that only reads both see
  // correct values.
  std::string doc = "<http://a/s> <http://a/p> \"x\"@en .\n<http://a/s2> <http://a/p> <http://a/o> .\n";
  std::vector<Quad> kept;
  parseRdfString(doc, RdfFormat::kNTriples, {}, [&](Quad&& q) { kept.push_back(q); });
  ASSERT_EQ(kept.size(), 2u);
  EXPECT_EQ(kept[1].object, Term::iri("http://a/o"));
  EXPECT_TRUE(kept[1].object.language.empty());
}

struct BadCase {
  const char* text;
  uint64_t line, column;
  const char* messagePart;
};
void PrintTo(const BadCase& c, std::ostream* os) {
  *os << ::testing::PrintToString(std::string(c.text));
}

class NTriplesErrors : public ::testing::TestWithParam<BadCase> {};

TEST_P(NTriplesErrors, PositionedMessage) {
  const BadCase& c = GetParam();
  ErrorInfo e = parseError(c.text, RdfFormat::kNQuads);
  EXPECT_EQ(e.line, c.line) << e.what;
  EXPECT_EQ(e.column, c.column) << e.what;
  EXPECT_NE(e.message.find(c.messagePart), std::string::npos) << e.what;
  EXPECT_EQ(e.what.rfind("t:", 0), 0u) << e.what;
}

INSTANTIATE_TEST_SUITE_P(
    Many, NTriplesErrors,
    ::testing::Values(
        BadCase{"<http://a/s> <http://a/p> <http://a/o>\n", 1, 39, "expected '.' at end of quad"},
        BadCase{"\n\n<http://a/s> <http://a/p> \"abc .\n", 3, 27, "unterminated string"},
        BadCase{"<http://a/ s> <http://a/p> <http://a/o> .", 1, 11, "invalid IRI character ' '"},
        BadCase{"<s> <http://a/p> <http://a/o> .", 1, 1, "relative IRI"},
        BadCase{"<http://a/s> <http://a/p> \"a\\zb\" .", 1, 29, "invalid escape sequence '\\z'"},
        BadCase{"<http://a/s> <http://a/p> \"\\u00ZZ\" .", 1, 28, "4 hexadecimal digits"},
        BadCase{"<http://a/s> <http://a/p> \"\\uD800\" .", 1, 28, "unpaired UTF-16 surrogate"},
        BadCase{"<http://a/s> <http://a/p> \"\\uDC00\\uD800\" .", 1, 28, "surrogate"},
        BadCase{"<http://a/s> <http://a/p> \"\\U00110000\" .", 1, 28, "beyond U+10FFFF"},
        BadCase{"<http://a/s> <http://a/p> \"x\xC3\" .", 1, 29, "invalid UTF-8"},
        BadCase{"<http://a/s> <http://a/p> \"x\xC0\xAF\" .", 1, 29, "invalid UTF-8"},
        BadCase{"<http://a/s> <http://a/p> \"x\xED\xA0\x80\" .", 1, 29, "invalid UTF-8"},
        BadCase{"<http://\xE2\x82\xAC/s> <http://a/p> \"x\"  \xFF", 1, 32, "found byte 0xFF"},
        BadCase{"<http://\xE2\x82\xAC/s> <http://a/p> \"x\" .  x", 1, 34, "after '.'"},
        BadCase{"<http://a/s> <http://a/p> \"x\"@1 .", 1, 30, "invalid language tag"},
        BadCase{"<http://a/s> <http://a/p> 1 .", 1, 27, "bare numbers"},
        BadCase{"<http://a/s> <http://a/p> .", 1, 27, "the object is missing"},
        BadCase{"<http://a/s> <http://a/p> .5 .", 1, 27, "bare numbers"},
        BadCase{"_::a <http://a/p> <http://a/o> .", 1, 3, "invalid blank node label"},
        BadCase{"_:abc:def <http://a/p> <http://a/o> .", 1, 6, "':'"},
        BadCase{"_: <http://a/p> <http://a/o> .", 1, 1, "empty blank node label"},
        BadCase{"@prefix : <http://a/> .", 1, 1, "directives"},
        BadCase{"<http://a/s> _:p <http://a/o> .", 1, 14, "blank node cannot be a predicate"},
        BadCase{"\"s\" <http://a/p> <http://a/o> .", 1, 1, "literal cannot be a subject"},
        BadCase{"<http://a/s> <http://a/p> <http://a/o>, <http://a/o2> .", 1, 39, "expected '.'"},
        BadCase{"<http://a/s> <http://a/p> <http://a/o> <http://a/g> <http://a/x> .", 1, 53,
                "at most four terms"},
        BadCase{"<http://a/s> <http://a/p> <http://a/o> \"g\" .", 1, 40, "literal cannot be a graph"},
        BadCase{"<http://a/s> <http://a/p> '''abc''' .", 1, 27, "double quotes"},
        BadCase{"<http://a/s> <http://a/p>", 1, 26, "expected object, found end of line"},
        BadCase{"<http://a/s> <http://a/p> <http://a/o", 1, 27, "unterminated IRI"},
        BadCase{"<http://a/\\n> <http://a/p> <http://a/o> .", 1, 11, "invalid escape in IRI"},
        BadCase{"<< <http://a/s> <http://a/p> <http://a/o> <http://a/p> <http://a/o> .", 1, 43,
                "expected '>>'"},
        BadCase{"<< <http://a/s> <http://a/p> <http://a/o> .", 1, 43, "expected '>>'"},
        BadCase{"<http://a/s> <http://a/p> \"x\"^<http://a/d> .", 1, 30, "'^^'"},
        BadCase{"<http://a/s> << <http://a/s> <http://a/p> <http://a/o> >> <http://a/o> .", 1, 14,
                "quoted triple cannot be a predicate"},
        BadCase{"<http://\xC3\xA9/s> <http://a/p> \"\xC3\xA9\xC3\xA9\\q\" .", 1, 30,
                "invalid escape"}));

TEST(NTriples, FourthTermRejectedInNTriples) {
  ErrorInfo e = parseError("<http://a/s> <http://a/p> <http://a/o> <http://a/g> .", RdfFormat::kNTriples);
  EXPECT_EQ(e.column, 40u);
  EXPECT_NE(e.message.find("only allowed in N-Quads"), std::string::npos) << e.what;
}

TEST(NTriples, ErrorLineCountsAcrossChunks) {
  // Many lines so the parser crosses its 1 MiB chunk boundary before the error.
  std::string doc;
  const std::string line = "<http://example.org/subject> <http://example.org/predicate> \"some literal text\" .\n";
  size_t n = (3u << 20) / line.size();
  for (size_t i = 0; i < n; ++i) doc += line;
  doc += "<http://a/s> <http://a/p> oops .\n";
  ErrorInfo e = parseError(doc, RdfFormat::kNTriples);
  EXPECT_EQ(e.line, n + 1);
  EXPECT_EQ(e.column, 27u);
  uint64_t count = parseRdfString(doc.substr(0, doc.size() - 33), RdfFormat::kNTriples, {}, [](Quad&&) {});
  EXPECT_EQ(count, n);
}

TEST(NTriples, EmptyInputAndByteOrderMark) {
  EXPECT_TRUE(parseAll("", RdfFormat::kNTriples).empty());
  EXPECT_TRUE(parseAll("# only a comment", RdfFormat::kNTriples).empty());
  EXPECT_EQ(parseAll("\xEF\xBB\xBF<http://a/s> <http://a/p> <http://a/o> .", RdfFormat::kNTriples).size(), 1u);
}
