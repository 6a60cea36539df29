#include "query/join_plan_cache.h"

#include <map>
#include <mutex>

#include "query/scan_op.h"

namespace kg::query {
namespace {

constexpr size_t kMaxPlans = 512;

struct Entry {
  JoinPlan plan;
  uint64_t used = 0;
};

struct Cache {
  std::mutex mutex;
  std::map<std::vector<uint64_t>, Entry> plans;
  uint64_t clock = 0;
};

Cache& cache() {
  static Cache instance;
  return instance;
}

}  // namespace

std::optional<std::vector<uint64_t>> joinPlanKey(const std::vector<JoinPart>& parts, const std::set<int>& seeded,
                                                 bool allowHash) {
  if (parts.empty() || !parts[0].scan) return std::nullopt;
  std::vector<uint64_t> key;
  key.push_back(parts[0].scan->reader().statistics().generation.value());
  key.push_back(allowHash ? 1 : 0);
  key.push_back(seeded.size());
  for (int v : seeded) key.push_back(static_cast<uint64_t>(v));
  key.push_back(parts.size());
  for (const JoinPart& part : parts) {
    if (!part.scan || part.op != part.scan) return std::nullopt;
    if (&part.scan->reader() != &parts[0].scan->reader()) return std::nullopt;
    if (!part.scan->appendPlanKey(key)) return std::nullopt;
    key.push_back(part.op->seedable ? 1 : 0);
  }
  return key;
}

std::optional<JoinPlan> findJoinPlan(const std::vector<uint64_t>& key) {
  Cache& c = cache();
  std::lock_guard<std::mutex> lock(c.mutex);
  auto it = c.plans.find(key);
  if (it == c.plans.end()) return std::nullopt;
  it->second.used = ++c.clock;
  return it->second.plan;
}

void keepJoinPlan(std::vector<uint64_t> key, const JoinPlan& plan) {
  Cache& c = cache();
  std::lock_guard<std::mutex> lock(c.mutex);
  c.plans[std::move(key)] = Entry{plan, ++c.clock};
  if (c.plans.size() <= kMaxPlans) return;
  auto oldest = c.plans.begin();
  for (auto it = c.plans.begin(); it != c.plans.end(); ++it) {
    if (it->second.used < oldest->second.used) oldest = it;
  }
  c.plans.erase(oldest);
}

}  // namespace kg::query
