// kg_join_costs: measures what the join planner's cost constants stand for, on a loaded store,
// warm, with the engine's own operators (engine/query/join_order.cpp uses the ratios).
//
//   kg_join_costs --db DIR [--predicate IRI] [--runs N]
//
// The predicate (default LUBM's memberOf) is read as `?s P ?o`. Printed, in ns and in units of
// one row read sequentially by a scan:
//   scan          rows read by one prefix scan (decode, bind)
//   probe random  one nested-loop probe of `?s P ?o` with ?s bound, subjects in random order
//   ... by object the probes with ?o bound instead (they spread over the predicate's rows, not
//                 the whole graph), objects in random order; time per probe includes its rows
//   probe sorted  the same probes in key order (every subject; every 64th subject)
//   hash build    per row put in a HashJoinOp's table (the scan's rows), the scan excluded
//   hash probe    per left row looking the table up (each finds one partner)
//   merge         per row of each side of a MergeJoinOp of two scans sorted on ?s
//   merge leap    per left row of a merge join whose left side has every 64th subject
#include <time.h>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "kg/term.h"
#include "query/join_ops.h"
#include "query/query_context.h"
#include "query/scan_op.h"
#include "storage/store.h"

namespace {

using kg::query::GraphScope;
using kg::query::kUnbound;
using kg::query::Operator;
using kg::query::OperatorPtr;
using kg::query::QueryContext;
using kg::query::Row;
using kg::query::ScanOp;
using kg::query::Slot;
using kg::storage::TermId;

constexpr int kS = 0, kO = 1, kO2 = 2, kWidth = 3;

double cpuSeconds() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// The least CPU time of `runs` calls.
double best(int runs, const std::function<void()>& f) {
  double least = 1e30;
  for (int i = 0; i < runs; ++i) {
    double start = cpuSeconds();
    f();
    least = std::min(least, cpuSeconds() - start);
  }
  return least;
}

Slot var(int v) {
  Slot s;
  s.kind = Slot::Kind::kVar;
  s.var = v;
  return s;
}

Slot constant(TermId id) {
  Slot s;
  s.kind = Slot::Kind::kConst;
  s.id = id;
  return s;
}

// Rows given up front (the left side of a hash join).
class RowsOp final : public Operator {
 public:
  explicit RowsOp(const std::vector<Row>* rows) : rows_(rows) {
    maybe = certain = {kS};
    estimate = static_cast<double>(rows->size());
  }
  std::string describe() const override { return "Rows"; }

 protected:
  void openImpl(const Row&) override { next_ = 0; }
  bool nextImpl(Row& row) override {
    if (next_ >= rows_->size()) return false;
    row = (*rows_)[next_++];
    return true;
  }

 private:
  const std::vector<Row>* rows_;
  size_t next_ = 0;
};

size_t drain(Operator& op, const Row& seed) {
  op.open(seed);
  Row row = seed;
  size_t n = 0;
  while (op.next(row)) ++n;
  return n;
}

}  // namespace

int main(int argc, char** argv) {
  std::string db, predicate = "http://www.lehigh.edu/~zhp2/2004/0401/univ-bench.owl#memberOf";
  int runs = 5;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--db" && i + 1 < argc) db = argv[++i];
    else if (a == "--predicate" && i + 1 < argc) predicate = argv[++i];
    else if (a == "--runs" && i + 1 < argc) runs = std::stoi(argv[++i]);
  }
  if (db.empty()) {
    std::fprintf(stderr, "usage: kg_join_costs --db DIR [--predicate IRI] [--runs N]\n");
    return 2;
  }
  kg::storage::StoreOptions options;
  options.path = db;
  options.readOnly = true;
  auto store = kg::storage::Store::open(options);
  auto view = store->readView();
  auto p = view->lookup(kg::Term::iri(predicate));
  if (!p) {
    std::fprintf(stderr, "no predicate %s in the store\n", predicate.c_str());
    return 1;
  }
  QueryContext ctx(*view, "", std::chrono::milliseconds(0), nullptr);
  GraphScope scope;
  scope.kind = GraphScope::Kind::kDefault;
  scope.defaultGraphs = {kg::storage::kDefaultGraph};
  auto scan = [&](int object) {
    return std::make_unique<ScanOp>(ctx, var(kS), constant(*p), var(object), scope, "?s P ?o", nullptr);
  };
  const Row empty(kWidth, kUnbound);

  // Sequential rows, and the subjects for the probes.
  auto seq = scan(kO);
  std::vector<TermId> subjects;
  seq->open(empty);
  for (Row r = empty; seq->next(r);) {
    if (subjects.empty() || subjects.back() != r[kS]) subjects.push_back(r[kS]);
  }
  std::sort(subjects.begin(), subjects.end());
  size_t rows = 0;
  double scanS = best(runs, [&] { rows = drain(*seq, empty); });
  double perRow = scanS / static_cast<double>(rows);

  auto probe = scan(kO);
  auto probeAll = [&](const std::vector<TermId>& keys) {
    Row seed = empty;
    for (TermId s : keys) {
      seed[kS] = s;
      drain(*probe, seed);
    }
  };
  std::vector<TermId> shuffled = subjects;
  std::shuffle(shuffled.begin(), shuffled.end(), std::mt19937(42));
  double randomS = best(runs, [&] { probeAll(shuffled); }) / static_cast<double>(subjects.size());
  double sortedS = best(runs, [&] { probeAll(subjects); }) / static_cast<double>(subjects.size());
  // Probes by object: their keys spread over the predicate's rows only (`?s P ?o` with ?o
  // bound reads the predicate-object order), not over the whole graph as probes by subject.
  std::vector<TermId> objects;
  seq->open(empty);
  for (Row r = empty; seq->next(r);) objects.push_back(r[kO]);
  std::sort(objects.begin(), objects.end());
  objects.erase(std::unique(objects.begin(), objects.end()), objects.end());
  std::shuffle(objects.begin(), objects.end(), std::mt19937(7));
  if (objects.size() > subjects.size()) objects.resize(subjects.size());
  auto byObject = scan(kO);
  double objectS = best(runs, [&] {
    Row seed = empty;
    for (TermId o : objects) {
      seed[kO] = o;
      drain(*byObject, seed);
    }
  }) / static_cast<double>(objects.size());
  std::vector<TermId> sparse;
  for (size_t i = 0; i < subjects.size(); i += 64) sparse.push_back(subjects[i]);
  double sparseS = best(runs, [&] { probeAll(sparse); }) / static_cast<double>(sparse.size());

  // Hash join: the scan's rows are the table, the left rows (one per subject, in random
  // order) each find their partners.
  std::vector<Row> left;
  for (TermId s : shuffled) {
    Row r = empty;
    r[kS] = s;
    left.push_back(r);
  }
  double buildS = 0, probeS = 0;
  size_t joined = 0;
  {
    kg::query::HashJoinOp hash(ctx, std::make_unique<RowsOp>(&left), scan(kO));
    std::vector<Row> none;
    kg::query::HashJoinOp buildOnly(ctx, std::make_unique<RowsOp>(&none), scan(kO));
    double buildAndScan = best(runs, [&] { drain(buildOnly, empty); });
    buildS = (buildAndScan - scanS) / static_cast<double>(rows);
    double all = best(runs, [&] { joined = drain(hash, empty); });
    probeS = (all - buildAndScan) / static_cast<double>(left.size());
  }

  // Merge join of the predicate with itself on ?s (both scans read in subject order).
  double mergeS = 0;
  {
    auto a = scan(kO);
    auto b = scan(kO2);
    a->forceOrder(*a->orderSortedOn(kS));
    b->forceOrder(*b->orderSortedOn(kS));
    kg::query::MergeJoinOp merge(ctx, std::move(a), std::move(b), kS, "s");
    mergeS = (best(runs, [&] { drain(merge, empty); }) - 2 * scanS) / static_cast<double>(2 * rows);
  }

  // A merge join whose left side has every 64th subject: the right side leaps between them.
  double leapS = 0;
  {
    std::vector<Row> sparseRows;
    for (TermId s : sparse) {
      Row r = empty;
      r[kS] = s;
      sparseRows.push_back(r);
    }
    auto right = scan(kO);
    right->forceOrder(*right->orderSortedOn(kS));
    kg::query::MergeJoinOp merge(ctx, std::make_unique<RowsOp>(&sparseRows), std::move(right), kS, "s");
    leapS = best(runs, [&] { drain(merge, empty); }) / static_cast<double>(sparse.size());
  }

  auto line = [&](const char* what, double seconds) {
    std::printf("%-24s %9.1f ns  %7.2f rows\n", what, seconds * 1e9, seconds / perRow);
  };
  std::printf("store %s, %s: %zu rows, %zu subjects, %zu joined\n", db.c_str(), predicate.c_str(), rows,
              subjects.size(), joined);
  line("scan, per row", perRow);
  line("probe random", randomS);
  line("probe random, by object", objectS);
  line("probe sorted (dense)", sortedS);
  line("probe sorted (1 in 64)", sparseS);
  line("hash build, per row", buildS);
  line("hash probe, per row", probeS);
  line("merge, per input row", mergeS);
  line("merge leap (1 in 64)", leapS);
  return 0;
}
