// The size of a join of two triple patterns on one variable, from a sample: for the joins the
// characteristic sets do not cover (subject-object and object-object), where dividing by
// distinct counts assumes every value of the side with fewer values finds a partner. A
// product liked by users need not have a caption; an actor is rarely also a reviewer.
#pragma once

#include <optional>

#include "query/scan_op.h"

namespace kg::query {

// A sampled size. `noneFound`: no sample matched, and `size` is what half a match would
// make: the true size is likely smaller, and how much smaller the sample cannot tell.
struct JoinSample {
  double size = 0;
  bool noneFound = false;
};

// Rows of `a` joined with `b` on `var`, each pattern read with its constants alone: values of
// `var` are drawn from rows of the smaller side (read in an order that is not sorted on
// `var`, so they spread over its values) and the other side's rows with each are counted.
// Nullopt when the patterns do not allow it (a graph not constant, or not the same for both,
// the variable twice in a pattern, a quoted triple) or the store keeps no characteristic sets
// (whose versions key the cache of these samples: a store without them plans as before).
std::optional<JoinSample> sampleJoinSize(const ScanOp& a, const ScanOp& b, int var);

// The rows of `probe` per row of a join's left side whose values of `var` come from the
// subjects of `anchor` (a pattern with one variable, its subject, and a constant object, as
// `?z a :Department`), directly (`via` null: `var` is that subject) or through `via` (a
// pattern of two variables, that subject and `var`, as `?z :subOrganizationOf ?y`). Pairs of patterns
// alone miss how the left side's other patterns pick its values (departments' parents are
// all universities; most parents are not). Nullopt as above, or when no value is found.
//
// `from` (not -1): the anchor is any pattern, and its values of `from` lead on through `via`
// (a pattern of `from` and `var`): `?x ub:undergraduateDegreeFrom ?y` reaching ?z through
// `?z ub:subOrganizationOf ?y`, each degree standing for one left row.
std::optional<JoinSample> sampleAnchoredMatches(const ScanOp& anchor, const ScanOp* via, const ScanOp& probe, int var,
                                                int from = -1);

// A cycle of three patterns: `closing` binds u and v, `first` binds u and w, `second` w and v
// (each exactly these two variables). The matches of `closing` per path u-w-v that `first`
// and `second` make, from a sample of such paths: closing a cycle is where independence fails
// most (a student's advisor teaches the courses the student takes). Nullopt as above, or when
// the sample finds no path.
std::optional<JoinSample> sampleCycleClosing(const ScanOp& closing, const ScanOp& first, const ScanOp& second,
                                             int u, int w, int v);

}  // namespace kg::query
