// W3C RDF 1.1 conformance suites (N-Triples, N-Quads, Turtle, TriG, RDF/XML) from
// KG_SHARED_DIR/conformance. Positive syntax tests must parse, negative ones must fail with a
// positioned ParseError, eval tests must give a dataset isomorphic to the expected one.
// Ratchet: each suite must keep at least the pass count reached when this was written.
#include <gtest/gtest.h>

#include "../common/shared_data.h"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "iso.h"
#include "test_util.h"

using namespace kg;
using namespace kg::ingest;
using namespace kg::ingest::testing;

namespace {

const std::string kKit = std::string(KG_SHARED_DIR) + "/conformance";
const std::string kTestBase = "https://w3c.github.io/rdf-tests/";

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string cur;
  std::istringstream in(s);
  while (std::getline(in, cur, sep)) out.push_back(cur);
  if (!s.empty() && s.back() == sep) out.emplace_back();
  return out;
}

std::vector<Quad> parseFile(const std::string& rel, RdfFormat format) {
  ParseOptions opt;
  opt.baseIri = kTestBase + rel;
  opt.fileName = rel;
  auto in = openInput(kKit + "/" + rel);
  std::vector<Quad> out;
  parseRdf(*in, format, opt, [&](Quad&& q) { out.push_back(std::move(q)); });
  return out;
}

struct SuiteResult {
  int total = 0, passed = 0;
  std::vector<std::string> failures;
};

SuiteResult runSuite(const std::string& suite, RdfFormat format) {
  SuiteResult r;
  std::ifstream in(kKit + "/index/" + suite + ".tsv");
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    auto f = split(line, '\t');
    if (f.size() < 15) continue;
    const std::string& test = f[2];
    const std::string& type = f[3];
    const std::string& action = f[6];
    const std::string& result = f[10];
    ++r.total;
    std::string failure;
    try {
      if (type.find("NegativeSyntax") != std::string::npos ||
          type.find("NegativeEval") != std::string::npos) {
        try {
          parseFile(action, format);
          failure = "accepted an invalid document";
        } catch (const ParseError& e) {
          if (e.line == 0 || e.column == 0 || e.message.empty()) {
            failure = std::string("error without position: ") + e.what();
          }
        }
      } else if (type.find("PositiveSyntax") != std::string::npos) {
        parseFile(action, format);
      } else if (type.find("Eval") != std::string::npos) {
        auto got = parseFile(action, format);
        auto expected = parseFile(result, RdfFormat::kNQuads);
        if (!isomorphic(got, expected)) {
          std::ostringstream msg;
          msg << "result not isomorphic to " << result << " (got " << got.size() << ", expected "
              << expected.size() << " statements)";
          failure = msg.str();
        }
      } else {
        failure = "unknown test type " + type;
      }
    } catch (const std::exception& e) {
      failure = std::string("error: ") + e.what();
    }
    if (failure.empty()) {
      ++r.passed;
    } else {
      r.failures.push_back(test + " (" + type + "): " + failure);
    }
  }
  return r;
}

void check(const std::string& suite, RdfFormat format, int minPassed) {
  if (!std::filesystem::exists(kKit + "/index/" + suite + ".tsv")) {
    KG_SKIP_WITHOUT_SHARED("conformance kit not found at " << kKit << " (set KG_SHARED_DIR)");
  }
  SuiteResult r = runSuite(suite, format);
  std::cout << "SUITE " << suite << ": " << r.passed << "/" << r.total << " passed\n";
  for (const auto& f : r.failures) std::cout << "  FAIL " << f << "\n";
  EXPECT_GT(r.total, 0);
  EXPECT_GE(r.passed, minPassed) << suite << " dropped below the ratchet";
  EXPECT_GE(r.passed * 100, r.total * 98) << suite << " below 98%";
}

}  // namespace

// Ratchet levels: the pass counts reached; raise them when more tests pass.
TEST(Conformance, NTriples) { check("rdf-n-triples", RdfFormat::kNTriples, 70); }
TEST(Conformance, NQuads) { check("rdf-n-quads", RdfFormat::kNQuads, 87); }
TEST(Conformance, Turtle) { check("rdf-turtle", RdfFormat::kTurtle, 313); }
TEST(Conformance, TriG) { check("rdf-trig", RdfFormat::kTriG, 356); }
TEST(Conformance, RdfXml) { check("rdf-xml", RdfFormat::kRdfXml, 163); }
