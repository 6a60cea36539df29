// The planner's row estimates for subject stars come from characteristic sets (and a sample
// of a constant-object pattern's subjects), and follow the data through updates: checked on
// the estimate EXPLAIN gives the top join, against the rows it produces.
#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "kg/database.h"
#include "tests/common/temp_dir.h"

namespace {


using kg::testing::TempDir;

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
  TempDir dir("kg-star-test");
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
  TempDir dir("kg-star-test");
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
  TempDir dir("kg-star-test");
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


// Joins between stars (subject-object, object-object) and cycles are estimated from samples
// of the joined patterns: distinct counts assume every value of the side with fewer values
// finds a partner, and a cycle's last pattern independent of the path it closes.

// Users like products 0..999; only products 990..1089 have a caption (ten of them liked).
// Movies have actors among people 0..499, reviews reviewers among people 450..949.
std::string shop() {
  std::ostringstream out;
  out << "@prefix ex: <http://example.org/> .\n";
  for (int u = 0; u < 1000; ++u) {
    for (int k = 0; k < 5; ++k) out << "ex:user" << u << " ex:likes ex:product" << (u * 5 + k) % 1000 << " .\n";
  }
  for (int p = 990; p < 1090; ++p) out << "ex:product" << p << " ex:caption \"C" << p << "\" .\n";
  for (int m = 0; m < 500; ++m) {
    out << "ex:movie" << m << " ex:actor ex:person" << m << " , ex:person" << (m + 250) % 500 << " .\n";
  }
  for (int r = 0; r < 500; ++r) {
    out << "ex:review" << r << " ex:reviewer ex:person" << 450 + r << " , ex:person" << 450 + (r + 250) % 500 << " .\n";
  }
  return out.str();
}

TEST(JoinEstimateTest, SubjectObjectJoinsKnowHowManyValuesMeet) {
  TempDir dir("kg-star-test");
  auto db = kg::Database::open(dir.sub("db"));
  db->loadString(shop(), turtle());
  // Distinct counts: 5,000 * 100 / 1,000 = 500.
  TopJoin j = topJoin(*db, "SELECT * WHERE { ?u ex:likes ?p . ?p ex:caption ?c }");
  EXPECT_EQ(j.actual, 50);
  EXPECT_LE(qError(j), 2.0);
}

TEST(JoinEstimateTest, ObjectObjectJoinsKnowHowManyValuesMeet) {
  TempDir dir("kg-star-test");
  auto db = kg::Database::open(dir.sub("db"));
  db->loadString(shop(), turtle());
  // Distinct counts: 1,000 * 1,000 / 500 = 2,000.
  TopJoin j = topJoin(*db, "SELECT * WHERE { ?m ex:actor ?x . ?r ex:reviewer ?x }");
  EXPECT_EQ(j.actual, 200);
  EXPECT_LE(qError(j), 2.0);
}

// Five sources loaded one after the other, as renamed copies: each has 2,100 parent links to
// ten places of its own; people hold degrees from those places, one per place in the first
// source and twenty in the others. Degrees also come from 3,000 places no one is a parent of
// (read first, so a sample of the degree side finds no partner and the parent side decides).
// Sampled from the first 2,048 parent links alone, the join looks like the first source's
// (10,500 rows); spread over the whole pattern, like all of them (170,100).
TEST(JoinEstimateTest, SamplesSpreadOverTheWholePattern) {
  TempDir dir("kg-star-test");
  auto db = kg::Database::open(dir.sub("db"));
  std::ostringstream data;
  data << "@prefix ex: <http://example.org/> .\n";
  for (int i = 0; i < 3000; ++i) data << "ex:far" << i << " ex:degree ex:nowhere" << i << " .\n";
  for (int k = 0; k < 5; ++k) {
    for (int z = 0; z < 2100; ++z) data << "ex:z" << k << "_" << z << " ex:parent ex:y" << k << "_" << z % 10 << " .\n";
    for (int y = 0; y < 10; ++y) {
      for (int x = 0; x < (k == 0 ? 1 : 20); ++x) {
        data << "ex:x" << k << "_" << y << "_" << x << " ex:degree ex:y" << k << "_" << y << " .\n";
      }
    }
  }
  db->loadString(data.str(), turtle());
  TopJoin j = topJoin(*db, "SELECT * WHERE { ?z ex:parent ?y . ?x ex:degree ?y }");
  EXPECT_EQ(j.actual, 170100);
  EXPECT_LE(qError(j), 3.0) << "estimate " << j.estimate;
}

// Degrees come from places; the parents of places with degrees are departments (ten places,
// ten departments each), while most parents are research groups' (20,000, parents of the
// departments), and most departments have no parent. Joined with the degrees, every parent
// found is a department, where the pair of `?z a ex:Dept` and `?z ex:parent ?y` alone (100 of
// 20,100 parents) would keep one row in 200. (The degrees are the cheap side to start from.)
TEST(JoinEstimateTest, AJoinedPatternKeepsTheRowsItsSourcePicks) {
  TempDir dir("kg-star-test");
  auto db = kg::Database::open(dir.sub("db"));
  std::ostringstream data;
  data << "@prefix ex: <http://example.org/> .\n";
  for (int d = 0; d < 100; ++d) data << "ex:d" << d << " a ex:Dept ; ex:parent ex:u" << d % 10 << " .\n";
  for (int g = 0; g < 20000; ++g) data << "ex:g" << g << " ex:parent ex:d" << g % 100 << " .\n";
  for (int d = 100; d < 20000; ++d) data << "ex:d" << d << " a ex:Dept .\n";
  for (int x = 0; x < 1000; ++x) data << "ex:x" << x << " ex:degree ex:u" << x % 50 << " .\n";
  db->loadString(data.str(), turtle());
  TopJoin j = topJoin(*db, "SELECT * WHERE { ?x ex:degree ?y . ?z ex:parent ?y . ?z a ex:Dept }");
  EXPECT_EQ(j.actual, 2000);
  EXPECT_LE(qError(j), 3.0) << "estimate " << j.estimate;
}

// Students hold degrees from 200 places, 20 from each; of those places only one has parents
// (300), and 20,000 parents are of 5,000 other places. Followed from a sample of the students,
// one path in 200 finds any: a sample of 48 paths sees none or one, and the join (6,000 rows)
// looked four times larger; 192 paths come within a factor of two.
TEST(JoinEstimateTest, RarePathsAreSampledOftenEnough) {
  TempDir dir("kg-star-test");
  auto db = kg::Database::open(dir.sub("db"));
  std::ostringstream data;
  data << "@prefix ex: <http://example.org/> .\n";
  for (int x = 0; x < 4000; ++x) data << "ex:x" << x << " a ex:Grad ; ex:degree ex:u" << x % 200 << " .\n";
  for (int z = 0; z < 300; ++z) data << "ex:z" << z << " ex:parent ex:u0 .\n";
  for (int w = 0; w < 20000; ++w) data << "ex:w" << w << " ex:parent ex:v" << w % 5000 << " .\n";
  db->loadString(data.str(), turtle());
  TopJoin j = topJoin(*db, "SELECT * WHERE { ?x a ex:Grad . ?x ex:degree ?y . ?z ex:parent ?y }");
  EXPECT_EQ(j.actual, 6000);
  EXPECT_LE(qError(j), 3.0) << "estimate " << j.estimate;
}

TEST(JoinEstimateTest, ClosingACycleUsesTheSampledPaths) {
  // Each student's advisor teaches three courses; the student takes two of them and one
  // course nobody teaches.
  std::ostringstream data;
  data << "@prefix ex: <http://example.org/> .\n";
  for (int t = 0; t < 100; ++t) {
    for (int c = 0; c < 3; ++c) data << "ex:prof" << t << " ex:teaches ex:course" << t * 3 + c << " .\n";
  }
  for (int s = 0; s < 2000; ++s) {
    int t = s % 100;
    data << "ex:student" << s << " ex:advisor ex:prof" << t << " ; ex:takes ex:course" << t * 3 + s % 3
         << " , ex:course" << t * 3 + (s + 1) % 3 << " , ex:seminar" << s % 50 << " .\n";
  }
  TempDir dir("kg-star-test");
  auto db = kg::Database::open(dir.sub("db"));
  db->loadString(data.str(), turtle());
  TopJoin j = topJoin(*db, "SELECT * WHERE { ?y ex:teaches ?z . ?x ex:advisor ?y . ?x ex:takes ?z }");
  EXPECT_EQ(j.actual, 4000);
  EXPECT_LE(qError(j), 2.0);
}

// LUBM's l3 in small: departments of universities, students who are members of one and hold
// a degree from its university; but the students asked for are undergraduates, and none has a
// degree. The star's sample of ?x a ex:UG finds no degree, so their join is estimated empty,
// and a merge join of the two leaps over both sides (their values never meet): the plan
// starts there. Priced by distinct counts alone (20,000 values meeting), reading both sides
// looked dearer than joining the departments' universities with their 5,000 degrees first.
TEST(JoinPlanTest, MergeSidesThatNeverMeetArePricedAsLeaps) {
  TempDir dir("kg-star-test");
  auto db = kg::Database::open(dir.sub("db"));
  std::ostringstream data;
  data << "@prefix ex: <http://example.org/> .\n";
  for (int u = 0; u < 200; ++u) data << "ex:u" << u << " a ex:Univ .\n";
  for (int d = 0; d < 50; ++d) data << "ex:d" << d << " a ex:Dept ; ex:subOrg ex:u" << d % 10 << " .\n";
  for (int i = 0; i < 60000; ++i) {
    data << "ex:s" << i << " ex:memberOf ex:d" << i % 50 << " .\n";
    if (i % 3 == 0) {
      data << "ex:s" << i << " a ex:Grad ; ex:degreeFrom ex:u" << (i * 7) % 200 << " .\n";
    } else {
      data << "ex:s" << i << " a ex:UG .\n";
    }
  }
  db->loadString(data.str(), turtle());
  const std::string pattern =
      "SELECT * WHERE { ?x a ex:UG . ?y a ex:Univ . ?z a ex:Dept . "
      "?x ex:memberOf ?z . ?z ex:subOrg ?y . ?x ex:degreeFrom ?y }";
  std::string plan = db->explain("PREFIX ex: <http://example.org/> " + pattern, false);
  size_t merge = plan.find("MergeJoin on ?x");
  ASSERT_NE(merge, std::string::npos) << plan;
  std::string below = plan.substr(merge);
  EXPECT_NE(below.find("Scan ?x ex:degreeFrom ?y"), std::string::npos) << plan;
  EXPECT_NE(below.find("Scan ?x rdf:type ex:UG"), std::string::npos) << plan;
  EXPECT_EQ(below.find("Join", 9), std::string::npos) << plan;  // the deepest join
  EXPECT_EQ(topJoin(*db, pattern).actual, 0);
}

}  // namespace

// LUBM's query 2 in small: departments of universities, students who are members of one and
// hold a degree from its university. Each department has 1,200 members: a merge join of the
// departments with memberOf on ?z reads all 60,000 of them (the cost model once priced that
// as a few rows per department), then hashes the 20,000 degrees. Reading the two student
// patterns once, merged on ?x, and hashing the 50 departments is about twice as fast.
TEST(JoinPlanTest, LargeProbeSidesAreMergedAndHashedNotProbed) {
  TempDir dir("kg-star-test");
  auto db = kg::Database::open(dir.sub("db"));
  std::ostringstream data;
  data << "@prefix ex: <http://example.org/> .\n";
  for (int u = 0; u < 20; ++u) data << "ex:u" << u << " a ex:Univ .\n";
  for (int d = 0; d < 50; ++d) data << "ex:d" << d << " a ex:Dept ; ex:subOrg ex:u" << d % 10 << " .\n";
  for (int i = 0; i < 60000; ++i) {
    data << "ex:s" << i << " ex:memberOf ex:d" << i % 50 << " .\n";
    if (i % 3 == 0) data << "ex:s" << i << " a ex:Grad ; ex:degreeFrom ex:u" << (i * 7) % 20 << " .\n";
  }
  db->loadString(data.str(), turtle());
  const std::string pattern =
      "SELECT * WHERE { ?z ex:subOrg ?y . ?y a ex:Univ . ?z a ex:Dept . "
      "?x ex:memberOf ?z . ?x a ex:Grad . ?x ex:degreeFrom ?y }";
  std::string plan = db->explain("PREFIX ex: <http://example.org/> " + pattern, false);
  EXPECT_NE(plan.find("MergeJoin on ?x"), std::string::npos) << plan;
  EXPECT_EQ(plan.find("MergeJoin on ?z"), std::string::npos) << plan;
  EXPECT_EQ(topJoin(*db, pattern).actual, 2000);
}
