// GROUP BY with aggregates within the query's memory budget.
//
// Groups are built in a hash table. When a new group no longer fits the budget, the table
// stops taking new groups: rows of groups it holds still aggregate in memory, rows of other
// groups go to partition files by a hash of their key. Once the input ends, the table's groups
// are output, and each partition is grouped the same way in turn (a partition still too big
// is split again with another hash, up to kMaxDepth levels). A spilled GROUP BY gives the same
// groups as an in-memory one, in another order (GROUP BY promises none).
#pragma once

#include <memory>
#include <string>
#include <unordered_map>

#include "expr/expr.h"
#include "query/memory_budget.h"
#include "query/operator.h"
#include "query/spill_file.h"

namespace kg::query {

class GroupOp final : public Operator {
 public:
  struct Key {
    const sparql::Expr* expr;
    int var;  // where the key value goes (-1: nowhere)
  };
  struct Aggregate {
    const sparql::Expr* expr;  // kAggregate
    int var;                   // hidden slot for the result
  };
  // solutionSlots: the in-scope variables of the input, whose values COUNT(DISTINCT *)
  // compares (a row also holds hidden slots: a blank node's of the pattern, a path's).
  GroupOp(QueryContext& ctx, Evaluator& eval, OperatorPtr child, std::vector<Key> keys,
          std::vector<Aggregate> aggregates, bool implicitGroup, std::vector<int> solutionSlots);
  std::string describe() const override;
  std::vector<const Operator*> children() const override { return {child_.get()}; }

 protected:
  void openImpl(const Row& seed) override;
  bool nextImpl(Row& row) override;

 private:
  static constexpr size_t kFanOut = 16;
  static constexpr int kMaxDepth = 6;
  // A partition's table always takes this many groups, however low the budget (progress).
  static constexpr size_t kMinGroups = 64;

  struct Group {
    std::vector<TermId> keyIds;
    std::vector<expr::Aggregator> aggs;
    uint64_t bytes = 0;
  };
  struct Partition {
    std::unique_ptr<SpillFile> file;
    int depth;
    uint64_t rows;
  };

  void resetTable(int depth);
  // One input row with its key's ids: into its group, or into a partition file.
  void add(const std::vector<TermId>& keyIds, const Row& row);
  void aggregate(Group& g, const Row& row);
  Group newGroup(const std::vector<TermId>& keyIds) const;
  void spill(const std::string& key, const std::vector<TermId>& keyIds, const Row& row);
  // Ends the table's input: its partitions become pending.
  void finishTable();
  void groupPartition(Partition p);

  QueryContext& ctx_;
  Evaluator& eval_;
  OperatorPtr child_;
  std::vector<Key> keys_;
  std::vector<Aggregate> aggregates_;
  bool implicitGroup_;
  std::vector<int> solutionSlots_;
  bool growsWithGroup_ = false;  // an aggregate keeps every value (GROUP_CONCAT, DISTINCT)
  size_t width_ = 0;

  Reservation held_;
  std::unordered_map<std::string, size_t> index_;  // key ids as bytes -> group
  std::vector<Group> groups_;
  int depth_ = 0;
  bool spilling_ = false;
  std::vector<std::unique_ptr<SpillFile>> partitions_;  // the table's, while spilling
  std::vector<uint64_t> partitionRows_;
  std::vector<Partition> pending_;
  size_t emitted_ = 0;
  std::string key_;
  std::vector<TermId> solutionIds_;  // scratch: a solution's values for COUNT(DISTINCT *)
  std::string solution_;  // scratch: those as bytes
};

}  // namespace kg::query
