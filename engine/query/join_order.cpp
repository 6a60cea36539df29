#include "query/join_order.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <unordered_map>

#include "query/operators.h"

namespace kg::query {
namespace {

// Relative costs, in rows read sequentially from a decoded block.
constexpr double kSeekCost = 25;        // one probe: a RocksDB seek and a segment decode
constexpr double kHashBuildCost = 3;    // per row put in a hash table
constexpr double kHashProbeCost = 1.5;  // per row looked up
constexpr double kOutputCost = 0.5;     // per row produced by a join
constexpr size_t kMaxDpParts = 12;

struct State {
  double cost = std::numeric_limits<double>::infinity();
  double rows = 0;
  std::map<int, double> distinct;  // estimated distinct values per bound variable
  std::set<int> bound;
  int sortVar = -1;
  // How this state was reached.
  uint32_t prevMask = 0;
  int prevSort = -1;
  JoinStep step;
};

class Planner {
 public:
  Planner(const std::vector<JoinPart>& parts, const std::set<int>& seeded, bool allowHash)
      : parts_(parts), seeded_(seeded), allowHash_(allowHash) {
    for (size_t i = 0; i < parts_.size(); ++i) {
      standalone_.push_back(std::max(parts_[i].op->estimate, 0.0));
      if (!seeded_.empty() && parts_[i].scan) standalone_[i] = parts_[i].scan->estimateWith(seeded_);
    }
  }

  // Distinct values of `var` in part i's rows (given only constants and seeds).
  double distinctIn(size_t i, int var) const {
    double rows = std::max(standalone_[i], 1.0);
    if (!parts_[i].scan) return rows;
    return std::max(1.0, std::min(rows, parts_[i].scan->distinctOf(var)));
  }

  // Every way to extend `from` by part i.
  template <typename Visit>
  void extensions(const State& from, uint32_t mask, size_t i, Visit visit) const {
    const JoinPart& part = parts_[i];
    std::vector<int> shared;
    for (int v : part.vars) {
      if (from.bound.count(v)) shared.push_back(v);
    }
    // Rows of the join: the left rows times the part's rows, divided per shared variable by
    // the larger number of distinct values on either side.
    double partRows = std::max(standalone_[i], 0.0);
    double rows = from.rows * partRows;
    std::map<int, double> distinct = from.distinct;
    for (int v : shared) {
      double dl = from.distinct.count(v) ? from.distinct.at(v) : from.rows;
      double dr = distinctIn(i, v);
      rows /= std::max(1.0, std::max(dl, dr));
      distinct[v] = std::min(dl, dr);
    }
    if (from.bound.empty() && mask == 0) rows = partRows;
    for (int v : part.vars) {
      if (!distinct.count(v)) distinct[v] = distinctIn(i, v);
    }
    for (auto& [v, d] : distinct) d = std::min(d, std::max(rows, 1.0));
    State next;
    next.rows = rows;
    next.distinct = std::move(distinct);
    next.bound = from.bound;
    next.bound.insert(part.vars.begin(), part.vars.end());
    next.prevMask = mask;
    next.prevSort = from.sortVar;
    next.step.part = static_cast<int>(i);
    next.step.rows = rows;
    if (mask == 0) {
      // The first part: a scan, in any order it can come sorted in.
      next.step.method = JoinStep::Method::kFirst;
      next.cost = partRows;
      next.sortVar = -1;
      visit(next);
      if (part.scan) {
        for (int v : part.vars) {
          if (seeded_.count(v) || !part.scan->orderSortedOn(v)) continue;
          State sorted = next;
          sorted.sortVar = v;
          sorted.step.sortVar = v;
          visit(sorted);
        }
      }
      return;
    }
    double out = rows * kOutputCost;
    // Index nested loop: one probe per left row, with the left row's values bound.
    if (part.op->seedable) {
      double perProbe = part.scan ? part.scan->estimateWith(from.bound) : std::max(1.0, partRows / 100);
      State s = next;
      s.step.method = JoinStep::Method::kNestedLoop;
      s.sortVar = from.sortVar;
      s.cost = from.cost + from.rows * (kSeekCost + perProbe) + out;
      visit(s);
    }
    if (shared.empty() && part.op->seedable) return;  // a cross product: nested loop only
    // Hash join: the part is read once into a table, the left rows probe it.
    if (allowHash_ || !part.op->seedable) {
      State s = next;
      s.step.method = JoinStep::Method::kHash;
      s.sortVar = from.sortVar;
      s.cost = from.cost + partRows * kHashBuildCost + from.rows * kHashProbeCost + out;
      visit(s);
    }
    // Merge join on the variable the left rows are sorted on.
    if (from.sortVar >= 0 && part.scan && part.vars.count(from.sortVar) &&
        part.scan->orderSortedOn(from.sortVar)) {
      State s = next;
      s.step.method = JoinStep::Method::kMerge;
      s.step.sortVar = from.sortVar;
      s.sortVar = from.sortVar;
      // Each side is read, or leaps over rows without a partner with a seek per leap; rows
      // are paired on the merge variable alone, then checked on the other shared ones.
      double dl = from.distinct.count(from.sortVar) ? from.distinct.at(from.sortVar) : from.rows;
      double pairs = from.rows * partRows / std::max(1.0, std::max(dl, distinctIn(i, from.sortVar)));
      s.cost = from.cost + std::min(partRows, from.rows * kSeekCost) +
               std::min(from.rows, partRows * kSeekCost) + std::max(out, pairs * kOutputCost);
      visit(s);
    }
  }

  bool connected(const State& from, size_t i) const {
    for (int v : parts_[i].vars) {
      if (from.bound.count(v)) return true;
    }
    return false;
  }

  JoinPlan dynamic() {
    size_t n = parts_.size();
    // states[mask][sortVar]
    std::vector<std::unordered_map<int, State>> states(size_t{1} << n);
    State start;
    start.rows = 1;
    start.cost = 0;
    start.bound = seeded_;
    for (int v : seeded_) start.distinct[v] = 1;
    states[0][-1] = start;
    for (uint32_t mask = 0; mask < (1u << n); ++mask) {
      for (const auto& [sort, from] : states[mask]) {
        // Prefer connected extensions; a cross product only when nothing connects.
        bool anyConnected = false;
        for (size_t i = 0; i < n; ++i) {
          if (!(mask & (1u << i)) && (mask == 0 ? true : connected(from, i))) anyConnected = true;
        }
        for (size_t i = 0; i < n; ++i) {
          if (mask & (1u << i)) continue;
          if (mask != 0 && anyConnected && !connected(from, i)) continue;
          uint32_t to = mask | (1u << i);
          extensions(from, mask, i, [&](const State& s) {
            State& best = states[to][s.sortVar];
            if (s.cost < best.cost) best = s;
          });
        }
      }
      if (mask != 0) {
        // Free the distinct maps of states no longer needed? They are small; keep them.
      }
    }
    uint32_t full = (1u << n) - 1;
    const State* best = nullptr;
    int bestSort = -1;
    for (const auto& [sort, s] : states[full]) {
      if (!best || s.cost < best->cost) {
        best = &s;
        bestSort = sort;
      }
    }
    JoinPlan plan;
    plan.cost = best->cost;
    uint32_t mask = full;
    int sort = bestSort;
    while (mask != 0) {
      const State& s = states[mask].at(sort);
      plan.steps.push_back(s.step);
      uint32_t prev = s.prevMask;
      sort = s.prevSort;
      mask = prev;
    }
    std::reverse(plan.steps.begin(), plan.steps.end());
    return plan;
  }

  JoinPlan greedy() {
    size_t n = parts_.size();
    State from;
    from.rows = 1;
    from.cost = 0;
    from.bound = seeded_;
    for (int v : seeded_) from.distinct[v] = 1;
    uint32_t mask = 0;  // only tells the first step apart
    std::vector<bool> used(n, false);
    JoinPlan plan;
    for (size_t step = 0; step < n; ++step) {
      std::optional<State> best;
      bool anyConnected = false;
      for (size_t i = 0; i < n; ++i) {
        if (!used[i] && (step == 0 || connected(from, i))) anyConnected = true;
      }
      for (size_t i = 0; i < n; ++i) {
        if (used[i] || (step > 0 && anyConnected && !connected(from, i))) continue;
        extensions(from, mask, i, [&](const State& s) {
          // Greedy: the cheapest next step, judged by its cost plus its output size.
          if (!best || s.cost + s.rows < best->cost + best->rows) best = s;
        });
      }
      used[best->step.part] = true;
      plan.steps.push_back(best->step);
      from = *best;
      mask = 1;
    }
    plan.cost = from.cost;
    return plan;
  }

 private:
  const std::vector<JoinPart>& parts_;
  std::set<int> seeded_;
  bool allowHash_;
  std::vector<double> standalone_;
};

}  // namespace

JoinPlan orderJoins(const std::vector<JoinPart>& parts, const std::set<int>& seeded, bool allowHash) {
  Planner planner(parts, seeded, allowHash);
  if (parts.empty()) return {};
  JoinPlan plan = parts.size() <= kMaxDpParts ? planner.dynamic() : planner.greedy();
  // The first scan is read in a chosen order only for the merge joins that follow.
  bool merges = false;
  for (const auto& step : plan.steps) merges = merges || step.method == JoinStep::Method::kMerge;
  if (!merges) plan.steps[0].sortVar = -1;
  return plan;
}

}  // namespace kg::query
