// The W3C SPARQL 1.0 / 1.1 syntax suites (and every query/update of the evaluation tests)
// through the parser. Data: $KG_SHARED_DIR/conformance (see its README.md).
//
// Each test prints per-category pass counts and every failure with the reason, and fails
// when the number of passing files drops below the figure reached so far (a ratchet).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "../common/suite_index.h"
#include "sparql/parser.h"

namespace {

using kg::sparql::SyntaxError;

using kg::testing::conformanceDir;
using kg::testing::IndexRow;

std::vector<IndexRow> readIndex(const std::string& file) {
  return kg::testing::readIndex(conformanceDir() + "/index/" + file);
}

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

enum class Outcome { kOk, kSyntaxError, kOtherError };

Outcome parseFile(const std::string& rel, std::string& message) {
  std::string text = readFile(conformanceDir() + "/" + rel);
  std::string base = kg::testing::testIri(rel);
  bool update = rel.size() > 3 && rel.compare(rel.size() - 3, 3, ".ru") == 0;
  try {
    if (update) {
      kg::sparql::UpdateRequest u = kg::sparql::parseUpdate(text, base);
      (void)kg::sparql::toSExpression(u);
    } else {
      kg::sparql::Query q = kg::sparql::parseQuery(text, base);
      (void)kg::sparql::toSExpression(q);
    }
    return Outcome::kOk;
  } catch (const SyntaxError& e) {
    message = e.what();
    return Outcome::kSyntaxError;
  } catch (const std::exception& e) {
    message = std::string("unexpected exception: ") + e.what();
    return Outcome::kOtherError;
  }
}

struct Tally {
  int passed = 0, total = 0;
  std::vector<std::string> failures;
  std::map<std::string, std::pair<int, int>> byCategory;  // suite/category -> passed, total
};

// Runs every row whose type is in `types`; positive rows must parse, negative rows must fail
// with a SyntaxError.
std::map<std::string, Tally> run(const std::vector<std::string>& types, bool positive) {
  std::map<std::string, Tally> byType;
  for (const char* index : {"sparql10.tsv", "sparql11.tsv"}) {
    for (const IndexRow& r : readIndex(index)) {
      bool wanted = false;
      for (const auto& t : types) wanted = wanted || r.type == t;
      if (!wanted) continue;
      Tally& t = byType[r.type];
      ++t.total;
      auto& cat = t.byCategory[r.suite + "/" + r.category];
      ++cat.second;
      std::string message;
      Outcome o = parseFile(r.action, message);
      bool ok = positive ? o == Outcome::kOk : o == Outcome::kSyntaxError;
      if (ok) {
        ++t.passed;
        ++cat.first;
      } else {
        t.failures.push_back(r.suite + "/" + r.category + "/" + r.id + " (" + r.action + "): " +
                             (o == Outcome::kOk ? "accepted, but the test expects an error" : message));
      }
    }
  }
  return byType;
}

void report(const std::map<std::string, Tally>& byType, const std::map<std::string, int>& ratchet) {
  for (const auto& [type, t] : byType) {
    std::cout << "[w3c] " << type << ": " << t.passed << "/" << t.total << " passed\n";
    for (const auto& [category, counts] : t.byCategory)
      std::cout << "[w3c]   " << category << ": " << counts.first << "/" << counts.second << "\n";
    for (const auto& f : t.failures) std::cout << "[w3c]   FAIL " << f << "\n";
    auto it = ratchet.find(type);
    int floor = it == ratchet.end() ? t.total : it->second;
    EXPECT_GE(t.passed, floor) << type << ": pass count dropped below the ratchet";
    EXPECT_GT(t.total, 0) << type << ": no rows found";
  }
}

// Pass counts reached so far; raise them when more pass, never lower them.
const std::map<std::string, int> kRatchet = {
    {"PositiveSyntaxTest", 149},          {"PositiveSyntaxTest11", 63},
    {"PositiveUpdateSyntaxTest11", 42},   {"NegativeSyntaxTest", 50},
    {"NegativeSyntaxTest11", 48},         {"NegativeUpdateSyntaxTest11", 13},
    {"QueryEvaluationTest", 515},         {"UpdateEvaluationTest", 94},
    {"CSVResultFormatTest", 3},
};

}  // namespace

TEST(W3CSyntax, PositiveSyntax) {
  if (!kg::testing::sharedAvailable()) KG_SKIP_WITHOUT_SHARED(kg::testing::kSharedMissing);
  report(run({"PositiveSyntaxTest", "PositiveSyntaxTest11", "PositiveUpdateSyntaxTest11"}, true), kRatchet);
}

TEST(W3CSyntax, NegativeSyntax) {
  if (!kg::testing::sharedAvailable()) KG_SKIP_WITHOUT_SHARED(kg::testing::kSharedMissing);
  report(run({"NegativeSyntaxTest", "NegativeSyntaxTest11", "NegativeUpdateSyntaxTest11"}, false), kRatchet);
}

TEST(W3CSyntax, EvaluationQueriesParse) {
  if (!kg::testing::sharedAvailable()) KG_SKIP_WITHOUT_SHARED(kg::testing::kSharedMissing);
  report(run({"QueryEvaluationTest", "CSVResultFormatTest", "UpdateEvaluationTest"}, true), kRatchet);
}
