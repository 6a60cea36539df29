// Physical operators: a pull-based tree over rows of term ids.
//
// open(seed) starts (or restarts) an operator: variables bound in the seed act as constants
// (SPARQL's substitution, as EXISTS and bind joins need) and every row produced agrees with
// the seed. next(row) fills the next row; false at the end.
#pragma once

#include <algorithm>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "query/evaluator.h"
#include "query/query_context.h"
#include "sparql/ast.h"
#include "storage/index_order.h"

namespace kg::query {

class Operator;
using OperatorPtr = std::unique_ptr<Operator>;

struct ExplainOptions {
  bool analyze = false;
};

class Operator {
 public:
  virtual ~Operator() = default;
  void open(const Row& seed) {
    ++opens_;
    openImpl(seed);
  }
  bool next(Row& row) {
    if (!timing_) {
      if (!nextImpl(row)) return false;
      ++rowsOut_;
      return true;
    }
    auto start = std::chrono::steady_clock::now();
    bool ok = nextImpl(row);
    seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (ok) ++rowsOut_;
    return ok;
  }

  // Variables that rows of this operator may / always bind (beyond the seed).
  std::set<int> maybe, certain;
  // Estimated output rows (for one open with an empty seed).
  double estimate = 0;
  // True when open(seed) with bound variables equals joining with the seed: lets a parent
  // use a bind (index nested-loop) join instead of a hash join.
  bool seedable = false;

  // One line describing this operator, and its children.
  virtual std::string describe() const = 0;
  virtual std::vector<const Operator*> children() const { return {}; }
  // A hint for an operator whose rows come sorted on `var`: rows whose value of `var` is
  // smaller than `value` may be skipped. Merge joins use it to leap over rows without a
  // partner instead of reading them. The default ignores it.
  virtual void skipTo(int var, TermId value) {
    (void)var;
    (void)value;
  }
  // The variables of `bound` in the order an open with them bound reads its index key, for
  // a caller that wants to probe in key order (see BindJoinOp's batches). Empty: no order.
  virtual std::vector<int> probeKey(const std::set<int>& bound) const {
    (void)bound;
    return {};
  }
  // Called on the inputs of an operator that relies on their row order (a merge join): an
  // operator that could reorder its rows (a hash join spilling to disk) must not.
  virtual void keepOrder() {}
  // Rows one open yields when the variables of `bound` come bound by a join (planning). The
  // default guesses a hundredth of the unbound estimate.
  virtual double probeEstimate(const std::set<int>& bound) const {
    (void)bound;
    return std::max(1.0, estimate / 100);
  }
  void enableTiming();
  void explain(std::string& out, int depth, const ExplainOptions& options) const;

 protected:
  virtual void openImpl(const Row& seed) = 0;
  virtual bool nextImpl(Row& row) = 0;

 private:
  uint64_t rowsOut_ = 0;
  uint64_t opens_ = 0;
  double seconds_ = 0;
  bool timing_ = false;
};

// A term or variable in one position of a scan. Quoted-triple patterns with variables inside
// are matched after the scan.
struct Slot {
  enum class Kind { kConst, kVar, kAny, kQuoted };
  Kind kind = Kind::kAny;
  TermId id = 0;   // kConst (kg::storage::kAny when the store does not know the term)
  std::shared_ptr<Term> term;  // kConst: the term itself
  int var = -1;    // kVar
  // kQuoted: the pattern's three members.
  std::shared_ptr<std::vector<Slot>> quoted;
};

// The graphs a scan may read.
struct GraphScope {
  enum class Kind { kDefault, kNamedVar, kNamedConst };
  Kind kind = Kind::kDefault;
  // kDefault: the graphs merged into the default graph ({0} = the store's default graph).
  std::vector<TermId> defaultGraphs = {storage::kDefaultGraph};
  // kNamedVar / kNamedConst: the graph variable or constant. Inside GRAPH ?g the pattern
  // does not see ?g bound (it is joined afterwards); scans read the graph being visited from
  // `current`, which the GRAPH operator sets.
  int var = -1;
  TermId id = 0;
  std::shared_ptr<TermId> current;
  // The named graphs of the dataset (nullopt = every named graph in the store).
  std::shared_ptr<std::vector<TermId>> namedGraphs;
};

// Two rows agree on every variable bound in both.
bool compatible(const Row& a, const Row& b);
// Copies b's bound values into a (a and b compatible).
void merge(Row& a, const Row& b);

}  // namespace kg::query
