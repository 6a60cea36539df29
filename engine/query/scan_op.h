// ScanOp: one triple pattern against the store.
#pragma once

#include <array>
#include <optional>

#include "query/operator.h"

namespace kg::query {

// One triple pattern against the store: one prefix range scan per open.
class ScanOp final : public Operator {
 public:
  ScanOp(QueryContext& ctx, Slot s, Slot p, Slot o, GraphScope graph, std::string text,
         const std::vector<std::string>* varNames);
  std::string describe() const override;
  // Rows when the given variables are bound (planning).
  double estimateWith(const std::set<int>& bound) const;
  // Distinct values of a variable among the rows matching the constants alone (planning).
  double distinctOf(int var) const;
  const Slot& slot(int pos) const { return slots_[pos]; }
  // How the scan enters a subject-star estimate (storage/characteristic_sets.h): a variable
  // subject, not bound by the caller, with a constant predicate; its object a variable or a
  // constant. Null when it does not, or when the store keeps no characteristic sets.
  struct StarMember {
    int subject = -1;
    TermId predicate = 0;
    TermId object = storage::kAny;  // a constant object, else kAny
    double selectivity = 1;         // the share of the predicate's quads the pattern keeps
    double rows = 0;                // the pattern's rows, unbound
    std::vector<TermId> graphs;     // the graphs the scan reads
  };
  std::optional<StarMember> starMember(const std::set<int>& seeded) const;
  // Appends what decides this scan's part in a join plan (its constants, variables, graphs
  // and estimate) to `key`; false when the scan cannot be described so (a quoted pattern or
  // a graph given by GRAPH), and its plans are not cached.
  bool appendPlanKey(std::vector<uint64_t>& key) const;
  const storage::CharacteristicSets* characteristicSets() const;
  const storage::QuadReader& reader() const { return ctx_.reader(); }
  bool empty() const { return empty_; }
  // The variables bound by earlier operators when this scan runs (for EXPLAIN).
  void setPlannedBound(std::set<int> bound) { plannedBound_ = std::move(bound); }
  // An index whose key continues with `var` right after the constants, so the scan comes out
  // sorted on it (for merge joins). nullopt if no index does.
  std::optional<storage::IndexOrder> orderSortedOn(int var) const;
  void forceOrder(storage::IndexOrder order) { forcedOrder_ = order; }
  void skipTo(int var, TermId value) override;
  std::vector<int> probeKey(const std::set<int>& bound) const override;

 protected:
  void openImpl(const Row& seed) override;
  bool nextImpl(Row& row) override;

 private:
  bool openGraph();
  // The index for a pattern (bound positions not kAny): the longest bound prefix, and among
  // those the order whose key starts with more of the scan's constants.
  storage::IndexChoice chooseOrder(const storage::QuadIds& pattern) const;
  // chooseOrder's answers by the pattern's bound positions (bit per position), once known: a
  // nested loop opens the scan once per left row with the same positions bound.
  mutable std::array<std::optional<storage::IndexChoice>, 16> orderByBound_;
  storage::IndexChoice chooseOrderUncached(const storage::QuadIds& pattern) const;
  // The statistics of the scan's constant predicate in its graph scope, or null.
  const storage::PredicateStats* predicateStats() const;

  QueryContext& ctx_;
  Slot slots_[4];  // s p o g (g filled from the scope)
  GraphScope graph_;
  std::string text_;
  bool empty_ = false;  // a constant unknown to the store
  std::set<int> plannedBound_;
  mutable double constCount_ = -1;  // rows matching the constants alone (planning)
  std::optional<storage::IndexOrder> forcedOrder_;
  // Iteration state
  Row seed_;
  storage::QuadIds pattern_;
  std::unique_ptr<storage::QuadStream> stream_;
  storage::IndexOrder streamOrder_ = storage::IndexOrder::kGSPO;
  uint64_t streamsOpened_ = 0;  // from the second on, streams are opened restartable
  std::vector<TermId> graphs_;  // graphs still to scan (default-graph merges)
  size_t graphIndex_ = 0;
  std::unordered_set<std::string> seenTriples_;  // dedupe across merged default graphs
  bool exhausted_ = true;
};

}  // namespace kg::query
