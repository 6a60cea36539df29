// The planner's row estimates for subject stars come from characteristic sets (and a sample
// of a constant-object pattern's subjects), and follow the data through updates: checked on
// the estimate EXPLAIN gives the top join, against the rows it produces.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <sstream>
#include <string>

#include "kg/database.h"

namespace {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "kg-star-test-XXXXXX").string();
    if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  std::string sub(const std::string& name) const { return (path_ / name).string(); }

 private:
  fs::path path_;
};

// People have a name and a country, products a price and a label; both have a type.
std::string catalogue(int people, int products) {
  std::ostringstream out;
  out << "@prefix ex: <http://example.org/> .\n";
  for (int i = 0; i < people; ++i) {
    out << "ex:person" << i << " a ex:Person ; ex:name \"P" << i << "\" ; ex:country ex:c" << i % 10 << " .\n";
  }
  for (int i = 0; i < products; ++i) {
    out << "ex:product" << i << " a ex:Product ; ex:price " << i << " ; ex:label \"L" << i << "\" .\n";
  }
  return out.str();
}

struct TopJoin {
  double estimate = -1, actual = -1;
};

// The first join line of EXPLAIN ANALYZE (the top one): its estimate and actual rows.
TopJoin topJoin(kg::Database& db, const std::string& query) {
  std::istringstream in(db.explain("PREFIX ex: <http://example.org/> " + query, true));
  std::string line;
  while (std::getline(in, line)) {
    if (line.find("Join") == std::string::npos) continue;
    size_t est = line.find("(est. "), act = line.find("; actual ");
    if (est == std::string::npos || act == std::string::npos) continue;
    return {std::stod(line.substr(est + 6)), std::stod(line.substr(act + 9))};
  }
  ADD_FAILURE() << "no join in the plan of " << query;
  return {};
}

double qError(const TopJoin& j) {
  double e = std::max(j.estimate, 1.0), a = std::max(j.actual, 1.0);
  return std::max(e / a, a / e);
}

kg::LoadOptions turtle() {
  kg::LoadOptions o;
  o.format = "ttl";
  return o;
}

TEST(StarEstimateTest, StarsOfPredicatesThatNeverMeetAreEstimatedEmpty) {
  TempDir dir;
  auto db = kg::Database::open(dir.sub("db"));
  db->loadString(catalogue(600, 400), turtle());
  // Dividing by distinct subjects would say 600 * 400 / 600 = 400 rows.
  TopJoin j = topJoin(*db, "SELECT * WHERE { ?x ex:name ?n . ?x ex:price ?p }");
  EXPECT_EQ(j.actual, 0);
  EXPECT_LE(j.estimate, 1.0);
  j = topJoin(*db, "SELECT * WHERE { ?x ex:name ?n . ?x ex:country ?c }");
  EXPECT_EQ(j.actual, 600);
  EXPECT_LE(qError(j), 1.1);
}

TEST(StarEstimateTest, ConstantObjectsCorrelatedWithThePredicatesAreSampled) {
  TempDir dir;
  auto db = kg::Database::open(dir.sub("db"));
  db->loadString(catalogue(600, 400), turtle());
  // Half the typed subjects are people, but every one with a name is: independence would say 300.
  TopJoin j = topJoin(*db, "SELECT * WHERE { ?x a ex:Person . ?x ex:name ?n }");
  EXPECT_EQ(j.actual, 600);
  EXPECT_LE(qError(j), 1.5);
  j = topJoin(*db, "SELECT * WHERE { ?x ex:country ex:c3 . ?x ex:name ?n . ?x a ex:Person }");
  EXPECT_EQ(j.actual, 60);
  EXPECT_LE(qError(j), 2.0);
}

TEST(StarEstimateTest, EstimatesFollowUpdatesAndDeletes) {
  TempDir dir;
  auto db = kg::Database::open(dir.sub("db"));
  db->loadString(catalogue(600, 400), turtle());
  const std::string star = "SELECT * WHERE { ?x ex:name ?n . ?x ex:price ?p }";
  EXPECT_LE(topJoin(*db, star).estimate, 1.0);
  // Products get names: the star now has 400 rows.
  db->update("PREFIX ex: <http://example.org/> INSERT { ?x ex:name \"n\" } WHERE { ?x ex:price ?p }");
  TopJoin j = topJoin(*db, star);
  EXPECT_EQ(j.actual, 400);
  EXPECT_LE(qError(j), 1.1);
  // Half of them lose their price again.
  db->update("PREFIX ex: <http://example.org/> DELETE { ?x ex:price ?p } WHERE { ?x ex:price ?p FILTER(?p < 200) }");
  j = topJoin(*db, star);
  EXPECT_EQ(j.actual, 200);
  EXPECT_LE(qError(j), 1.1);
  // And after reopening the store.
  db.reset();
  db = kg::Database::open(dir.sub("db"));
  j = topJoin(*db, star);
  EXPECT_EQ(j.actual, 200);
  EXPECT_LE(qError(j), 1.1);
}

}  // namespace
