// Text extraction through the public API: kg::extractText / extractFile, and the Database
// calls that store extracted facts (Database::extract) and remove a document's facts.
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <sstream>

#include "api/database_state.h"
#include "api/entity_merge.h"
#include "api/entity_resolution.h"
#include "api/extract_store.h"
#include "extract/names.h"
#include "extract/extractor.h"
#include "kg/database.h"
#include "kg/error.h"
#include "kg/extract.h"
#include "storage/transaction.h"

namespace kg {

std::string fileIri(const std::string& path) {
  std::error_code ec;
  auto absolute = std::filesystem::absolute(path, ec);
  std::string p = ec ? path : absolute.lexically_normal().string();
  std::string out = "file://";
  for (unsigned char c : p) {
    if (c <= 0x20 || c == '%' || c == '#' || c == '?' || c >= 0x7f || c == '<' || c == '>' || c == '"') {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

ExtractedDocument extractText(std::string_view text, const ExtractOptions& options) {
  if (options.documentIri.empty()) {
    throw Error(ErrorCode::kUsage, "extractText needs a document IRI");
  }
  // One extractor per thread: it is thread-compatible and loading options is cheap. It is
  // made again when the options it was made with change.
  thread_local std::unique_ptr<extract::Extractor> extractor;
  thread_local bool perLine = false;
  thread_local std::vector<std::pair<std::string, std::string>> aliases;
  if (!extractor || perLine != options.sentencePerLine || aliases != options.aliases) {
    extract::Options extractorOptions;
    extractorOptions.sentencePerLine = options.sentencePerLine;
    if (!options.aliases.empty()) {
      auto table = std::make_shared<extract::AliasTable>();
      for (const auto& [label, alias] : options.aliases) table->add(label, alias);
      extractorOptions.aliases = table;
    }
    extractor = std::make_unique<extract::Extractor>(extractorOptions);
    perLine = options.sentencePerLine;
    aliases = options.aliases;
  }
  extract::ExtractionResult result = extractor->extract(text, options.documentIri);
  result.documentDate = options.documentDate;
  result.documentTitle = options.documentTitle;
  result.documentUrl = options.documentUrl;
  ExtractedDocument doc;
  doc.documentIri = options.documentIri;
  extract::QuadOptions quadOptions;
  if (!options.graph.empty()) quadOptions.graph = Term::iri(options.graph);
  doc.quads = extract::toQuads(result, quadOptions);
  doc.carb = extract::toCarb(result);
  doc.sentences = result.sentences.size();
  doc.facts = result.facts.size();
  doc.warnings = result.warnings;
  for (const auto& sentence : result.sentences) doc.sentenceTexts.push_back(sentence.text);
  for (const auto& f : result.facts) {
    ExtractedFact shown;
    shown.sentence = f.sentence;
    shown.subject = f.subject.text;
    if (!f.subject.entityIri.empty() && f.subject.resolved != f.subject.text)
      shown.subject += " {" + f.subject.resolved + "}";
    shown.relation = f.relation;
    shown.object = f.object.text;
    if (!f.object.entityIri.empty() && f.object.resolved != f.object.text)
      shown.object += " {" + f.object.resolved + "}";
    for (const auto& x : f.extras) shown.object += (shown.object.empty() ? "" : " | ") + x.text;
    shown.kind = std::string(extract::factKindName(f.kind));
    shown.confidence = f.confidence;
    shown.inGraph = f.graph && !f.subject.entityIri.empty() && !f.object.text.empty();
    doc.factList.push_back(std::move(shown));
  }
  return doc;
}

ExtractedDocument extractFile(const std::string& path, const ExtractOptions& options) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorCode::kIo, path + ": cannot open");
  std::stringstream ss;
  ss << in.rdbuf();
  if (in.bad()) throw Error(ErrorCode::kIo, path + ": cannot read");
  ExtractOptions o = options;
  if (o.documentIri.empty()) o.documentIri = fileIri(path);
  ExtractedDocument doc = extractText(ss.str(), o);
  if (ss.str().empty()) doc.warnings.insert(doc.warnings.begin(), path + " is empty");
  return doc;
}

namespace {

// Whether the pattern has at least one quad (1) or none (0).
int collectFirst(storage::Transaction& tx, const storage::QuadIds& pattern) {
  auto stream = tx.open(pattern, storage::chooseIndex(pattern).order);
  storage::QuadIds q;
  return stream->next(&q) ? 1 : 0;
}

}  // namespace

void insertQuads(storage::Transaction& tx, const std::vector<Quad>& quads) {
  for (const auto& q : quads) {
    storage::QuadIds ids;
    ids.v[storage::kS] = tx.intern(q.subject);
    ids.v[storage::kP] = tx.intern(q.predicate);
    ids.v[storage::kO] = tx.intern(q.object);
    ids.v[storage::kG] = q.inDefaultGraph() ? storage::kDefaultGraph : tx.intern(q.graph);
    tx.insertBulk(ids);
  }
}

ExtractSummary Database::extract(const std::vector<std::string>& paths, const ExtractOptions& options) {
  detail::refuseNestedWrite(state_->store.get());
  // Extract everything first: a file that cannot be read fails the whole call before any write.
  std::vector<ExtractedDocument> docs;
  for (const auto& path : paths) docs.push_back(extractFile(path, options));
  auto table = options.aliases.empty() ? aliases() : options.aliases;
  storage::Transaction tx(*state_->store);
  ExtractSummary summary;
  for (const auto& doc : docs) {
    entities::insertResolved(tx, doc.quads);
    summary.documents++;
    summary.sentences += doc.sentences;
    summary.facts += doc.facts;
    for (const auto& w : doc.warnings) summary.warnings.push_back(doc.documentIri + ": " + w);
  }
  summary.merged = entities::resolveAcrossDocuments(tx, table);
  summary.added = tx.commit().added;
  return summary;
}

ExtractSummary Database::extractText(std::string_view text, const ExtractOptions& options) {
  detail::refuseNestedWrite(state_->store.get());
  ExtractedDocument doc = kg::extractText(text, options);
  auto table = options.aliases.empty() ? aliases() : options.aliases;
  storage::Transaction tx(*state_->store);
  entities::insertResolved(tx, doc.quads);
  ExtractSummary summary;
  summary.merged = entities::resolveAcrossDocuments(tx, table);
  summary.documents = 1;
  summary.sentences = doc.sentences;
  summary.facts = doc.facts;
  summary.warnings = doc.warnings;
  summary.added = tx.commit().added;
  return summary;
}

uint64_t Database::removeDocument(const std::string& documentIri) {
  detail::refuseNestedWrite(state_->store.get());
  // The document's sources and evidence go; then every statement that lost its last source.
  const std::string kg(vocab::kKg);
  storage::Transaction tx(*state_->store);
  auto docId = tx.lookup(Term::iri(documentIri));
  auto documentP = tx.lookup(Term::iri(kg + "document"));
  auto sourceP = tx.lookup(Term::iri(kg + "source"));
  auto evidenceP = tx.lookup(Term::iri(kg + "evidence"));
  bool known = docId && ((documentP && collectFirst(tx, storage::QuadIds{{storage::kAny, *documentP, *docId, storage::kAny}})) ||
                         collectFirst(tx, storage::QuadIds{{*docId, storage::kAny, storage::kAny, storage::kAny}}));
  if (!known)
    throw Error(ErrorCode::kInvalidInput, "no document <" + documentIri + "> in the store");
  using storage::kAny;
  using storage::QuadIds;
  auto collect = [&](const QuadIds& pattern) {
    std::vector<QuadIds> out;
    auto stream = tx.open(pattern, storage::chooseIndex(pattern).order);
    QuadIds q;
    while (stream->next(&q)) out.push_back(q);
    return out;
  };
  uint64_t removed = 0;
  // 1. Nodes (sources, evidence) that belong to the document, with all their statements.
  std::set<storage::TermId> nodes;
  if (documentP)
    for (const auto& q : collect(QuadIds{{kAny, *documentP, *docId, kAny}})) nodes.insert(q.s());
  for (storage::TermId node : nodes) {
    for (const auto& q : collect(QuadIds{{node, kAny, kAny, kAny}})) {
      tx.erase(q);
      ++removed;
    }
  }
  // 2. Links from statements to those nodes; remember the statements they were about.
  std::set<storage::TermId> statements;
  for (storage::TermId node : nodes) {
    for (auto p : {sourceP, evidenceP}) {
      if (!p) continue;
      for (const auto& q : collect(QuadIds{{kAny, *p, node, kAny}})) {
        tx.erase(q);
        ++removed;
        statements.insert(q.s());
      }
    }
  }
  // The document node itself: its date, title, URL and content hash.
  for (const auto& q : collect(QuadIds{{*docId, kAny, kAny, kAny}})) {
    tx.erase(q);
    ++removed;
  }
  // 3. A statement with no source left is no longer supported: remove it from the graph.
  for (storage::TermId st : statements) {
    if (sourceP && !collect(QuadIds{{st, *sourceP, kAny, kAny}}).empty()) continue;
    Term quoted = tx.decode(st);
    if (!quoted.isTriple()) continue;
    auto s = tx.lookup(quoted.triple->subject);
    auto p = tx.lookup(quoted.triple->predicate);
    auto o = tx.lookup(quoted.triple->object);
    if (!s || !p || !o) continue;
    for (const auto& q : collect(QuadIds{{*s, *p, *o, kAny}})) {
      tx.erase(q);
      ++removed;
    }
    // Remaining statements about the fact (e.g. evidence links) go with it.
    for (const auto& q : collect(QuadIds{{st, kAny, kAny, kAny}})) {
      tx.erase(q);
      ++removed;
    }
  }
  // Merges follow what is left (entity_merge.h).
  entities::maintainAfterRemoval(tx);
  tx.commit();
  return removed;
}

}  // namespace kg
