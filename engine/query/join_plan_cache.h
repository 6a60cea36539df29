// Join orders already found, shared by all queries of the process: a basic graph pattern
// planned again on the same state of the data (the same query run twice, a prepared query, a
// dashboard's or an endpoint client's repeated requests) takes its plan from here instead of
// searching again. The key holds every input of the search (parts, seeded variables, whether
// hash joins are allowed) and the generation of the store's statistics, which every commit
// renews; entries of older generations are never hit again and age out.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "query/join_order.h"

namespace kg::query {

// The key of a search over `parts`, or nullopt when a part is not a plain scan of the
// default graph (property paths, GRAPH, quoted patterns): such plans are not cached.
std::optional<std::vector<uint64_t>> joinPlanKey(const std::vector<JoinPart>& parts, const std::set<int>& seeded,
                                                 bool allowHash);

std::optional<JoinPlan> findJoinPlan(const std::vector<uint64_t>& key);
void keepJoinPlan(std::vector<uint64_t> key, const JoinPlan& plan);

}  // namespace kg::query
