#include "query/group_op.h"

#include <algorithm>
#include <functional>

#include "kg/error.h"
#include "sparql/parser.h"

namespace kg::query {

namespace {

uint64_t mix(uint64_t h) {
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ULL;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebULL;
  h ^= h >> 31;
  return h;
}

void keyBytes(const std::vector<TermId>& ids, std::string& out) {
  out.assign(reinterpret_cast<const char*>(ids.data()), ids.size() * sizeof(TermId));
}

}  // namespace

GroupOp::GroupOp(QueryContext& ctx, Evaluator& eval, OperatorPtr child, std::vector<Key> keys,
                 std::vector<Aggregate> aggregates, bool implicitGroup,
                 std::vector<int> solutionSlots)
    : ctx_(ctx), eval_(eval), child_(std::move(child)), keys_(std::move(keys)),
      aggregates_(std::move(aggregates)), implicitGroup_(implicitGroup),
      solutionSlots_(std::move(solutionSlots)), held_(ctx.memory()) {
  for (const auto& k : keys_) {
    if (k.var >= 0) maybe.insert(k.var);
  }
  for (const auto& a : aggregates_) {
    maybe.insert(a.var);
    auto kind = expr::aggregateKindFromName(a.expr->op);
    if (a.expr->distinct || kind == expr::AggregateKind::kGroupConcat) growsWithGroup_ = true;
  }
  estimate = keys_.empty() ? 1 : std::max(1.0, child_->estimate / 10);
}

std::string GroupOp::describe() const {
  std::string out = "Group";
  if (!keys_.empty()) {
    out += " by";
    for (const auto& k : keys_) out += " " + sparql::toSExpression(*k.expr);
  }
  if (!aggregates_.empty()) {
    out += " computing";
    for (const auto& a : aggregates_) out += " " + sparql::toSExpression(*a.expr);
  }
  return out;
}

GroupOp::Group GroupOp::newGroup(const std::vector<TermId>& keyIds) const {
  Group g;
  g.keyIds = keyIds;
  for (const auto& a : aggregates_) {
    auto kind = expr::aggregateKindFromName(a.expr->op);
    if (!kind) throw Error(ErrorCode::kQuery, "unknown aggregate " + a.expr->op);
    std::string separator = a.expr->hasSeparator ? a.expr->separator : " ";
    g.aggs.emplace_back(*kind, a.expr->distinct, separator);
  }
  return g;
}

void GroupOp::aggregate(Group& g, const Row& row) {
  for (size_t a = 0; a < aggregates_.size(); ++a) {
    const sparql::Expr* e = aggregates_[a].expr;
    if (e->star) {
      if (e->distinct) {
        // COUNT(DISTINCT *): equal solutions have equal ids in the in-scope variables
        solutionIds_.clear();
        for (int slot : solutionSlots_) solutionIds_.push_back(row[slot]);
        keyBytes(solutionIds_, solution_);
        g.aggs[a].addRow(solution_);
      } else {
        g.aggs[a].addRow();
      }
      continue;
    }
    auto v = e->args.empty() ? std::nullopt : eval_.eval(e->args[0], row);
    if (v) {
      g.aggs[a].add(*v);
    } else {
      g.aggs[a].addError();
    }
  }
}

void GroupOp::resetTable(int depth) {
  index_.clear();
  groups_.clear();
  groups_.shrink_to_fit();
  held_.clear();
  depth_ = depth;
  spilling_ = false;
  partitions_.clear();
  partitionRows_.clear();
  emitted_ = 0;
}

void GroupOp::add(const std::vector<TermId>& keyIds, const Row& row) {
  keyBytes(keyIds, key_);
  auto it = index_.find(key_);
  if (it != index_.end()) {
    Group& g = groups_[it->second];
    aggregate(g, row);
    // Aggregates that keep values (GROUP_CONCAT, DISTINCT) grow with their group. A group in
    // the table cannot move to disk: past the spill threshold the table takes no new groups,
    // and past the whole budget the query stops.
    uint64_t bytes = 0;
    for (const auto& a : g.aggs) bytes += a.memoryUsage();
    if (bytes > g.bytes) {
      uint64_t more = bytes - g.bytes;
      if (!held_.tryGrow(more)) {
        spilling_ = true;
        // MIN, MAX, SUM, AVG and SAMPLE hold one term at most: allowed. GROUP_CONCAT and
        // DISTINCT grow with the group: held to the whole budget.
        if (growsWithGroup_) {
          held_.grow(more);
        } else {
          held_.force(more);
        }
      }
      g.bytes = bytes;
    }
    return;
  }
  if (!spilling_) {
    Group g = newGroup(keyIds);
    uint64_t aggBytes = 0;
    for (const auto& a : g.aggs) aggBytes += a.memoryUsage();
    uint64_t bytes = sizeof(Group) + 2 * key_.size() + 64 + aggBytes;
    bool fits = held_.tryGrow(bytes);
    // The first group always fits (other operators may hold the budget; without GROUP BY
    // there is only one group), and a partition's table takes a few, however low the budget.
    if (!fits && (groups_.empty() || keys_.empty() || (depth_ > 0 && groups_.size() < kMinGroups))) {
      held_.force(bytes);
      fits = true;
    }
    if (fits) {
      g.bytes = aggBytes;
      index_.emplace(key_, groups_.size());
      groups_.push_back(std::move(g));
      aggregate(groups_.back(), row);
      return;
    }
    spilling_ = true;
  }
  spill(key_, keyIds, row);
}

void GroupOp::spill(const std::string& key, const std::vector<TermId>& keyIds, const Row& row) {
  if (depth_ >= kMaxDepth) ctx_.memory().exceeded();
  if (partitions_.empty()) {
    partitions_.resize(kFanOut);
    partitionRows_.assign(kFanOut, 0);
  }
  uint64_t h = mix(std::hash<std::string>{}(key) + 0x9e3779b97f4a7c15ULL * static_cast<uint64_t>(depth_ + 1));
  auto& file = partitions_[h % kFanOut];
  ++partitionRows_[h % kFanOut];
  if (!file) file = std::make_unique<SpillFile>(ctx_.spillDirectory());
  file->writeIds(keyIds.data(), keyIds.size());
  file->writeIds(row.data(), width_);
}

void GroupOp::finishTable() {
  for (size_t i = 0; i < partitions_.size(); ++i) {
    if (!partitions_[i]) continue;
    partitions_[i]->rewind();
    pending_.push_back({std::move(partitions_[i]), depth_ + 1, partitionRows_[i]});
  }
  partitions_.clear();
  partitionRows_.clear();
}

void GroupOp::openImpl(const Row& seed) {
  pending_.clear();
  resetTable(0);
  width_ = seed.size();
  child_->open(seed);
  Row row(seed.size(), kUnbound);
  std::vector<TermId> keyIds(keys_.size());
  uint64_t rows = 0;
  while (child_->next(row)) {
    ctx_.checkInterrupt();
    ++rows;
    for (size_t k = 0; k < keys_.size(); ++k) {
      auto v = eval_.eval(*keys_[k].expr, row);
      keyIds[k] = v ? ctx_.encode(*v) : kUnbound;
    }
    add(keyIds, row);
  }
  // No rows and no GROUP BY: one group over the empty set.
  if (rows == 0 && implicitGroup_) {
    groups_.push_back(newGroup(keyIds));
  }
  finishTable();
}

void GroupOp::groupPartition(Partition p) {
  resetTable(p.depth);
  std::vector<TermId> keyIds(keys_.size());
  Row row(width_, kUnbound);
  for (uint64_t i = 0; i < p.rows; ++i) {
    ctx_.checkInterrupt();
    if (!p.file->readIds(keyIds.data(), keyIds.size()) || !p.file->readIds(row.data(), width_)) {
      throw Error(ErrorCode::kStorage, "a spill file of GROUP BY ended early");
    }
    add(keyIds, row);
  }
  p.file.reset();
  finishTable();
}

bool GroupOp::nextImpl(Row& row) {
  while (emitted_ >= groups_.size()) {
    if (pending_.empty()) return false;
    Partition p = std::move(pending_.back());
    pending_.pop_back();
    groupPartition(std::move(p));
  }
  Group& g = groups_[emitted_++];
  row.assign(width_, kUnbound);
  for (size_t k = 0; k < keys_.size(); ++k) {
    if (keys_[k].var >= 0) row[keys_[k].var] = g.keyIds[k];
  }
  for (size_t a = 0; a < aggregates_.size(); ++a) {
    auto v = g.aggs[a].result();
    row[aggregates_[a].var] = v ? ctx_.encode(*v) : kUnbound;
  }
  return true;
}

}  // namespace kg::query
