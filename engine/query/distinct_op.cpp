#include "query/distinct_op.h"

#include <algorithm>
#include <functional>

#include "kg/error.h"

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

}  // namespace

DistinctOp::DistinctOp(QueryContext& ctx, OperatorPtr child)
    : ctx_(ctx), child_(std::move(child)), held_(ctx.memory()) {
  maybe = child_->maybe;
  certain = child_->certain;
  estimate = child_->estimate;
}

void DistinctOp::resetSet() {
  seen_.clear();
  seen_.rehash(0);
  held_.clear();
  full_ = false;
}

void DistinctOp::openImpl(const Row& seed) {
  resetSet();
  partitions_.clear();
  streams_.clear();
  heap_.clear();
  merging_ = false;
  childDone_ = false;
  seq_ = 0;
  width_ = seed.size();
  child_->open(seed);
  maybe = child_->maybe;
}

bool DistinctOp::admit(const Row& row, uint64_t seq, int depth, bool& spilled) {
  spilled = false;
  key_.assign(reinterpret_cast<const char*>(row.data()), row.size() * sizeof(TermId));
  if (seen_.count(key_)) return false;
  if (!full_) {
    uint64_t bytes = key_.size() + 64;
    bool fits = held_.tryGrow(bytes);
    if (!fits && depth > 0 && seen_.size() < kMinRows) {
      held_.force(bytes);
      fits = true;
    }
    if (fits) {
      seen_.insert(key_);
      return true;
    }
    full_ = true;
  }
  spill(row, seq, depth);
  spilled = true;
  return true;
}

void DistinctOp::writeRecord(SpillFile& f, uint64_t seq, const Row& row) {
  f.writeU64(seq);
  f.writeIds(row.data(), width_);
}

bool DistinctOp::readRecord(SpillFile& f, uint64_t& seq, Row& row) {
  if (!f.readU64(seq)) return false;
  row.resize(width_);
  if (!f.readIds(row.data(), width_)) throw Error(ErrorCode::kStorage, "a spill file ended inside a row");
  return true;
}

void DistinctOp::spill(const Row& row, uint64_t seq, int depth) {
  if (depth >= kMaxDepth) ctx_.memory().exceeded();
  if (partitions_.empty()) partitions_.resize(kFanOut);
  uint64_t h = mix(std::hash<std::string>{}(key_) + 0x9e3779b97f4a7c15ULL * static_cast<uint64_t>(depth + 1));
  auto& file = partitions_[h % kFanOut];
  if (!file) file = std::make_unique<SpillFile>(ctx_.spillDirectory());
  writeRecord(*file, seq, row);
}

// Each partition holds rows new to the rows already returned; duplicates are only within a
// partition. Deduplicating one keeps first occurrences in input order (files are written in
// that order), so every survivor file is sorted by input position.
void DistinctOp::finishSpilled() {
  struct Pending {
    std::unique_ptr<SpillFile> file;
    int depth;
  };
  std::vector<Pending> pending;
  for (auto& f : partitions_) {
    if (f) {
      f->rewind();
      pending.push_back({std::move(f), 1});
    }
  }
  partitions_.clear();
  std::vector<std::unique_ptr<SpillFile>> survivors;
  Row row(width_, kUnbound);
  while (!pending.empty()) {
    Pending p = std::move(pending.back());
    pending.pop_back();
    resetSet();
    auto out = std::make_unique<SpillFile>(ctx_.spillDirectory());
    uint64_t seq = 0;
    while (readRecord(*p.file, seq, row)) {
      ctx_.checkInterrupt();
      bool spilled = false;
      if (admit(row, seq, p.depth, spilled) && !spilled) writeRecord(*out, seq, row);
    }
    p.file.reset();
    out->rewind();
    survivors.push_back(std::move(out));
    for (auto& f : partitions_) {
      if (f) {
        f->rewind();
        pending.push_back({std::move(f), p.depth + 1});
      }
    }
    partitions_.clear();
  }
  resetSet();
  while (survivors.size() > kMaxFanIn) {
    std::vector<std::unique_ptr<SpillFile>> group, rest;
    for (size_t i = 0; i < survivors.size(); ++i) {
      (i < kMaxFanIn ? group : rest).push_back(std::move(survivors[i]));
    }
    rest.push_back(mergeBySeq(std::move(group)));
    survivors = std::move(rest);
  }
  for (auto& f : survivors) {
    Stream s;
    s.file = std::move(f);
    if (readRecord(*s.file, s.seq, s.row)) streams_.push_back(std::move(s));
  }
  heap_.resize(streams_.size());
  for (size_t i = 0; i < heap_.size(); ++i) heap_[i] = i;
  auto greater = [this](size_t a, size_t b) { return streams_[a].seq > streams_[b].seq; };
  std::make_heap(heap_.begin(), heap_.end(), greater);
  merging_ = true;
}

std::unique_ptr<SpillFile> DistinctOp::mergeBySeq(std::vector<std::unique_ptr<SpillFile>> files) {
  std::vector<Stream> streams;
  for (auto& f : files) {
    Stream s;
    s.file = std::move(f);
    if (readRecord(*s.file, s.seq, s.row)) streams.push_back(std::move(s));
  }
  std::vector<size_t> heap(streams.size());
  for (size_t i = 0; i < heap.size(); ++i) heap[i] = i;
  auto greater = [&](size_t a, size_t b) { return streams[a].seq > streams[b].seq; };
  std::make_heap(heap.begin(), heap.end(), greater);
  auto out = std::make_unique<SpillFile>(ctx_.spillDirectory());
  while (!heap.empty()) {
    ctx_.checkInterrupt();
    std::pop_heap(heap.begin(), heap.end(), greater);
    Stream& s = streams[heap.back()];
    writeRecord(*out, s.seq, s.row);
    if (readRecord(*s.file, s.seq, s.row)) {
      std::push_heap(heap.begin(), heap.end(), greater);
    } else {
      heap.pop_back();
    }
  }
  out->rewind();
  return out;
}

bool DistinctOp::nextImpl(Row& row) {
  if (!childDone_) {
    while (child_->next(row)) {
      bool spilled = false;
      if (admit(row, seq_++, 0, spilled) && !spilled) return true;
    }
    childDone_ = true;
    if (partitions_.empty()) return false;
    finishSpilled();
  }
  if (!merging_ || heap_.empty()) return false;
  auto greater = [this](size_t a, size_t b) { return streams_[a].seq > streams_[b].seq; };
  std::pop_heap(heap_.begin(), heap_.end(), greater);
  Stream& s = streams_[heap_.back()];
  row = s.row;
  if (readRecord(*s.file, s.seq, s.row)) {
    std::push_heap(heap_.begin(), heap_.end(), greater);
  } else {
    heap_.pop_back();
    s.file.reset();
  }
  return true;
}

}  // namespace kg::query
