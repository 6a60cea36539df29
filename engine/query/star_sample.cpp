#include "query/star_sample.h"

#include "storage/sets_version_cache.h"

namespace kg::query {

using storage::IndexOrder;
using storage::kAny;
using storage::QuadIds;

namespace {

// What a sample depends on besides the data: the anchor, each member's predicate and
// constant object, and the sample size.
using SampleKey = std::vector<TermId>;

SampleKey keyOf(const std::vector<ScanOp::StarMember>& members, size_t anchor, size_t size) {
  SampleKey key = {anchor, size};
  for (const auto& m : members) {
    key.push_back(m.predicate);
    key.push_back(m.object);
  }
  return key;
}

storage::SetsVersionCache<SampleKey, storage::StarSample>& sampleCache() {
  static storage::SetsVersionCache<SampleKey, storage::StarSample> cache;
  return cache;
}

// Matches counted from the data; the members' selectivities (a variable object the caller
// binds) apply afterwards.
storage::StarSample drawSample(const storage::QuadReader& reader, TermId graph,
                               const std::vector<ScanOp::StarMember>& members, size_t anchor, size_t size);

}  // namespace

storage::StarSample sampleStar(const storage::QuadReader& reader, TermId graph,
                               const std::vector<ScanOp::StarMember>& members, size_t anchor, size_t size) {
  // Cached by the version of the graph's sets, which every change of the graph's data renews.
  std::shared_ptr<const storage::StarSample> cached;
  std::shared_ptr<const storage::GraphCharacteristicSets> version;
  if (const auto& sets = reader.statistics().characteristicSets) {
    auto it = sets->graphs().find(graph);
    if (it != sets->graphs().end()) version = it->second;
  }
  SampleKey key = keyOf(members, anchor, size);
  if (version) cached = sampleCache().find(version, key);
  if (!cached) {
    cached = std::make_shared<const storage::StarSample>(drawSample(reader, graph, members, anchor, size));
    if (version) sampleCache().put(version, key, cached);
  }
  storage::StarSample sample = *cached;
  for (auto& matches : sample.matches) {
    for (size_t t = 0; t < members.size(); ++t) {
      if (members[t].object == kAny) matches[t] *= members[t].selectivity;
    }
  }
  return sample;
}

namespace {


storage::StarSample drawSample(const storage::QuadReader& reader, TermId graph,
                               const std::vector<ScanOp::StarMember>& members, size_t anchor, size_t size) {
  // Bounds: the subjects read from the anchor's range, and the quads read per subject.
  constexpr size_t kScannedSubjects = 1024;
  constexpr size_t kQuadsPerSubject = 2048;
  const ScanOp::StarMember& a = members[anchor];
  storage::StarSample sample;
  sample.anchor = anchor;
  std::vector<TermId> subjects;
  {
    auto stream = reader.open(QuadIds{{kAny, a.predicate, a.object, graph}}, IndexOrder::kGPOS);
    QuadIds q;
    bool more = true;
    while (subjects.size() < kScannedSubjects && (more = stream->next(&q))) subjects.push_back(q.s());
    // All read: the population is exact; else the anchor's estimated rows.
    sample.population = more && subjects.size() == kScannedSubjects ? std::max(a.rows, static_cast<double>(subjects.size()))
                                                                    : static_cast<double>(subjects.size());
  }
  if (subjects.empty() || size == 0) return sample;
  size_t picks = std::min(size, subjects.size());
  std::unique_ptr<storage::QuadStream> stream;
  for (size_t i = 0; i < picks; ++i) {
    TermId s = subjects[i * subjects.size() / picks];
    QuadIds pattern{{s, kAny, kAny, graph}};
    if (!stream || !stream->restart(pattern)) stream = reader.openRestartable(pattern, IndexOrder::kGSPO);
    std::vector<double> matches(members.size(), 0);
    QuadIds q;
    for (size_t n = 0; n < kQuadsPerSubject && stream->next(&q); ++n) {
      for (size_t t = 0; t < members.size(); ++t) {
        if (q.p() == members[t].predicate && (members[t].object == kAny || q.o() == members[t].object)) matches[t] += 1;
      }
    }
    sample.matches.push_back(std::move(matches));
  }
  return sample;
}

}  // namespace

}  // namespace kg::query
