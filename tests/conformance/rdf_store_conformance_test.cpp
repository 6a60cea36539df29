// The W3C N-Triples, N-Quads, Turtle and TriG suites run through the store: every positive
// test loads, and where an expected result exists the store's dump is isomorphic to it; every
// negative test is rejected with a positioned message and leaves the store as it was.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "../common/isomorphism.h"
#include "../common/suite_index.h"
#include "api/database_state.h"
#include "ingest/ingest.h"
#include "kg/database.h"
#include "storage/transaction.h"

namespace kg {
namespace {

namespace fs = std::filesystem;

std::vector<Quad> parseNQuads(const std::string& text) {
  std::vector<Quad> out;
  ingest::ParseOptions options;
  options.fileName = "<dump>";
  ingest::parseRdfString(text, ingest::RdfFormat::kNQuads, options,
                         [&](Quad&& q) { out.push_back(std::move(q)); });
  return out;
}

std::vector<Quad> parseFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return parseNQuads(ss.str());
}

void clearStore(Database& db) {
  storage::Store& store = *db.state().store;
  storage::Transaction tx(store);
  auto stream = tx.open(storage::QuadIds{{storage::kAny, storage::kAny, storage::kAny, storage::kAny}},
                        storage::IndexOrder::kGSPO);
  std::vector<storage::QuadIds> all;
  storage::QuadIds q;
  while (stream->next(&q)) all.push_back(q);
  stream.reset();
  for (const auto& quad : all) tx.erase(quad);
  tx.commit();
}

std::string dumpOf(const Database& db) {
  std::ostringstream out;
  db.dump(out);
  return out.str();
}

struct SuiteResult {
  int passed = 0, total = 0;
  std::vector<std::string> failures;
};

SuiteResult runSuite(const std::string& suite, const std::string& format) {
  SuiteResult result;
  std::string kit = testing::conformanceDir();
  fs::path dir = fs::temp_directory_path() / ("kg-rdf-conf-" + suite + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  auto db = Database::open(dir.string());
  const std::string sentinel = "<http://kg.test/sentinel> <http://kg.test/p> \"unchanged\" .\n";
  for (const auto& test : testing::readIndex(kit + "/index/" + suite + ".tsv")) {
    ++result.total;
    std::string action = kit + "/" + test.action;
    LoadOptions options;
    options.format = format;
    options.baseIri = testing::testIri(test.action);
    bool negative = test.type.find("Negative") != std::string::npos;
    bool eval = test.type.find("Eval") != std::string::npos;
    std::string failure;
    try {
      if (negative) {
        LoadOptions nt;
        nt.format = "nq";
        db->loadString(sentinel, nt);
        std::string before = dumpOf(*db);
        try {
          db->load(action, options);
          failure = "accepted invalid input";
        } catch (const PositionedError& e) {
          if (e.line() == 0 || e.message().empty()) failure = "error without position: " + std::string(e.what());
        } catch (const Error& e) {
          failure = std::string("error of the wrong kind: ") + e.what();
        }
        if (failure.empty() && dumpOf(*db) != before) failure = "store changed by a failed load";
      } else {
        db->load(action, options);
        if (eval && !test.result.empty()) {
          auto got = parseNQuads(dumpOf(*db));
          auto want = parseFile(kit + "/" + test.result);
          if (!testing::isomorphic(testing::quadsToRows(got), testing::quadsToRows(want))) {
            failure = "dump differs from " + test.result + " (" + std::to_string(got.size()) +
                      " vs " + std::to_string(want.size()) + " statements)";
          }
        }
      }
    } catch (const std::exception& e) {
      failure = std::string("error: ") + e.what();
    }
    clearStore(*db);
    if (failure.empty()) {
      ++result.passed;
    } else {
      result.failures.push_back(test.id + ": " + failure);
    }
  }
  db.reset();
  fs::remove_all(dir);
  return result;
}

void check(const std::string& suite, const std::string& format, int minimumPassed) {
  if (!testing::sharedAvailable()) KG_SKIP_WITHOUT_SHARED(testing::kSharedMissing);
  SuiteResult r = runSuite(suite, format);
  std::cout << "[conformance] " << suite << ": " << r.passed << "/" << r.total << " passed\n";
  for (const auto& f : r.failures) std::cout << "[conformance]   FAIL " << f << "\n";
  ASSERT_GT(r.total, 0);
  EXPECT_GE(r.passed * 100.0 / r.total, 98.0);
  EXPECT_GE(r.passed, minimumPassed) << "a test that passed before fails now";
}

TEST(RdfStoreConformance, NTriples) { check("rdf-n-triples", "nt", 70); }
TEST(RdfStoreConformance, NQuads) { check("rdf-n-quads", "nq", 87); }
TEST(RdfStoreConformance, Turtle) { check("rdf-turtle", "ttl", 313); }
TEST(RdfStoreConformance, TriG) { check("rdf-trig", "trig", 356); }

}  // namespace
}  // namespace kg

namespace kg {
namespace {

// The comparison the suites rely on must tell graphs apart.
TEST(IsomorphismCheck, MatchesUpToBlankRenamingOnly) {
  using testing::Row;
  Term p = Term::iri("http://p"), a = Term::iri("http://a");
  std::vector<Row> g1 = {{Term::blank("x"), p, Term::blank("y")}, {Term::blank("y"), p, a}};
  std::vector<Row> g2 = {{Term::blank("m"), p, Term::blank("n")}, {Term::blank("n"), p, a}};
  std::vector<Row> g3 = {{Term::blank("m"), p, Term::blank("n")}, {Term::blank("m"), p, a}};
  std::vector<Row> g4 = {{Term::blank("m"), p, Term::blank("m")}, {Term::blank("m"), p, a}};
  EXPECT_TRUE(testing::isomorphic(g1, g2));
  EXPECT_FALSE(testing::isomorphic(g1, g3));
  EXPECT_FALSE(testing::isomorphic(g1, g4));
  EXPECT_FALSE(testing::isomorphic(g1, {g1[0]}));
  std::vector<Row> lit1 = {{a, p, Term::literal("1", std::string(vocab::kXsdInteger))}};
  std::vector<Row> lit2 = {{a, p, Term::literal("01", std::string(vocab::kXsdInteger))}};
  EXPECT_FALSE(testing::isomorphic(lit1, lit2));
}

}  // namespace
}  // namespace kg
