#include "query/join_order.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <tuple>
#include <unordered_map>

#include "query/join_plan_cache.h"
#include "query/join_sample.h"
#include "query/operators.h"
#include "query/star_sample.h"
#include "storage/star_estimator.h"

namespace kg::query {
namespace {

// Relative costs, in rows read sequentially by a scan (60-100 ns). bench/join_costs.cpp
// (kg_join_costs) measures each on a store; the figures below are LUBM(10) and ten copies of
// it, warm (storage/README.md, "Join costs").
// A probe that seeks: RocksDB seek and a segment decode. kg_join_costs measures 50-105 for
// probes in random order over a whole graph; probes inside queries have more locality, and
// 80 made WatDiv's probe-driven plans (C2, S4) slower, so the old figure stays.
constexpr double kSeekCost = 25;
constexpr double kSortedProbeCost = 8;   // a probe in key order that stays in or near the last block (6-11)
constexpr double kLeapCost = 4;          // a merge join's leap within a block: cheaper than a probe (a leap over 64 rows: 16-22 in all, a sorted probe 1 in 64: 34-50)
constexpr double kHashBuildCost = 2;     // per row put in a hash table, besides reading it (measured 0.5-1.3, plus the allocation)
constexpr double kHashProbeCost = 1.5;   // per row looked up in a table that fits the CPU's caches (1.05-1.65 up to 30,000 rows)
constexpr double kHashProbeMissCost = 3; // in a larger table, a cache miss or two per probe (2.8-6.1 from 100,000 rows in kg_join_costs, 2.5 in LUBM l7)
constexpr double kCachedHashBytes = 2 << 20;  // a table up to this size counts as cached
constexpr double kHashRowOverhead = 20;  // bytes per table row besides its ids: hash, chain, buckets
constexpr double kOutputCost = 0.5;     // per row produced by a join
constexpr double kRowsPerBlock = 256;
constexpr size_t kMaxDpParts = 12;
constexpr int kMaxVars = 32;
constexpr size_t kStarSampleSize = 32;  // subjects read to estimate a star with a constant object  // variables tracked by bit; more falls back to the greedy search

struct State {
  double cost = std::numeric_limits<double>::infinity();
  double rows = 0;
  uint32_t bound = 0;  // local variable bits
  int sortVar = -1;    // local variable index
  std::array<float, kMaxVars> distinct{};  // per bound local variable
  uint32_t prevMask = 0;
  int prevSort = -1;
  JoinStep step;
};

class Search {
 public:
  Search(const std::vector<JoinPart>& parts, const std::set<int>& seeded, bool allowHash)
      : parts_(parts), allowHash_(allowHash) {
    for (const auto& part : parts_) {
      for (int v : part.vars) local(v);
    }
    for (int v : seeded) {
      if (index_.count(v)) seeded_ |= 1u << index_.at(v);
    }
    for (size_t i = 0; i < parts_.size(); ++i) {
      PartInfo info;
      for (int v : parts_[i].vars) info.vars |= 1u << index_.at(v);
      std::set<int> seeds;
      for (int v : parts_[i].vars) {
        if (seeded_ & (1u << index_.at(v))) seeds.insert(v);
      }
      info.rows = std::max(parts_[i].op->estimate, 0.0);
      if (!seeds.empty() && parts_[i].scan) info.rows = parts_[i].scan->estimateWith(seeds);
      for (int v : parts_[i].vars) {
        double d = std::max(info.rows, 1.0);
        if (parts_[i].scan) d = std::min(d, parts_[i].scan->distinctOf(v));
        info.distinct[index_.at(v)] = static_cast<float>(std::max(1.0, d));
        if (parts_[i].scan && parts_[i].scan->orderSortedOn(v) && !(seeded_ & (1u << index_.at(v)))) {
          info.sortable |= 1u << index_.at(v);
        }
      }
      info_.push_back(info);
    }
    pairSelectivity_.resize(parts_.size() * parts_.size() * kMaxVars);
    findStars(seeded);
    for (size_t a = 0; a < parts_.size() && a < 32; ++a) {
      if (isAnchor(a)) anchorParts_ |= 1u << a;
    }
    for (const Star& star : stars_) {
      uint32_t bits = 0;
      for (size_t part : star.parts) bits |= 1u << part;
      starParts_.push_back(bits);
    }
  }

  bool fits() const { return vars_.size() <= kMaxVars; }

  JoinPlan dynamic() {
    size_t n = parts_.size();
    std::vector<std::vector<State>> table(size_t{1} << n);
    State start;
    start.rows = 1;
    start.cost = 0;
    start.bound = seeded_;
    for (int b = 0; b < kMaxVars; ++b) {
      if (seeded_ & (1u << b)) start.distinct[b] = 1;
    }
    table[0].push_back(start);
    for (uint32_t mask = 0; mask < (1u << n); ++mask) {
      for (size_t si = 0; si < table[mask].size(); ++si) {
        // A reference stays valid: extensions only add to larger subsets' tables.
        const State& from = table[mask][si];
        bool anyConnected = false;
        for (size_t i = 0; i < n; ++i) {
          if (!(mask & (1u << i)) && (mask == 0 || (info_[i].vars & from.bound))) anyConnected = true;
        }
        for (size_t i = 0; i < n; ++i) {
          if (mask & (1u << i)) continue;
          if (mask != 0 && anyConnected && !(info_[i].vars & from.bound)) continue;
          uint32_t to = mask | (1u << i);
          extensions(from, mask, i, [&](const State& s) {
            for (State& existing : table[to]) {
              if (existing.sortVar == s.sortVar) {
                if (s.cost < existing.cost) existing = s;
                return;
              }
            }
            table[to].push_back(s);
          });
        }
      }
    }
    uint32_t full = (1u << n) - 1;
    const State* best = nullptr;
    for (const State& s : table[full]) {
      if (!best || s.cost < best->cost) best = &s;
    }
    JoinPlan plan;
    plan.cost = best->cost;
    uint32_t mask = full;
    int sort = best->sortVar;
    while (mask != 0) {
      const State* s = nullptr;
      for (const State& c : table[mask]) {
        if (c.sortVar == sort) s = &c;
      }
      plan.steps.push_back(s->step);
      sort = s->prevSort;
      mask = s->prevMask;
    }
    std::reverse(plan.steps.begin(), plan.steps.end());
    return plan;
  }

  JoinPlan greedy() {
    samples_ = false;  // the greedy search does not track which parts are joined
    size_t n = parts_.size();
    State from;
    from.rows = 1;
    from.cost = 0;
    from.bound = fits() ? seeded_ : 0;
    std::vector<bool> used(n, false);
    JoinPlan plan;
    for (size_t step = 0; step < n; ++step) {
      std::optional<State> best;
      bool anyConnected = false;
      for (size_t i = 0; i < n; ++i) {
        if (!used[i] && (step == 0 || (info_[i].vars & from.bound))) anyConnected = true;
      }
      for (size_t i = 0; i < n; ++i) {
        if (used[i] || (step > 0 && anyConnected && !(info_[i].vars & from.bound))) continue;
        extensions(from, step == 0 ? 0 : 1, i, [&](const State& s) {
          // Greedy: the cheapest next step, judged by its cost plus its output size.
          if (!best || s.cost + s.rows < best->cost + best->rows) best = s;
        });
      }
      used[best->step.part] = true;
      plan.steps.push_back(best->step);
      from = *best;
    }
    plan.cost = from.cost;
    return plan;
  }

 private:
  // Scans sharing a subject variable (two or more), estimated from characteristic sets.
  struct Star {
    int var = 0;  // local bit of the subject
    std::vector<size_t> parts;
    std::unique_ptr<storage::StarEstimator> estimator;
    std::map<uint32_t, double> rows;  // by members (bits into `parts`)
  };

  void findStars(const std::set<int>& seeded) {
    std::map<int, std::vector<std::pair<size_t, ScanOp::StarMember>>> bySubject;
    for (size_t i = 0; i < parts_.size(); ++i) {
      if (!parts_[i].scan) continue;
      auto member = parts_[i].scan->starMember(seeded);
      if (member && index_.count(member->subject)) bySubject[member->subject].push_back({i, std::move(*member)});
    }
    for (auto& [var, members] : bySubject) {
      if (members.size() < 2 || members.size() > 32) continue;
      Star star;
      star.var = index_.at(var);
      std::vector<storage::StarPattern> patterns;
      std::vector<ScanOp::StarMember> scans;
      bool sameGraphs = true;
      for (const auto& [i, m] : members) {
        sameGraphs = sameGraphs && m.graphs == members[0].second.graphs;
        star.parts.push_back(i);
        patterns.push_back({m.predicate, m.selectivity});
        scans.push_back(m);
      }
      if (!sameGraphs) continue;
      const ScanOp& first = *parts_[members[0].first].scan;
      const std::vector<TermId>& graphs = members[0].second.graphs;
      star.estimator = std::make_unique<storage::StarEstimator>(*first.characteristicSets(), graphs, patterns);
      if (!star.estimator->available()) continue;
      // The sub-stars with a constant object: from a sample of the most selective one's subjects.
      std::optional<size_t> anchor;
      for (size_t k = 0; k < scans.size(); ++k) {
        if (scans[k].object != storage::kAny && (!anchor || scans[k].rows < scans[*anchor].rows)) anchor = k;
      }
      if (anchor && graphs.size() == 1) {
        star.estimator->setSample(sampleStar(first.reader(), graphs[0], scans, *anchor, kStarSampleSize));
      }
      for (size_t k = 0; k < star.parts.size(); ++k) {
        info_[star.parts[k]].star = static_cast<int>(stars_.size());
        info_[star.parts[k]].starBit = 1u << k;
      }
      stars_.push_back(std::move(star));
    }
  }

  // The star members among the parts in `mask`.
  uint32_t starMembers(const Star& star, uint32_t mask) const {
    uint32_t members = 0;
    for (size_t k = 0; k < star.parts.size(); ++k) {
      if (mask & (1u << star.parts[k])) members |= 1u << k;
    }
    return members;
  }

  double starRows(Star& star, uint32_t members) {
    auto it = star.rows.find(members);
    if (it != star.rows.end()) return it->second;
    double rows = star.estimator->rows(members);
    star.rows[members] = rows;
    return rows;
  }

  struct PartInfo {
    int star = -1;         // index into stars_, or -1
    uint32_t starBit = 0;  // the part's bit among the star's members
    uint32_t vars = 0;
    uint32_t sortable = 0;  // variables a scan of the part can come sorted on
    double rows = 0;
    std::array<float, kMaxVars> distinct{};
    std::map<uint32_t, double> perProbe;  // by the part's bound variables
  };

  int local(int var) {
    auto it = index_.find(var);
    if (it != index_.end()) return it->second;
    int bit = static_cast<int>(vars_.size());
    vars_.push_back(var);
    // Variables past kMaxVars share no bit: fits() is false and the greedy search runs.
    if (bit < kMaxVars) index_[var] = bit;
    return bit;
  }

  double perProbe(size_t i, uint32_t bound) {
    PartInfo& info = info_[i];
    uint32_t key = bound & info.vars;
    auto it = info.perProbe.find(key);
    if (it != info.perProbe.end()) return it->second;
    double rows;
    if (parts_[i].scan) {
      std::set<int> vars;
      for (int b = 0; b < kMaxVars; ++b) {
        if (key & (1u << b)) vars.insert(vars_[b]);
      }
      rows = parts_[i].scan->estimateWith(vars);
    } else {
      std::set<int> vars;
      for (int b = 0; b < kMaxVars; ++b) {
        if (key & (1u << b)) vars.insert(vars_[b]);
      }
      rows = parts_[i].op->probeEstimate(vars);  // e.g. a path with an end bound
    }
    info.perProbe[key] = rows;
    return rows;
  }

  // The selectivity of joining part i on variable bit b with the parts in `mask`, from
  // sampled join sizes of i with each of them that binds b (query/join_sample.h): the
  // smallest, since a left row's value must have met all of them. Nullopt when no pair can be
  // sampled (then distinct counts decide).
  std::optional<double> sampledSelectivity(size_t i, uint32_t mask, int b) {
    if (!samples_ || !parts_[i].scan || (info_[i].vars & seeded_)) return std::nullopt;
    if (auto anchored = anchoredSelectivity(i, mask, b, -1)) return anchored;
    if (auto sourced = sourcedSelectivity(i, mask, b)) return sourced;
    std::optional<double> best;
    for (size_t j = 0; j < parts_.size(); ++j) {
      if (!(mask & (1u << j)) || !(info_[j].vars & (1u << b)) || !parts_[j].scan || (info_[j].vars & seeded_)) continue;
      PairSelectivity& cached = pairSelectivity_[(std::min(i, j) * parts_.size() + std::max(i, j)) * kMaxVars + b];
      if (!cached.known) {
        std::optional<double> selectivity;
        const ScanOp& a = *parts_[i].scan;
        const ScanOp& c = *parts_[j].scan;
        if (auto sample = sampleJoinSize(a, c, vars_[b])) {
          double ra = a.estimateWith({}), rc = c.estimateWith({});
          selectivity = ra > 0 && rc > 0 ? sample->size / (ra * rc) : 0.0;
          // No partner found: the sample bounds the selectivity, the distinct counts may know better.
          if (sample->noneFound) {
            double dl = info_[j].distinct[b], dr = info_[i].distinct[b];
            selectivity = std::min(*selectivity, 1 / std::max(1.0, std::max<double>(dl, dr)));
          }
        }
        cached.known = true;
        cached.selectivity = selectivity;
      }
      if (cached.selectivity && (!best || *cached.selectivity < *best)) best = cached.selectivity;
    }
    return best;
  }

  // When one part j of `mask` binds b, with one other variable c, and another part k of the
  // mask binds c: part i's matches per row of k joined with j, from a sample of k's values of c
  // followed through j (query/join_sample.h). The pair of i and j alone assumes j's rows
  // independent of k's, where k may pick quite different ones: the parents of the places people
  // hold degrees from are departments (all of them), while most parents are research groups'.
  std::optional<double> sourcedSelectivity(size_t i, uint32_t mask, int b) {
    std::optional<size_t> binder;
    for (size_t j = 0; j < parts_.size(); ++j) {
      if (!(mask & (1u << j)) || !(info_[j].vars & (1u << b))) continue;
      if (binder) return std::nullopt;  // bound by two parts: the pairs' estimate applies
      binder = j;
    }
    if (!binder || !parts_[*binder].scan || __builtin_popcount(info_[*binder].vars) != 2 ||
        (info_[*binder].vars & seeded_)) {
      return std::nullopt;
    }
    size_t j = *binder;
    int c = __builtin_ctz(info_[j].vars & ~(1u << b));
    std::vector<size_t> sources;
    for (size_t k = 0; k < parts_.size(); ++k) {
      if (k == j || k == i || !(mask & (1u << k)) || !parts_[k].scan || !(info_[k].vars & (1u << c)) ||
          __builtin_popcount(info_[k].vars) < 2 || (info_[k].vars & seeded_)) {
        continue;
      }
      sources.push_back(k);
    }
    std::sort(sources.begin(), sources.end(), [&](size_t x, size_t y) { return info_[x].rows < info_[y].rows; });
    for (size_t k : sources) {
      auto key = std::make_tuple(k, j, i, static_cast<int>(b));
      auto found = anchoredSamples_.find(key);
      if (found == anchoredSamples_.end()) {
        found = anchoredSamples_
                    .emplace(key, sampleAnchoredMatches(*parts_[k].scan, parts_[j].scan, *parts_[i].scan, vars_[b], vars_[c]))
                    .first;
      }
      if (!found->second) continue;
      const JoinSample& sample = *found->second;
      double rows = parts_[i].scan->estimateWith({});
      double selectivity = rows > 0 ? sample.size / rows : 0.0;
      if (sample.noneFound) selectivity = std::min(selectivity, 1 / std::max(1.0, static_cast<double>(info_[i].distinct[b])));
      return selectivity;
    }
    return std::nullopt;
  }

  // The left side's values of b drawn the way its patterns pick them, from a pattern among
  // them with one variable and a constant object (an anchor, `?y a :University`): b is the
  // anchor's subject, or a pattern of two variables leads from it to b. The most selective
  // anchor is taken; `skipStar` (a star's index, or -1): that star's own anchors are left
  // out (its sample has them). Returns the selectivity of part i; nullopt when no anchor.
  std::optional<double> anchoredSelectivity(size_t i, uint32_t mask, int b, int skipStar, uint32_t viaParts = ~0u) {
    uint32_t candidates = samples_ ? anchorParts_ & mask : 0;
    if (skipStar >= 0) candidates &= ~starParts_[skipStar];
    if (!candidates) return std::nullopt;
    // Keyed by everything that decides the answer: the same part and subset with a star's
    // anchors left out, or through its path alone, is another question.
    uint64_t key = (uint64_t{mask} << 32) | (uint64_t{i} << 24) | (static_cast<uint64_t>(b) << 16) |
                   (static_cast<uint64_t>(skipStar + 1) << 1) | (viaParts != ~0u ? 1 : 0);
    auto it = anchored_.find(key);
    if (it != anchored_.end()) return it->second;
    std::vector<size_t> anchors;
    for (size_t a = 0; a < parts_.size(); ++a) {
      if (candidates & (1u << a)) anchors.push_back(a);
    }
    std::sort(anchors.begin(), anchors.end(), [&](size_t x, size_t y) { return info_[x].rows < info_[y].rows; });
    // Drawn once per query for each anchor, path and part (the masks share them).
    auto drawn = [&](size_t a, size_t j) -> const std::optional<JoinSample>& {
      auto key = std::make_tuple(a, j, i, b);
      auto found = anchoredSamples_.find(key);
      if (found != anchoredSamples_.end()) return found->second;
      const ScanOp* via = j == a ? nullptr : parts_[j].scan;
      return anchoredSamples_.emplace(key, sampleAnchoredMatches(*parts_[a].scan, via, *parts_[i].scan, vars_[b]))
          .first->second;
    };
    std::optional<JoinSample> sample;
    for (size_t a : anchors) {
      uint32_t s = info_[a].vars;
      if (s == (1u << b)) {
        if (viaParts == ~0u) sample = drawn(a, a);
      } else {
        for (size_t j = 0; j < parts_.size() && !sample; ++j) {
          if (!(mask & viaParts & (1u << j)) || !parts_[j].scan || info_[j].vars != (s | (1u << b))) continue;
          sample = drawn(a, j);
        }
      }
      if (sample) break;
    }
    std::optional<double> selectivity;
    if (sample) {
      double rows = parts_[i].scan->estimateWith({});
      selectivity = rows > 0 ? sample->size / rows : 0.0;
      if (sample->noneFound) {
        selectivity = std::min(*selectivity, 1 / std::max(1.0, static_cast<double>(info_[i].distinct[b])));
      }
    }
    anchored_.emplace(key, selectivity);
    return selectivity;
  }

  // A scan of one variable, its subject, with a constant predicate and object.
  bool isAnchor(size_t a) const {
    const ScanOp* scan = parts_[a].scan;
    if (!scan || __builtin_popcount(info_[a].vars) != 1 || (info_[a].vars & seeded_)) return false;
    return scan->slot(storage::kS).kind == Slot::Kind::kVar && scan->slot(storage::kP).kind == Slot::Kind::kConst &&
           scan->slot(storage::kO).kind == Slot::Kind::kConst;
  }

  // When part i binds two variables u and v that parts j and k in `mask` connect through a
  // third (j binds u and w, k binds w and v): i's sampled matches per such path.
  std::optional<JoinSample> cycleClosing(size_t i, uint32_t mask, uint32_t shared) {
    if (!samples_ || !parts_[i].scan || __builtin_popcount(shared) != 2 || __builtin_popcount(info_[i].vars) != 2) return std::nullopt;
    int u = __builtin_ctz(shared), v = 31 - __builtin_clz(shared);
    for (size_t j = 0; j < parts_.size(); ++j) {
      const PartInfo& pj = info_[j];
      if (!(mask & (1u << j)) || !parts_[j].scan || (pj.vars & seeded_) || __builtin_popcount(pj.vars) != 2) continue;
      for (int first : {u, v}) {
        int second = first == u ? v : u;
        if (!(pj.vars & (1u << first)) || (pj.vars & (1u << second))) continue;
        uint32_t wBit = pj.vars & ~(1u << first);
        for (size_t k = 0; k < parts_.size(); ++k) {
          if (!(mask & (1u << k)) || k == j || !parts_[k].scan || info_[k].vars != (wBit | (1u << second))) continue;
          auto key = std::make_tuple(i, j, k);
          auto it = cycleSamples_.find(key);
          if (it == cycleSamples_.end()) {
            it = cycleSamples_.emplace(key, sampleCycleClosing(*parts_[i].scan, *parts_[j].scan, *parts_[k].scan,
                                                               vars_[first], vars_[__builtin_ctz(wBit)], vars_[second]))
                     .first;
          }
          if (it->second) return it->second;
        }
      }
    }
    return std::nullopt;
  }

  // A hash probe: a table beyond the CPU's caches costs a few cache misses per probe.
  double hashProbeCost(double tableRows) const {
    double bytes = tableRows * (8.0 * static_cast<double>(vars_.size()) + kHashRowOverhead);
    return bytes <= kCachedHashBytes ? kHashProbeCost : kHashProbeMissCost;
  }

  // Every way to extend `from` (the parts in `mask`) by part i.
  template <typename Visit>
  void extensions(const State& from, uint32_t mask, size_t i, Visit visit) {
    const JoinPart& part = parts_[i];
    const PartInfo& info = info_[i];
    uint32_t shared = info.vars & from.bound;
    // Rows of the join: the left rows times the part's rows, divided per shared variable by
    // the larger number of distinct values on either side.
    double partRows = info.rows;
    State next;
    next.distinct = from.distinct;
    double rows = mask == 0 ? partRows : from.rows * partRows;
    // A scan joining a star it belongs to on the star's subject: the rows grow by the ratio
    // of the star's estimates with and without it (characteristic sets count the subjects
    // that have all the predicates, where dividing by distinct counts assumes them independent).
    int starVar = -1;
    if (mask != 0 && info.star >= 0 && (shared & (1u << stars_[info.star].var))) {
      Star& star = stars_[info.star];
      uint32_t members = starMembers(star, mask);
      if (members) {
        double before = starRows(star, members);
        double after = starRows(star, members | info.starBit);
        rows = before > 0 ? from.rows * after / before : 0;
        starVar = star.var;
        // The star's subjects may come through an anchor outside the star (departments of
        // universities): then the anchor's paths say more than the star alone.
        // Only when the star's patterns joined so far are that path itself: with more of them,
        // the star knows more about its subjects than the path does.
        uint32_t joined = starParts_[info.star] & mask;
        if (!(info.vars & seeded_) && __builtin_popcount(joined) == 1) {
          if (auto anchored = anchoredSelectivity(i, mask, starVar, info.star, joined)) {
            rows = from.rows * info.rows * *anchored;
          } else if (auto sourced = sourcedSelectivity(i, mask, starVar)) {
            rows = from.rows * info.rows * *sourced;
          }
        }
      }
    }
    for (uint32_t left = info.vars; left; left &= left - 1) {
      int b = __builtin_ctz(left);
      uint32_t bit = 1u << b;
      if (shared & bit) {
        double dl = from.distinct[b] > 0 ? from.distinct[b] : from.rows;
        double dr = info.distinct[b];
        if (mask != 0 && b != starVar) {
          std::optional<double> selectivity = sampledSelectivity(i, mask, b);
          rows = selectivity ? rows * *selectivity : rows / std::max(1.0, std::max(dl, dr));
        }
        next.distinct[b] = static_cast<float>(std::min(dl, dr));
      } else {
        next.distinct[b] = info.distinct[b];
      }
    }
    // A part closing a cycle of three: the matches per path the two others make, sampled.
    if (mask != 0 && !(info.vars & seeded_)) {
      if (auto closing = cycleClosing(i, mask, shared)) {
        double sampled = from.rows * closing->size;
        rows = closing->noneFound ? std::min(rows, sampled) : sampled;
      }
    }
    for (uint32_t left = from.bound | info.vars; left; left &= left - 1) {
      int b = __builtin_ctz(left);
      if (next.distinct[b] > rows) next.distinct[b] = static_cast<float>(std::max(rows, 1.0));
    }
    next.rows = rows;
    next.bound = from.bound | info.vars;
    next.prevMask = mask;
    next.prevSort = from.sortVar;
    next.step.part = static_cast<int>(i);
    next.step.rows = rows;
    if (mask == 0) {
      // The first part: a scan, in any order it can come sorted in.
      next.step.method = JoinStep::Method::kFirst;
      next.cost = kSeekCost + partRows;  // one seek to open the scan
      next.sortVar = -1;
      visit(next);
      for (int b = 0; b < kMaxVars; ++b) {
        if (!(info.sortable & (1u << b))) continue;
        State sorted = next;
        sorted.sortVar = b;
        sorted.step.sortVar = vars_[b];
        visit(sorted);
      }
      return;
    }
    double out = rows * kOutputCost;
    double partBlocks = std::max(1.0, partRows / kRowsPerBlock);
    // Index nested loop: one probe per left row, with the left row's values bound; plain
    // (keeps the left order) or with probes sorted by key in batches.
    if (part.op->seedable) {
      double probe = perProbe(i, from.bound);
      State s = next;
      s.step.method = JoinStep::Method::kNestedLoop;
      s.sortVar = from.sortVar;
      s.cost = from.cost + from.rows * (kSeekCost + probe) + out;
      visit(s);
      if (part.scan && from.rows > 1) {
        State b = next;
        b.step.method = JoinStep::Method::kNestedLoop;
        b.step.batched = true;
        b.sortVar = -1;
        b.cost = from.cost + from.rows * (kSortedProbeCost + probe) +
                 std::min(from.rows, partBlocks) * kSeekCost + out;
        visit(b);
      }
    }
    if (!shared && part.op->seedable) return;  // a cross product: nested loop only
    // Hash join: the part is read once into a table, the left rows probe it.
    if (allowHash_ || !part.op->seedable) {
      State s = next;
      s.step.method = JoinStep::Method::kHash;
      s.sortVar = from.sortVar;
      s.cost = from.cost + kSeekCost + partRows * (1 + kHashBuildCost) + from.rows * hashProbeCost(partRows) + out;
      visit(s);
    }
    // Merge join on the variable the left rows are sorted on.
    if (from.sortVar >= 0 && (info.sortable & (1u << from.sortVar))) {
      // Rows are paired on the merge variable alone, then checked on the other shared ones.
      // A side reads every row whose value the other side has, and between two such values
      // either reads the rows without a partner or leaps over them (within the block, and a
      // seek when the leap leaves it), whichever is less.
      int v = from.sortVar;
      double dl = std::max(1.0, from.distinct[v] > 0 ? static_cast<double>(from.distinct[v]) : from.rows);
      double dr = std::max(1.0, static_cast<double>(info.distinct[v]));
      double pairs = from.rows * partRows / std::max(dl, dr);
      double meeting = std::min(dl, dr);  // values on both sides
      // Each value on both sides makes a row at least: when the merge variable is the only
      // one shared, the join's estimate bounds them. A star's or a sample's estimate may know
      // that few values meet where distinct counts cannot (no undergraduate student has an
      // undergraduate degree), and then the merge leaps over nearly everything.
      if (shared == (1u << v)) {
        meeting = std::min(meeting, std::max(1.0, rows));
        pairs = std::min(pairs, rows);
      }
      auto read = [&](double rows, double distinct, double blocks) {
        double matched = std::min(rows, meeting * rows / distinct);
        double unmatched = rows - matched;
        double leaps = meeting * kLeapCost + std::min(meeting, blocks * unmatched / std::max(1.0, rows)) * kSeekCost;
        return matched + std::min(unmatched, leaps);
      };
      double readRight = read(partRows, dr, partBlocks);
      double readLeft = read(from.rows, dl, std::max(1.0, from.rows / kRowsPerBlock));
      State s = next;
      s.step.method = JoinStep::Method::kMerge;
      s.step.sortVar = vars_[v];
      s.sortVar = v;
      s.cost = from.cost + kSeekCost + readRight + readLeft + std::max(out, pairs * kOutputCost);
      visit(s);
    }
  }

  const std::vector<JoinPart>& parts_;
  bool allowHash_;
  std::map<int, int> index_;  // query variable -> local bit
  std::vector<int> vars_;     // local bit -> query variable
  uint32_t seeded_ = 0;
  std::vector<PartInfo> info_;
  std::vector<Star> stars_;
  // Sampled selectivities of pairs of parts on a variable, by (smaller part, larger part, bit).
  struct PairSelectivity {
    bool known = false;
    std::optional<double> selectivity;
  };
  std::vector<PairSelectivity> pairSelectivity_;
  std::map<std::tuple<size_t, size_t, size_t>, std::optional<JoinSample>> cycleSamples_;
  std::unordered_map<uint64_t, std::optional<double>> anchored_;
  bool samples_ = true;  // join samples (off in the greedy search)
  uint32_t anchorParts_ = 0;         // parts that are anchors (isAnchor)
  std::vector<uint32_t> starParts_;  // per star, its parts
  std::map<std::tuple<size_t, size_t, size_t, int>, std::optional<JoinSample>> anchoredSamples_;
};

}  // namespace

JoinPlan orderJoins(const std::vector<JoinPart>& parts, const std::set<int>& seeded, bool allowHash) {
  if (parts.empty()) return {};
  std::optional<std::vector<uint64_t>> key = joinPlanKey(parts, seeded, allowHash);
  if (key) {
    if (std::optional<JoinPlan> known = findJoinPlan(*key)) return *known;
  }
  Search search(parts, seeded, allowHash);
  JoinPlan plan = parts.size() <= kMaxDpParts && search.fits() ? search.dynamic() : search.greedy();
  // The first scan is read in a chosen order only for the merge joins that follow.
  bool merges = false;
  for (const auto& step : plan.steps) merges = merges || step.method == JoinStep::Method::kMerge;
  if (!merges) plan.steps[0].sortVar = -1;
  if (key) keepJoinPlan(std::move(*key), plan);
  return plan;
}

}  // namespace kg::query
