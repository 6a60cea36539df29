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
