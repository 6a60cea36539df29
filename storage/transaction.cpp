#include "storage/transaction.h"

#include <algorithm>
#include <filesystem>

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
      nextLoadNumber_(store.nextLoadNumber()),
      firstUnspilled_(nextSequence_) {
  if (store.readOnly()) {
    throw Error(ErrorCode::kUsage, "the store '" + store.path() + "' is open read-only");
  }
}

Transaction::~Transaction() {
  if (active_) rollback();
}

void Transaction::requireActive() const {
  if (!active_) throw Error(ErrorCode::kUsage, "the transaction has already ended");
}

TermId Transaction::intern(const Term& term) {
  requireActive();
  if (auto inl = inlineIdOf(term)) return *inl;
  std::string key = *dictionaryKeyVia(
      term, [this](const Term& part) { return std::optional<TermId>(intern(part)); });
  if (auto found = idsByKey_.find(key)) return *found;
  std::optional<TermId> existing = spilledTerms_ ? store_.lookupLatest(key) : base_->lookupKey(key);
  if (existing) {
    termBytes_ += key.size() + 40;
    idsByKey_.insert(key, *existing);
    if (termBytes_ > memoryBudget_ / 4) spillTerms();
    return *existing;
  }
  TermId id = makeId(tagForKind(term.kind), nextSequence_++);
  if (payloadOf(id) != nextSequence_ - 1) {
    throw Error(ErrorCode::kStorage, "the store's term dictionary is full");
  }
  termBytes_ += 2 * key.size() + 80;
  idsByKey_.insert(key, id);
  newTerms_.emplace_back(id, std::move(key));
  if (termBytes_ > memoryBudget_ / 4) spillTerms();
  return id;
}

// Too many new terms to hold: write them to the store now, uncommitted (the commit moves the
// store's counter past them; a rollback removes them).
void Transaction::spillTerms() {
  store_.writeUncommittedTerms(newTerms_);
  spilledTerms_ = spilledTerms_ || !newTerms_.empty();
  newTerms_.clear();
  newTerms_.shrink_to_fit();
  firstUnspilled_ = nextSequence_;
  idsByKey_.clear();
  termBytes_ = 0;
}

void Transaction::discardSpilledTerms() {
  if (!spilledTerms_) return;
  spilledTerms_ = false;
  store_.discardUncommittedTerms();
}

std::optional<TermId> Transaction::lookup(const Term& term) const {
  if (auto inl = inlineIdOf(term)) return inl;
  if (idsByKey_.empty() && !spilledTerms_) return base_->lookup(term);
  auto key = dictionaryKeyVia(term, [this](const Term& part) { return lookup(part); });
  if (!key) return std::nullopt;
  if (auto found = idsByKey_.find(*key)) return found;
  return spilledTerms_ ? store_.lookupLatest(*key) : base_->lookupKey(*key);
}

Term Transaction::decode(TermId id) const {
  if (isInline(id) || id == kDefaultGraph || payloadOf(id) < store_.nextSequence()) return base_->decode(id);
  return decodeNew(id);
}

// A term this transaction created: from its key, in memory or (spilled) in the store.
Term Transaction::decodeNew(TermId id) const {
  uint64_t sequence = payloadOf(id);
  std::optional<std::string> key;
  if (sequence >= firstUnspilled_ && sequence < nextSequence_) {
    key = newTerms_[sequence - firstUnspilled_].second;
  } else if (spilledTerms_) {
    key = store_.keyOfLatest(id);
  }
  if (!key) throw Error(ErrorCode::kStorage, "corrupt store: unknown term id " + std::to_string(id));
  DecodedKey decoded = decodeDictionaryKey(*key);
  if (!decoded.isTriple) return decoded.term;
  return Term::quoted(decode(decoded.s), decode(decoded.p), decode(decoded.o));
}

void Transaction::insertBulk(const QuadIds& quad) {
  if (!bulk_) {
    bulk_ = std::make_unique<RowSorter>(store_.stagingDir() + "/spool", memoryBudget_ / 2);
  }
  bulk_->add(toRow(IndexOrder::kGSPO, quad));
}

size_t Transaction::bulkSize() const { return bulk_ ? bulk_->added() : 0; }

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
  if (!bulk_ || bulk_->added() == 0) return;
  {
    // A quad with a term this transaction created cannot be in the store yet.
    const uint64_t firstNew = store_.nextSequence();
    auto isNew = [firstNew](TermId id) {
      return !isInline(id) && id != kDefaultGraph && payloadOf(id) >= firstNew;
    };
    std::unique_ptr<SortedRows> rows = bulk_->sorted();
    for (const IndexRow* r = rows->peek(); r; rows->pop(), r = rows->peek()) {
      QuadIds quad = fromRow(IndexOrder::kGSPO, *r);
      if (removed_.erase(quad) > 0) continue;
      if (added_.count(quad)) continue;
      bool anyNew = isNew(quad.s()) || isNew(quad.p()) || isNew(quad.o()) || isNew(quad.g());
      if (!anyNew && base_->contains(quad)) continue;
      added_.insert(quad);
    }
  }
  bulk_->clear();
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
  return {added_, removed_, prefixes_};
}

void Transaction::rollbackTo(const Savepoint& point) {
  requireActive();
  if (bulk_) bulk_->clear();
  added_ = point.added;
  removed_ = point.removed;
  prefixes_ = point.prefixes;
}

void Transaction::declarePrefix(const std::string& name, const std::string& iri) {
  requireActive();
  if (prefixes_.count(name)) return;
  if (!storedPrefixesRead_) {
    storedPrefixes_ = base_->prefixes();
    storedPrefixesRead_ = true;
  }
  if (storedPrefixes_.count(name)) return;
  prefixes_.emplace(name, iri);
}

namespace {

// Drops the rows the store already holds from a sorted stream of GSPO rows: a row with a term
// new to this transaction cannot be there; the others are probed in order (one cursor moving
// forward, mostly within a block).
class NewRowsOnly final : public SortedRows {
 public:
  NewRowsOnly(std::unique_ptr<SortedRows> in, std::shared_ptr<ReadView> view, uint64_t firstNew)
      : in_(std::move(in)), view_(std::move(view)), firstNew_(firstNew),
        probe_(view_->scan(QuadIds{{kAny, kAny, kAny, kDefaultGraph}}, IndexOrder::kGSPO)) {
    skipExisting();
  }
  const IndexRow* peek() override { return in_->peek(); }
  void pop() override {
    in_->pop();
    skipExisting();
  }

 private:
  bool isNew(TermId id) const { return !isInline(id) && id != kDefaultGraph && payloadOf(id) >= firstNew_; }
  void skipExisting() {
    while (const IndexRow* r = in_->peek()) {
      if (isNew((*r)[0]) || isNew((*r)[1]) || isNew((*r)[2]) || isNew((*r)[3])) return;
      probe_.restart(fromRow(IndexOrder::kGSPO, *r));
      QuadIds q;
      if (!probe_.next(&q)) return;
      in_->pop();
    }
  }
  std::unique_ptr<SortedRows> in_;
  std::shared_ptr<ReadView> view_;
  uint64_t firstNew_;
  QuadCursor probe_;
};

// Bulk additions this large go to the store as a stream (sorted through run files) instead of
// through memory.
constexpr size_t kStreamedBulkQuads = 200000;

}  // namespace

ApplyResult Transaction::commit() {
  requireActive();
  ChangeSet changes;
  bool streamed = bulk_ && added_.empty() && removed_.empty() &&
                  (bulk_->spilled() || bulk_->added() > kStreamedBulkQuads);
  if (streamed) {
    // The delta goes into the blocks first (on its own: it changes no data), so that the
    // stream is pure additions to the blocks.
    if (!store_.readView()->delta().empty()) {
      ChangeSet fold;
      fold.forceFold = true;
      fold.nextSequence = store_.nextSequence();
      fold.nextLoadNumber = store_.nextLoadNumber();
      store_.apply(std::move(fold));
    }
    changes.bulkAdded = std::make_unique<NewRowsOnly>(bulk_->sorted(), store_.readView(), store_.nextSequence());
    changes.memoryBudget = memoryBudget_;
  } else {
    foldBulk();
    changes.added.assign(added_.begin(), added_.end());
    changes.removed.assign(removed_.begin(), removed_.end());
  }
  changes.newTerms = std::move(newTerms_);
  changes.prefixes = std::move(prefixes_);
  changes.nextSequence = nextSequence_;
  changes.nextLoadNumber = nextLoadNumber_;
  active_ = false;
  ApplyResult result;
  bool anything = streamed || !changes.added.empty() || !changes.removed.empty() ||
                  !changes.newTerms.empty() || !changes.prefixes.empty() || spilledTerms_ ||
                  changes.nextLoadNumber != store_.nextLoadNumber();
  try {
    if (anything) result = store_.apply(std::move(changes));
  } catch (...) {
    // Nothing was applied: drop the buffered changes and let other writers in.
    added_.clear();
    removed_.clear();
    idsByKey_.clear();
    if (bulk_) bulk_->clear();
    try {
      discardSpilledTerms();
    } catch (...) {
      // The next open removes them.
    }
    lock_.unlock();
    throw;
  }
  spilledTerms_ = false;  // committed: the counter now covers them
  if (bulk_) {
    bulk_.reset();
    std::error_code ec;
    std::filesystem::remove_all(store_.stagingDir(), ec);
  }
  added_.clear();
  removed_.clear();
  idsByKey_.clear();
  if (bulk_) bulk_->clear();
  lock_.unlock();
  return result;
}

void Transaction::rollback() {
  if (!active_) return;
  active_ = false;
  if (bulk_) bulk_->clear();
  added_.clear();
  removed_.clear();
  newTerms_.clear();
  idsByKey_.clear();
  try {
    discardSpilledTerms();
  } catch (...) {
    // The next open removes them.
  }
  lock_.unlock();
}

}  // namespace kg::storage
