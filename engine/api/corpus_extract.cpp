// Database::extractCorpus: a corpus in batches, extracted on worker threads while finished
// batches are stored, each batch committed atomically with its documents' content hashes (so a
// run can resume), and the store's alias table (Database::aliases / addAliases).
#include <algorithm>
#include <chrono>
#include <deque>
#include <memory>
#include <thread>

#include "api/database_state.h"
#include "api/entity_merge.h"
#include "api/entity_resolution.h"
#include "api/extract_store.h"
#include "api/ordered_workers.h"
#include "extract/extractor.h"
#include "kg/database.h"
#include "kg/error.h"
#include "kg/extract.h"
#include "storage/transaction.h"

namespace kg {

namespace {

std::string kgIri(std::string_view local) { return std::string(vocab::kKg) + std::string(local); }

const std::string& aliasGraph() { return entities::aliasGraphIri(); }

std::vector<storage::QuadIds> collect(const storage::QuadReader& tx, const storage::QuadIds& pattern) {
  std::vector<storage::QuadIds> out;
  auto stream = tx.open(pattern, storage::chooseIndex(pattern).order);
  storage::QuadIds q;
  while (stream->next(&q)) out.push_back(q);
  return out;
}

// The content hash stored for a document, or empty.
std::string storedHash(const storage::Transaction& tx, const std::string& iri) {
  auto doc = tx.lookup(Term::iri(iri));
  auto p = tx.lookup(Term::iri(kgIri("contentHash")));
  if (!doc || !p) return {};
  for (const auto& q : collect(tx, storage::QuadIds{{*doc, *p, storage::kAny, storage::kAny}}))
    return tx.decode(q.o()).value;
  return {};
}

bool documentKnown(const storage::Transaction& tx, const std::string& iri) {
  auto doc = tx.lookup(Term::iri(iri));
  if (!doc) return false;
  if (!collect(tx, storage::QuadIds{{*doc, storage::kAny, storage::kAny, storage::kAny}}).empty())
    return true;
  auto p = tx.lookup(Term::iri(kgIri("document")));
  return p && !collect(tx, storage::QuadIds{{storage::kAny, *p, *doc, storage::kAny}}).empty();
}

}  // namespace

ExtractedDocument extractDocument(const CorpusDocument& doc, const ExtractOptions& options) {
  ExtractOptions o = options;
  o.documentIri = doc.iri;
  o.documentDate = doc.date;
  o.documentTitle = doc.title;
  o.documentUrl = doc.url;
  ExtractedDocument out = extractText(doc.text, o);
  // The document node, beside its facts: a kg:Document with the content hash that lets a
  // later run skip it.
  Term d = Term::iri(doc.iri);
  Term g = Term::iri(options.graph);
  out.quads.push_back(Quad{d, Term::iri(std::string(vocab::kRdf) + "type"), Term::iri(kgIri("Document")), g});
  out.quads.push_back(Quad{d, Term::iri(kgIri("contentHash")), Term::literal(contentHash(doc)), g});
  return out;
}

ExtractSummary Database::extractCorpus(CorpusReader& corpus, const CorpusOptions& options) {
  detail::refuseNestedWrite(state_->store.get());
  auto start = std::chrono::steady_clock::now();
  unsigned jobs = options.jobs ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
  size_t batchSize = std::max<size_t>(1, options.batchDocuments);
  ExtractOptions base = options.extract;
  if (base.aliases.empty()) base.aliases = aliases();
  ExtractSummary summary;
  CorpusProgress progress;
  progress.total = corpus.countDocuments();

  // Documents read and not yet stored, in corpus order. Extraction runs on `jobs` worker
  // threads while this thread reads ahead and stores finished batches, so storing a batch
  // overlaps with extracting the next and no worker waits at a batch boundary.
  struct Pending {
    std::shared_ptr<const CorpusDocument> doc;
    std::string hash;
    bool stored = false;  // the store has it with the same content: nothing to extract
  };
  struct Extracted {
    ExtractedDocument doc;
    std::string error;
  };
  std::deque<Pending> pending;
  OrderedWorkers<Extracted> workers(jobs);
  const size_t readAheadLimit = 2 * batchSize + 2 * jobs;
  bool more = true;

  // 1. Reads documents until enough wait ahead of the batch being stored. Failures are
  //    reported and counted, the corpus goes on; a document the store already has with the
  //    same content hash is not extracted.
  auto readAhead = [&]() {
    if (!more || pending.size() >= readAheadLimit) return;
    storage::Transaction tx(*state_->store);
    while (more && pending.size() < readAheadLimit) {
      CorpusDocument doc;
      CorpusFailure failure;
      if (!corpus.next(&doc, &failure)) {
        more = false;
        break;
      }
      if (!failure.message.empty()) {
        ++summary.failed;
        ++progress.documents;
        if (options.failure) options.failure(failure);
        continue;
      }
      Pending p;
      p.hash = contentHash(doc);
      p.stored = storedHash(tx, doc.iri) == p.hash;
      p.doc = std::make_shared<const CorpusDocument>(std::move(doc));
      if (!p.stored) {
        workers.submit([&base, d = p.doc]() {
          Extracted x;
          try {
            x.doc = extractDocument(*d, base);
          } catch (const std::exception& e) {
            x.error = e.what();
          } catch (...) {
            x.error = "extraction failed";
          }
          return x;
        });
      }
      pending.push_back(std::move(p));
    }
    tx.rollback();
  };

  for (;;) {
    readAhead();
    if (pending.empty()) break;
    size_t n = std::min(batchSize, pending.size());
    std::vector<Pending> batch;
    std::vector<Extracted> results(n);
    for (size_t i = 0; i < n; ++i) {
      batch.push_back(std::move(pending.front()));
      pending.pop_front();
      if (!batch.back().stored) results[i] = workers.take();
    }
    // 2. Checked again at store time: an earlier batch of this run may hold the same document
    //    (skipped) or another version of it; a changed document's old facts go first (its own
    //    commit: a crash then leaves it absent, and a rerun adds it).
    std::vector<std::string> changed;
    {
      storage::Transaction tx(*state_->store);
      for (auto& p : batch) {
        if (p.stored) continue;
        std::string stored = storedHash(tx, p.doc->iri);
        if (stored == p.hash) p.stored = true;
        else if (!stored.empty() || documentKnown(tx, p.doc->iri)) changed.push_back(p.doc->iri);
      }
      tx.rollback();
    }
    for (const auto& iri : changed) removeDocument(iri);
    // 3. The batch in corpus order, atomically.
    storage::Transaction tx(*state_->store);
    for (size_t i = 0; i < n; ++i) {
      ++progress.documents;
      if (batch[i].stored) {
        ++summary.skipped;
        continue;
      }
      if (!results[i].error.empty()) {
        ++summary.failed;
        if (options.failure) options.failure(CorpusFailure{batch[i].doc->origin, results[i].error});
        continue;
      }
      const ExtractedDocument& doc = results[i].doc;
      entities::insertResolved(tx, doc.quads);
      summary.documents++;
      summary.sentences += doc.sentences;
      summary.facts += doc.facts;
      progress.sentences += doc.sentences;
      for (const auto& w : doc.warnings) summary.warnings.push_back(batch[i].doc->origin + ": " + w);
      if (options.extracted) options.extracted(doc);
    }
    // One entity whatever each document calls it: the batch's names resolved against the
    // whole store, in the same commit.
    summary.merged += entities::resolveAcrossDocuments(tx, base.aliases);
    summary.added += tx.commit().added;
    progress.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (options.progress) options.progress(progress);
  }
  return summary;
}

std::vector<std::pair<std::string, std::string>> Database::aliases() const {
  std::vector<std::pair<std::string, std::string>> out;
  auto view = state_->store->readView();
  const storage::QuadReader& tx = *view;
  auto g = tx.lookup(Term::iri(aliasGraph()));
  auto aliasP = tx.lookup(Term::iri(kgIri("alias")));
  auto labelP = tx.lookup(Term::iri(std::string(vocab::kRdfs) + "label"));
  if (g && aliasP && labelP) {
    for (const auto& q : collect(tx, storage::QuadIds{{storage::kAny, *aliasP, storage::kAny, *g}})) {
      for (const auto& l : collect(tx, storage::QuadIds{{q.s(), *labelP, storage::kAny, *g}}))
        out.push_back({tx.decode(l.o()).value, tx.decode(q.o()).value});
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

uint64_t Database::addAliases(const std::vector<std::pair<std::string, std::string>>& pairs) {
  auto table = aliases();
  table.insert(table.end(), pairs.begin(), pairs.end());
  detail::refuseNestedWrite(state_->store.get());
  storage::Transaction tx(*state_->store);
  const Term g = Term::iri(aliasGraph());
  const Term aliasP = Term::iri(kgIri("alias"));
  const Term labelP = Term::iri(std::string(vocab::kRdfs) + "label");
  std::vector<Quad> quads;
  for (const auto& [label, alias] : pairs) {
    Term e = Term::iri(kgIri("e.") + extract::slug(label));
    quads.push_back({e, labelP, Term::literal(label), g});
    quads.push_back({e, aliasP, Term::literal(alias), g});
  }
  insertQuads(tx, quads);
  // Entities already extracted under an alias go onto the entity it names.
  entities::resolveAcrossDocuments(tx, table);
  return tx.commit().added;
}

}  // namespace kg
