// Join plans are cached per state of the data (query/join_plan_cache.h): a query planned again
// on the same data gets the same plan, and after a commit that changes which pattern is
// selective, the plan follows the data instead of the cache.
#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "kg/database.h"
#include "tests/common/temp_dir.h"

namespace {


using kg::testing::TempDir;

const char* kQuery =
    "PREFIX ex: <http://example.org/> SELECT ?s ?o { ?s ex:likes ?o . ?s ex:tag ex:rare }";

// `likes` statements for `liking` subjects, and the tag ex:rare on `tagged` of them.
std::string data(int liking, int tagged, int offset) {
  std::ostringstream out;
  out << "@prefix ex: <http://example.org/> .\n";
  for (int i = 0; i < liking; ++i) out << "ex:s" << offset + i << " ex:likes ex:o" << i % 7 << " .\n";
  for (int i = 0; i < tagged; ++i) out << "ex:s" << offset + i << " ex:tag ex:rare .\n";
  return out.str();
}

// The pattern of the plan's first scan (the deepest Scan line of EXPLAIN).
std::string firstScan(kg::Database& db) {
  std::istringstream in(db.explain(kQuery, false));
  std::string line, last;
  while (std::getline(in, line)) {
    if (line.find("Scan ") != std::string::npos) {
      last = line;
      break;  // left-deep plans print the first scan first
    }
  }
  return last;
}

size_t rows(kg::Database& db) {
  size_t n = 0;
  kg::QueryResult result = db.query(kQuery);
  kg::Solution row;
  while (result.next(row)) ++n;
  return n;
}

kg::LoadOptions turtle() {
  kg::LoadOptions o;
  o.format = "ttl";
  return o;
}

TEST(JoinPlanCacheTest, PlansFollowTheDataAfterACommit) {
  TempDir dir("kg-plan-cache-test");
  auto db = kg::Database::open(dir.sub("db"));
  // Many likes, few tags: the plan starts from the tag.
  db->loadString(data(3000, 5, 0), turtle());
  std::string before = firstScan(*db);
  EXPECT_NE(before.find("ex:tag ex:rare"), std::string::npos) << before;
  EXPECT_EQ(firstScan(*db), before);  // planned again on the same data: the same plan
  EXPECT_EQ(rows(*db), 5u);
  // Now tags far outnumber likes: a plan cached for the earlier data would start from them.
  db->loadString(data(0, 20000, 100000), turtle());
  db->loadString("@prefix ex: <http://example.org/> . ex:s100000 ex:likes ex:o1 .", turtle());
  std::string after = firstScan(*db);
  EXPECT_NE(after.find("ex:likes"), std::string::npos) << after;
  EXPECT_EQ(rows(*db), 6u);
}

}  // namespace
