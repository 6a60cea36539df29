// Database::extractCorpus: a corpus in batches, extracted on several threads, each batch
// committed atomically with its documents' content hashes (so a run can resume), and the
// store's alias table (Database::aliases / addAliases).
#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>

#include "api/database_state.h"
#include "api/entity_merge.h"
#include "api/entity_resolution.h"
#include "api/extract_store.h"
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

// Extracts docs[i] for every i on `jobs` threads; results keep the corpus order.
std::vector<ExtractedDocument> extractAll(const std::vector<CorpusDocument>& docs,
                                          const ExtractOptions& base, unsigned jobs,
                                          std::vector<std::string>* errors) {
  std::vector<ExtractedDocument> out(docs.size());
  errors->assign(docs.size(), "");
  std::atomic<size_t> nextDoc{0};
  auto work = [&]() {
    for (size_t i = nextDoc++; i < docs.size(); i = nextDoc++) {
      try {
        out[i] = extractDocument(docs[i], base);
      } catch (const std::exception& e) {
        (*errors)[i] = e.what();
      }
    }
  };
  unsigned n = std::max(1u, std::min<unsigned>(jobs, static_cast<unsigned>(docs.size())));
  std::vector<std::thread> threads;
  for (unsigned t = 1; t < n; ++t) threads.emplace_back(work);
  work();
  for (auto& t : threads) t.join();
  return out;
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
  bool more = true;
  while (more) {
    // 1. Read a batch; failures are reported and counted, the corpus goes on.
    std::vector<CorpusDocument> batch;
    while (batch.size() < batchSize) {
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
      batch.push_back(std::move(doc));
    }
    if (batch.empty()) continue;
    // 2. Skip what the store already has with the same content; a changed document's old
    //    facts go first (its own commit: a crash then leaves it absent, and a rerun adds it).
    std::vector<CorpusDocument> todo;
    std::vector<std::string> changed;
    {
      storage::Transaction tx(*state_->store);
      for (auto& doc : batch) {
        std::string h = contentHash(doc);
        std::string stored = storedHash(tx, doc.iri);
        if (stored == h) {
          ++summary.skipped;
          ++progress.documents;
          continue;
        }
        if (!stored.empty() || documentKnown(tx, doc.iri)) changed.push_back(doc.iri);
        todo.push_back(std::move(doc));
      }
      tx.rollback();
    }
    for (const auto& iri : changed) removeDocument(iri);
    // 3. Extract on the threads, then store the batch in corpus order, atomically.
    std::vector<std::string> errors;
    auto results = extractAll(todo, base, jobs, &errors);
    storage::Transaction tx(*state_->store);
    for (size_t i = 0; i < results.size(); ++i) {
      ++progress.documents;
      if (!errors[i].empty()) {
        ++summary.failed;
        if (options.failure) options.failure(CorpusFailure{todo[i].origin, errors[i]});
        continue;
      }
      entities::insertResolved(tx, results[i].quads);
      summary.documents++;
      summary.sentences += results[i].sentences;
      summary.facts += results[i].facts;
      progress.sentences += results[i].sentences;
      for (const auto& w : results[i].warnings) summary.warnings.push_back(todo[i].origin + ": " + w);
      if (options.extracted) options.extracted(results[i]);
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
