// Property paths over graphs large enough that a closure switches from one index probe per node
// to reading all the predicate's edges at once (path_op.cpp), checked against a plain
// breadth-first search over the same random edges, in the default graph and in named graphs,
// forwards, backwards and through sequences, and with the start node coming from a join.
#include <gtest/gtest.h>

#include <cstdlib>
#include <deque>
#include <filesystem>
#include <map>
#include <random>
#include <set>
#include <sstream>

#include "kg/database.h"

namespace fs = std::filesystem;

namespace {

const std::string kEx = "http://example.org/";

using Edges = std::multimap<int, int>;

std::string node(int i) { return "<" + kEx + "n" + std::to_string(i) + ">"; }

// Nodes reachable from `start` in one or more steps (zero or more with `reflexive`).
std::set<int> reach(const Edges& edges, int start, bool reflexive) {
  std::set<int> seen;
  std::deque<int> queue = {start};
  if (reflexive) seen.insert(start);
  while (!queue.empty()) {
    int x = queue.front();
    queue.pop_front();
    auto [b, e] = edges.equal_range(x);
    for (auto it = b; it != e; ++it) {
      if (seen.insert(it->second).second) queue.push_back(it->second);
    }
  }
  return seen;
}

Edges inverse(const Edges& edges) {
  Edges out;
  for (auto [a, b] : edges) out.emplace(b, a);
  return out;
}

class PathClosure : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "kg-path-test-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    db_ = kg::Database::open(dir_ + "/db");
    // 3,000 nodes, 9,000 random :p edges in the default graph (cycles included), a :q
    // chain in graph <g1>, and other :p edges in graph <g2>.
    std::mt19937 rng(42);
    std::uniform_int_distribution<int> pick(0, kNodes - 1);
    std::ostringstream nq;
    std::set<std::pair<int, int>> unique;
    while (unique.size() < 9000) unique.emplace(pick(rng), pick(rng));
    for (auto [a, b] : unique) {
      p_.emplace(a, b);
      nq << node(a) << " <" << kEx << "p> " << node(b) << " .\n";
    }
    for (int i = 0; i + 1 < 2000; ++i) {
      q_.emplace(i, i + 1);
      nq << node(i) << " <" << kEx << "q> " << node(i + 1) << " <" << kEx << "g1> .\n";
    }
    for (int i = 0; i < 1500; ++i) {
      int a = pick(rng), b = pick(rng);
      g2_.emplace(a, b);
      nq << node(a) << " <" << kEx << "p> " << node(b) << " <" << kEx << "g2> .\n";
    }
    kg::LoadOptions o;
    o.format = "nq";
    db_->loadString(nq.str(), o);
  }
  void TearDown() override {
    db_.reset();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  std::set<int> ids(const std::string& query, const std::string& var = "x") {
    std::set<int> out;
    auto result = db_->query("PREFIX : <" + kEx + "> " + query);
    kg::Solution s;
    size_t column = 0;
    const auto& vars = result.variables();
    while (column < vars.size() && vars[column] != var) ++column;
    EXPECT_LT(column, vars.size());
    while (result.next(s)) {
      EXPECT_TRUE(s[column].has_value());
      const std::string& iri = s[column]->value;
      out.insert(std::atoi(iri.c_str() + iri.rfind('n') + 1));
    }
    return out;
  }

  static constexpr int kNodes = 3000;
  std::string dir_;
  std::unique_ptr<kg::Database> db_;
  Edges p_, q_, g2_;
};

TEST_F(PathClosure, ForwardAndBackwardClosuresMatchBreadthFirstSearch) {
  for (int start : {0, 17, 1234, 2999}) {
    SCOPED_TRACE(start);
    std::string s = ":n" + std::to_string(start);
    EXPECT_EQ(ids("SELECT ?x WHERE { " + s + " :p+ ?x }"), reach(p_, start, false));
    EXPECT_EQ(ids("SELECT ?x WHERE { " + s + " :p* ?x }"), reach(p_, start, true));
    EXPECT_EQ(ids("SELECT ?x WHERE { ?x :p+ " + s + " }"), reach(inverse(p_), start, false));
    EXPECT_EQ(ids("SELECT ?x WHERE { " + s + " ^:p+ ?x }"), reach(inverse(p_), start, false));
  }
}

TEST_F(PathClosure, SequenceThroughAClosure) {
  // :p/:p+ from a node: everything reachable from its direct successors.
  std::set<int> want;
  auto [b, e] = p_.equal_range(5);
  for (auto it = b; it != e; ++it) {
    auto r = reach(p_, it->second, false);
    want.insert(r.begin(), r.end());
  }
  EXPECT_EQ(ids("SELECT DISTINCT ?x WHERE { :n5 :p/:p+ ?x }"), want);
}

TEST_F(PathClosure, NamedGraphsKeepTheirOwnEdges) {
  EXPECT_EQ(ids("SELECT ?x WHERE { GRAPH <" + kEx + "g2> { :n7 :p+ ?x } }"), reach(g2_, 7, false));
  EXPECT_EQ(ids("SELECT ?x WHERE { GRAPH <" + kEx + "g1> { :n0 :q+ ?x } }"), reach(q_, 0, false));
  EXPECT_EQ(ids("SELECT ?x WHERE { :n0 :q+ ?x }"), std::set<int>{});  // not in the default graph
  // GRAPH ?g: each graph on its own (the default graph's :p edges are not in a named graph).
  std::set<int> want = reach(g2_, 7, false);
  EXPECT_EQ(ids("SELECT ?x WHERE { GRAPH ?g { :n7 :p+ ?x } }"), want);
}

TEST_F(PathClosure, StartNodesFromAJoinReuseTheEdges) {
  // Every :q edge of <g1> gives a start node; the closure from each is matched in the default
  // graph. Count rows per start against the search.
  auto result = db_->query("PREFIX : <" + kEx + "> SELECT ?s (COUNT(?x) AS ?n) WHERE { "
                           "GRAPH <" + kEx + "g1> { ?s :q :n1500 } . ?s :p+ ?x } GROUP BY ?s");
  kg::Solution row;
  int rows = 0;
  while (result.next(row)) {
    ++rows;
    EXPECT_EQ(row[0]->value, kEx + "n1499");
    EXPECT_EQ(std::stoul(row[1]->value), reach(p_, 1499, false).size());
  }
  EXPECT_EQ(rows, 1);
  std::set<int> starts = ids("SELECT DISTINCT ?s WHERE { GRAPH <" + kEx + "g1> { ?s :q ?o } "
                             "FILTER(?o = :n50 || ?o = :n60 || ?o = :n70) }", "s");
  EXPECT_EQ(starts, (std::set<int>{49, 59, 69}));
  std::set<int> want;
  for (int s : starts) {
    auto r = reach(p_, s, false);
    want.insert(r.begin(), r.end());
  }
  EXPECT_EQ(ids("SELECT DISTINCT ?x WHERE { GRAPH <" + kEx + "g1> { ?s :q ?o } "
                "FILTER(?o = :n50 || ?o = :n60 || ?o = :n70) ?s :p+ ?x }"),
            want);
}

}  // namespace
