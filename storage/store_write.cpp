// Store::apply: one commit. Statistics are updated from the changes (distinct counts by
// probing the data in sorted order), then the changes go into the delta, or, when the delta
// would outgrow its limit, the delta and the changes are folded into the index blocks.
#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <thread>

#include "kg/error.h"
#include "storage/block_fold.h"
#include "storage/block_sink.h"
#include "storage/row_sorter.h"
#include "storage/store.h"
#include "storage/store_layout.h"
#include "storage/text/text_changes.h"

namespace kg::storage {

using namespace layout;
namespace fs = std::filesystem;

namespace {

std::vector<IndexRow> rowsOf(IndexOrder order, const std::vector<QuadIds>& quads) {
  std::vector<IndexRow> rows;
  rows.reserve(quads.size());
  for (const auto& q : quads) rows.push_back(toRow(order, q));
  std::sort(rows.begin(), rows.end());
  return rows;
}

std::vector<IndexRow> permute(IndexOrder from, IndexOrder to, const std::vector<IndexRow>& rows) {
  std::vector<IndexRow> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(toRow(to, fromRow(from, r)));
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<IndexRow> minus(const std::vector<IndexRow>& a, const std::vector<IndexRow>& b) {
  std::vector<IndexRow> out;
  out.reserve(a.size());
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

std::vector<IndexRow> unite(const std::vector<IndexRow>& a, const std::vector<IndexRow>& b) {
  std::vector<IndexRow> out;
  out.reserve(a.size() + b.size());
  std::set_union(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

}  // namespace

// One commit's work; lives for one Store::apply.
class StoreWriter {
 public:
  StoreWriter(Store& store, ChangeSet& changes) : store_(store), changes_(changes) {}

  ApplyResult run() {
    if (changes_.bulkAdded) return runBulk();
    auto view = store_.readView();
    updateStatistics(*view);
    splitAgainstDelta(*view);
    // The text index changes in the same write as the quads it comes from.
    textWriter_ = std::make_unique<text::TextIndexWriter>(*view->textSource(), textScratch("runs"));
    text::collectTextChanges(*view, changes_, store_.nextSequence_, store_.textConfig_, latestDictionary(),
                             *textWriter_);
    bool fold = changes_.forceFold || newDeltaSize() > store_.deltaLimit_;
    size_t volume = fold ? netInserted_.size() + netDeleted_.size() : changes_.added.size() + changes_.removed.size();
    bool sst = volume > store_.sstThreshold_ || changes_.newTerms.size() > store_.sstThreshold_;
    if (sst) {
      writeWithSst(fold);
    } else {
      writeWithBatch(fold);
    }
    return {changes_.added.size(), changes_.removed.size()};
  }

 private:
  // ------------------------------------------------------------------ text index
  std::string textScratch(const char* name) const {
    return (fs::path(store_.options_.path) / "kg-text-runs" / name).string();
  }
  text::LatestDictionary latestDictionary() const {
    return {[this](TermId id) { return store_.keyOfLatest(id); },
            [this](const std::string& key) { return store_.lookupLatest(key); }};
  }

  // ------------------------------------------------------------------ statistics
  bool isNewTerm(TermId id) const {
    return !isInline(id) && id != kDefaultGraph && payloadOf(id) >= store_.nextSequence_;
  }

  void updateStatistics(const ReadView& view) {
    stats_ = std::make_shared<Statistics>(*store_.stats_);
    Statistics& st = *stats_;
    st.quads += changes_.added.size();
    st.quads -= changes_.removed.size();
    for (const auto& q : changes_.added) {
      st.graphs[q.g()] += 1;
      st.graphPredicates[{q.g(), q.p()}].quads += 1;
      st.predicates[q.p()].quads += 1;
      touched_.insert({q.g(), q.p()});
    }
    for (const auto& q : changes_.removed) {
      st.graphs[q.g()] -= 1;
      st.graphPredicates[{q.g(), q.p()}].quads -= 1;
      st.predicates[q.p()].quads -= 1;
      touched_.insert({q.g(), q.p()});
    }
    adjustDistinct(view, IndexOrder::kGPSO, kS);
    adjustDistinct(view, IndexOrder::kGPOS, kO);
    st.terms = changes_.nextSequence - 1;
    updateCharacteristicSets(view);
  }

  // ------------------------------------------------------------------ characteristic sets
  // A store keeps characteristic sets if it had them at its last commit, or is empty (so they
  // start complete); an older store goes on without them.
  void beginCharacteristicSets() {
    const auto& old = store_.stats_->characteristicSets;
    if (old) {
      sets_ = std::make_shared<CharacteristicSets>(*old);
    } else if (store_.stats_->quads == 0) {
      sets_ = std::make_shared<CharacteristicSets>();
      writeSetsMarker_ = true;
    }
  }

  // A subject's predicates and quads per predicate in graph g, as the view holds them. A
  // predicate with many quads is counted from the index and skipped, so a hub costs a few
  // seeks per predicate, not a read of all its quads.
  static PredicateProfile readProfile(const ReadView& view, QuadCursor& probe, TermId g, TermId s) {
    constexpr uint64_t kCountedQuads = 1024;
    PredicateProfile profile;
    probe.restart(QuadIds{{s, kAny, kAny, g}});
    QuadIds q;
    TermId skipped = kAny;
    while (probe.next(&q)) {
      if (q.p() == skipped) continue;
      if (profile.empty() || profile.back().first != q.p()) {
        profile.push_back({q.p(), 1});
        continue;
      }
      if (++profile.back().second < kCountedQuads) continue;
      RangeCount n = view.countRange(QuadIds{{s, q.p(), kAny, g}}, 8);
      profile.back().second = std::max<uint64_t>(kCountedQuads, static_cast<uint64_t>(n.rows));
      skipped = q.p();
      if (q.p() + 1 != kAny) probe.skipTo(toRow(IndexOrder::kGSPO, QuadIds{{s, q.p() + 1, 0, g}}));
    }
    return profile;
  }

  // Moves a subject of graph g from the set of its predicates before the commit to the set
  // after it: `before` plus the quads added, minus those removed.
  void moveSubject(TermId g, const PredicateProfile& before, const PredicateProfile& added,
                   const PredicateProfile& removed) {
    std::map<TermId, int64_t> counts;
    for (const auto& [p, n] : before) counts[p] += static_cast<int64_t>(n);
    for (const auto& [p, n] : added) counts[p] += static_cast<int64_t>(n);
    for (const auto& [p, n] : removed) counts[p] -= static_cast<int64_t>(n);
    PredicateProfile after;
    for (const auto& [p, n] : counts) {
      if (n > 0) after.push_back({p, static_cast<uint64_t>(n)});
    }
    sets_->removeSubject(g, before);
    sets_->addSubject(g, after);
    setGraphs_.insert(g);
  }

  // Predicates and quads per predicate of GSPO rows [from, to) (one subject's).
  static PredicateProfile profileOf(const std::vector<IndexRow>& rows, size_t from, size_t to) {
    PredicateProfile profile;
    for (size_t i = from; i < to; ++i) {
      TermId p = fromRow(IndexOrder::kGSPO, rows[i]).p();
      if (profile.empty() || profile.back().first != p) profile.push_back({p, 0});
      ++profile.back().second;
    }
    return profile;
  }

  // The subjects the changes touch, each moved between sets; a subject new to the store has
  // no quads before (no read).
  void updateCharacteristicSets(const ReadView& view) {
    beginCharacteristicSets();
    if (!sets_) return;
    std::vector<IndexRow> added = rowsOf(IndexOrder::kGSPO, changes_.added);
    std::vector<IndexRow> removed = rowsOf(IndexOrder::kGSPO, changes_.removed);
    QuadCursor probe = view.scan(QuadIds{{kAny, kAny, kAny, kAny}}, IndexOrder::kGSPO);
    auto subjectOf = [](const IndexRow& row) {
      QuadIds q = fromRow(IndexOrder::kGSPO, row);
      return std::make_pair(q.g(), q.s());
    };
    size_t a = 0, r = 0;
    while (a < added.size() || r < removed.size()) {
      auto key = r >= removed.size() || (a < added.size() && added[a] < removed[r]) ? subjectOf(added[a])
                                                                                       : subjectOf(removed[r]);
      size_t a0 = a, r0 = r;
      while (a < added.size() && subjectOf(added[a]) == key) ++a;
      while (r < removed.size() && subjectOf(removed[r]) == key) ++r;
      auto [g, s] = key;
      PredicateProfile before;
      if (!isNewTerm(g) && !isNewTerm(s)) before = readProfile(view, probe, g, s);
      moveSubject(g, before, profileOf(added, a0, a), profileOf(removed, r0, r));
    }
    for (TermId g : setGraphs_) sets_->capGraph(g);
    stats_->characteristicSets = sets_;
  }

  // A streamed addition: the quads one subject gains.
  void addStreamedSubject(const ReadView& view, QuadCursor& probe, TermId g, TermId s,
                          const PredicateProfile& added) {
    if (!sets_ || added.empty()) return;
    PredicateProfile before;
    if (!isNewTerm(g) && !isNewTerm(s)) before = readProfile(view, probe, g, s);
    moveSubject(g, before, added, {});
    // Bounded memory while loading: merge once a graph has twice the sets it keeps.
    const GraphCharacteristicSets* graph = sets_->graph(g);
    if (graph && graph->size() > 2 * CharacteristicSets::kMaxSetsPerGraph) sets_->capGraph(g);
  }

  template <typename Put, typename Del>
  void writeCharacteristicSets(Put put, Del del) {
    if (!sets_) return;
    if (writeSetsMarker_) put(kStatsCharacteristicSets, kCharacteristicSetsVersion);
    const CharacteristicSets* old = store_.stats_->characteristicSets.get();
    for (TermId g : setGraphs_) {
      diffCharacteristicSets(g, old ? old->graph(g) : nullptr, sets_->graph(g), put, del);
    }
  }

  // Distinct subjects (or objects) per graph and predicate: a (g, p, x) that gains its first
  // quad adds one, one that loses its last removes one. Groups are visited in index order, so
  // one cursor walks forward through the data and rarely seeks (a load of new subjects after
  // the existing ones never does).
  void adjustDistinct(const ReadView& view, IndexOrder order, Position x) {
    std::vector<IndexRow> added = rowsOf(order, changes_.added);
    std::vector<IndexRow> removed = rowsOf(order, changes_.removed);
    QuadCursor probe = view.scan(QuadIds{{kAny, kAny, kAny, kAny}}, order);
    size_t a = 0, r = 0;
    while (a < added.size() || r < removed.size()) {
      IndexRow group = r >= removed.size() || (a < added.size() && added[a] < removed[r]) ? added[a] : removed[r];
      auto same = [&](const IndexRow& row) { return row[0] == group[0] && row[1] == group[1] && row[2] == group[2]; };
      uint64_t nAdded = 0, nRemoved = 0;
      while (a < added.size() && same(added[a])) ++a, ++nAdded;
      while (r < removed.size() && same(removed[r])) ++r, ++nRemoved;
      QuadIds key = fromRow(order, group);
      uint64_t before = 0;
      if (!isNewTerm(key.g()) && !isNewTerm(key.p()) && !isNewTerm(key.v[x])) {
        QuadIds pattern{{kAny, key.p(), kAny, key.g()}};
        pattern.v[x] = key.v[x];
        probe.restart(pattern);
        QuadIds q;
        while (before <= nRemoved && probe.next(&q)) ++before;
      }
      uint64_t after = before + nAdded - std::min(before, nRemoved);
      if ((before > 0) == (after > 0)) continue;
      int step = after > 0 ? 1 : -1;
      PredicateStats& gp = stats_->graphPredicates[{key.g(), key.p()}];
      PredicateStats& all = stats_->predicates[key.p()];
      (x == kS ? gp.distinctSubjects : gp.distinctObjects) += step;
      (x == kS ? all.distinctSubjects : all.distinctObjects) += step;
    }
  }

  template <typename Put, typename Del>
  void writeStatistics(Put put, Del del) {
    // In key order (SST sinks need it): "c..." < "g..." < "p..." < "t".
    writeCharacteristicSets(put, del);
    std::set<TermId> graphs;
    for (const auto& [g, p] : touched_) graphs.insert(g);
    for (TermId g : graphs) {
      uint64_t n = stats_->graphQuads(g);
      if (n == 0) {
        del(statsGraphKey(g));
        stats_->graphs.erase(g);
      } else {
        put(statsGraphKey(g), encodeU64(n));
      }
    }
    for (const auto& gp : touched_) {
      auto it = stats_->graphPredicates.find(gp);
      if (it == stats_->graphPredicates.end() || it->second.quads == 0) {
        del(statsGraphPredicateKey(gp.first, gp.second));
        if (it != stats_->graphPredicates.end()) stats_->graphPredicates.erase(it);
      } else {
        put(statsGraphPredicateKey(gp.first, gp.second), encodePredicateStats(it->second));
      }
      auto all = stats_->predicates.find(gp.second);
      if (all != stats_->predicates.end() && all->second.quads == 0) stats_->predicates.erase(all);
    }
    put(statsTotalKey(), encodeU64(stats_->quads));
  }

  // ------------------------------------------------------------------ delta
  // The changes relative to the blocks, in GSPO rows: an insert of a quad the delta deletes
  // restores a block row (the delete entry goes); a removal of a quad the delta inserted drops
  // that entry; everything else adds an entry.
  void splitAgainstDelta(const ReadView& view) {
    const Delta& delta = view.delta();
    const auto& oldIns = delta.inserted[0];
    const auto& oldDel = delta.deleted[0];
    for (const auto& row : rowsOf(IndexOrder::kGSPO, changes_.added)) {
      (std::binary_search(oldDel.begin(), oldDel.end(), row) ? undelete_ : insert_).push_back(row);
    }
    for (const auto& row : rowsOf(IndexOrder::kGSPO, changes_.removed)) {
      (std::binary_search(oldIns.begin(), oldIns.end(), row) ? uninsert_ : delete_).push_back(row);
    }
    netInserted_ = unite(minus(oldIns, uninsert_), insert_);
    netDeleted_ = unite(minus(oldDel, undelete_), delete_);
  }

  size_t newDeltaSize() const { return netInserted_.size() + netDeleted_.size(); }

  std::shared_ptr<Delta> newDelta(const Delta& old) const {
    auto d = std::make_shared<Delta>();
    d->inserted[0] = netInserted_;
    d->deleted[0] = netDeleted_;
    for (int o = 1; o < kIndexCount; ++o) {
      auto order = static_cast<IndexOrder>(o);
      d->inserted[o] = unite(minus(old.inserted[o], permute(IndexOrder::kGSPO, order, uninsert_)),
                             permute(IndexOrder::kGSPO, order, insert_));
      d->deleted[o] = unite(minus(old.deleted[o], permute(IndexOrder::kGSPO, order, undelete_)),
                            permute(IndexOrder::kGSPO, order, delete_));
    }
    return d;
  }

  // Delta column family writes when the changes stay in the delta.
  void writeDeltaEntries(WriteSink& sink) {
    // In key order: merge the four sorted lists.
    std::map<IndexRow, char> ops;  // 0 = delete the entry
    for (const auto& r : insert_) ops[r] = kDeltaInserted;
    for (const auto& r : delete_) ops[r] = kDeltaDeleted;
    for (const auto& r : undelete_) ops[r] = 0;
    for (const auto& r : uninsert_) ops[r] = 0;
    for (const auto& [row, op] : ops) {
      std::string key = blockKey(row);
      if (op == 0) {
        sink.del(key);
      } else {
        sink.put(key, std::string(1, op));
      }
    }
  }

  // When folding, every delta entry goes (the folded rows are in the blocks now).
  void clearDeltaEntries(const Delta& old, WriteSink& sink) {
    std::vector<IndexRow> all = unite(old.inserted[0], old.deleted[0]);
    for (const auto& row : all) sink.del(blockKey(row));
  }

  void foldOrders(const std::function<WriteSink&(int)>& sinkFor) {
    for (int o = 0; o < kIndexCount; ++o) {
      auto order = static_cast<IndexOrder>(o);
      std::vector<IndexRow> ins = o == 0 ? netInserted_ : permute(IndexOrder::kGSPO, order, netInserted_);
      std::vector<IndexRow> del = o == 0 ? netDeleted_ : permute(IndexOrder::kGSPO, order, netDeleted_);
      VectorRows insRows(ins), delRows(del);
      foldIntoBlocks(*store_.db_, store_.handles_[kCfIndexFirst + o], insRows, delRows, sinkFor(o));
    }
  }

  // ------------------------------------------------------------------ streamed additions
  // Passes rows through, counting quads per graph and predicate and keeping a copy of each in
  // a run file (the other index orders are sorted from it).
  class CountingTee final : public SortedRows {
   public:
    using SubjectGained = std::function<void(TermId g, TermId s, const PredicateProfile& added)>;
    CountingTee(SortedRows& in, Statistics& stats, std::set<std::pair<TermId, TermId>>& touched,
                RowFileWriter& copy, text::BulkTextCollector& text, SubjectGained gained)
        : in_(in), stats_(stats), touched_(touched), copy_(copy), text_(text), gained_(std::move(gained)) {}
    const IndexRow* peek() override { return in_.peek(); }
    void pop() override {
      const IndexRow& row = *in_.peek();
      QuadIds q = fromRow(IndexOrder::kGSPO, row);
      if (q.g() != lastG_ || q.p() != lastP_) {
        flush();
        lastG_ = q.g();
        lastP_ = q.p();
      }
      if (q.g() != subjectG_ || q.s() != subject_) {
        flushSubject();
        subjectG_ = q.g();
        subject_ = q.s();
      }
      if (profile_.empty() || profile_.back().first != q.p()) profile_.push_back({q.p(), 0});
      ++profile_.back().second;
      ++run_;
      copy_.add(row);
      text_.add(q);
      in_.pop();
    }
    void flush() {
      if (run_ == 0) return;
      stats_.quads += run_;
      stats_.graphs[lastG_] += run_;
      stats_.graphPredicates[{lastG_, lastP_}].quads += run_;
      stats_.predicates[lastP_].quads += run_;
      touched_.insert({lastG_, lastP_});
      run_ = 0;
    }
    // The quads of one subject are complete (GSPO order keeps them together).
    void flushSubject() {
      if (profile_.empty()) return;
      gained_(subjectG_, subject_, profile_);
      profile_.clear();
    }

   private:
    SortedRows& in_;
    Statistics& stats_;
    std::set<std::pair<TermId, TermId>>& touched_;
    RowFileWriter& copy_;
    text::BulkTextCollector& text_;
    SubjectGained gained_;
    TermId subjectG_ = kAny, subject_ = kAny;
    PredicateProfile profile_;  // of the subject's quads so far
    TermId lastG_ = kAny, lastP_ = kAny;
    uint64_t run_ = 0;
  };

  // Passes GPSO (or GPOS) rows through and counts the (g, p, x) groups that are new to the
  // store: a group with a new term is new; otherwise the data is probed, in order.
  class DistinctCounter final : public SortedRows {
   public:
    DistinctCounter(SortedRows& in, IndexOrder order, Position x, const ReadView& view,
                    const StoreWriter& writer)
        : in_(in), order_(order), x_(x), probe_(view.scan(QuadIds{{kAny, kAny, kAny, kAny}}, order)),
          writer_(writer) {}
    const IndexRow* peek() override { return in_.peek(); }
    void pop() override {
      const IndexRow& row = *in_.peek();
      if (!have_ || row[0] != group_[0] || row[1] != group_[1] || row[2] != group_[2]) {
        finishGroup();
        group_ = row;
        have_ = true;
      }
      in_.pop();
    }
    void finishGroup() {
      if (!have_) return;
      have_ = false;
      QuadIds key = fromRow(order_, group_);
      bool isNew = writer_.isNewTerm(key.g()) || writer_.isNewTerm(key.p()) || writer_.isNewTerm(key.v[x_]);
      if (!isNew) {
        QuadIds pattern{{kAny, key.p(), kAny, key.g()}};
        pattern.v[x_] = key.v[x_];
        probe_.restart(pattern);
        QuadIds q;
        isNew = !probe_.next(&q);
      }
      if (isNew) ++counts_[{key.g(), key.p()}];
    }
    const std::map<std::pair<TermId, TermId>, uint64_t>& counts() const { return counts_; }

   private:
    SortedRows& in_;
    IndexOrder order_;
    Position x_;
    QuadCursor probe_;
    const StoreWriter& writer_;
    IndexRow group_{};
    bool have_ = false;
    std::map<std::pair<TermId, TermId>, uint64_t> counts_;
  };

  // A streamed addition: the GSPO rows go into their blocks as they come, counted and copied
  // to a run file; each other order is sorted from that file within the memory budget and
  // folded into its blocks; two threads share the orders. All of it, with the dictionary,
  // statistics and counters, is ingested in one atomic call.
  ApplyResult runBulk() {
    auto view = store_.readView();
    if (!view->delta().empty()) throw Error(ErrorCode::kStorage, "internal: fold the delta before a streamed load");
    stats_ = std::make_shared<Statistics>(*store_.stats_);
    beginCharacteristicSets();
    fs::path staging = fs::path(store_.stagingDir()) / "sst";
    fs::path runs = fs::path(store_.stagingDir()) / "bulk";
    std::error_code ec;
    fs::remove_all(staging, ec);
    fs::remove_all(runs, ec);
    fs::create_directories(staging, ec);
    fs::create_directories(runs, ec);
    if (ec) throw Error(ErrorCode::kStorage, "cannot create " + staging.string() + ": " + ec.message());
    struct Cleanup {
      std::vector<fs::path> dirs;
      ~Cleanup() {
        std::error_code e;
        for (const auto& d : dirs) fs::remove_all(d, e);
      }
    } cleanup{{staging, runs}};
    auto& h = store_.handles_;
    auto names = columnFamilyNames();
    std::vector<std::unique_ptr<SstSink>> sinks;
    for (int cf = 0; cf < kCfCount; ++cf) {
      sinks.push_back(std::make_unique<SstSink>(h[cf], (staging / (names[cf] + ".sst")).string()));
    }
    // GSPO, counting, with a copy for the other orders; the text index sees each quad.
    uint64_t added = 0;
    std::string copyPath = (runs / "gspo.rows").string();
    text::TextIndexWriter textWriter(*view->textSource(), textScratch("runs"), changes_.memoryBudget / 8);
    text::BulkTextCollector textCollector(*view, changes_, store_.nextSequence_, store_.textConfig_,
                                          latestDictionary(), textWriter, textScratch("literals"));
    {
      RowFileWriter copy(copyPath);
      QuadCursor probe = view->scan(QuadIds{{kAny, kAny, kAny, kAny}}, IndexOrder::kGSPO);
      CountingTee tee(*changes_.bulkAdded, *stats_, touched_, copy, textCollector,
                      [&](TermId g, TermId s, const PredicateProfile& gained) {
                        addStreamedSubject(*view, probe, g, s, gained);
                      });
      foldIntoBlocks(*store_.db_, h[kCfIndexFirst], tee, empty_, *sinks[kCfIndexFirst]);
      tee.flush();
      tee.flushSubject();
      copy.finish();
      added = copy.rows();
    }
    changes_.bulkAdded.reset();
    // The text index (tokenizing every new literal) is built on a thread of its own while the
    // other orders are sorted: it reads only the store before this commit, the new terms and
    // its own runs, and writes only its own SST file.
    std::exception_ptr textFailure;
    std::thread textThread([&] {
      try {
        textCollector.finish();
        textWriter.finish(*sinks[kCfText]);
      } catch (...) {
        textFailure = std::current_exception();
      }
    });
    struct JoinText {
      std::thread& thread;
      ~JoinText() {
        if (thread.joinable()) thread.join();
      }
    } joinText{textThread};
    // The other orders, on two threads.
    std::vector<int> orders = {static_cast<int>(IndexOrder::kGPSO), static_cast<int>(IndexOrder::kGOSP),
                               static_cast<int>(IndexOrder::kGPOS), static_cast<int>(IndexOrder::kGSOP),
                               static_cast<int>(IndexOrder::kGOPS)};
    // Two sorts at a time, beside the text index's eighth of the budget.
    size_t budget = std::max<size_t>(size_t{16} << 20, (changes_.memoryBudget - changes_.memoryBudget / 8) / 2);
    std::map<std::pair<TermId, TermId>, uint64_t> newSubjects, newObjects;
    auto sortOrder = [&](int o) {
      auto order = static_cast<IndexOrder>(o);
      RowSorter sorter((runs / names[kCfIndexFirst + o]).string(), budget, added);
      {
        RowFileReader in(copyPath);
        for (const IndexRow* r = in.peek(); r; in.pop(), r = in.peek()) {
          sorter.add(toRow(order, fromRow(IndexOrder::kGSPO, *r)));
        }
      }
      std::unique_ptr<SortedRows> rows = sorter.sorted();
      if (order == IndexOrder::kGPSO || order == IndexOrder::kGPOS) {
        DistinctCounter counter(*rows, order, order == IndexOrder::kGPSO ? kS : kO, *view, *this);
        foldIntoBlocks(*store_.db_, h[kCfIndexFirst + o], counter, empty_, *sinks[kCfIndexFirst + o]);
        counter.finishGroup();
        (order == IndexOrder::kGPSO ? newSubjects : newObjects) = counter.counts();
      } else {
        foldIntoBlocks(*store_.db_, h[kCfIndexFirst + o], *rows, empty_, *sinks[kCfIndexFirst + o]);
      }
    };
    std::exception_ptr failure;
    std::thread worker([&] {
      try {
        for (size_t k = 0; k < orders.size(); k += 2) sortOrder(orders[k]);
      } catch (...) {
        failure = std::current_exception();
      }
    });
    try {
      for (size_t k = 1; k < orders.size(); k += 2) sortOrder(orders[k]);
    } catch (...) {
      worker.join();
      throw;
    }
    worker.join();
    if (failure) std::rethrow_exception(failure);
    for (const auto& [gp, n] : newSubjects) {
      stats_->graphPredicates[gp].distinctSubjects += n;
      stats_->predicates[gp.second].distinctSubjects += n;
    }
    for (const auto& [gp, n] : newObjects) {
      stats_->graphPredicates[gp].distinctObjects += n;
      stats_->predicates[gp.second].distinctObjects += n;
    }
    stats_->terms = changes_.nextSequence - 1;
    if (sets_) {
      for (TermId g : setGraphs_) sets_->capGraph(g);
      stats_->characteristicSets = sets_;
    }
    // Dictionary entries still in memory: id2term in id order, term2id in key order.
    {
      std::vector<const std::pair<TermId, std::string>*> terms;
      terms.reserve(changes_.newTerms.size());
      for (const auto& e : changes_.newTerms) terms.push_back(&e);
      std::sort(terms.begin(), terms.end(), [](auto* a, auto* b) { return a->first < b->first; });
      for (auto* e : terms) sinks[kCfId2Term]->put(idKey(e->first), e->second);
      std::sort(terms.begin(), terms.end(), [](auto* a, auto* b) { return a->second < b->second; });
      for (auto* e : terms) sinks[kCfTerm2Id]->put(e->second, idKey(e->first));
    }
    writeStatistics([&](const std::string& k, const std::string& v) { sinks[kCfStats]->put(k, v); },
                    [&](const std::string& k) { sinks[kCfStats]->del(k); });
    if (writeSetsMarker_) sinks[kCfMeta]->put(kMetaFormat, kFormatVersion);  // "format" < "next_load"
    sinks[kCfMeta]->put(kMetaNextLoad, encodeU64(changes_.nextLoadNumber));
    sinks[kCfMeta]->put(kMetaNextSequence, encodeU64(changes_.nextSequence));
    for (const auto& [name, iri] : changes_.prefixes) sinks[kCfMeta]->put(kMetaPrefix + name, iri);
    textThread.join();
    if (textFailure) std::rethrow_exception(textFailure);
    std::vector<rocksdb::IngestExternalFileArg> args;
    for (auto& sink : sinks) sink->finish(args);
    std::lock_guard<std::mutex> lock(store_.publishMutex_);
    check(store_.db_->IngestExternalFiles(args), "cannot ingest loaded data");
    publish(store_.delta_);
    return {added, 0};
  }

  // ------------------------------------------------------------------ writing
  void writeWithBatch(bool fold) {
    rocksdb::WriteBatch batch;
    auto& h = store_.handles_;
    for (const auto& [id, key] : changes_.newTerms) {
      batch.Put(h[kCfId2Term], idKey(id), key);
      batch.Put(h[kCfTerm2Id], key, idKey(id));
    }
    std::shared_ptr<const Delta> oldDelta;
    {
      std::lock_guard<std::mutex> lock(store_.publishMutex_);
      oldDelta = store_.delta_;
    }
    BatchSink deltaSink(batch, h[kCfDelta]);
    std::shared_ptr<const Delta> delta;
    if (fold) {
      std::vector<std::unique_ptr<BatchSink>> sinks;
      for (int o = 0; o < kIndexCount; ++o) sinks.push_back(std::make_unique<BatchSink>(batch, h[kCfIndexFirst + o]));
      foldOrders([&](int o) -> WriteSink& { return *sinks[o]; });
      clearDeltaEntries(*oldDelta, deltaSink);
      delta = std::make_shared<Delta>();
    } else {
      writeDeltaEntries(deltaSink);
      delta = newDelta(*oldDelta);
    }
    writeStatistics([&](const std::string& k, const std::string& v) { batch.Put(h[kCfStats], k, v); },
                    [&](const std::string& k) { batch.Delete(h[kCfStats], k); });
    BatchSink textSink(batch, h[kCfText]);
    textWriter_->finish(textSink);
    if (writeSetsMarker_) batch.Put(h[kCfMeta], kMetaFormat, kFormatVersion);
    batch.Put(h[kCfMeta], kMetaNextSequence, encodeU64(changes_.nextSequence));
    batch.Put(h[kCfMeta], kMetaNextLoad, encodeU64(changes_.nextLoadNumber));
    for (const auto& [name, iri] : changes_.prefixes) batch.Put(h[kCfMeta], kMetaPrefix + name, iri);
    rocksdb::WriteOptions wo;
    wo.sync = true;
    std::lock_guard<std::mutex> lock(store_.publishMutex_);
    check(store_.db_->Write(wo, &batch), "write failed");
    publish(std::move(delta));
  }

  void writeWithSst(bool fold) {
    fs::path staging = fs::path(store_.stagingDir()) / "sst";
    std::error_code ec;
    fs::remove_all(staging, ec);
    fs::create_directories(staging, ec);
    if (ec) throw Error(ErrorCode::kStorage, "cannot create " + staging.string() + ": " + ec.message());
    struct Cleanup {
      fs::path dir;
      ~Cleanup() {
        std::error_code e;
        fs::remove_all(dir, e);
      }
    } cleanup{staging};
    auto& h = store_.handles_;
    auto names = columnFamilyNames();
    std::vector<std::unique_ptr<SstSink>> sinks;
    for (int cf = 0; cf < kCfCount; ++cf) {
      sinks.push_back(std::make_unique<SstSink>(h[cf], (staging / (names[cf] + ".sst")).string()));
    }
    // Dictionary: id2term in id order, term2id in key order.
    {
      std::vector<const std::pair<TermId, std::string>*> terms;
      terms.reserve(changes_.newTerms.size());
      for (const auto& e : changes_.newTerms) terms.push_back(&e);
      std::sort(terms.begin(), terms.end(), [](auto* a, auto* b) { return a->first < b->first; });
      for (auto* e : terms) sinks[kCfId2Term]->put(idKey(e->first), e->second);
      std::sort(terms.begin(), terms.end(), [](auto* a, auto* b) { return a->second < b->second; });
      for (auto* e : terms) sinks[kCfTerm2Id]->put(e->second, idKey(e->first));
    }
    std::shared_ptr<const Delta> oldDelta;
    {
      std::lock_guard<std::mutex> lock(store_.publishMutex_);
      oldDelta = store_.delta_;
    }
    std::shared_ptr<const Delta> delta;
    if (fold) {
      foldOrders([&](int o) -> WriteSink& { return *sinks[kCfIndexFirst + o]; });
      clearDeltaEntries(*oldDelta, *sinks[kCfDelta]);
      delta = std::make_shared<Delta>();
    } else {
      writeDeltaEntries(*sinks[kCfDelta]);
      delta = newDelta(*oldDelta);
    }
    writeStatistics([&](const std::string& k, const std::string& v) { sinks[kCfStats]->put(k, v); },
                    [&](const std::string& k) { sinks[kCfStats]->del(k); });
    textWriter_->finish(*sinks[kCfText]);
    // "format" < "next_load" < "next_sequence"
    if (writeSetsMarker_) sinks[kCfMeta]->put(kMetaFormat, kFormatVersion);
    sinks[kCfMeta]->put(kMetaNextLoad, encodeU64(changes_.nextLoadNumber));
    sinks[kCfMeta]->put(kMetaNextSequence, encodeU64(changes_.nextSequence));
    for (const auto& [name, iri] : changes_.prefixes) sinks[kCfMeta]->put(kMetaPrefix + name, iri);
    std::vector<rocksdb::IngestExternalFileArg> args;
    for (auto& sink : sinks) sink->finish(args);
    // One atomic ingestion across all column families.
    std::lock_guard<std::mutex> lock(store_.publishMutex_);
    check(store_.db_->IngestExternalFiles(args), "cannot ingest loaded data");
    publish(std::move(delta));
  }

  // Under publishMutex_, right after the write: readers from now on see the new state.
  void publish(std::shared_ptr<const Delta> delta) {
    store_.stats_ = stats_;
    store_.delta_ = std::move(delta);
  }

  Store& store_;
  ChangeSet& changes_;
  std::unique_ptr<text::TextIndexWriter> textWriter_;
  std::shared_ptr<Statistics> stats_;
  std::set<std::pair<TermId, TermId>> touched_;  // (g, p) whose statistics changed
  std::shared_ptr<CharacteristicSets> sets_;     // null: the store keeps none
  bool writeSetsMarker_ = false;                 // the store starts keeping them
  std::set<TermId> setGraphs_;                   // graphs whose sets changed
  // GSPO rows: new delta entries, and old entries that cancel out.
  std::vector<IndexRow> insert_, delete_, undelete_, uninsert_;
  std::vector<IndexRow> netInserted_, netDeleted_;  // the delta after this commit
  std::vector<IndexRow> noRows_;
  VectorRows empty_{noRows_};
};

ApplyResult Store::apply(ChangeSet&& changes) {
  if (options_.readOnly) throw Error(ErrorCode::kUsage, "the store is open read-only");
  if (changes.nextSequence < nextSequence_) changes.nextSequence = nextSequence_;
  if (changes.nextLoadNumber < nextLoadNumber_) changes.nextLoadNumber = nextLoadNumber_;
  StoreWriter writer(*this, changes);
  ApplyResult result = writer.run();
  nextSequence_ = changes.nextSequence;
  nextLoadNumber_ = changes.nextLoadNumber;
  return result;
}

}  // namespace kg::storage
