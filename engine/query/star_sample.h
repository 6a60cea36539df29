// A sample of the subjects of a star pattern with a constant object (`?x :type :Student`),
// for the sub-stars the characteristic sets cannot estimate well: they know which predicates
// subjects have, not which objects, and a class or a country is rarely independent of them.
#pragma once

#include <vector>

#include "query/scan_op.h"
#include "storage/star_estimator.h"

namespace kg::query {

// Reads the subjects matching members[anchor] (a constant object, in one graph) from the
// index, picks up to `size` of them spread over the first few thousand, and counts each
// one's matches of every member from its quads.
storage::StarSample sampleStar(const storage::QuadReader& reader, TermId graph,
                               const std::vector<ScanOp::StarMember>& members, size_t anchor, size_t size);

}  // namespace kg::query
