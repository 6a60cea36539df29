#include "query/slot_binding.h"

#include <vector>

namespace kg::query {

using storage::kAny;

void collectSlotVars(const Slot& slot, std::set<int>& out) {
  if (slot.kind == Slot::Kind::kVar) {
    out.insert(slot.var);
  } else if (slot.kind == Slot::Kind::kQuoted) {
    for (const auto& member : *slot.quoted) collectSlotVars(member, out);
  }
}

std::optional<TermId> resolveSlot(QueryContext& ctx, const Slot& slot, const Row& seed) {
  switch (slot.kind) {
    case Slot::Kind::kConst:
      if (slot.id == kAny) return std::nullopt;  // a constant the store does not know
      return slot.id;
    case Slot::Kind::kVar:
      return seed[slot.var] != kUnbound ? seed[slot.var] : kAny;
    case Slot::Kind::kAny:
      return kAny;
    case Slot::Kind::kQuoted: {
      // Every member bound: the quoted triple itself, looked up in the store.
      std::vector<Term> parts;
      for (const auto& member : *slot.quoted) {
        auto id = resolveSlot(ctx, member, seed);
        if (!id) return std::nullopt;
        if (*id == kAny) return kAny;
        parts.push_back(ctx.decode(*id));
      }
      auto id = ctx.storeId(Term::quoted(parts[0], parts[1], parts[2]));
      if (!id) return std::nullopt;
      return *id;
    }
  }
  return kAny;
}

namespace {

bool bindQuoted(QueryContext& ctx, const Slot& slot, TermId id, Row& row) {
  if (storage::tagOf(id) != storage::IdTag::kTriple) return false;
  Term term = ctx.decode(id);
  const QuotedTriple& t = *term.triple;
  const Term* parts[3] = {&t.subject, &t.predicate, &t.object};
  for (int i = 0; i < 3; ++i) {
    auto partId = ctx.storeId(*parts[i]);
    if (!partId || !bindSlot(ctx, (*slot.quoted)[i], *partId, row)) return false;
  }
  return true;
}

}  // namespace

bool bindSlot(QueryContext& ctx, const Slot& slot, TermId id, Row& row) {
  switch (slot.kind) {
    case Slot::Kind::kConst:
      return slot.id == id;
    case Slot::Kind::kAny:
      return true;
    case Slot::Kind::kVar:
      if (row[slot.var] == kUnbound) {
        row[slot.var] = id;
        return true;
      }
      return row[slot.var] == id;
    case Slot::Kind::kQuoted:
      return bindQuoted(ctx, slot, id, row);
  }
  return false;
}

}  // namespace kg::query
