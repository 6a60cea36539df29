// Join ordering for one basic graph pattern. A dynamic program over the subsets of its parts
// (triple patterns and property paths) builds left-deep plans and keeps, per subset and per
// variable the rows come sorted on, the cheapest: each step adds one part by an index nested
// loop (probe the part with the bound values), a hash join (scan the part once, probe a hash
// table) or a merge join (when the rows so far and the part's scan both come sorted on a shared
// variable). Costs count rows read sequentially; a probe costs a seek. Large patterns fall back
// to a greedy search with the same costs.
#pragma once

#include <set>
#include <vector>

namespace kg::query {

class Operator;
class ScanOp;

// What the join planner needs to know about one part.
struct JoinPart {
  Operator* op = nullptr;  // not owned
  ScanOp* scan = nullptr;  // null for property paths
  std::set<int> vars;      // variables the part always binds
};

struct JoinStep {
  enum class Method { kFirst, kNestedLoop, kHash, kMerge };
  int part = 0;
  Method method = Method::kFirst;
  int sortVar = -1;  // kFirst: the variable the first scan is read sorted on; kMerge: the join variable
  bool batched = false;  // kNestedLoop: probes sorted in batches (the left order is lost)
  double rows = 0;   // estimated rows after this step
};

struct JoinPlan {
  std::vector<JoinStep> steps;
  double cost = 0;
};

// `seeded`: variables bound by whoever opens the plan (treated as constants); `allowHash`:
// false when the plan will be opened many times (a hash table would be rebuilt each time).
JoinPlan orderJoins(const std::vector<JoinPart>& parts, const std::set<int>& seeded, bool allowHash);

}  // namespace kg::query
