#include "query/sort_op.h"

#include <algorithm>

#include "expr/expr.h"
#include "kg/error.h"
#include "sparql/parser.h"

namespace kg::query {

namespace {

uint64_t termBytes(const Term& t) {
  uint64_t bytes = sizeof(Term) + t.value.capacity() + t.datatype.capacity() + t.language.capacity();
  if (t.triple) {
    bytes += termBytes(t.triple->subject) + termBytes(t.triple->predicate) + termBytes(t.triple->object);
  }
  return bytes;
}

// Terms kept decoded for comparisons, at most this many (and at most 1/16 of the budget).
constexpr size_t kMaxCachedTerms = 1 << 16;
constexpr uint64_t kBytesPerCachedTerm = 256;

}  // namespace

OrderByOp::OrderByOp(QueryContext& ctx, Evaluator& eval, OperatorPtr child, std::vector<Key> keys,
                     std::optional<uint64_t> topK)
    : ctx_(ctx), eval_(eval), child_(std::move(child)), keys_(std::move(keys)), topK_(topK),
      held_(ctx.memory()) {
  maybe = child_->maybe;
  certain = child_->certain;
  estimate = child_->estimate;
  // A key that is a plain variable is compared through the row's id (decoded on demand);
  // any other expression is evaluated once per row and kept with it.
  for (const auto& k : keys_) {
    auto slot = k.expr->kind == sparql::Expr::Kind::kVar ? eval_.slotOf(k.expr->var) : std::nullopt;
    keyVar_.push_back(slot ? *slot : -1);
    computed_.push_back(slot ? 0 : computedCount_++);
  }
}

std::string OrderByOp::describe() const {
  std::string out = "OrderBy";
  for (const auto& k : keys_) {
    out += std::string(" ") + (k.descending ? "desc " : "") + sparql::toSExpression(*k.expr);
  }
  if (topK_) out += " (top " + std::to_string(*topK_) + ")";
  return out;
}

void OrderByOp::evalKeys(const Row& row, std::vector<std::optional<Term>>& computed) {
  computed.resize(computedCount_);
  for (size_t k = 0; k < keys_.size(); ++k) {
    if (keyVar_[k] < 0) computed[computed_[k]] = eval_.eval(*keys_[k].expr, row);
  }
}

const Term* OrderByOp::keyTerm(const Row& row, const std::vector<std::optional<Term>>& computed,
                               size_t k) {
  if (keyVar_[k] < 0) {
    const auto& v = computed[computed_[k]];
    return v ? &*v : nullptr;
  }
  if (static_cast<size_t>(keyVar_[k]) >= row.size()) return nullptr;
  TermId id = row[keyVar_[k]];
  if (id == kUnbound) return nullptr;
  auto it = decoded_.find(id);
  if (it == decoded_.end()) it = decoded_.emplace(id, ctx_.decode(id)).first;
  return &it->second;
}

// Keys first (descending where asked), then input position: a stable sort's order.
int OrderByOp::compare(const Row& ra, const std::vector<std::optional<Term>>& ca, uint64_t sa,
                       const Entry& b) {
  for (size_t k = 0; k < keys_.size(); ++k) {
    if (keyVar_[k] >= 0 && static_cast<size_t>(keyVar_[k]) < ra.size() &&
        ra[keyVar_[k]] == b.row[keyVar_[k]]) {
      continue;  // the same term
    }
    int c = expr::orderCompare(keyTerm(ra, ca, k), keyTerm(b.row, b.computed, k));
    if (c != 0) return keys_[k].descending ? -c : c;
  }
  return sa < b.seq ? -1 : (sa > b.seq ? 1 : 0);
}

uint64_t OrderByOp::bytesOf(const Entry& e) const {
  uint64_t bytes = sizeof(Entry) + e.row.capacity() * sizeof(TermId) +
                   e.computed.capacity() * sizeof(std::optional<Term>);
  for (const auto& t : e.computed) {
    if (t) bytes += termBytes(*t) - sizeof(Term);
  }
  return bytes;
}

// Pointers into the cache are only held during one comparison: between rows it may be emptied.
void OrderByOp::trimCache() {
  if (decoded_.size() > cacheLimit_) decoded_.clear();
}

void OrderByOp::openImpl(const Row& seed) {
  held_.clear();
  buffer_.clear();
  runs_.clear();
  merging_.clear();
  mergeHeap_.clear();
  decoded_.clear();
  index_ = 0;
  merged_ = false;
  width_ = seed.size();
  uint64_t limit = ctx_.memory().limit();
  cacheLimit_ = limit == 0 ? kMaxCachedTerms
                           : std::clamp<uint64_t>(limit / 16 / kBytesPerCachedTerm, 16, kMaxCachedTerms);
  heapMode_ = topK_.has_value();
  if (topK_ && *topK_ == 0) return;

  child_->open(seed);
  Row row(seed.size(), kUnbound);
  uint64_t seq = 0;
  while (child_->next(row)) {
    ctx_.checkInterrupt();
    trimCache();
    if (heapMode_) {
      addToHeap(row, seq++);
    } else {
      Entry e;
      e.seq = seq++;
      e.row = row;
      evalKeys(row, e.computed);
      addToBuffer(std::move(e));
    }
  }
  if (runs_.empty()) {
    // Everything fits: sort in memory.
    auto lessFn = [this](const Entry& a, const Entry& b) { return less(a, b); };
    if (heapMode_) {
      std::sort_heap(buffer_.begin(), buffer_.end(), lessFn);
    } else {
      std::sort(buffer_.begin(), buffer_.end(), lessFn);
    }
    trimCache();
    return;
  }
  if (!buffer_.empty()) writeRun();
  startMerge();
}

// Top-k: a max-heap of the k best rows so far (the worst on top). Most rows of a large input
// lose to the top and cost one comparison and no copy.
void OrderByOp::addToHeap(const Row& row, uint64_t seq) {
  evalKeys(row, scratch_);
  auto lessFn = [this](const Entry& a, const Entry& b) { return less(a, b); };
  if (buffer_.size() >= *topK_) {
    if (compare(row, scratch_, seq, buffer_.front()) >= 0) return;
    std::pop_heap(buffer_.begin(), buffer_.end(), lessFn);
    Entry& slot = buffer_.back();
    uint64_t before = bytesOf(slot);
    slot.seq = seq;
    slot.row.assign(row.begin(), row.end());
    slot.computed = scratch_;
    uint64_t after = bytesOf(slot);
    // The heap's size is fixed: a replacement only changes the size of its computed terms.
    if (after > before) held_.force(after - before);
    std::push_heap(buffer_.begin(), buffer_.end(), lessFn);
    return;
  }
  Entry e;
  e.seq = seq;
  e.row = row;
  e.computed = scratch_;
  if (!held_.tryGrow(bytesOf(e))) {
    // k rows do not fit the budget: fall back to sorted runs on disk (each run keeps at most
    // k rows, the only ones that can still make the top k).
    heapMode_ = false;
    addToBuffer(std::move(e));
    return;
  }
  buffer_.push_back(std::move(e));
  std::push_heap(buffer_.begin(), buffer_.end(), lessFn);
}

void OrderByOp::addToBuffer(Entry entry) {
  uint64_t bytes = bytesOf(entry);
  if (!held_.tryGrow(bytes)) {
    if (!buffer_.empty()) writeRun();
    held_.force(bytes);  // at least one row, however low the budget
  }
  buffer_.push_back(std::move(entry));
}

void OrderByOp::writeEntry(SpillFile& file, const Entry& e) {
  file.writeU64(e.seq);
  file.writeIds(e.row.data(), width_);
  for (const auto& t : e.computed) file.writeTerm(t);
}

bool OrderByOp::readEntry(SpillFile& file, Entry& e) {
  if (!file.readU64(e.seq)) return false;
  e.row.resize(width_);
  if (!file.readIds(e.row.data(), width_)) {
    throw Error(ErrorCode::kStorage, "a spill file ended inside a row");
  }
  e.computed.resize(computedCount_);
  for (auto& t : e.computed) t = file.readTerm();
  return true;
}

void OrderByOp::writeRun() {
  std::sort(buffer_.begin(), buffer_.end(), [this](const Entry& a, const Entry& b) { return less(a, b); });
  size_t keep = buffer_.size();
  if (topK_ && *topK_ < keep) keep = static_cast<size_t>(*topK_);
  auto file = std::make_unique<SpillFile>(ctx_.spillDirectory());
  for (size_t i = 0; i < keep; ++i) {
    ctx_.checkInterrupt();
    writeEntry(*file, buffer_[i]);
  }
  file->rewind();
  runs_.push_back(std::move(file));
  buffer_.clear();
  buffer_.shrink_to_fit();
  held_.clear();
  trimCache();
}

// Merges runs (at most kMaxFanIn) into one new run.
std::unique_ptr<SpillFile> OrderByOp::mergeIntoFile(std::vector<std::unique_ptr<SpillFile>> files) {
  std::vector<Run> runs;
  for (auto& f : files) {
    Run r;
    r.file = std::move(f);
    if (readEntry(*r.file, r.current)) runs.push_back(std::move(r));
  }
  auto out = std::make_unique<SpillFile>(ctx_.spillDirectory());
  std::vector<size_t> heap(runs.size());
  for (size_t i = 0; i < runs.size(); ++i) heap[i] = i;
  auto greater = [&](size_t a, size_t b) { return less(runs[b].current, runs[a].current); };
  std::make_heap(heap.begin(), heap.end(), greater);
  while (!heap.empty()) {
    ctx_.checkInterrupt();
    trimCache();
    std::pop_heap(heap.begin(), heap.end(), greater);
    Run& r = runs[heap.back()];
    writeEntry(*out, r.current);
    if (readEntry(*r.file, r.current)) {
      std::push_heap(heap.begin(), heap.end(), greater);
    } else {
      heap.pop_back();
    }
  }
  out->rewind();
  return out;
}

void OrderByOp::startMerge() {
  // Few enough runs to merge at once: earlier passes merge groups of kMaxFanIn.
  while (runs_.size() > kMaxFanIn) {
    std::vector<std::unique_ptr<SpillFile>> group;
    std::vector<std::unique_ptr<SpillFile>> rest;
    for (size_t i = 0; i < runs_.size(); ++i) {
      (i < kMaxFanIn ? group : rest).push_back(std::move(runs_[i]));
    }
    rest.push_back(mergeIntoFile(std::move(group)));
    runs_ = std::move(rest);
  }
  for (auto& f : runs_) {
    Run r;
    r.file = std::move(f);
    if (readEntry(*r.file, r.current)) merging_.push_back(std::move(r));
  }
  runs_.clear();
  mergeHeap_.resize(merging_.size());
  for (size_t i = 0; i < merging_.size(); ++i) mergeHeap_[i] = i;
  auto greater = [this](size_t a, size_t b) { return less(merging_[b].current, merging_[a].current); };
  std::make_heap(mergeHeap_.begin(), mergeHeap_.end(), greater);
  merged_ = true;
}

bool OrderByOp::nextImpl(Row& row) {
  if (!merged_) {
    if (index_ >= buffer_.size()) return false;
    row = buffer_[index_++].row;
    return true;
  }
  if (mergeHeap_.empty()) return false;
  trimCache();
  auto greater = [this](size_t a, size_t b) { return less(merging_[b].current, merging_[a].current); };
  std::pop_heap(mergeHeap_.begin(), mergeHeap_.end(), greater);
  Run& r = merging_[mergeHeap_.back()];
  row = r.current.row;
  if (readEntry(*r.file, r.current)) {
    std::push_heap(mergeHeap_.begin(), mergeHeap_.end(), greater);
  } else {
    mergeHeap_.pop_back();
    r.file.reset();  // closes (and so deletes) the run
  }
  return true;
}

}  // namespace kg::query
