#include "storage/transaction.h"

#include <algorithm>

#include "kg/error.h"

namespace kg::storage {
namespace {

bool matches(const QuadIds& pattern, const QuadIds& quad) {
  for (int i = 0; i < 4; ++i) {
    if (pattern.v[i] != kAny && pattern.v[i] != quad.v[i]) return false;
  }
  return true;
}

bool lessInOrder(IndexOrder order, const QuadIds& a, const QuadIds& b) {
  for (int pos : layoutOf(order).positions) {
    if (a.v[pos] != b.v[pos]) return a.v[pos] < b.v[pos];
  }
  return false;
}

// Base quads minus removed ones, merged with pending additions, in index order.
class OverlayStream final : public QuadStream {
 public:
  OverlayStream(std::unique_ptr<QuadStream> base, std::vector<QuadIds> added,
                const std::set<QuadIds>* removed, IndexOrder order)
      : base_(std::move(base)), added_(std::move(added)), removed_(removed), order_(order) {
    std::sort(added_.begin(), added_.end(),
              [order](const QuadIds& a, const QuadIds& b) { return lessInOrder(order, a, b); });
    advanceBase();
  }

  bool next(QuadIds* out) override {
    bool haveAdded = index_ < added_.size();
    if (!haveBase_ && !haveAdded) return false;
    if (haveBase_ && (!haveAdded || !lessInOrder(order_, added_[index_], baseQuad_))) {
      *out = baseQuad_;
      advanceBase();
    } else {
      *out = added_[index_++];
    }
    return true;
  }

 private:
  void advanceBase() {
    while ((haveBase_ = base_->next(&baseQuad_))) {
      if (removed_->empty() || removed_->count(baseQuad_) == 0) return;
    }
  }
  std::unique_ptr<QuadStream> base_;
  std::vector<QuadIds> added_;
  const std::set<QuadIds>* removed_;
  IndexOrder order_;
  QuadIds baseQuad_;
  bool haveBase_ = false;
  size_t index_ = 0;
};

}  // namespace

Transaction::Transaction(Store& store)
    : store_(store),
      lock_(store.lockWriter()),
      base_(store.readView()),
      nextSequence_(store.nextSequence()),
      nextLoadNumber_(store.nextLoadNumber()) {
  if (store.readOnly()) {
    throw Error(ErrorCode::kUsage, "the store '" + store.path() + "' is open read-only");
  }
}

Transaction::~Transaction() = default;

void Transaction::requireActive() const {
  if (!active_) throw Error(ErrorCode::kUsage, "the transaction has already ended");
}

TermId Transaction::intern(const Term& term) {
  requireActive();
  if (auto inl = inlineIdOf(term)) return *inl;
  std::string key = *dictionaryKeyVia(
      term, [this](const Term& part) { return std::optional<TermId>(intern(part)); });
  auto found = idsByKey_.find(key);
  if (found != idsByKey_.end()) return found->second;
  if (auto existing = base_->lookupKey(key)) {
    idsByKey_.emplace(std::move(key), *existing);
    return *existing;
  }
  TermId id = makeId(tagForKind(term.kind), nextSequence_++);
  if (payloadOf(id) != nextSequence_ - 1) {
    throw Error(ErrorCode::kStorage, "the store's term dictionary is full");
  }
  idsByKey_.emplace(key, id);
  newTermsById_.emplace(id, term);
  newTerms_.emplace_back(id, std::move(key));
  return id;
}

std::optional<TermId> Transaction::lookup(const Term& term) const {
  if (auto inl = inlineIdOf(term)) return inl;
  if (idsByKey_.empty()) return base_->lookup(term);
  auto key = dictionaryKeyVia(term, [this](const Term& part) { return lookup(part); });
  if (!key) return std::nullopt;
  auto found = idsByKey_.find(*key);
  if (found != idsByKey_.end()) return found->second;
  return base_->lookupKey(*key);
}

Term Transaction::decode(TermId id) const {
  auto found = newTermsById_.find(id);
  if (found != newTermsById_.end()) return found->second;
  return base_->decode(id);
}

void Transaction::insert(const QuadIds& quad) {
  requireActive();
  foldBulk();
  if (removed_.erase(quad) > 0) return;
  if (added_.count(quad) || base_->contains(quad)) return;
  added_.insert(quad);
}

void Transaction::erase(const QuadIds& quad) {
  requireActive();
  foldBulk();
  if (added_.erase(quad) > 0) return;
  if (base_->contains(quad)) removed_.insert(quad);
}

void Transaction::foldBulk() const {
  if (bulk_.empty()) return;
  std::vector<QuadIds> pending;
  pending.swap(bulk_);
  for (const auto& quad : pending) {
    if (removed_.erase(quad) > 0) continue;
    if (added_.count(quad) || base_->contains(quad)) continue;
    added_.insert(quad);
  }
}

std::unique_ptr<QuadStream> Transaction::open(const QuadIds& pattern, IndexOrder order) const {
  foldBulk();
  auto base = base_->open(pattern, order);
  if (added_.empty() && removed_.empty()) return base;
  std::vector<QuadIds> added;
  for (const auto& quad : added_) {
    if (matches(pattern, quad)) added.push_back(quad);
  }
  return std::make_unique<OverlayStream>(std::move(base), std::move(added), &removed_, order);
}

bool Transaction::contains(const QuadIds& quad) const {
  foldBulk();
  if (added_.count(quad)) return true;
  if (removed_.count(quad)) return false;
  return base_->contains(quad);
}

std::vector<TermId> Transaction::namedGraphs() const {
  foldBulk();
  std::set<TermId> graphs;
  for (TermId g : base_->namedGraphs()) graphs.insert(g);
  for (const auto& quad : added_) {
    if (quad.g() != kDefaultGraph) graphs.insert(quad.g());
  }
  // A graph whose quads were all removed disappears.
  std::vector<TermId> out;
  for (TermId g : graphs) {
    auto stream = open(QuadIds{{kAny, kAny, kAny, g}}, IndexOrder::kGSPO);
    QuadIds q;
    if (stream->next(&q)) out.push_back(g);
  }
  return out;
}

size_t Transaction::pendingAdded() const {
  foldBulk();
  return added_.size();
}

size_t Transaction::pendingRemoved() const { return removed_.size(); }

Transaction::Savepoint Transaction::savepoint() const {
  foldBulk();
  return {added_, removed_};
}

void Transaction::rollbackTo(const Savepoint& point) {
  requireActive();
  bulk_.clear();
  added_ = point.added;
  removed_ = point.removed;
}

ApplyResult Transaction::commit() {
  requireActive();
  ChangeSet changes;
  // Bulk additions: sort, drop duplicates and what the store already has.
  if (!bulk_.empty()) {
    std::vector<QuadIds> bulk;
    bulk.swap(bulk_);
    std::sort(bulk.begin(), bulk.end());
    bulk.erase(std::unique(bulk.begin(), bulk.end()), bulk.end());
    const uint64_t firstNew = store_.nextSequence();
    auto isNew = [firstNew](TermId id) {
      return !isInline(id) && id != kDefaultGraph && payloadOf(id) >= firstNew;
    };
    std::vector<QuadIds> fresh;
    fresh.reserve(bulk.size());
    for (const auto& quad : bulk) {
      if (removed_.erase(quad) > 0) continue;
      if (added_.count(quad)) continue;
      bool anyNew = isNew(quad.s()) || isNew(quad.p()) || isNew(quad.o()) || isNew(quad.g());
      if (!anyNew && base_->contains(quad)) continue;
      fresh.push_back(quad);
    }
    if (added_.empty()) {
      changes.added = std::move(fresh);
    } else {
      changes.added.reserve(fresh.size() + added_.size());
      std::merge(fresh.begin(), fresh.end(), added_.begin(), added_.end(),
                 std::back_inserter(changes.added));
    }
  } else {
    changes.added.assign(added_.begin(), added_.end());
  }
  changes.removed.assign(removed_.begin(), removed_.end());
  changes.newTerms = std::move(newTerms_);
  changes.nextSequence = nextSequence_;
  changes.nextLoadNumber = nextLoadNumber_;
  active_ = false;
  ApplyResult result;
  if (!changes.added.empty() || !changes.removed.empty() || !changes.newTerms.empty() ||
      changes.nextLoadNumber != store_.nextLoadNumber()) {
    try {
      result = store_.apply(std::move(changes));
    } catch (...) {
      // Nothing was applied: drop the buffered changes and let other writers in.
      added_.clear();
      removed_.clear();
      idsByKey_.clear();
      newTermsById_.clear();
      lock_.unlock();
      throw;
    }
  }
  added_.clear();
  removed_.clear();
  idsByKey_.clear();
  newTermsById_.clear();
  lock_.unlock();
  return result;
}

void Transaction::rollback() {
  if (!active_) return;
  active_ = false;
  bulk_.clear();
  added_.clear();
  removed_.clear();
  newTerms_.clear();
  idsByKey_.clear();
  newTermsById_.clear();
  lock_.unlock();
}

}  // namespace kg::storage
