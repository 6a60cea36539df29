// Joins of two operators: index nested loop, hash and merge.
#include "query/join_ops.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "expr/expr.h"
#include "kg/error.h"
#include "sparql/parser.h"

namespace kg::query {

using storage::IndexOrder;
using storage::kAny;
using storage::QuadIds;

BindJoinOp::BindJoinOp(OperatorPtr left, OperatorPtr right, bool batched)
    : left_(std::move(left)), right_(std::move(right)), batched_(batched) {
  maybe = left_->maybe;
  maybe.insert(right_->maybe.begin(), right_->maybe.end());
  certain = left_->certain;
  certain.insert(right_->certain.begin(), right_->certain.end());
  seedable = left_->seedable && right_->seedable;
  estimate = left_->estimate * std::max(right_->estimate, 0.0);
}

// Rows come in the left side's order: skipping it skips them (the right rows of the current
// left row all share its value).
void BindJoinOp::skipTo(int var, TermId value) {
  if (batched_ || !left_->certain.count(var)) return;
  if (rightOpen_ && leftRow_[var] != kUnbound && leftRow_[var] >= value) return;
  rightOpen_ = false;
  left_->skipTo(var, value);
}

void BindJoinOp::openImpl(const Row& seed) {
  left_->open(seed);
  rightOpen_ = false;
  leftRow_ = seed;
  if (batched_) {
    key_ = right_->probeKey(left_->certain);
    width_ = seed.size();
    batch_.clear();
    order_.clear();
    next_ = 0;
    leftDone_ = false;
    batchRows_ = kBatchRows;
  }
}

// The next left row: straight from the left side, or from the sorted batch.
bool BindJoinOp::nextLeft() {
  if (!batched_ || key_.empty()) return left_->next(leftRow_);
  if (next_ == order_.size()) {
    if (leftDone_) return false;
    batch_.clear();
    order_.clear();
    next_ = 0;
    Row r = leftRow_;
    while (order_.size() < batchRows_ && left_->next(r)) {
      batch_.insert(batch_.end(), r.begin(), r.end());
      order_.push_back(static_cast<uint32_t>(order_.size()));
    }
    if (order_.size() < batchRows_) leftDone_ = true;
    batchRows_ = std::min(batchRows_ * 4, kMaxBatchRows);
    if (order_.empty()) return false;
    std::sort(order_.begin(), order_.end(), [this](uint32_t a, uint32_t b) {
      const TermId* ra = &batch_[a * width_];
      const TermId* rb = &batch_[b * width_];
      for (int v : key_) {
        if (ra[v] != rb[v]) return ra[v] < rb[v];
      }
      return a < b;
    });
  }
  const TermId* r = &batch_[order_[next_++] * width_];
  leftRow_.assign(r, r + width_);
  return true;
}

bool BindJoinOp::nextImpl(Row& row) {
  while (true) {
    if (rightOpen_ && right_->next(row)) return true;
    if (!nextLeft()) return false;
    right_->open(leftRow_);
    rightOpen_ = true;
  }
}

namespace {

uint64_t hashKey(const TermId* row, const std::vector<int>& vars) {
  uint64_t h = 0x9e3779b97f4a7c15ULL;
  for (int v : vars) {
    h ^= row[v] + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
  }
  // Finalizer (splitmix64) so that the low bits pick buckets well.
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ULL;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebULL;
  h ^= h >> 31;
  return h;
}

std::vector<int> sharedVars(const std::set<int>& a, const std::set<int>& b) {
  std::vector<int> out;
  std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

}  // namespace

HashJoinOp::HashJoinOp(QueryContext& ctx, OperatorPtr left, OperatorPtr right)
    : ctx_(ctx), left_(std::move(left)), right_(std::move(right)), held_(ctx.memory()) {
  keyVars_ = sharedVars(left_->certain, right_->certain);
  std::vector<int> maybeShared = sharedVars(left_->maybe, right_->maybe);
  for (int v : maybeShared) {
    if (!std::binary_search(keyVars_.begin(), keyVars_.end(), v)) checkVars_.push_back(v);
  }
  maybe = left_->maybe;
  maybe.insert(right_->maybe.begin(), right_->maybe.end());
  certain = left_->certain;
  certain.insert(right_->certain.begin(), right_->certain.end());
  double l = left_->estimate, r = right_->estimate;
  estimate = keyVars_.empty() ? l * r : std::max(l, r);
}

std::string HashJoinOp::describe() const {
  return keyVars_.empty() ? "CrossProduct (hash join without shared variables)" : "HashJoin";
}

void HashJoinOp::clearTable() {
  rows_.clear();
  hashes_.clear();
  next_.clear();
  buckets_.clear();
  rows_.shrink_to_fit();
  hashes_.shrink_to_fit();
  next_.shrink_to_fit();
  buckets_.shrink_to_fit();
  held_.clear();
}

bool HashJoinOp::addToTable(const TermId* r) {
  // The row, its hash, its chain link and about two bucket slots.
  uint64_t bytes = width_ * sizeof(TermId) + sizeof(uint64_t) + 3 * sizeof(uint32_t);
  if (!held_.tryGrow(bytes)) {
    if (keepOrder_ || width_ == 0) {
      held_.grow(bytes);  // the whole budget, or the budget error
    } else if (!hashes_.empty()) {
      return false;
    } else {
      held_.force(bytes);
    }
  }
  rows_.insert(rows_.end(), r, r + width_);
  hashes_.push_back(hashKey(r, keyVars_));
  return true;
}

void HashJoinOp::indexTable() {
  size_t n = hashes_.size();
  size_t buckets = 16;
  while (buckets < 2 * n) buckets <<= 1;
  bucketMask_ = buckets - 1;
  buckets_.assign(buckets, 0);
  next_.assign(n, 0);
  // Chains keep rows in their build order (pushed from the last row back).
  for (size_t i = n; i-- > 0;) {
    uint32_t& head = buckets_[hashes_[i] & bucketMask_];
    next_[i] = head;
    head = static_cast<uint32_t>(i + 1);
  }
}

void HashJoinOp::build(const Row& seed) {
  clearTable();
  width_ = seed.size();
  spilled_ = false;
  leftParts_.clear();
  rightParts_.clear();
  right_->open(seed);
  Row r(seed.size(), kUnbound);
  while (right_->next(r)) {
    ctx_.checkInterrupt();
    if (!addToTable(r.data())) {
      spill(seed, r);
      return;
    }
  }
  indexTable();
}

size_t HashJoinOp::partitionOf(const TermId* r) const {
  if (keyVars_.empty()) return 0;
  // Not the table's hash: rows of one partition must still spread over its buckets.
  uint64_t h = hashKey(r, keyVars_);
  return static_cast<size_t>((h >> 40) % kFanOut);
}

// The right side does not fit: write it and the whole left side to partition files.
void HashJoinOp::spill(const Row& seed, const Row& pending) {
  spilled_ = true;
  size_t parts = keyVars_.empty() ? 1 : kFanOut;
  rightParts_.resize(parts);
  leftParts_.resize(parts);
  auto write = [&](std::vector<std::unique_ptr<SpillFile>>& files, const TermId* r) {
    auto& f = files[partitionOf(r)];
    if (!f) f = std::make_unique<SpillFile>(ctx_.spillDirectory());
    f->writeIds(r, width_);
  };
  for (size_t i = 0; i < hashes_.size(); ++i) write(rightParts_, &rows_[i * width_]);
  clearTable();
  write(rightParts_, pending.data());
  Row r(seed.size(), kUnbound);
  while (right_->next(r)) {
    ctx_.checkInterrupt();
    write(rightParts_, r.data());
  }
  left_->open(seed);
  while (left_->next(r)) {
    ctx_.checkInterrupt();
    write(leftParts_, r.data());
  }
  for (auto& f : rightParts_) {
    if (f) f->rewind();
  }
  for (auto& f : leftParts_) {
    if (f) f->rewind();
  }
  part_ = 0;
  startPartition();
}

void HashJoinOp::startPartition() {
  hasCarry_ = false;
  rightDone_ = !rightParts_[part_] || !leftParts_[part_];  // one side empty: nothing to join
  clearTable();
  if (!rightDone_) loadChunk();
}

// The next chunk of the current partition's right side that fits the budget; the left
// partition is read again from its start against it.
void HashJoinOp::loadChunk() {
  clearTable();
  SpillFile& right = *rightParts_[part_];
  if (hasCarry_) {
    addToTable(carry_.data());
    hasCarry_ = false;
  }
  carry_.resize(width_);
  rightDone_ = true;
  while (right.readIds(carry_.data(), width_)) {
    ctx_.checkInterrupt();
    if (!addToTable(carry_.data())) {
      hasCarry_ = true;
      rightDone_ = false;
      break;
    }
  }
  indexTable();
  leftParts_[part_]->rewind();
  if (rightDone_) rightParts_[part_].reset();
}

bool HashJoinOp::nextLeft() {
  if (!spilled_) return left_->next(leftRow_);
  while (true) {
    // (past the last partition: a caller may ask again after the end)
    if (part_ >= leftParts_.size()) return false;
    if (!hashes_.empty() && leftParts_[part_]) {
      leftRow_.resize(width_);
      if (leftParts_[part_]->readIds(leftRow_.data(), width_)) return true;
    }
    if (!rightDone_) {
      loadChunk();
      continue;
    }
    clearTable();
    leftParts_[part_].reset();
    if (++part_ >= leftParts_.size()) return false;
    startPartition();
  }
}

bool HashJoinOp::keysEqual(const Row& left, size_t rightRow) const {
  const TermId* r = &rows_[rightRow * width_];
  for (int v : keyVars_) {
    if (left[v] != r[v]) return false;
  }
  return true;
}

void HashJoinOp::skipTo(int var, TermId value) {
  if (spilled_ || !left_->certain.count(var)) return;  // spilled rows follow no order
  if (cursor_ != 0 && leftRow_[var] >= value) return;
  cursor_ = 0;
  // Left rows read ahead come first; the left side skips once none of them is left.
  while (probeNext_ < probeCount_ && probeRows_[probeNext_ * width_ + var] < value) ++probeNext_;
  if (probeNext_ < probeCount_ || leftEnded_) return;
  left_->skipTo(var, value);
}

void HashJoinOp::openImpl(const Row& seed) {
  build(seed);
  if (!spilled_) left_->open(seed);
  leftRow_ = seed;
  leftValid_ = false;
  cursor_ = 0;
  probeCount_ = probeNext_ = 0;
  leftEnded_ = false;
}

// Reads the next left rows, hashes them and asks for their buckets, then for the first row of
// each bucket: the loads of the whole batch are in flight at once.
void HashJoinOp::fillProbes() {
  probeCount_ = probeNext_ = 0;
  probeRows_.resize(kProbeBatch * width_);
  // Spilled, the next left row may come with another partition's table: one at a time.
  size_t batch = spilled_ ? 1 : kProbeBatch;
  while (probeCount_ < batch && !leftEnded_) {
    if (!nextLeft()) {
      leftEnded_ = true;
      break;
    }
    std::copy(leftRow_.begin(), leftRow_.begin() + width_, probeRows_.begin() + probeCount_ * width_);
    ++probeCount_;
  }
  if (keyVars_.empty() || hashes_.empty()) return;
  for (size_t k = 0; k < probeCount_; ++k) {
    probeHashes_[k] = hashKey(&probeRows_[k * width_], keyVars_);
    __builtin_prefetch(&buckets_[probeHashes_[k] & bucketMask_]);
  }
  for (size_t k = 0; k < probeCount_; ++k) {
    uint32_t head = buckets_[probeHashes_[k] & bucketMask_];
    if (head == 0) continue;
    __builtin_prefetch(&hashes_[head - 1]);
    __builtin_prefetch(&next_[head - 1]);
    __builtin_prefetch(&rows_[(head - 1) * width_]);
  }
}

// The next left row to probe with, into leftRow_ (and its hash into leftHash_).
bool HashJoinOp::nextProbe() {
  if (probeNext_ == probeCount_) {
    fillProbes();
    if (probeCount_ == 0) return false;
  }
  const TermId* r = &probeRows_[probeNext_ * width_];
  leftRow_.assign(r, r + width_);
  if (!keyVars_.empty() && !hashes_.empty()) leftHash_ = probeHashes_[probeNext_];
  ++probeNext_;
  return true;
}

bool HashJoinOp::nextImpl(Row& row) {
  while (true) {
    while (cursor_ != 0) {
      size_t i = cursor_ - 1;
      cursor_ = keyVars_.empty() ? (i + 1 < hashes_.size() ? static_cast<uint32_t>(i + 2) : 0) : next_[i];
      if (!keyVars_.empty() && (hashes_[i] != leftHash_ || !keysEqual(leftRow_, i))) continue;
      const TermId* r = &rows_[i * width_];
      bool ok = true;
      for (int v : checkVars_) {
        if (leftRow_[v] != kUnbound && r[v] != kUnbound && leftRow_[v] != r[v]) ok = false;
      }
      if (!ok) continue;
      row = leftRow_;
      for (size_t k = 0; k < width_; ++k) {
        if (row[k] == kUnbound) row[k] = r[k];
      }
      return true;
    }
    if (hashes_.empty() && !spilled_) return false;  // nothing to join with
    if (!nextProbe()) return false;
    ctx_.checkInterrupt();
    if (hashes_.empty()) return false;  // nothing to join with
    cursor_ = keyVars_.empty() ? 1 : buckets_[leftHash_ & bucketMask_];
  }
}

MergeJoinOp::MergeJoinOp(QueryContext& ctx, OperatorPtr left, OperatorPtr right, int var,
                         const std::string& varName)
    : ctx_(ctx), left_(std::move(left)), right_(std::move(right)), var_(var), varName_(varName) {
  left_->keepOrder();
  right_->keepOrder();
  maybe = left_->maybe;
  maybe.insert(right_->maybe.begin(), right_->maybe.end());
  certain = left_->certain;
  certain.insert(right_->certain.begin(), right_->certain.end());
  seedable = false;
  estimate = std::min(left_->estimate, right_->estimate);
}

void MergeJoinOp::openImpl(const Row& seed) {
  left_->open(seed);
  right_->open(seed);
  leftRow_ = seed;
  rightRow_ = seed;
  group_.clear();
  groupIndex_ = 0;
  groupKey_ = 0;
  leftValid_ = left_->next(leftRow_);
  rightValid_ = right_->next(rightRow_);
}

bool MergeJoinOp::nextImpl(Row& row) {
  while (true) {
    ctx_.checkInterrupt();
    // Emit the current left row against the matching right group.
    if (leftValid_ && !group_.empty() && leftRow_[var_] == groupKey_) {
      while (groupIndex_ < group_.size()) {
        const Row& r = group_[groupIndex_++];
        if (!compatible(leftRow_, r)) continue;
        row = leftRow_;
        merge(row, r);
        return true;
      }
      leftValid_ = left_->next(leftRow_);
      groupIndex_ = 0;
      continue;
    }
    if (!leftValid_) return false;
    TermId key = leftRow_[var_];
    // Advance the right side to the left key: step a few rows, then ask it to skip.
    for (int steps = 0; rightValid_ && rightRow_[var_] < key; ++steps) {
      if (steps == kStepsBeforeSkip) right_->skipTo(var_, key);
      rightValid_ = right_->next(rightRow_);
    }
    if (!rightValid_ || rightRow_[var_] != key) {
      if (!group_.empty() && groupKey_ == key) continue;
      if (!rightValid_) return false;
      // No partner: move the left side up to the right's key, the same way.
      TermId target = rightRow_[var_];
      for (int steps = 0; leftValid_ && leftRow_[var_] < target; ++steps) {
        if (steps == kStepsBeforeSkip) left_->skipTo(var_, target);
        leftValid_ = left_->next(leftRow_);
      }
      continue;
    }
    group_.clear();
    groupKey_ = key;
    groupIndex_ = 0;
    while (rightValid_ && rightRow_[var_] == key) {
      group_.push_back(rightRow_);
      rightValid_ = right_->next(rightRow_);
    }
  }
}

}  // namespace kg::query
