// kg_extract_bench: evaluates kg_extract without the CLI.
//
//   kg_extract_bench score GOLD.tsv SYSTEM.tab      CaRB score of a system file (our scorer)
//   kg_extract_bench fixtures                       reproduce the published CaRB figures
//   kg_extract_bench carb dev|test [--out FILE]     run kg_extract on CaRB, score it
//   kg_extract_bench benchie                        BenchIE (300 sentences)
//   kg_extract_bench gold [--log] [--facts]         sample article vs. seed-gold.tsv (graph)
//   kg_extract_bench samples [--log] [DIR...]       seed + samples/news articles vs. gold
//                                                   (or every NAME.txt + NAME.gold.tsv in DIR)
//   kg_extract_bench memory [N]                     RSS across N (10000) sentences
//   kg_extract_bench show FILE|-                    print sentences, facts and entities
//   kg_extract_bench quads FILE|-                   print the N-Quads of a document
//   kg_extract_bench all                            dev, test, BenchIE, gold, speed
// Data comes from $KG_SHARED_DIR or the compiled-in KG_SHARED_DIR.
#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "benchie_scorer.h"
#include "carb_scorer.h"
#include "extract/extractor.h"
#include "gold_scorer.h"
#include "graph_facts.h"

using namespace kg::extract;
using namespace kg::extract::eval;

namespace {

std::string sharedDir() {
  const char* env = std::getenv("KG_SHARED_DIR");
  if (env && *env) return env;
#ifdef KG_SHARED_DIR
  return KG_SHARED_DIR;
#else
  return "../shared";
#endif
}

std::string extractionDir() { return sharedDir() + "/eval/extraction"; }

std::string mustRead(const std::string& path) {
  std::string s;
  if (!readFile(path, s)) {
    std::fprintf(stderr, "kg_extract_bench: cannot read %s\n", path.c_str());
    std::exit(3);
  }
  return s;
}

std::vector<std::string> lines(const std::string& t) {
  std::vector<std::string> out;
  std::istringstream in(t);
  std::string l;
  while (std::getline(in, l)) {
    if (!l.empty() && l.back() == '\r') l.pop_back();
    out.push_back(l);
  }
  return out;
}

long rssKb() {
  std::ifstream in("/proc/self/status");
  std::string l;
  while (std::getline(in, l))
    if (l.rfind("VmRSS:", 0) == 0) return std::atol(l.c_str() + 6);
  return -1;
}

double cpuNow() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

struct RunStats {
  size_t sentences = 0;
  double seconds = 0, maxSeconds = 0;
  double cpu = 0, maxCpu = 0;
  std::string maxSentence;
  size_t parsed = 0, tuples = 0;
};

// Parser settings from the environment, for experiments (KG_O_STRICT_LIMIT, KG_O_LIMIT,
// KG_O_COST, KG_O_CHEAP, KG_O_CHEAPMAX, KG_O_MAXTOK, KG_O_NULLS, KG_O_SHORT, KG_O_SSHORT; see Options).
void applyEnvironment(Options& o) {
  if (const char* v = std::getenv("KG_PREFER_REDUCED")) o.preferReduced = std::atoi(v) != 0;
  if (const char* v = std::getenv("KG_O_STRICT_LIMIT")) o.strictLinkageLimit = std::atoi(v);
  if (const char* v = std::getenv("KG_O_LIMIT")) o.linkageLimit = std::atoi(v);
  if (const char* v = std::getenv("KG_O_COST")) o.disjunctCost = std::atof(v);
  if (const char* v = std::getenv("KG_O_CHEAP")) o.cheapDisjunctCost = std::atof(v);
  if (const char* v = std::getenv("KG_O_CHEAPMAX")) o.cheapMaxTokens = std::strtoul(v, nullptr, 10);
  if (const char* v = std::getenv("KG_O_MAXTOK")) o.maxParseTokens = std::atoi(v);
  if (const char* v = std::getenv("KG_O_NULLS")) o.maxNullCount = std::atoi(v);
  if (const char* v = std::getenv("KG_O_SHORT")) o.shortLength = std::atoi(v);
  if (const char* v = std::getenv("KG_O_SSHORT")) o.strictShortLength = std::atoi(v);
}

Options benchOptions() {
  Options o;
  o.sentencePerLine = true;
  applyEnvironment(o);
  return o;
}

// Runs the extractor over one-sentence lines; returns CaRB tab text.
std::string runCarb(Extractor& ex, const std::vector<std::string>& sents, RunStats& st) {
  std::string out;
  for (const auto& s : sents) {
    if (s.empty()) continue;
    auto t0 = std::chrono::steady_clock::now();
    double c0 = cpuNow();
    ExtractionResult r = ex.extract(s, "urn:carb");
    double dc = cpuNow() - c0;
    double dt = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    st.cpu += dc;
    st.maxCpu = std::max(st.maxCpu, dc);
    st.seconds += dt;
    if (dt > st.maxSeconds) {
      st.maxSeconds = dt;
      st.maxSentence = s;
    }
    ++st.sentences;
    for (const auto& x : r.sentences) st.parsed += x.parsed ? 1 : 0;
    std::vector<std::string> keys(r.sentences.size(), s);
    std::string c = toCarb(r, &keys);
    st.tuples += static_cast<size_t>(std::count(c.begin(), c.end(), '\n'));
    out += c;
  }
  return out;
}

void printCarb(const char* name, const CarbScore& s) {
  std::printf("%-22s AUC %.4f  P %.4f  R %.4f  F1 %.4f  (gold sentences %zu, tuples %zu; system tuples %zu)\n",
              name, s.auc, s.precision, s.recall, s.f1, s.goldSentences, s.goldTuples,
              s.systemTuples);
}

void printRun(const RunStats& st) {
  std::printf("  speed (one thread): CPU %.2f s = %.1f sentences/s, max %.3f s CPU per sentence; "
              "wall %.2f s = %.1f sentences/s, max %.3f s wall; parsed %zu of %zu; tuples %zu\n",
              st.cpu, st.cpu > 0 ? st.sentences / st.cpu : 0.0, st.maxCpu, st.seconds,
              st.seconds > 0 ? st.sentences / st.seconds : 0.0, st.maxSeconds, st.parsed,
              st.sentences, st.tuples);
}

int cmdFixtures() {
  std::string dir = extractionDir() + "/carb/";
  std::string gold = mustRead(dir + "gold/test.tsv");
  for (const char* sys : {"openie4", "openie5", "clausie"}) {
    std::string s = mustRead(dir + "system_outputs_tab/" + sys + ".test.tab");
    printCarb(sys, scoreCarb(gold, s));
  }
  return 0;
}

int cmdCarb(const std::string& split, const std::string& outPath, bool quiet = false) {
  std::string dir = extractionDir() + "/carb/";
  auto sents = lines(mustRead(dir + split + ".txt"));
  std::string gold = mustRead(dir + "gold/" + split + ".tsv");
  Extractor ex(benchOptions());
  RunStats st;
  std::string sys = runCarb(ex, sents, st);
  if (!outPath.empty()) std::ofstream(outPath, std::ios::binary) << sys;
  CarbScore sc = scoreCarb(gold, sys);
  printCarb(("CaRB " + split).c_str(), sc);
  if (!quiet || true) printRun(st);
  if (st.maxSeconds > 1.0) std::printf("  slowest: %s\n", st.maxSentence.c_str());
  return 0;
}

std::string joinArgs(const Fact& f) {
  std::string o = f.object.text;
  // the entity the object phrase was resolved to ("it", "the council") is part of the reading
  if (!f.object.entityIri.empty() && f.object.resolved != f.object.text)
    o += " " + f.object.resolved;
  for (const auto& x : f.extras) {
    if (!o.empty()) o += " ";
    o += x.text;
  }
  return o;
}

int cmdBenchie() {
  std::string dir = extractionDir() + "/benchie/";
  BenchieGold g = parseBenchie(mustRead(dir + "benchie_gold_annotations_en.txt"));
  Extractor ex(benchOptions());
  std::vector<std::pair<int, Triple>> sys;
  for (const auto& [sid, sent] : g.sentences) {
    ExtractionResult r = ex.extract(sent, "urn:benchie");
    for (const auto& f : r.facts) {
      // BenchIE takes no confidence: the open IE tail ranked below the pattern fallback
      // (possessives, joined prepositions, misread subjects) is left out
      if (!f.carb || f.confidence < 0.15) continue;
      sys.push_back({sid, {f.subject.text, f.relation, f.object.text}});
    }
  }
  BenchieScore s = scoreBenchie(g, sys);
  std::printf("%-22s P %.3f  R %.3f  F1 %.3f  (clusters %zu, TP %zu, FP %zu)\n", "BenchIE",
              s.precision, s.recall, s.f1, s.clusters, s.tp, s.fp);
  return 0;
}

// One article scored against its gold facts on what goes into the graph (graph_facts.h).
// graphOnly=false scores the extractor's graph-bound facts instead (surface subject too, extra
// arguments joined to the object), the figure reported before 2026-12-03.
GoldScore scoreArticle(const std::string& articlePath, const std::string& goldPath,
                       const std::string& aliasPath, bool graphOnly = true) {
  std::string article = mustRead(articlePath);
  auto gold = parseGold(mustRead(goldPath));
  auto aliases = parseAliases(std::filesystem::exists(aliasPath) ? mustRead(aliasPath) : std::string());
  Options go;
  applyEnvironment(go);
  if (const char* v = std::getenv("KG_MIN_GRAPH_CONF")) go.minGraphConfidence = std::atof(v);
  Extractor ex(go);  // the article as one document: sentences split by the extractor
  ExtractionResult r = ex.extract(article, "urn:doc:" + articlePath);
  if (graphOnly) return scoreGold(gold, aliases, graphFacts(toQuads(r), article));
  std::vector<size_t> starts{0};  // line starts (1-based line numbers)
  for (size_t i = 0; i < article.size(); ++i)
    if (article[i] == '\n') starts.push_back(i + 1);
  std::vector<SystemFact> sys;
  for (const auto& f : r.facts) {
    if (!f.graph) continue;
    SystemFact s;
    s.subjects = {f.subject.resolved, f.subject.text};
    s.relation = f.relation;
    s.object = joinArgs(f);
    size_t at = r.sentences[f.sentence].span.begin;
    s.line = static_cast<int>(std::upper_bound(starts.begin(), starts.end(), at) - starts.begin());
    sys.push_back(std::move(s));
  }
  return scoreGold(gold, aliases, sys);
}

void printGold(const std::string& name, const GoldScore& s, bool log) {
  std::printf("%-22s P %.3f  R %.3f  F1 %.3f  (matched %zu of %zu gold; %zu system facts)\n",
              name.c_str(), s.precision, s.recall, s.f1, s.matched, s.gold, s.system);
  for (const auto& [k, v] : s.byKind)
    std::printf("  %-11s %zu / %zu\n", k.c_str(), v.first, v.second);
  if (log)
    for (const auto& l : s.log) std::printf("  %s\n", l.c_str());
}

int cmdGold(bool log, bool graphOnly) {
  std::string dir = extractionDir() + "/seed/";
  printGold("sample article gold", scoreArticle(dir + "article.txt", dir + "seed-gold.tsv",
                                                dir + "seed-aliases.tsv", graphOnly),
            log);
  return 0;
}

// Articles found in DIR: every NAME.txt that has a NAME.gold.tsv beside it (NAME.aliases.tsv
// optional), in name order. Lets anyone score their own held-out articles the same way.
std::vector<std::array<std::string, 4>> articlesIn(const std::string& dir) {
  std::vector<std::array<std::string, 4>> docs;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    if (e.path().extension() != ".txt") continue;
    std::string stem = (e.path().parent_path() / e.path().stem()).string();
    if (!std::filesystem::exists(stem + ".gold.tsv")) continue;
    docs.push_back({e.path().stem().string(), e.path().string(), stem + ".gold.tsv",
                    stem + ".aliases.tsv"});
  }
  if (ec) std::fprintf(stderr, "kg_extract_bench: cannot read %s: %s\n", dir.c_str(), ec.message().c_str());
  std::sort(docs.begin(), docs.end());
  return docs;
}

// The seed article and our own articles in samples/news (NAME.txt, NAME.gold.tsv,
// NAME.aliases.tsv), each scored on the graph, and the micro average over all of them.
// With directories given, their articles instead.
int cmdSamples(bool log, const std::vector<std::string>& dirs) {
  std::vector<std::array<std::string, 4>> docs;
  if (dirs.empty()) {
    std::string seed = extractionDir() + "/seed/";
    docs.push_back({"seed article", seed + "article.txt", seed + "seed-gold.tsv", seed + "seed-aliases.tsv"});
    std::string news = std::string(KG_SOURCE_DIR) + "/samples/news/";
    for (const char* n : {"trade-deal", "plastic-pledge", "copper-strike"})
      docs.push_back({n, news + n + ".txt", news + n + ".gold.tsv", news + n + ".aliases.tsv"});
  }
  for (const auto& d : dirs) {
    auto found = articlesIn(d);
    if (found.empty()) std::fprintf(stderr, "kg_extract_bench: no NAME.txt with NAME.gold.tsv in %s\n", d.c_str());
    docs.insert(docs.end(), found.begin(), found.end());
  }
  if (docs.empty()) return 1;
  size_t matched = 0, gold = 0, system = 0;
  for (const auto& d : docs) {
    GoldScore s = scoreArticle(d[1], d[2], d[3]);
    printGold(d[0], s, log);
    matched += s.matched;
    gold += s.gold;
    system += s.system;
  }
  double p = system ? static_cast<double>(matched) / system : 0;
  double r = gold ? static_cast<double>(matched) / gold : 0;
  std::printf("%-22s P %.3f  R %.3f  F1 %.3f  (matched %zu of %zu gold; %zu system facts)\n",
              "micro, all articles", p, r, p + r > 0 ? 2 * p * r / (p + r) : 0.0, matched, gold,
              system);
  return 0;
}

int cmdMemory(size_t n) {
  std::string dir = extractionDir() + "/carb/";
  auto a = lines(mustRead(dir + "dev.txt"));
  auto b = lines(mustRead(dir + "test.txt"));
  a.insert(a.end(), b.begin(), b.end());
  Extractor ex(benchOptions());
  long first = 0;
  auto t0 = std::chrono::steady_clock::now();
  for (size_t i = 0; i < n; ++i) {
    const std::string& s = a[i % a.size()];
    ExtractionResult r = ex.extract(s, "urn:mem");
    (void)toQuads(r);
    if (i + 1 == 1000) first = rssKb();
    if ((i + 1) % 2000 == 0 || i + 1 == n)
      std::printf("  after %zu sentences: RSS %ld kB\n", i + 1, rssKb());
  }
  double dt = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  long last = rssKb();
  std::printf("memory: RSS %ld kB after 1000, %ld kB after %zu sentences (growth %ld kB); %.1f sentences/s\n",
              first, last, n, last - first, n / dt);
  return 0;
}

int cmdShow(const std::string& path, bool quads) {
  std::string text;
  if (path == "-") {
    std::ostringstream ss;
    ss << std::cin.rdbuf();
    text = ss.str();
  } else {
    text = mustRead(path);
  }
  Options o;  // a document: sentences split by the extractor
  applyEnvironment(o);
  Extractor ex(o);
  ExtractionResult r = ex.extract(text, "urn:doc:" + path);
  if (quads) {
    for (const auto& q : toQuads(r)) std::printf("%s\n", q.toNQuads().c_str());
    return 0;
  }
  for (const auto& w : r.warnings) std::printf("warning: %s\n", w.c_str());
  for (const auto& s : r.sentences) {
    std::printf("[%zu] (%zu-%zu) %s%s %.3fs\n  %s\n", s.index, s.span.begin, s.span.end,
                s.parsed ? "parsed" : "fallback",
                s.nullCount > 0 ? (" nulls=" + std::to_string(s.nullCount)).c_str() : "",
                s.seconds, s.text.c_str());
    for (const auto& f : r.facts) {
      if (f.sentence != s.index) continue;
      std::printf("    %.2f %-10s %s%s| %s | %s", f.confidence, std::string(factKindName(f.kind)).c_str(),
                  f.subject.text.c_str(),
                  f.subject.resolved != f.subject.text ? (" {" + f.subject.resolved + "} ").c_str() : " ",
                  f.relation.c_str(), f.object.text.c_str());
      for (const auto& x : f.extras) std::printf(" | %s", x.text.c_str());
      std::printf("%s%s\n", f.carb ? "" : "  [graph only]", f.graph ? "" : "  [carb only]");
    }
  }
  std::printf("entities:\n");
  for (const auto& e : r.entities) {
    std::printf("  %s  %s  [%s]", e.iri.c_str(), e.label.c_str(),
                std::string(entityTypeName(e.type)).c_str());
    for (const auto& a : e.aliases) std::printf(" | %s", a.c_str());
    std::printf("\n");
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr,
                 "usage: kg_extract_bench score GOLD SYSTEM | fixtures | carb dev|test [--out F] | "
                 "benchie | gold [--log] [--facts] | samples [--log] [DIR...] | memory [N] | show FILE | quads FILE | all\n");
    return 2;
  }
  std::string cmd = argv[1];
  if (cmd == "score" && argc >= 4) {
    printCarb(argv[3], scoreCarb(mustRead(argv[2]), mustRead(argv[3])));
    return 0;
  }
  if (cmd == "fixtures") return cmdFixtures();
  if (cmd == "carb" && argc >= 3) {
    std::string out;
    for (int i = 3; i + 1 < argc; ++i)
      if (std::strcmp(argv[i], "--out") == 0) out = argv[i + 1];
    return cmdCarb(argv[2], out);
  }
  if (cmd == "benchie") return cmdBenchie();
  if (cmd == "gold" || cmd == "samples") {
    bool log = false, facts = false;
    std::vector<std::string> dirs;
    for (int i = 2; i < argc; ++i) {
      if (std::strcmp(argv[i], "--log") == 0) log = true;
      else if (std::strcmp(argv[i], "--facts") == 0) facts = true;
      else dirs.push_back(argv[i]);
    }
    return cmd == "gold" ? cmdGold(log, !facts) : cmdSamples(log, dirs);
  }
  if (cmd == "memory") return cmdMemory(argc >= 3 ? std::strtoul(argv[2], nullptr, 10) : 10000);
  if ((cmd == "show" || cmd == "quads") && argc >= 3) return cmdShow(argv[2], cmd == "quads");
  if (cmd == "all") {
    cmdCarb("dev", "");
    cmdCarb("test", "");
    cmdBenchie();
    cmdSamples(false, {});
    return 0;
  }
  std::fprintf(stderr, "kg_extract_bench: unknown command %s\n", cmd.c_str());
  return 2;
}
