// Long FILTER chains: `?o = 0 || ?o = 1 || ...` with 200,000 terms used to take minutes
// (every level of the planner's walk re-collected the variables of its whole subtree) and
// made a tree as deep as the chain was long. Parsed into a balanced tree and walked once,
// it now plans in time proportional to its size; this runs the full size and checks the
// answer (bench-style timings are in the project notes, not asserted here).
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "kg/database.h"

namespace fs = std::filesystem;

namespace {

std::string orChain(const std::string& op, int terms, int offset) {
  std::string q;
  q.reserve(static_cast<size_t>(terms) * 16);
  for (int i = 0; i < terms; ++i) {
    if (i) q += op;
    q += "?o = " + std::to_string(i + offset);
  }
  return q;
}

class LongFilter : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("kg-long-filter-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    db_ = kg::Database::open(dir_.string());
    kg::LoadOptions o;
    o.format = "nt";
    db_->loadString(
        "<http://e/a> <http://e/p> \"7\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n"
        "<http://e/b> <http://e/p> \"199999\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n"
        "<http://e/c> <http://e/p> \"-5\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n",
        o);
  }
  void TearDown() override {
    db_.reset();
    fs::remove_all(dir_);
  }
  std::vector<std::string> subjects(const std::string& filter) {
    auto r = db_->query("SELECT ?s WHERE { ?s <http://e/p> ?o FILTER(" + filter + ") } ORDER BY ?s");
    std::vector<std::string> out;
    kg::Solution row;
    while (r.next(row)) out.push_back(row[0]->value);
    return out;
  }
  fs::path dir_;
  std::unique_ptr<kg::Database> db_;
};

}  // namespace

TEST_F(LongFilter, TwoHundredThousandOrTermsArePlanned) {
  std::string plan = db_->explain("SELECT ?s WHERE { ?s <http://e/p> ?o FILTER(" + orChain(" || ", 200000, 0) + ") }");
  EXPECT_NE(plan.find("\"199999\"^^"), std::string::npos);
}

TEST_F(LongFilter, LongOrChainsRun) {
  EXPECT_EQ(subjects(orChain(" || ", 20000, 180000)), (std::vector<std::string>{"http://e/b"}));
  EXPECT_EQ(subjects(orChain(" || ", 20000, 0)), (std::vector<std::string>{"http://e/a"}));
}

TEST_F(LongFilter, LongAndChainsRun) {
  // ?o != 0 && ?o != 1 && ... : true for values outside [0, 20000).
  std::string chain;
  for (int i = 0; i < 20000; ++i) chain += (i ? " && ?o != " : "?o != ") + std::to_string(i);
  EXPECT_EQ(subjects(chain), (std::vector<std::string>{"http://e/b", "http://e/c"}));
}

TEST_F(LongFilter, ChainsKeepErrorSemantics) {
  // An error (comparing with an unbound variable) in any place of a chain: || is true when
  // some term is true, && false when some term is false, an error (row dropped) otherwise.
  for (int n : {3, 4, 7, 1000}) {
    std::string errorsOr, errorsAnd;
    for (int i = 0; i < n; ++i) {
      errorsOr += std::string(i ? " || " : "") + (i == n / 2 ? "?o = 7" : "?unbound = 1");
      errorsAnd += std::string(i ? " && " : "") + (i == n / 2 ? "?o != 7" : "?unbound = 1");
    }
    EXPECT_EQ(subjects(errorsOr), (std::vector<std::string>{"http://e/a"})) << n;
    EXPECT_EQ(subjects(errorsAnd), (std::vector<std::string>{})) << n;
    EXPECT_EQ(subjects("!(" + errorsAnd + ")"), (std::vector<std::string>{"http://e/a"})) << n;
  }
}
