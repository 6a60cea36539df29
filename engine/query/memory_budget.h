// The per-query memory budget: sorts, groups, DISTINCT and hash joins reserve what they hold
// here. When a reservation would pass the limit, an operator that can spill writes its state
// to disk (see spill_file.h) and releases it; one that cannot fails with a kLimit error.
#pragma once

#include <cstdint>
#include <string>

namespace kg::query {

class MemoryBudget {
 public:
  // limitBytes 0 = no limit.
  explicit MemoryBudget(uint64_t limitBytes = 0) : limit_(limitBytes) {}

  // Reserves `bytes` if they fit under the spill threshold (7/8 of the limit: the rest is
  // kept for what cannot spill, such as computed terms); false (nothing reserved) otherwise.
  // Operators that can spill use this.
  bool tryReserve(uint64_t bytes) {
    if (limit_ != 0 && used_ + bytes > limit_ - limit_ / 8) return false;
    add(bytes);
    return true;
  }
  // Reserves `bytes` under the whole limit or throws the budget error (for what cannot spill).
  void reserve(uint64_t bytes) {
    if (limit_ != 0 && used_ + bytes > limit_) exceeded();
    add(bytes);
  }
  // Reserves `bytes` whatever the limit: the small fixed minimum an operator needs to make
  // progress at all (one group, one row), however low the budget.
  void force(uint64_t bytes) { add(bytes); }
  void release(uint64_t bytes) { used_ = bytes > used_ ? 0 : used_ - bytes; }

  uint64_t limit() const { return limit_; }
  uint64_t used() const { return used_; }
  uint64_t peak() const { return peak_; }
  // Throws Error(kLimit, "query exceeded its memory budget (N MB) ...").
  [[noreturn]] void exceeded() const;

 private:
  void add(uint64_t bytes) {
    used_ += bytes;
    if (used_ > peak_) peak_ = used_;
  }
  uint64_t limit_;
  uint64_t used_ = 0;
  uint64_t peak_ = 0;
};

// What an operator holds in the budget, given back when it is destroyed or cleared.
class Reservation {
 public:
  explicit Reservation(MemoryBudget& budget) : budget_(&budget) {}
  Reservation(const Reservation&) = delete;
  Reservation& operator=(const Reservation&) = delete;
  ~Reservation() { clear(); }

  bool tryGrow(uint64_t bytes) {
    if (!budget_->tryReserve(bytes)) return false;
    held_ += bytes;
    return true;
  }
  void grow(uint64_t bytes) {
    budget_->reserve(bytes);
    held_ += bytes;
  }
  void force(uint64_t bytes) {
    budget_->force(bytes);
    held_ += bytes;
  }
  void clear() {
    budget_->release(held_);
    held_ = 0;
  }
  uint64_t held() const { return held_; }

 private:
  MemoryBudget* budget_;
  uint64_t held_ = 0;
};

// A readable size: "256 MB", "1.5 GB", "900 bytes".
std::string formatBytes(uint64_t bytes);

}  // namespace kg::query
