// A fixed set of worker threads that run submitted jobs in any order while the caller takes
// the results back in submission order (internal). Corpus extraction uses it so that storing
// one batch overlaps with extracting the next, and no worker waits at a batch boundary.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace kg {

template <typename Result>
class OrderedWorkers {
 public:
  using Job = std::function<Result()>;

  explicit OrderedWorkers(unsigned threads) {
    if (threads == 0) threads = 1;
    for (unsigned t = 0; t < threads; ++t) threads_.emplace_back([this] { work(); });
  }
  // Stops after the jobs already running; jobs not yet started are dropped.
  ~OrderedWorkers() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    for (auto& t : threads_) t.join();
  }
  OrderedWorkers(const OrderedWorkers&) = delete;
  OrderedWorkers& operator=(const OrderedWorkers&) = delete;

  // Queues a job (it must not throw); its result comes back from take() after those submitted before it.
  void submit(Job job) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      slots_.push_back(Slot{std::move(job), Result{}, false});
      ++queued_;
    }
    wake_.notify_one();
  }

  // Jobs submitted and not yet taken back.
  size_t pending() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return slots_.size();
  }

  // Waits for the oldest job still pending and returns its result (none pending: Result{}).
  Result take() {
    std::unique_lock<std::mutex> lock(mutex_);
    if (slots_.empty()) return Result{};
    done_.wait(lock, [this] { return slots_.front().finished; });
    Result r = std::move(slots_.front().result);
    slots_.pop_front();
    ++taken_;
    return r;
  }

 private:
  struct Slot {
    Job job;
    Result result;
    bool finished;
  };

  void work() {
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
      wake_.wait(lock, [this] { return stopping_ || queued_ > 0; });
      if (stopping_) return;  // jobs not started are dropped
      // Jobs start in submission order and leave only after finishing, so the oldest job not
      // yet started sits at started_ - taken_. A deque keeps references to its elements valid
      // while others are added at the back or taken from the front.
      Slot* slot = &slots_[started_ - taken_];
      ++started_;
      --queued_;
      Job job = std::move(slot->job);
      lock.unlock();
      Result r = job();
      lock.lock();
      slot->result = std::move(r);
      slot->finished = true;
      done_.notify_all();
    }
  }

  mutable std::mutex mutex_;
  std::condition_variable wake_, done_;
  std::deque<Slot> slots_;
  size_t queued_ = 0;
  size_t started_ = 0;
  size_t taken_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace kg
