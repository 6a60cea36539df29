// One term position of a pattern (a Slot) against ids: what the position asks for given the
// bindings so far, and binding a found id back into a row. Shared by every operator that
// matches patterns (scans, property paths) so that quoted-triple patterns with variables
// inside, << ?s :p ?o >>, behave the same wherever they are written.
#pragma once

#include <optional>
#include <set>

#include "query/operators.h"

namespace kg::query {

// Adds the variables of a slot, those inside quoted-triple patterns included.
void collectSlotVars(const Slot& slot, std::set<int>& out);

// The id a slot asks for under the seed's bindings: a constant's id, a bound variable's
// value, the id of a quoted triple whose members are all bound, or kAny when the slot is
// still free. nullopt when nothing can match (a quoted triple the store does not hold).
std::optional<TermId> resolveSlot(QueryContext& ctx, const Slot& slot, const Row& seed);

// Binds a found id into the row: a constant must equal it, a variable takes it or must agree
// with its value, a quoted pattern must match the quoted triple's members. False if the id
// does not fit (the row may then be partly written: callers start again from their seed).
bool bindSlot(QueryContext& ctx, const Slot& slot, TermId id, Row& row);

}  // namespace kg::query
