// Turtle-star / TriG-star annotations: `s p o {| q r |}` asserts s p o and gives << s p o >> the
// property q r. Every position the grammar allows (object lists, predicate lists, blank-node
// subjects and objects, collections, nesting, quoted triples, graphs) and the ones it forbids.
#include <gtest/gtest.h>

#include "iso.h"
#include "test_util.h"

using namespace kg;
using namespace kg::ingest;
using namespace kg::ingest::testing;

namespace {
const char* kPrefixes = "@prefix : <http://ex.org/> .\n@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n";

std::vector<Quad> ttl(const std::string& text, RdfFormat f = RdfFormat::kTurtle) {
  ParseOptions o;
  o.baseIri = "http://base.org/dir/doc.ttl";
  return parseAll(std::string(kPrefixes) + text, f, o);
}
std::vector<Quad> nq(const std::string& text) { return parseAll(text, RdfFormat::kNQuads); }

void expectSame(const std::vector<Quad>& got, const std::string& expectedNq) {
  auto expected = nq(expectedNq);
  EXPECT_TRUE(isomorphic(got, expected)) << "got " << got.size() << " quads, expected " << expected.size();
}
}  // namespace

TEST(TurtleAnnotations, AssertsTheTripleAndAnnotatesIt) {
  auto got = ttl(":s :p :o {| :r :z |} .\n");
  ASSERT_EQ(got.size(), 2u);
  expectSame(got,
             "<http://ex.org/s> <http://ex.org/p> <http://ex.org/o> .\n"
             "<< <http://ex.org/s> <http://ex.org/p> <http://ex.org/o> >> <http://ex.org/r> <http://ex.org/z> .\n");
}

TEST(TurtleAnnotations, ObjectAndPredicateLists) {
  auto got = ttl(":a :b :c {| :w 1 |}, :d {| :w 2 ; :v \"x\"@en |}, :e ;\n"
                 "   :f \"lit\"^^xsd:token {| :w 3 |} ;\n"
                 "   a :T {| :w 4 |} .\n");
  expectSame(got,
             "<http://ex.org/a> <http://ex.org/b> <http://ex.org/c> .\n"
             "<< <http://ex.org/a> <http://ex.org/b> <http://ex.org/c> >> <http://ex.org/w> \"1\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n"
             "<http://ex.org/a> <http://ex.org/b> <http://ex.org/d> .\n"
             "<< <http://ex.org/a> <http://ex.org/b> <http://ex.org/d> >> <http://ex.org/w> \"2\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n"
             "<< <http://ex.org/a> <http://ex.org/b> <http://ex.org/d> >> <http://ex.org/v> \"x\"@en .\n"
             "<http://ex.org/a> <http://ex.org/b> <http://ex.org/e> .\n"
             "<http://ex.org/a> <http://ex.org/f> \"lit\"^^<http://www.w3.org/2001/XMLSchema#token> .\n"
             "<< <http://ex.org/a> <http://ex.org/f> \"lit\"^^<http://www.w3.org/2001/XMLSchema#token> >> <http://ex.org/w> \"3\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n"
             "<http://ex.org/a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://ex.org/T> .\n"
             "<< <http://ex.org/a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://ex.org/T> >> <http://ex.org/w> \"4\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n");
}

TEST(TurtleAnnotations, BlankNodesInsideOutsideAndInTheAnnotation) {
  auto got = ttl("[ :p :o {| :q :r |} ] :b [ :x :y ] {| :src [ :graph <g1> ; :date \"2020\" ] |} .\n"
                 "_:k :p _:m {| :q _:k |} .\n");
  expectSame(got,
             "_:s <http://ex.org/p> <http://ex.org/o> .\n"
             "<< _:s <http://ex.org/p> <http://ex.org/o> >> <http://ex.org/q> <http://ex.org/r> .\n"
             "_:s <http://ex.org/b> _:o .\n"
             "_:o <http://ex.org/x> <http://ex.org/y> .\n"
             "<< _:s <http://ex.org/b> _:o >> <http://ex.org/src> _:g .\n"
             "_:g <http://ex.org/graph> <http://base.org/dir/g1> .\n"
             "_:g <http://ex.org/date> \"2020\" .\n"
             "_:k <http://ex.org/p> _:m .\n"
             "<< _:k <http://ex.org/p> _:m >> <http://ex.org/q> _:k .\n");
  // The blank nodes in the quoted triples are the asserted ones.
  ASSERT_EQ(got.size(), 9u);
  for (const Quad& q : got) {
    if (q.subject.isTriple() && q.predicate.value == "http://ex.org/src") {
      bool found = false;
      for (const Quad& r : got) found |= r.predicate.value == "http://ex.org/x" && r.subject == q.subject.triple->object;
      EXPECT_TRUE(found);
    }
  }
}

TEST(TurtleAnnotations, CollectionObjectsAndSubjects) {
  auto got = ttl(":a :b ( 1 [ :x :y ] ( 2 ) ) {| :c :d |} .\n( 3 ) :e :f {| :g :h |} .\n");
  const char* rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
  std::string first = std::string("<") + rdf + "first>", rest = std::string("<") + rdf + "rest>",
              nil = std::string("<") + rdf + "nil>";
  const char* i = "^^<http://www.w3.org/2001/XMLSchema#integer>";
  expectSame(got, "<http://ex.org/a> <http://ex.org/b> _:l1 .\n"
                  "_:l1 " + first + " \"1\"" + i + " .\n_:l1 " + rest + " _:l2 .\n"
                  "_:l2 " + first + " _:bn .\n_:bn <http://ex.org/x> <http://ex.org/y> .\n_:l2 " + rest + " _:l3 .\n"
                  "_:l3 " + first + " _:m1 .\n_:m1 " + first + " \"2\"" + i + " .\n_:m1 " + rest + " " + nil + " .\n"
                  "_:l3 " + rest + " " + nil + " .\n"
                  "<< <http://ex.org/a> <http://ex.org/b> _:l1 >> <http://ex.org/c> <http://ex.org/d> .\n"
                  "_:n1 " + first + " \"3\"" + i + " .\n_:n1 " + rest + " " + nil + " .\n"
                  "_:n1 <http://ex.org/e> <http://ex.org/f> .\n"
                  "<< _:n1 <http://ex.org/e> <http://ex.org/f> >> <http://ex.org/g> <http://ex.org/h> .\n");
}

TEST(TurtleAnnotations, LongCollectionBeforeTheAnnotation) {
  std::string list;
  for (int i = 0; i < 5000; ++i) list += " [ :n " + std::to_string(i) + " ]";
  auto got = ttl(":a :b (" + list + " ) {| :c :d |} .\n");
  ASSERT_EQ(got.size(), 1u + 3u * 5000u + 1u);
  const Quad& last = got.back();
  ASSERT_TRUE(last.subject.isTriple());
  EXPECT_EQ(last.subject.triple->subject, Term::iri("http://ex.org/a"));
  EXPECT_EQ(last.subject.triple->object, got.front().object);
}

TEST(TurtleAnnotations, NestedAnnotations) {
  auto got = ttl(":a :b :c {| :r :s {| :t :u {| :v :w |} |} ; :x :y |} .\n");
  std::string abc = "<< <http://ex.org/a> <http://ex.org/b> <http://ex.org/c> >>";
  std::string rs = "<< " + abc + " <http://ex.org/r> <http://ex.org/s> >>";
  std::string tu = "<< " + rs + " <http://ex.org/t> <http://ex.org/u> >>";
  expectSame(got, "<http://ex.org/a> <http://ex.org/b> <http://ex.org/c> .\n" + abc +
                      " <http://ex.org/r> <http://ex.org/s> .\n" + rs + " <http://ex.org/t> <http://ex.org/u> .\n" +
                      tu + " <http://ex.org/v> <http://ex.org/w> .\n" + abc + " <http://ex.org/x> <http://ex.org/y> .\n");
}

TEST(TurtleAnnotations, QuotedTriplesAroundAnnotations) {
  auto got = ttl(":a :b << :x :y :z >> {| :c << :p :q :r >> |} .\n<< :s :p :o >> :said :t {| :by :u |} .\n");
  std::string xyz = "<< <http://ex.org/x> <http://ex.org/y> <http://ex.org/z> >>";
  std::string spo = "<< <http://ex.org/s> <http://ex.org/p> <http://ex.org/o> >>";
  expectSame(got, "<http://ex.org/a> <http://ex.org/b> " + xyz + " .\n<< <http://ex.org/a> <http://ex.org/b> " + xyz +
                      " >> <http://ex.org/c> << <http://ex.org/p> <http://ex.org/q> <http://ex.org/r> >> .\n" + spo +
                      " <http://ex.org/said> <http://ex.org/t> .\n<< " + spo +
                      " <http://ex.org/said> <http://ex.org/t> >> <http://ex.org/by> <http://ex.org/u> .\n");
}

TEST(TurtleAnnotations, PrefixesBaseCommentsAndLines) {
  auto got = ttl("@base <http://other.org/> .\n<s> :p <o> {| # why\n  <q>\n  :r ; # more\n |} .\n"
                 "@prefix : <http://new.org/> .\n:s :p :o {| :q :r |} .\n");
  expectSame(got,
             "<http://other.org/s> <http://ex.org/p> <http://other.org/o> .\n"
             "<< <http://other.org/s> <http://ex.org/p> <http://other.org/o> >> <http://other.org/q> <http://ex.org/r> .\n"
             "<http://new.org/s> <http://new.org/p> <http://new.org/o> .\n"
             "<< <http://new.org/s> <http://new.org/p> <http://new.org/o> >> <http://new.org/q> <http://new.org/r> .\n");
  // Positions after an annotation still point at the original text.
  ErrorInfo e = parseError(std::string(kPrefixes) + ":s :p :o {| :q :r |} , :t {| :u :v |} ; :w :x :y .\n",
                           RdfFormat::kTurtle);
  EXPECT_EQ(e.line, 3u) << e.what;
  EXPECT_EQ(e.column, 46u) << e.what;
}

TEST(TurtleAnnotations, TrigGraphs) {
  auto got = ttl(":a :b :c {| :d :e |} .\n:g { :a :b :c {| :d :f |} . [ :x :y {| :z 1 |} ] }\n", RdfFormat::kTriG);
  expectSame(got,
             "<http://ex.org/a> <http://ex.org/b> <http://ex.org/c> .\n"
             "<< <http://ex.org/a> <http://ex.org/b> <http://ex.org/c> >> <http://ex.org/d> <http://ex.org/e> .\n"
             "<http://ex.org/a> <http://ex.org/b> <http://ex.org/c> <http://ex.org/g> .\n"
             "<< <http://ex.org/a> <http://ex.org/b> <http://ex.org/c> >> <http://ex.org/d> <http://ex.org/f> <http://ex.org/g> .\n"
             "_:n <http://ex.org/x> <http://ex.org/y> <http://ex.org/g> .\n"
             "<< _:n <http://ex.org/x> <http://ex.org/y> >> <http://ex.org/z> \"1\"^^<http://www.w3.org/2001/XMLSchema#integer> <http://ex.org/g> .\n");
}

TEST(TurtleAnnotations, ManyAnnotationsAcrossPages) {
  std::string doc;
  for (int i = 0; i < 20000; ++i) {
    doc += ":s" + std::to_string(i) + " :p :o {| :n " + std::to_string(i) + " |} .\n";
  }
  auto got = ttl(doc);
  ASSERT_EQ(got.size(), 40000u);
  for (size_t i = 0; i < got.size(); i += 2) {
    ASSERT_TRUE(got[i + 1].subject.isTriple()) << i;
    EXPECT_EQ(got[i + 1].subject.triple->subject, got[i].subject) << i;
    EXPECT_EQ(got[i + 1].object.value, std::to_string(i / 2));
  }
}

struct AnnotationBad {
  const char* text;
  uint64_t line, column;
  const char* messagePart;
};
void PrintTo(const AnnotationBad& c, std::ostream* os) { *os << ::testing::PrintToString(std::string(c.text)); }
class TurtleAnnotationErrors : public ::testing::TestWithParam<AnnotationBad> {};
TEST_P(TurtleAnnotationErrors, PositionedMessage) {
  const AnnotationBad& c = GetParam();
  ErrorInfo e = parseError(std::string("@prefix : <http://ex.org/> .\n") + c.text, RdfFormat::kTriG);
  EXPECT_EQ(e.line, c.line + 1) << e.what;
  EXPECT_EQ(e.column, c.column) << e.what;
  EXPECT_NE(e.message.find(c.messagePart), std::string::npos) << e.what;
}
INSTANTIATE_TEST_SUITE_P(
    Many, TurtleAnnotationErrors,
    ::testing::Values(
        AnnotationBad{":s :p :o {|  |} .", 1, 10, "empty annotation"},
        AnnotationBad{":s :p :o {| # nothing\n |} .", 1, 10, "empty annotation"},
        AnnotationBad{":a :b :c {| :s :p :o |} .", 1, 18, ""},
        AnnotationBad{":a :b << :c :d :e {| :f :g |} >> .", 1, 19, "cannot be inside a quoted triple"},
        AnnotationBad{":a {| :b :c |} :d :e .", 1, 4, "must follow the object of a triple"},
        AnnotationBad{":a :b ( :c {| :d :e |} ) .", 1, 12, "must follow the object of a triple"},
        AnnotationBad{":x :b \"\xC3\xA9\" . :a {| :b :c |} :d :e .", 1, 16, "must follow the object"},
        AnnotationBad{":a :b :c {| :d :e |} {| :f :g |} .", 1, 22, "at most one annotation"},
        AnnotationBad{":a :b :c {| :d :e .\n:x :y :z .\n", 1, 19, "'.' inside the annotation {| opened at line 2, column 10: '|}' is missing"},
        AnnotationBad{":a :b :c {| :d :e", 1, 10, "unterminated annotation"},
        AnnotationBad{":a :b :c {| :d 1.5, .5, :e.f |} .\n:a :b :c {| :d [ :e :f . ] |}", 2, 24, "'.' inside the annotation"},
        AnnotationBad{":a :b :c |} .", 1, 10, "without an annotation"},
        AnnotationBad{":a :b :c {| :d << :e :f |} >> .", 1, 16, "unterminated quoted triple"},
        AnnotationBad{":g { :a :b :c {| :d :e } |} .", 1, 24, "'}' inside the annotation"}));

TEST(TurtleAnnotations, NestingCountsTowardsTheLimit) {
  std::string open, close;
  for (size_t i = 0; i < kMaxRdfNesting + 1; ++i) {
    open += ":p :o {| ";
    close += " |}";
  }
  ErrorInfo e = parseError(std::string(kPrefixes) + ":a :b :c {| " + open + close + " |} .", RdfFormat::kTurtle);
  EXPECT_NE(e.message.find("nested too deeply"), std::string::npos) << e.what;
}
