// Long chains of + - * /: they build trees one level deeper per operator, and the planner and
// the evaluator walk expressions recursively. A chain up to the depth limit runs and gives
// the right value; a longer one (100,000 terms) is a syntax error naming the limit, never a
// stack overflow.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <unistd.h>

#include "kg/database.h"
#include "kg/error.h"
#include "sparql/parser.h"

namespace fs = std::filesystem;

namespace {

std::string chain(const std::string& first, const std::string& op, const std::string& term, int operators) {
  std::string out = first;
  out.reserve(static_cast<size_t>(operators) * (op.size() + term.size() + 2));
  for (int i = 0; i < operators; ++i) out += " " + op + " " + term;
  return out;
}

class LongArithmetic : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("kg-long-arith-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    db_ = kg::Database::open(dir_.string());
    kg::LoadOptions o;
    o.format = "nt";
    db_->loadString("<http://e/a> <http://e/p> \"7\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n", o);
  }
  void TearDown() override {
    db_.reset();
    fs::remove_all(dir_);
  }
  std::string value(const std::string& expression) {
    auto r = db_->query("SELECT ?x WHERE { ?s <http://e/p> ?o BIND(" + expression + " AS ?x) }");
    kg::Solution row;
    EXPECT_TRUE(r.next(row));
    return row[0] ? row[0]->value : "(unbound)";
  }
  fs::path dir_;
  std::unique_ptr<kg::Database> db_;
};

}  // namespace

TEST_F(LongArithmetic, ChainsUpToTheLimitRun) {
  int n = kg::sparql::kMaxExpressionDepth - 1;
  EXPECT_EQ(value(chain("?o", "+", "1", n)), std::to_string(7 + n));
  EXPECT_EQ(value(chain("?o", "-", "1", n)), std::to_string(7 - n));
  EXPECT_EQ(value(chain("?o", "*", "1", n)), "7");
  // Inside a FILTER, with a function around it.
  int m = kg::sparql::kMaxExpressionDepth * 3 / 4;
  auto r = db_->query("SELECT ?s WHERE { ?s <http://e/p> ?o FILTER(ABS(" + chain("?o", "-", "1", m) +
                      ") = " + std::to_string(m - 7) + ") }");
  kg::Solution row;
  EXPECT_TRUE(r.next(row));
}

TEST_F(LongArithmetic, LongerChainsAreRefusedWithTheLimit) {
  for (const char* op : {"+", "-", "*", "/"}) {
    std::string q = "SELECT ?x WHERE { ?s <http://e/p> ?o BIND(" + chain("?o", op, "1", 100000) + " AS ?x) }";
    try {
      (void)db_->query(q);
      FAIL() << "accepted a chain of 100,000 " << op;
    } catch (const kg::PositionedError& e) {
      EXPECT_EQ(e.code(), kg::ErrorCode::kSyntax);
      EXPECT_NE(e.message().find("expression nested too deeply (more than " +
                                 std::to_string(kg::sparql::kMaxExpressionDepth)),
                std::string::npos)
          << e.message();
      // Reported at the operator that goes one level too deep.
      size_t prefix = std::string("SELECT ?x WHERE { ?s <http://e/p> ?o BIND(?o").size();
      EXPECT_EQ(e.column(), prefix + 2 + 4 * (kg::sparql::kMaxExpressionDepth - 1)) << op;
    }
  }
  // The sign of a number is an operator too ("?o +1 +1 ..."), and products inside sums count.
  EXPECT_THROW((void)db_->query("SELECT * { BIND(" + chain("1", "", "+1", 100000) + " AS ?x) }"), kg::PositionedError);
  EXPECT_THROW((void)db_->query("SELECT * { BIND(1 +2 " + chain("", "*", "3", 100000) + " AS ?x) }"),
               kg::PositionedError);
}

TEST_F(LongArithmetic, BracketsAddTheirDepth) {
  // Each bracketed chain is below the limit; together they are not (2,000 each in a release
  // build; the sanitizer build's limit is lower).
  int k = kg::sparql::kMaxExpressionDepth / 2 - 48;
  std::string e = "?o";
  for (int i = 0; i < 3; ++i) e = "(" + chain(e, "+", "1", k) + ")";
  try {
    (void)db_->query("SELECT * { ?s <http://e/p> ?o FILTER(" + e + " > 0) }");
    FAIL() << "accepted";
  } catch (const kg::PositionedError& ex) {
    EXPECT_NE(ex.message().find("expression nested too deeply"), std::string::npos) << ex.message();
  }
  // Two levels (4,000 deep in a release build) are fine.
  std::string two = "?o";
  for (int i = 0; i < 2; ++i) two = "(" + chain(two, "+", "1", k) + ")";
  EXPECT_EQ(value(two), std::to_string(7 + 2 * k));
}
