// Mutated documents: every parser must either succeed or throw ParseError (never crash,
// hang, or throw anything else). Deterministic seed; run under KG_SANITIZE for full value.
#include <gtest/gtest.h>

#include <cstdlib>
#include <random>

#include "test_util.h"

using namespace kg;
using namespace kg::ingest;

namespace {

const char* kDocs[] = {
    "<http://a/s> <http://a/p> \"x\\u00E9\\n\"@en-GB <http://a/g> .\n"
    "_:b1 <http://a/p> << <http://a/s> <http://a/p> \"1\"^^<http://a/dt> >> .\n"
    "<< _:x <http://a/p> << <http://a/s> <http://a/p> _:y >> >> <http://a/q> _:z _:g . # c\n",
    "@prefix : <http://ex.org/> .\n@base <http://b/> .\n"
    ":s :p :o , \"\"\"long\n\"string\"\"\" , 'x'@fr , 1.5e3 ; a <C> .\n"
    "[ :q ( 1 2 [ :r _:b1 ] ) ] :p << :s :p \"o\" >> .\n"
    ":g { :a :b \"c\\uD83D\\uDE00\" } GRAPH :h { _:b1 :p :q }\n",
    "@prefix ex: <http://ex.org/> .\n# comment\nex:a\tex:b\t\"lit\"@en\nBarack Obama\tborn in\t1961\n"
    "<< <http://a/s> <http://a/p> \"o\" >>\tkg:p\t_:b\n",
};

void mutate(std::string& s, std::mt19937& rng) {
  static const char kBytes[] = "<>\"'\\:._@^#{}[]()\t\n\r ,;<<>>uU0aZ\xC3\xA9\xFF\xED";
  int edits = 1 + static_cast<int>(rng() % 4);
  for (int i = 0; i < edits && !s.empty(); ++i) {
    size_t pos = rng() % s.size();
    switch (rng() % 3) {
      case 0: s[pos] = kBytes[rng() % (sizeof kBytes - 1)]; break;
      case 1: s.erase(pos, 1 + rng() % 3); break;
      default: s.insert(pos, 1, kBytes[rng() % (sizeof kBytes - 1)]); break;
    }
  }
}

}  // namespace

TEST(Robustness, MutatedInputsFailCleanly) {
  std::mt19937 rng(12345);
  if (const char* env = std::getenv("KG_INGEST_FUZZ_SEED")) rng.seed(std::atoi(env));
  const RdfFormat formats[] = {RdfFormat::kNQuads, RdfFormat::kNTriples, RdfFormat::kTurtle,
                               RdfFormat::kTriG, RdfFormat::kTsv};
  int ok = 0, errors = 0;
  int iterations = 3000;  // KG_INGEST_FUZZ_ITERATIONS=N runs more
  if (const char* env = std::getenv("KG_INGEST_FUZZ_ITERATIONS")) iterations = std::atoi(env);
  for (int iter = 0; iter < iterations; ++iter) {
    std::string doc = kDocs[iter % 3];
    mutate(doc, rng);
    for (RdfFormat f : formats) {
      ParseOptions o;
      o.baseIri = "http://base/";
      try {
        parseRdfString(doc, f, o, [](Quad&& q) {
          ASSERT_FALSE(q.predicate.value.empty());
        });
        ++ok;
      } catch (const ParseError& e) {
        ASSERT_GT(e.line, 0u);
        ASSERT_GT(e.column, 0u);
        ++errors;
      } catch (const std::exception& e) {
        FAIL() << "unexpected exception " << e.what() << " for format " << formatName(f)
               << " on:\n" << doc;
      }
    }
  }
  EXPECT_GT(ok, 0);
  EXPECT_GT(errors, 0);
}

namespace {

// Parses text and returns the error it raises ("" when it parses).
std::string parseError(const std::string& text, RdfFormat format, uint64_t* statements = nullptr) {
  ParseOptions o;
  o.baseIri = "http://base/";
  uint64_t n = 0;
  try {
    n = parseRdfString(text, format, o, [](Quad&&) {});
  } catch (const ParseError& e) {
    return e.what();
  }
  if (statements) *statements = n;
  return "";
}

std::string repeat(const std::string& piece, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) out += piece;
  return out;
}

}  // namespace

// Thousands of nested `[ :p [ :p ...` or `( ( ...` crashed the recursive parser underneath
// (a stack overflow); past kMaxRdfNesting they are a ParseError naming the limit and where.
TEST(Robustness, DeepTurtleNestingIsRefusedWithTheLimit) {
  const std::string head = "@prefix : <http://e/> .\n:s :p ";
  for (int depth : {kMaxRdfNesting + 1, 5000, 100000}) {
    for (RdfFormat f : {RdfFormat::kTurtle, RdfFormat::kTriG}) {
      std::string bnodes = head + repeat("[ :p ", depth) + ":o" + repeat(" ]", depth) + " .\n";
      std::string lists = head + repeat("( ", depth) + ":o" + repeat(" )", depth) + " .\n";
      std::string quoted = head + repeat("<< :a :b ", depth) + ":o" + repeat(" >>", depth) + " .\n";
      for (const std::string* doc : {&bnodes, &lists, &quoted}) {
        std::string e = parseError(*doc, f);
        EXPECT_NE(e.find("nested too deeply (more than " + std::to_string(kMaxRdfNesting) + " levels"),
                  std::string::npos)
            << e;
        // The error points at the bracket that went one level too deep (line 2).
        EXPECT_EQ(e.rfind("<string>:2:", 0), 0u) << e;
      }
    }
  }
}

TEST(Robustness, NestingUpToTheLimitParses) {
  const std::string head = "@prefix : <http://e/> .\n:s :p ";
  const int depth = kMaxRdfNesting;
  uint64_t n = 0;
  EXPECT_EQ(parseError(head + repeat("[ :p ", depth) + ":o" + repeat(" ]", depth) + " .\n",
                       RdfFormat::kTurtle, &n), "");
  EXPECT_EQ(n, uint64_t(depth) + 1);
  EXPECT_EQ(parseError(head + repeat("( ", depth) + ":o" + repeat(" )", depth) + " .\n",
                       RdfFormat::kTurtle, &n), "");
  EXPECT_EQ(n, 2 * uint64_t(depth) + 1);  // rdf:first/rdf:rest per level, and :s :p
  // Brackets that close in between do not add up: depth counts open ones only.
  EXPECT_EQ(parseError(head + repeat("[ :p :o ] , ", 5000) + ":o .\n", RdfFormat::kTurtle, &n), "");
  // Brackets inside strings, IRIs and comments are not nesting.
  EXPECT_EQ(parseError(head + "\"" + repeat("[(", 5000) + "\" . # " + repeat("[", 5000) + "\n",
                       RdfFormat::kTurtle, &n), "");
}

TEST(Robustness, DeepQuotedTriplesInNTriplesAreRefusedWithTheLimit) {
  const int depth = kMaxRdfNesting + 1;
  std::string doc = repeat("<< <http://a/s> <http://a/p> ", depth) + "<http://a/o>" +
                    repeat(" >>", depth) + " <http://a/p> <http://a/o> .\n";
  for (RdfFormat f : {RdfFormat::kNTriples, RdfFormat::kNQuads}) {
    std::string e = parseError(doc, f);
    EXPECT_NE(e.find("quoted triples are nested too deeply (more than " +
                     std::to_string(kMaxRdfNesting) + " levels"),
              std::string::npos)
        << e;
  }
}

// Quoted triples reach serd as placeholder IRIs: an IRI of the input that looks like one stays
// an IRI (it used to be taken for a quoted triple, or, past the digits, to end kg with an
// uncaught std::stoul exception).
TEST(Robustness, IrisLikeQuotedTriplePlaceholdersStayIris) {
  const std::string text =
      "<http://e/s> <http://e/p> <urn:x-kg-qt:0> .\n"
      "<< <http://e/a> <http://e/b> <http://e/c> >> <http://e/p> <urn:x-kg-qt:0> .\n"
      "<http://e/s> <http://e/p> <urn:x-kg-qt:le/o> .\n";
  for (RdfFormat format : {RdfFormat::kTurtle, RdfFormat::kTriG}) {
    std::vector<Quad> quads = kg::ingest::testing::parseAll(text, format);
    ASSERT_EQ(quads.size(), 3u);
    EXPECT_EQ(quads[0].object.kind, TermKind::kIri);
    EXPECT_EQ(quads[0].object.value, "urn:x-kg-qt:0");
    EXPECT_TRUE(quads[1].subject.isTriple());
    EXPECT_EQ(quads[1].object.value, "urn:x-kg-qt:0");
    EXPECT_EQ(quads[2].object.value, "urn:x-kg-qt:le/o");
  }
}
