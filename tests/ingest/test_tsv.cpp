#include <gtest/gtest.h>

#include "test_util.h"

using namespace kg;
using namespace kg::ingest;
using namespace kg::ingest::testing;

namespace {
std::vector<Quad> tsv(const std::string& text, ParseOptions o = {}) {
  return parseAll(text, RdfFormat::kTsv, o);
}
const std::string kKg(vocab::kKg);
const std::string kXsd(vocab::kXsd);
}  // namespace

TEST(Tsv, BareWordsNumbersAndBooleans) {
  auto q = tsv(
      "# a comment\n"
      "\n"
      "Barack Obama\tborn in\tHonolulu, Hawaii\n"
      "Obama\tage\t61\n"
      "Obama\theight\t1.87\n"
      "Obama\tmass\t-8.5e1\n"
      "Obama\tactive\tfalse\r\n"
      "100% sure\tx#y\t1.\n"
      "42\tp\t+7\n");
  ASSERT_EQ(q.size(), 7u);
  EXPECT_EQ(q[0].subject, Term::iri(kKg + "Barack_Obama"));
  EXPECT_EQ(q[0].predicate, Term::iri(kKg + "born_in"));
  EXPECT_EQ(q[0].object, Term::literal("Honolulu, Hawaii"));
  EXPECT_EQ(q[1].object, Term::literal("61", kXsd + "integer"));
  EXPECT_EQ(q[2].object, Term::literal("1.87", kXsd + "decimal"));
  EXPECT_EQ(q[3].object, Term::literal("-8.5e1", kXsd + "double"));
  EXPECT_EQ(q[4].object, Term::literal("false", kXsd + "boolean"));
  EXPECT_EQ(q[5].subject, Term::iri(kKg + "100%25_sure"));
  EXPECT_EQ(q[5].predicate, Term::iri(kKg + "x%23y"));
  EXPECT_EQ(q[5].object, Term::literal("1."));
  EXPECT_EQ(q[6].subject, Term::iri(kKg + "42"));
  EXPECT_EQ(q[6].object, Term::literal("+7", kXsd + "integer"));
  EXPECT_TRUE(q[0].inDefaultGraph());
}

TEST(Tsv, TermsPrefixesAndIris) {
  ParseOptions o;
  o.baseIri = "http://base.org/";
  o.defaultGraph = Term::iri("http://g/");
  auto q = tsv(
      "@prefix ex: <http://ex.org/> .\n"
      "PREFIX foo: <http://foo.org/>\n"
      "ex:a\trdf:type\towl:Class\n"
      "<rel>\tfoo:p\t\"x\\ty\"@en\n"
      "_:b1\tex:p\t\"5\"^^xsd:int\n"
      "_:b1\tex:p\t\"6\"^^<http://ex.org/dt>\n"
      "https://w.org/x\tex:p\thttp://w.org/y\n"
      "<< <http://a/s> <http://a/p> \"o\" >>\tkg:says\t<< _:b1 <http://a/p> <http://a/o> >>\n"
      "base camp\tex:p\tNote: text\n"
      "  ex:a \t ex:p \t  padded  \n",
      o);
  ASSERT_EQ(q.size(), 8u);
  EXPECT_EQ(q[0].subject, Term::iri("http://ex.org/a"));
  EXPECT_EQ(q[0].predicate, Term::iri(std::string(vocab::kRdf) + "type"));
  EXPECT_EQ(q[0].object, Term::iri(std::string(vocab::kOwl) + "Class"));
  EXPECT_EQ(q[1].subject, Term::iri("http://base.org/rel"));
  EXPECT_EQ(q[1].predicate, Term::iri("http://foo.org/p"));
  EXPECT_EQ(q[1].object, Term::literal("x\ty", "", "en"));
  EXPECT_EQ(q[2].subject, Term::blank("b1"));
  EXPECT_EQ(q[2].object, Term::literal("5", kXsd + "int"));
  EXPECT_EQ(q[3].object, Term::literal("6", "http://ex.org/dt"));
  EXPECT_EQ(q[4].subject, Term::iri("https://w.org/x"));
  EXPECT_EQ(q[4].object, Term::iri("http://w.org/y"));
  EXPECT_TRUE(q[5].subject.isTriple());
  EXPECT_TRUE(q[5].object.isTriple());
  EXPECT_EQ(q[6].subject, Term::iri(kKg + "base_camp"));
  EXPECT_EQ(q[6].object, Term::literal("Note: text"));
  EXPECT_EQ(q[7].object, Term::literal("padded"));
  EXPECT_EQ(q[7].graph, Term::iri("http://g/"));
}

TEST(Tsv, QuotedTripleWithPrefixedNamesIsAnError) {
  // Inside << >> terms use N-Triples syntax.
  ErrorInfo e = parseError("<< ex:a ex:b ex:c >>\tex:p\tx\n", RdfFormat::kTsv);
  EXPECT_EQ(e.line, 1u);
  EXPECT_EQ(e.column, 4u);
}

struct TsvBad {
  const char* text;
  uint64_t line, column;
  const char* messagePart;
};
void PrintTo(const TsvBad& c, std::ostream* os) {
  *os << ::testing::PrintToString(std::string(c.text));
}
class TsvErrors : public ::testing::TestWithParam<TsvBad> {};
TEST_P(TsvErrors, PositionedMessage) {
  const TsvBad& c = GetParam();
  ErrorInfo e = parseError(c.text, RdfFormat::kTsv);
  EXPECT_EQ(e.line, c.line) << e.what;
  EXPECT_EQ(e.column, c.column) << e.what;
  EXPECT_NE(e.message.find(c.messagePart), std::string::npos) << e.what;
}
INSTANTIATE_TEST_SUITE_P(
    Many, TsvErrors,
    ::testing::Values(
        TsvBad{"a\tb\n", 1, 4, "expected a tab and the object"},
        TsvBad{"a b c\n", 1, 6, "expected a tab and the predicate"},
        TsvBad{"# c\na\tb\tc\td\n", 2, 6, "too many cells"},
        TsvBad{"a\t\tc\n", 1, 3, "empty predicate cell"},
        TsvBad{"\"lit\"\tb\tc\n", 1, 1, "literal cannot be a subject"},
        TsvBad{"a\t_:p\tc\n", 1, 3, "blank node cannot be a predicate"},
        TsvBad{"a\tb\t\"unterminated\n", 1, 5, "unterminated string"},
        TsvBad{"a\tb\t<http://x/ y>\n", 1, 15, "invalid IRI character ' '"},
        TsvBad{"a\tb\t\"x\" trailing\n", 1, 9, "after the object"},
        TsvBad{"a\tb\t\"x\"^^nope:dt\n", 1, 10, "datatype IRI"},
        TsvBad{"@prefix ex <http://x/> .\n", 1, 11, "expected ':'"},
        TsvBad{"@prefix ex: <http://x/>\n", 1, 24, "expected '.'"},
        TsvBad{"@foo\n", 1, 1, "unknown directive"},
        TsvBad{"a\tb\t<rel>\n", 1, 5, "relative IRI"}));
