#include "query/join_sample.h"

#include <algorithm>

#include "storage/sets_version_cache.h"

namespace kg::query {

using storage::kAny;
using storage::QuadIds;

namespace {

constexpr size_t kRowsRead = 2048;     // rows of the first side read to draw values from
constexpr size_t kPicks = 192;         // values (or paths' first rows) probed
constexpr size_t kPathsPerRow = 16;    // paths followed from one first row of a cycle sample
constexpr size_t kCountedRows = 1024;  // rows counted per probe before estimating from the index
constexpr size_t kSpreadRuns = 16;     // runs a large pattern's rows are read in (firstRows)

// A pattern's constants (kAny elsewhere) and the positions of its variables.
struct Side {
  QuadIds constants;
  std::vector<std::pair<int, int>> vars;  // (variable, position), each variable once
  int positionOf(int var) const {
    for (const auto& [v, pos] : vars) {
      if (v == var) return pos;
    }
    return -1;
  }
};

std::optional<Side> sideOf(const ScanOp& scan) {
  Side side;
  for (int pos = 0; pos < 4; ++pos) {
    const Slot& s = scan.slot(pos);
    side.constants.v[pos] = kAny;
    if (s.kind == Slot::Kind::kConst) {
      side.constants.v[pos] = s.id;
    } else if (s.kind == Slot::Kind::kVar) {
      // A repeated variable filters rows the constants do not show.
      if (side.positionOf(s.var) >= 0) return std::nullopt;
      side.vars.push_back({s.var, pos});
    } else {
      return std::nullopt;
    }
  }
  if (side.constants.v[storage::kG] == kAny) return std::nullopt;
  return side;
}

// Matching rows of a pattern, counted while few, else estimated from the index.
double countMatches(const storage::QuadReader& reader, const QuadIds& pattern,
                    std::unique_ptr<storage::QuadStream>& stream) {
  auto order = storage::chooseIndex(pattern).order;
  if (!stream || !stream->restart(pattern)) stream = reader.openRestartable(pattern, order);
  QuadIds q;
  size_t n = 0;
  while (n < kCountedRows && stream->next(&q)) ++n;
  if (n < kCountedRows) return static_cast<double>(n);
  stream.reset();  // the next pattern may need another index order
  return reader.countRange(pattern, 32).rows;
}

// Up to kRowsRead rows of a pattern, read sorted on `sortVar` when it can be (so that the
// values of the other variables spread over their range, not only the lowest ones). `all`:
// the pattern has no more.
//
// A pattern with more rows is read in kSpreadRuns runs spread over the ids of the order's first
// free column: the first rows alone are the first terms loaded (one file's, one source's), and
// other parts of the data may join quite differently (ten renamed copies of LUBM: the first
// copy's universities hold a tenth of the degrees the others' do).
std::vector<QuadIds> firstRows(const ScanOp& scan, const Side& side, int sortVar, bool* all) {
  auto order = storage::chooseIndex(side.constants).order;
  if (sortVar >= 0) {
    if (auto sorted = scan.orderSortedOn(sortVar)) order = *sorted;
  }
  std::vector<QuadIds> rows;
  *all = true;
  auto stream = scan.reader().open(side.constants, order);
  QuadIds q;
  while (stream->next(&q)) {
    if (rows.size() == kRowsRead) {
      *all = false;
      break;
    }
    rows.push_back(q);
  }
  const auto& layout = storage::layoutOf(order);
  int prefix = storage::boundPrefix(order, side.constants);
  if (*all || prefix >= 4) return rows;
  int keyPos = layout.positions[prefix];
  TermId first = rows.front().v[keyPos];
  uint64_t lastSequence = scan.reader().statistics().terms;
  if (storage::isInline(first) || storage::payloadOf(first) >= lastSequence) return rows;
  // Runs from evenly spaced ids of the first term's kind; the stream only moves forward, so
  // runs never repeat a row (a target behind the last row read continues from it).
  std::vector<QuadIds> spread(rows.begin(), rows.begin() + kRowsRead / kSpreadRuns);
  uint64_t from = storage::payloadOf(first);
  for (size_t run = 1; run < kSpreadRuns; ++run) {
    uint64_t sequence = from + (lastSequence - from) * run / kSpreadRuns;
    storage::IndexRow target{};
    for (int i = 0; i < prefix; ++i) target[i] = side.constants.v[layout.positions[i]];
    target[prefix] = storage::makeId(storage::tagOf(first), sequence);
    stream->skipTo(target);
    size_t read = 0;
    while (read < kRowsRead / kSpreadRuns && stream->next(&q)) {
      spread.push_back(q);
      ++read;
    }
    if (read == 0) break;  // past the pattern's last row
  }
  return spread;
}

// Sampled results by the version of the graph's sets (every change of the graph renews it).
using Key = std::vector<TermId>;

storage::SetsVersionCache<Key, JoinSample>& cache() {
  static storage::SetsVersionCache<Key, JoinSample> instance;
  return instance;
}

// The cache version of a side's graph, or null when the store keeps no sets.
std::shared_ptr<const storage::GraphCharacteristicSets> versionOf(const ScanOp& scan, TermId graph, bool* known) {
  *known = false;
  const auto& sets = scan.reader().statistics().characteristicSets;
  if (!sets) return nullptr;
  *known = true;
  auto it = sets->graphs().find(graph);
  return it == sets->graphs().end() ? nullptr : it->second;
}

void appendKey(Key& key, const Side& side) {
  key.insert(key.end(), side.constants.v.begin(), side.constants.v.end());
  for (const auto& [var, pos] : side.vars) key.push_back(static_cast<TermId>(pos));
  key.push_back(~0ULL);
}

// Also says how many of the probed values found a partner (`hits`).
JoinSample drawJoinSize(const ScanOp& read, const Side& r, int var, const Side& p, size_t* hits) {
  *hits = 0;
  int other = -1;
  for (const auto& [v, pos] : r.vars) {
    if (v != var) other = v;
  }
  bool all = false;
  std::vector<QuadIds> rows = firstRows(read, r, other, &all);
  JoinSample out;
  if (rows.empty()) return out;
  double population = all ? static_cast<double>(rows.size()) : std::max(read.estimateWith({}), double(rows.size()));
  size_t picks = std::min(kPicks, rows.size());
  std::vector<TermId> picked;
  int rPos = r.positionOf(var), pPos = p.positionOf(var);
  for (size_t i = 0; i < picks; ++i) picked.push_back(rows[i * rows.size() / picks].v[rPos]);
  std::sort(picked.begin(), picked.end());  // probes in key order move forward through the index
  std::unique_ptr<storage::QuadStream> stream;
  double sum = 0;
  for (TermId x : picked) {
    QuadIds pattern = p.constants;
    pattern.v[pPos] = x;
    double matches = countMatches(read.reader(), pattern, stream);
    sum += matches;
    *hits += matches > 0;
  }
  if (sum == 0 && !(all && picks == rows.size())) {
    sum = 0.5;
    out.noneFound = true;
  }
  out.size = population * sum / static_cast<double>(picks);
  return out;
}

}  // namespace

std::optional<JoinSample> sampleJoinSize(const ScanOp& a, const ScanOp& b, int var) {
  if (a.empty() || b.empty()) return JoinSample{};
  auto sa = sideOf(a), sb = sideOf(b);
  if (!sa || !sb || sa->positionOf(var) < 0 || sb->positionOf(var) < 0 ||
      sa->constants.v[storage::kG] != sb->constants.v[storage::kG]) {
    return std::nullopt;
  }
  bool known = false;
  auto version = versionOf(a, sa->constants.v[storage::kG], &known);
  if (!known) return std::nullopt;
  if (!version) return JoinSample{};  // a graph without subjects
  // Drawn from both sides; the one whose values found more partners is the surer (a side whose
  // values mostly have none, like all universities against the few that have departments,
  // says little).
  Key key = {1, static_cast<TermId>(sa->positionOf(var)), static_cast<TermId>(sb->positionOf(var))};
  appendKey(key, *sa);
  appendKey(key, *sb);
  if (auto cached = cache().find(version, key)) return *cached;
  size_t hitsA = 0, hitsB = 0;
  JoinSample fromA = drawJoinSize(a, *sa, var, *sb, &hitsA);
  JoinSample fromB = drawJoinSize(b, *sb, var, *sa, &hitsB);
  JoinSample sample = hitsA > hitsB || (hitsA == hitsB && a.estimateWith({}) <= b.estimateWith({})) ? fromA : fromB;
  cache().put(version, key, std::make_shared<const JoinSample>(sample));
  return sample;
}

std::optional<JoinSample> sampleAnchoredMatches(const ScanOp& anchor, const ScanOp* via, const ScanOp& probe, int var,
                                                int from) {
  auto sa = sideOf(anchor), sp = sideOf(probe);
  std::optional<Side> sv;
  if (!sa || !sp || sp->positionOf(var) < 0) return std::nullopt;
  if (from < 0 && (sa->vars.size() != 1 || sa->vars[0].second != storage::kS)) return std::nullopt;
  if (from >= 0 && (!via || sa->positionOf(from) < 0)) return std::nullopt;
  int subject = from >= 0 ? from : sa->vars[0].first;
  int subjectPos = sa->positionOf(subject);
  TermId graph = sa->constants.v[storage::kG];
  if (sp->constants.v[storage::kG] != graph) return std::nullopt;
  if (via) {
    sv = sideOf(*via);
    if (!sv || sv->vars.size() != 2 || sv->positionOf(subject) < 0 || sv->positionOf(var) < 0 ||
        sv->constants.v[storage::kG] != graph) {
      return std::nullopt;
    }
  } else if (var != subject) {
    return std::nullopt;
  }
  if (anchor.empty() || probe.empty() || (via && via->empty())) return std::nullopt;
  bool known = false;
  auto version = versionOf(anchor, graph, &known);
  if (!version) return std::nullopt;
  Key key = {3, static_cast<TermId>(sp->positionOf(var)), static_cast<TermId>(subjectPos)};
  appendKey(key, *sa);
  if (sv) {
    appendKey(key, *sv);
    key.push_back(static_cast<TermId>(sv->positionOf(var)));
  }
  appendKey(key, *sp);
  auto cached = cache().find(version, key);
  if (!cached) {
    JoinSample out;
    bool all = false;
    // Read sorted on another variable when there is one, so that the values of `subject` spread.
    int other = -1;
    for (const auto& [v, pos] : sa->vars) {
      if (v != subject) other = v;
    }
    std::vector<QuadIds> rows = firstRows(anchor, *sa, other, &all);
    size_t picks = std::min(kPicks, rows.size());
    const storage::QuadReader& reader = probe.reader();
    std::unique_ptr<storage::QuadStream> viaStream, probeStream;
    double seen = 0, matches = 0;
    for (size_t i = 0; i < picks; ++i) {
      TermId x = rows[i * rows.size() / picks].v[subjectPos];
      std::vector<TermId> values;
      if (sv) {
        QuadIds pattern = sv->constants;
        pattern.v[sv->positionOf(subject)] = x;
        auto order = storage::chooseIndex(pattern).order;
        if (!viaStream || !viaStream->restart(pattern)) viaStream = reader.openRestartable(pattern, order);
        QuadIds q;
        while (values.size() < kRowsRead && viaStream->next(&q)) values.push_back(q.v[sv->positionOf(var)]);
      } else {
        values.push_back(x);
      }
      // Up to kPathsPerRow of them, spread over all (the first ones of a subject, in id order,
      // are often alike), each standing for its share.
      size_t taken = std::min(kPathsPerRow, values.size());
      double weight = taken ? static_cast<double>(values.size()) / static_cast<double>(taken) : 0;
      for (size_t k = 0; k < taken; ++k) {
        QuadIds pattern = sp->constants;
        pattern.v[sp->positionOf(var)] = values[k * values.size() / taken];
        seen += weight;
        matches += weight * countMatches(reader, pattern, probeStream);
      }
    }
    if (seen > 0 && matches == 0) {
      matches = 0.5;
      out.noneFound = true;
    }
    out.size = seen > 0 ? matches / seen : -1;  // matches per left row; -1: no value found
    cached = std::make_shared<const JoinSample>(out);
    cache().put(version, key, cached);
  }
  if (cached->size < 0) return std::nullopt;
  return *cached;
}

std::optional<JoinSample> sampleCycleClosing(const ScanOp& closing, const ScanOp& first, const ScanOp& second,
                                             int u, int w, int v) {
  auto sc = sideOf(closing), s1 = sideOf(first), s2 = sideOf(second);
  auto exactly = [](const std::optional<Side>& side, int x, int y) {
    return side && side->vars.size() == 2 && side->positionOf(x) >= 0 && side->positionOf(y) >= 0;
  };
  if (!exactly(sc, u, v) || !exactly(s1, u, w) || !exactly(s2, w, v)) return std::nullopt;
  TermId graph = sc->constants.v[storage::kG];
  if (s1->constants.v[storage::kG] != graph || s2->constants.v[storage::kG] != graph) return std::nullopt;
  if (closing.empty() || first.empty() || second.empty()) return std::nullopt;
  bool known = false;
  auto version = versionOf(closing, graph, &known);
  if (!version) return std::nullopt;
  Key key = {2};
  appendKey(key, *sc);
  appendKey(key, *s1);
  appendKey(key, *s2);
  for (const Side* side : {&*sc, &*s1, &*s2}) {
    for (int x : {u, w, v}) key.push_back(static_cast<TermId>(side->positionOf(x) + 1));
  }
  auto cached = cache().find(version, key);
  if (!cached) {
    JoinSample out;
    bool all = false;
    // Rows of the first pattern, read sorted on u, so that their w values spread.
    std::vector<QuadIds> rows = firstRows(first, *s1, u, &all);
    size_t picks = std::min(kPicks, rows.size());
    double paths = 0, matches = 0;
    std::unique_ptr<storage::QuadStream> secondStream, closingStream;
    const storage::QuadReader& reader = closing.reader();
    for (size_t i = 0; i < picks; ++i) {
      const QuadIds& row = rows[i * rows.size() / picks];
      TermId uValue = row.v[s1->positionOf(u)], wValue = row.v[s1->positionOf(w)];
      QuadIds pattern = s2->constants;
      pattern.v[s2->positionOf(w)] = wValue;
      auto order = storage::chooseIndex(pattern).order;
      if (!secondStream || !secondStream->restart(pattern)) secondStream = reader.openRestartable(pattern, order);
      std::vector<TermId> vValues;
      QuadIds q;
      while (vValues.size() < kRowsRead && secondStream->next(&q)) vValues.push_back(q.v[s2->positionOf(v)]);
      size_t taken = std::min(kPathsPerRow, vValues.size());
      double weight = taken ? static_cast<double>(vValues.size()) / static_cast<double>(taken) : 0;
      for (size_t k = 0; k < taken; ++k) {
        QuadIds probe = sc->constants;
        probe.v[sc->positionOf(u)] = uValue;
        probe.v[sc->positionOf(v)] = vValues[k * vValues.size() / taken];
        paths += weight;
        matches += weight * countMatches(reader, probe, closingStream);
      }
    }
    if (paths > 0 && matches == 0) {
      matches = 0.5;
      out.noneFound = true;
    }
    out.size = paths > 0 ? matches / paths : -1;  // matches per path; -1: no path found
    cached = std::make_shared<const JoinSample>(out);
    cache().put(version, key, cached);
  }
  if (cached->size < 0) return std::nullopt;
  return *cached;
}

}  // namespace kg::query
