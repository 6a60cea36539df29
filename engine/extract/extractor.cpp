#include "extract/extractor.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "core/utf8.h"
#include "extract/dateline.h"
#include "extract/entities.h"
#include "extract/readings.h"
#include "extract/facts.h"
#include "extract/parser.h"
#include "extract/text.h"

namespace kg::extract {

std::string_view entityTypeName(EntityType t) {
  switch (t) {
    case EntityType::kPerson: return "Person";
    case EntityType::kCountry: return "Country";
    case EntityType::kOrganization: return "Organization";
    case EntityType::kPlace: return "Place";
    default: return "Thing";
  }
}

std::string_view factKindName(FactKind k) {
  switch (k) {
    case FactKind::kRole: return "role";
    case FactKind::kStatement: return "statement";
    case FactKind::kAttribute: return "attribute";
    case FactKind::kMembership: return "membership";
    default: return "action";
  }
}

namespace {

std::string sanitizeUtf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  const char* end = s.data() + s.size();
  for (const char* p = s.data(); p < end;) {
    uint32_t cp;
    size_t len = decodeUtf8(p, end, &cp);
    if (len == 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD for each invalid byte
      ++p;
      continue;
    }
    if (len == 1 && cp < 0x20 && cp != '\t' && cp != '\n') {
      out.push_back(' ');
    } else {
      out.append(p, len);
    }
    p += len;
  }
  return out;
}

}  // namespace

struct Extractor::Impl {
  Options strict;
  std::unique_ptr<LgParser> first;   // full-quality parse, no null words
  std::unique_ptr<LgParser> second;  // relaxed: short links, null words allowed
  std::unique_ptr<LgParser> wide;    // strict with many more linkages ranked (suspicious parses)
};

namespace {

double threadCpu() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// Token ranges removed for a second strict attempt: a fronted opener ("In a letter to ...,",
// "To counter critics,") and parenthetical segments between commas (appositions, participle
// and relative clauses), which are read by the pattern extractors instead.
std::vector<int> reducedUnit(const std::vector<text::Token>& toks, const std::vector<int>& unit) {
  std::vector<int> commas;
  for (size_t i = 0; i < unit.size(); ++i)
    if (toks[unit[i]].text == "," || toks[unit[i]].text == "--") commas.push_back(static_cast<int>(i));
  if (commas.empty()) return {};
  std::vector<char> drop(unit.size(), 0);
  auto lowerAt = [&](size_t i) { return text::lower(toks[unit[i]].text); };
  auto parenthetical = [&](size_t b, size_t e) {  // unit positions [b, e)
    if (e <= b) return false;
    std::string f = lowerAt(b);
    bool cap = true;
    for (size_t k = b; k < e; ++k)
      if (!text::isUpperInitial(toks[unit[k]].text)) cap = false;
    if (cap && e - b <= 3) return false;  // list item ("France")
    if (f == "and" || f == "or" || f == "but") return false;
    bool part = f.size() > 4 && (f.compare(f.size() - 3, 3, "ing") == 0 ||
                                 f.compare(f.size() - 2, 2, "ed") == 0);
    return f == "the" || f == "a" || f == "an" || f == "who" || f == "which" ||
           f == "whose" || f == "where" || f == "on" || f == "in" || f == "as" || part ||
           e - b >= 3;
  };
  bool any = false;
  // opener
  size_t c0 = static_cast<size_t>(commas[0]);
  std::string f0 = lowerAt(0);
  if (c0 >= 2 && c0 <= 16 &&
      (f0 == "in" || f0 == "to" || f0 == "on" || f0 == "at" || f0 == "after" || f0 == "before" ||
       f0 == "during" || f0 == "despite" || f0 == "with" || f0 == "for" || f0 == "as" ||
       f0 == "since" || f0 == "although" || f0 == "while" || f0 == "when" || f0 == "under")) {
    for (size_t k = 0; k <= c0; ++k) drop[k] = 1;
    any = true;
  }
  for (size_t i = 0; i + 1 < commas.size(); ++i) {
    size_t b = static_cast<size_t>(commas[i]) + 1, e = static_cast<size_t>(commas[i + 1]);
    if (drop[b]) continue;
    // an apposition right after a dropped opener goes with it ("In a letter to the High
    // Commissioner, Michelle Bachelet, the states told ...")
    bool afterOpener = drop[b - 1] && e - b <= 4;
    if (e - b > 18 || !(parenthetical(b, e) || afterOpener)) continue;
    for (size_t k = b - 1; k < e; ++k) drop[k] = 1;  // leading comma and the segment
    any = true;
  }
  // trailing segment ", making it difficult ..." / ", describing students ..."
  size_t cl = static_cast<size_t>(commas.back());
  if (cl + 2 < unit.size() && !drop[cl]) {
    std::string f = lowerAt(cl + 1);
    bool part = f.size() > 4 && f.compare(f.size() - 3, 3, "ing") == 0;
    if (part || f == "an" || f == "a" || f == "which") {
      size_t end = unit.size();
      if (toks[unit[end - 1]].text == ".") --end;
      for (size_t k = cl; k < end; ++k) drop[k] = 1;
      any = true;
    }
  }
  if (!any) return {};
  std::vector<int> out;
  for (size_t i = 0; i < unit.size(); ++i)
    if (!drop[i]) out.push_back(unit[i]);
  if (out.size() < 3) return {};
  return out;
}

// The name in a place phrase beside the clause ("met Bob in Paris", "at the United Nations
// in New York"): "in"/"at" and a capitalized name ("the" and "of" allowed inside it); empty
// when the phrase is not one.
std::vector<int> placeName(const std::vector<text::Token>& toks, const std::vector<int>& phrase) {
  if (phrase.size() < 2 || phrase.size() > 8) return {};
  std::string prep = text::lower(toks[static_cast<size_t>(phrase[0])].text);
  if (prep != "in" && prep != "at") return {};
  std::vector<int> name;
  for (size_t i = 1; i < phrase.size(); ++i) {
    const std::string& w = toks[static_cast<size_t>(phrase[i])].text;
    std::string l = text::lower(w);
    if (name.empty() && l == "the") continue;
    if (!name.empty() && l == "of") {
      name.push_back(phrase[i]);
      continue;
    }
    if (!text::isUpperInitial(w)) return {};
    name.push_back(phrase[i]);
  }
  if (name.empty() || text::lower(toks[static_cast<size_t>(name.back())].text) == "of") return {};
  return name;
}

}  // namespace

std::vector<std::pair<int, int>> Extractor::quoteSpans(const std::vector<text::Token>& toks) {
  std::vector<std::pair<int, int>> out;
  int open = -1;
  for (int i = 0; i < static_cast<int>(toks.size()); ++i) {
    const std::string& x = toks[i].text;
    bool q = x == "\"" || x == "``" || x == "''";
    if (!q) continue;
    bool opening = x == "``" || (x == "\"" && open < 0);
    if (opening && open < 0) open = i;
    else if (open >= 0) {
      out.push_back({open, i});
      open = -1;
    }
  }
  return out;
}

LgParse Extractor::parseUnit(const std::vector<text::Token>& toks, const std::vector<int>& unit) {
  auto run = [&](LgParser& p, const std::vector<int>& idx) {
    std::vector<text::Token> sub;
    sub.reserve(idx.size());
    for (int k : idx) sub.push_back(toks[k]);
    if (!sub.empty()) sub.front().attach = false;
    LgParse r = p.parse(sub, debug_);
    for (auto& w : r.words)
      if (w.token >= 0 && static_cast<size_t>(w.token) < idx.size()) w.token = idx[w.token];
    return r;
  };
  double c0 = threadCpu();
  if (options_.preferReduced) {
    auto reduced = reducedUnit(toks, unit);
    if (!reduced.empty()) {
      LgParse r2 = run(*impl_->first, reduced);
      if (debug_) std::fprintf(stderr, "reduced strict first: ok=%d\n", r2.ok);
      if (r2.ok) return r2;
    }
  }
  LgParse r = run(*impl_->first, unit);
  if (debug_) std::fprintf(stderr, "strict: ok=%d cost=%.2f\n", r.ok, r.cost);
  // A linkage that reads a sentence with finite verbs as a bare noun phrase (wall link Wa) is
  // usually a poor sample among many linkages: rank more of them.
  if (r.ok && !r.timedOut && impl_->wide && threadCpu() - c0 < 0.25) {
    bool fragment = false, finite = false;
    for (const auto& l : r.links)
      if (l.left == 0 && l.label.rfind("Wa", 0) == 0) fragment = true;
    for (const auto& w : r.words)
      if (w.subscript == "v-d" || w.subscript == "v" || w.subscript == "q-d") finite = true;
    if (fragment && finite) {
      LgParse r3 = run(*impl_->wide, unit);
      bool frag3 = false;
      for (const auto& l : r3.links)
        if (l.left == 0 && l.label.rfind("Wa", 0) == 0) frag3 = true;
      if (debug_) std::fprintf(stderr, "wide: ok=%d fragment=%d\n", r3.ok, frag3);
      if (r3.ok && !frag3) return r3;
    }
  }
  if (r.ok || r.timedOut) return r;
  auto reduced = reducedUnit(toks, unit);
  if (!reduced.empty() && threadCpu() - c0 < 0.5) {
    LgParse r2 = run(*impl_->first, reduced);
    if (debug_) std::fprintf(stderr, "reduced strict: ok=%d\n", r2.ok);
    if (r2.ok) return r2;
  }
  if (threadCpu() - c0 < 0.6) r = run(*impl_->second, unit);
  if (debug_) std::fprintf(stderr, "relaxed: ok=%d\n", r.ok);
  return r;
}

Extractor::Extractor(Options options) : options_(options), impl_(std::make_unique<Impl>()) {
  const char* dbg = std::getenv("KG_EXTRACT_DEBUG");
  debug_ = dbg && *dbg && *dbg != '0';
  if (options_.useParser) {
    impl_->strict = options_;
    impl_->strict.maxNullCount = 0;
    impl_->strict.allShortConnectors = false;
    impl_->strict.shortLength = options_.strictShortLength;
    impl_->strict.linkageLimit = options_.strictLinkageLimit;
    impl_->first = std::make_unique<LgParser>(impl_->strict);
    // The relaxed pass runs only when the strict one found no complete linkage without
    // running out of time, and its links are a subset of the strict pass's (all connectors
    // short, at a shorter length): a complete linkage cannot exist there, so it starts at one
    // null word.
    bool subset = options_.allShortConnectors && options_.shortLength <= options_.strictShortLength;
    impl_->second = std::make_unique<LgParser>(options_, subset ? 1 : 0);
    Options wide = impl_->strict;
    wide.linkageLimit = options_.wideLinkageLimit;
    if (wide.linkageLimit > 0) impl_->wide = std::make_unique<LgParser>(wide);
    if (!impl_->first->available()) {
      impl_->first.reset();
      impl_->second.reset();
    }
  }
}

Extractor::~Extractor() = default;

bool Extractor::parserAvailable() const { return impl_->first != nullptr; }

ExtractionResult Extractor::extract(std::string_view original, std::string_view documentIri) {
  ExtractionResult res;
  res.documentIri = std::string(documentIri);
  if (original.empty()) {
    res.warnings.push_back("empty input: nothing to extract");
    return res;
  }
  text::Normalized nz = text::normalize(original);
  if (text::looksBinary(nz, original.size())) {
    res.warnings.push_back("input looks binary (NUL or control bytes): nothing extracted");
    return res;
  }
  if (nz.invalidBytes > 0)
    res.warnings.push_back("invalid UTF-8: " + std::to_string(nz.invalidBytes) +
                           " byte(s) replaced by U+FFFD");
  const std::string& norm = nz.norm;
  auto spans = text::splitSentences(norm, options_.sentencePerLine, options_.maxSentenceBytes);
  EntityResolver resolver(options_.aliases.get());
  size_t skippedLanguage = 0;
  std::vector<std::vector<text::Token>> sentTokens;
  std::vector<std::vector<FactT>> sentFacts;
  std::vector<std::vector<std::string>> sentSubs;
  std::vector<std::function<bool(const std::string&)>> sentCommon;
  for (size_t si = 0; si < spans.size(); ++si) {
    auto t0 = std::chrono::steady_clock::now();
    Sentence s;
    s.index = si;
    s.span.begin = nz.toOriginal(spans[si].begin);
    s.span.end = nz.toOriginal(spans[si].end);
    s.text = sanitizeUtf8(original.substr(s.span.begin, s.span.end - s.span.begin));
    auto toks = text::tokenize(norm, spans[si].begin, spans[si].end);
    // a dateline opening the story is where it was written, not words of the sentence
    if (si < 3 && !options_.sentencePerLine) {
      Dateline d = findDateline(toks);
      if (d.tokens > 0) {
        toks.erase(toks.begin(), toks.begin() + static_cast<long>(d.tokens));
        if (res.placeIri.empty()) {
          if (const Entity* e = resolver.namedPlace(d.place, d.placeWritten, si)) {
            res.placeIri = e->iri;
            res.dateline = d.surface;
          }
        }
      }
    }
    std::vector<FactT> facts;
    std::vector<std::string> subs(toks.size());
    std::function<bool(const std::string&)> known, common;
    if (impl_->first) {
      known = [this](const std::string& w) { return impl_->first->inDictionary(w); };
      common = [this](const std::string& w) {
        std::string low = text::lower(w);
        return !impl_->first->inDictionary(w) && impl_->first->inDictionary(low);
      };
    } else {
      common = [](const std::string& w) { return text::isFunctionWord(text::lower(w)); };
    }
    if (!toks.empty() && text::looksNonEnglish(toks, known)) {
      ++skippedLanguage;
    } else if (!toks.empty()) {
      LgParse parse;
      // A quotation with an attribution outside it is read on its own.
      std::vector<int> unit;
      auto qs = quoteSpans(toks);
      // attributed: a speech verb next to the quotation ('"...," she said' / 'X said: "..."');
      // a quotation that is a name or a phrase of the sentence ("the nickname `` ... ''") is
      // parsed with it
      auto attributed = [&](std::pair<int, int> q) {
        int n = static_cast<int>(toks.size());
        for (int k = q.second + 1; k < n && k <= q.second + 4; ++k)
          if (isSpeechVerb(text::lower(toks[static_cast<size_t>(k)].text))) return true;
        for (int k = q.first - 1; k >= 0 && k >= q.first - 3; --k)
          if (isSpeechVerb(text::lower(toks[static_cast<size_t>(k)].text))) return true;
        return false;
      };
      if (qs.size() == 1 && qs[0].second - qs[0].first >= 5 &&
          (qs[0].first > 1 || qs[0].second + 2 < static_cast<int>(toks.size())) &&
          attributed(qs[0])) {
        int qe = qs[0].second;
        while (qe - 1 > qs[0].first + 1 && text::isPunct(toks[qe - 1].text)) --qe;
        for (int k = qs[0].first + 1; k < qe; ++k) unit.push_back(k);
      } else {
        for (int k = 0; k < static_cast<int>(toks.size()); ++k) unit.push_back(k);
      }
      if (impl_->first && toks.size() <= options_.maxParseTokens) {
        // A quotation with an attribution outside it is parsed on its own.
        parse = parseUnit(toks, unit);
      }
      if (parse.ok && debug_) {
        std::fprintf(stderr, "%s\n", parse.diagram.c_str());
        for (size_t w = 0; w < parse.words.size(); ++w)
          std::fprintf(stderr, " %zu:%s.%s->%d", w, parse.words[w].base.c_str(),
                       parse.words[w].subscript.c_str(), parse.words[w].token);
        std::fprintf(stderr, "\n");
        for (const auto& l : parse.links)
          std::fprintf(stderr, " %d-%s-%d", l.left, l.label.c_str(), l.right);
        std::fprintf(stderr, "\n");
      }
      if (parse.ok) {
        s.parsed = true;
        s.nullCount = parse.nullCount;
        for (const auto& w : parse.words)
          if (w.token >= 0 && static_cast<size_t>(w.token) < subs.size() && subs[w.token].empty())
            subs[w.token] = w.subscript;
        double base = 0.9 - 0.04 * parse.nullCount - (parse.nullCount > 0 ? 0.05 : 0.0);
        facts = clauseFacts(parse, toks, norm, base);
      }
      if (facts.empty()) {
        std::vector<text::Token> sub;
        for (int k : unit) sub.push_back(toks[k]);
        facts = fallbackFacts(sub, norm);
        auto remap = [&](std::vector<int>& v) {
          for (auto& k : v) k = unit[static_cast<size_t>(k)];
        };
        for (auto& f : facts) {
          remap(f.subj.toks);
          remap(f.subj.core);
          remap(f.rel);
          remap(f.obj.toks);
          remap(f.obj.core);
        }
      }
      for (auto& f : possessiveFacts(parse, toks)) facts.push_back(std::move(f));
      auto quotes = quoteFacts(toks, norm);
      if (quotes.empty()) quotes = continuedQuoteFacts(toks);
      if (!quotes.empty()) {
        std::set<int> qverbs;
        for (const auto& q : quotes)
          for (int k : q.rel) qverbs.insert(k);
        facts.erase(std::remove_if(facts.begin(), facts.end(),
                                   [&](const FactT& f) {
                                     for (int k : f.rel)
                                       if (qverbs.count(k)) return true;
                                     return false;
                                   }),
                    facts.end());
        for (auto& q : quotes) facts.push_back(std::move(q));
      }
      auto roles = patternRoleFacts(toks, norm, subs, common);
      // role facts first so appositions are known before the sentence's other mentions; the
      // others in text order, so a pronoun sees the names before it
      std::stable_sort(facts.begin(), facts.end(), [](const FactT& a, const FactT& b) {
        int pa = a.rel.empty() ? 0 : a.rel.front(), pb = b.rel.empty() ? 0 : b.rel.front();
        return pa < pb;
      });
      for (auto& f : facts) roles.push_back(std::move(f));
      facts = std::move(roles);
      // readings that are not facts: a possessive read as a verb ("Xinjiang | 's | ..."), a
      // subject that is a prepositional phrase or an infinitive ("of another country | leading")
      facts.erase(std::remove_if(facts.begin(), facts.end(),
                                 [&](const FactT& f) {
                                   if (f.relText.empty() && f.rel.size() == 1) {
                                     std::string r = text::lower(toks[f.rel[0]].text);
                                     if (r == "'s" || r == "'") return true;
                                   }
                                   if (f.subj.toks.empty()) return false;
                                   std::string s0 = text::lower(toks[f.subj.toks.front()].text);
                                   static const std::set<std::string> bad = {
                                       "to", "of", "in", "on", "at", "by", "for", "with", "from",
                                       "against", "between", "about", "into", "than", "as"};
                                   // "About 800 have crossed ...": a quantity, not a preposition
                                   if (s0 == "about" && f.subj.toks.size() > 1) {
                                     const std::string& n1 = toks[f.subj.toks[1]].text;
                                     if (!n1.empty() && std::isdigit(static_cast<unsigned char>(n1[0])))
                                       return false;
                                   }
                                   return bad.count(s0) > 0;
                                 }),
                  facts.end());
      splitSpeechInSubjects(toks, facts);
      addTrailingSpeakers(toks, subs, facts);
      addAccordingTo(toks, facts);
      addLeadingSpeakers(toks, subs, facts);
      splitCoordinatedStatements(toks, facts);
      splitAsWellAs(toks, facts);
      splitCoordinatedNames(toks, facts);
      // "A, B and C are among the signatories": the memberships say it; the same reading per
      // name ("B | are among | the signatories") stays out of the graph
      {
        std::set<int> members;
        for (const auto& f : facts)
          if (f.kind == FactKind::kMembership && !f.subj.toks.empty())
            members.insert(f.subj.toks.front());
        for (auto& f : facts)
          if (f.kind != FactKind::kMembership && !f.subj.toks.empty() && !f.carb &&
              members.count(f.subj.toks.front()) && f.rel.size() <= 3) {
            std::string r;
            for (int k : f.rel) r += text::lower(toks[static_cast<size_t>(k)].text) + " ";
            if (r.find("among") != std::string::npos || r.find("members") != std::string::npos ||
                r.find("part") != std::string::npos)
              f.graph = false;
          }
      }
      splitTimePhrases(toks, facts);
      // Reported content is attributed, not asserted: a clause inside a quotation or inside the
      // object of a statement ("experts estimate that China has detained ...") stays out of
      // the graph (it is still an open-IE tuple for CaRB).
      {
        std::vector<std::pair<int, int>> reported;
        for (auto q : qs) reported.push_back(q);
        static const std::set<std::string> hedging = {
            "estimate", "estimates", "estimated", "believe", "believes", "believed", "claim",
            "claims", "claimed", "allege", "alleges", "alleged", "suspect", "suspects",
            "suspected", "think", "thinks", "thought", "assert", "asserts", "asserted", "deny",
            "denies", "denied", "accuse", "accuses", "accused"};
        // what someone said, estimated or claimed is theirs: the statement carries it
        for (const auto& f : facts) {
          if (f.kind != FactKind::kStatement || !f.obj.literal || f.obj.toks.empty()) continue;
          bool reporting = false;
          for (int k : f.rel) {
            std::string l = text::lower(toks[k].text);
            if (hedging.count(l) || isSpeechVerb(l)) reporting = true;
          }
          if (!f.relText.empty() && f.relText == "said") reporting = true;
          if (reporting) reported.push_back({f.obj.toks.front(), f.obj.toks.back()});
        }
        for (auto& f : facts) {
          if (f.rel.empty()) continue;
          // a statement inside a quotation ("The joint statement demonstrates that ...") is
          // part of what the speaker said, too
          bool inQuote = false;
          for (auto [b, e] : qs)
            if (f.rel.front() > b && f.rel.back() < e && !f.subj.toks.empty() &&
                f.subj.toks.front() > b)
              inQuote = true;
          if (inQuote) f.graph = false;
          if (f.kind == FactKind::kStatement || !f.relText.empty()) continue;
          for (auto [b, e] : reported)
            if (f.rel.front() >= b && f.rel.back() <= e) f.graph = false;
        }
      }
      for (auto& f : facts) {
        if (f.conf < options_.minGraphConfidence) f.graph = false;
        if (f.subj.toks.size() == 1 && text::lower(toks[f.subj.toks[0]].text) == "there")
          f.graph = false;  // existential "there was ..." has no subject entity
      }
      // the same reading twice (parser and pattern): keep the first, with the best confidence
      std::vector<FactT> uniq;
      std::set<std::string> seen;
      for (auto& f : facts) {
        std::string key = (f.relText.empty() ? renderTokens(toks, f.rel, norm) : f.relText) +
                          "\x1f" + renderTokens(toks, f.subj.toks, norm) + "\x1f" +
                          renderTokens(toks, f.obj.toks, norm);
        if (!seen.insert(key).second) {
          for (auto& u : uniq) {
            std::string k2 = (u.relText.empty() ? renderTokens(toks, u.rel, norm) : u.relText) +
                             "\x1f" + renderTokens(toks, u.subj.toks, norm) + "\x1f" +
                             renderTokens(toks, u.obj.toks, norm);
            if (k2 == key) u.conf = std::max(u.conf, f.conf);
          }
          continue;
        }
        uniq.push_back(std::move(f));
      }
      facts = std::move(uniq);
    }
    s.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    res.sentences.push_back(std::move(s));
    sentTokens.push_back(std::move(toks));
    sentFacts.push_back(std::move(facts));
    sentSubs.push_back(std::move(subs));
    sentCommon.push_back(common);
  }
  if (skippedLanguage > 0)
    res.warnings.push_back(std::to_string(skippedLanguage) +
                           " sentence(s) skipped: not recognised as English");

  // Entities, coreference and public facts, in document order.
  std::optional<Argument> quoteSpeaker;  // the speaker of the latest quotation
  size_t quoteSpeakerSentence = 0;
  for (size_t si = 0; si < sentFacts.size(); ++si) {
    const auto& toks = sentTokens[si];
    auto spanOf = [&](const std::vector<int>& idx, Span& sp) {
      if (idx.empty()) return;
      size_t b = toks[idx.front()].begin, e = toks[idx.back()].end;
      sp.begin = nz.toOriginal(b);
      sp.end = nz.toOriginal(e);
    };
    resolver.beginSentence(si, toks, sentSubs[si], norm);
    bool quoted = false;  // a speaker of a quotation in this sentence
    for (const auto& ft : sentFacts[si]) {
      Fact f;
      f.sentence = si;
      f.kind = ft.kind;
      f.confidence = ft.conf;
      f.negated = ft.negated;
      f.fromParser = ft.fromParser;
      f.relation = ft.relText.empty() ? renderTokens(toks, ft.rel, norm) : ft.relText;
      auto fillArg = [&](const ArgT& a, Argument& out, bool allowEntity, bool isSubject) {
        out.text = a.fixedText.empty() ? renderTokens(toks, a.toks, norm) : a.fixedText;
        spanOf(a.toks, out.span);
        out.isLiteral = a.literal;
        out.datatype = a.datatype;
        out.time = a.time;
        out.resolved = out.text;
        if (a.literal || !allowEntity || a.toks.empty() || !ft.resolve) return;
        const std::vector<int>& core = a.core.empty() ? a.toks : a.core;
        size_t c0 = 0;
        while (c0 + 1 < core.size() &&
               (text::lower(toks[static_cast<size_t>(core[c0])].text) == "the" ||
                text::lower(toks[static_cast<size_t>(core[c0])].text) == "a"))
          ++c0;
        bool named = text::isUpperInitial(toks[static_cast<size_t>(core[c0])].text);
        if (!isSubject && a.fixedText.empty() && !named) {
          // an object phrase that says more than its noun-phrase core ("accusations that the
          // trainees are in detention camps", "a million or more people in re-education
          // centers") is kept whole, as a literal: the core alone would lose what was said.
          // A name stays an entity ("criticized | Washington | for moving ...").
          // A modifier without a clause ("new tariffs on steel") keeps the noun an entity.
          std::set<int> inCore(core.begin(), core.end());
          const auto& sub = sentSubs[si];
          for (int k : a.toks) {
            if (inCore.count(k)) continue;
            const std::string& x = toks[static_cast<size_t>(k)].text;
            std::string l = text::lower(x);
            const std::string s = static_cast<size_t>(k) < sub.size() ? sub[static_cast<size_t>(k)] : "";
            bool clause = (!s.empty() && (s[0] == 'v' || s[0] == 'w' || s[0] == 'q')) ||
                          l == "that" || l == "which" || l == "who" || l == "whom" ||
                          l == "whose" || l == "whether" || l == "or" || l == ",";
            if (!clause) continue;
            out.isLiteral = true;
            return;
          }
        }
        const Entity* e = resolver.mention(core, isSubject);
        if (e) {
          out.entityIri = e->iri;
          out.resolved = e->label;
        }
      };
      fillArg(ft.subj, f.subject, true, true);
      // A role description ("the president of the council") is an alias of the subject, not an
      // entity of its own, unless it is a name or title ("United Nations High Commissioner").
      bool objEntity = true;
      if (ft.kind == FactKind::kRole) {
        objEntity = false;
        for (int k : ft.obj.toks) {
          std::string l = text::lower(toks[k].text);
          if (l == "the" || l == "a" || l == "an" || l == "its" || l == "his" || l == "her" ||
              l == "their")
            continue;
          // a name or title: capitalized from its first to its last word
          objEntity = text::isUpperInitial(toks[k].text) &&
                      text::isUpperInitial(toks[ft.obj.toks.back()].text);
          break;
        }
      }
      bool position = false;
      if (ft.kind == FactKind::kRole) {
        // A position held by a person: "holds position" with the description written out
        // against its owner ("Its director" -> "director of Blue Harbour Alliance", "the
        // union's chairman" -> "chairman of <the union>").
        std::vector<std::string> ow;
        for (int k : ft.obj.toks) ow.push_back(toks[static_cast<size_t>(k)].text);
        if (describesPosition(ow)) {
          position = true;
          ArgT desc = ft.obj;
          std::string owner;
          std::vector<int> rest;
          const auto& ot = ft.obj.toks;
          std::string l0 = ot.empty() ? "" : text::lower(toks[static_cast<size_t>(ot[0])].text);
          size_t poss = ot.size();
          for (size_t i = 0; i < ot.size(); ++i) {
            std::string l = text::lower(toks[static_cast<size_t>(ot[i])].text);
            if (l == "'s" && poss == ot.size()) poss = i;
            if (l == "of" || l == "for" || l == "in" || l == "at" || l == "on") break;
          }
          if (l0 == "its" || l0 == "his" || l0 == "her" || l0 == "their") {
            if (const Entity* e = resolver.mention({ot[0]}, false)) owner = e->label;
            rest.assign(ot.begin() + 1, ot.end());
          } else if (poss < ot.size() && poss > 0 && poss + 1 < ot.size()) {
            std::vector<int> who(ot.begin(), ot.begin() + static_cast<long>(poss));
            if (const Entity* e = resolver.mention(who, false)) owner = e->label;
            rest.assign(ot.begin() + static_cast<long>(poss) + 1, ot.end());
          }
          if (!owner.empty() && !rest.empty()) {
            desc.fixedText = renderTokens(toks, rest, norm) + " of " + owner;
            desc.toks = rest;
          }
          fillArg(desc, f.object, objEntity, false);
        } else {
          fillArg(ft.obj, f.object, objEntity, false);
        }
      } else {
        fillArg(ft.obj, f.object, objEntity, false);
      }
      // where it happened: a place phrase beside the clause ("met Bob in Paris"), also when
      // the linkage put it on a named object ("Bob Kimani in Paris")
      auto addPlace = [&](const std::vector<int>& phrase) {
        std::vector<int> name = placeName(toks, phrase);
        if (name.empty() || !ft.resolve) return;
        const Entity* e = resolver.mention(name, false);
        if (!e) return;
        Argument a;
        a.text = renderTokens(toks, phrase, norm);
        spanOf(phrase, a.span);
        a.entityIri = e->iri;
        a.resolved = e->label;
        f.places.push_back(std::move(a));
      };
      if (!f.object.entityIri.empty() && !ft.obj.core.empty() && !ft.obj.literal) {
        std::vector<int> after;
        for (int k : ft.obj.toks)
          if (k > ft.obj.core.back()) after.push_back(k);
        if (!after.empty() && text::isUpperInitial(toks[static_cast<size_t>(ft.obj.core.back())].text))
          addPlace(after);
      }
      for (const auto& x : ft.extras) {
        Argument a;
        fillArg(x, a, false, false);
        if (!x.time && !x.literal) addPlace(x.toks);
        f.extras.push_back(std::move(a));
      }
      if (ft.kind == FactKind::kRole && !f.subject.entityIri.empty()) {
        resolver.addAlias(f.subject.entityIri, f.object.text, f.object.resolved);
        // the description as written, too ("the union's leader" besides "leader of union"),
        // so a later mention of it in the same words finds the person
        if (position) {
          std::string written = renderTokens(toks, ft.obj.toks, norm);
          if (written != f.object.text) resolver.addAlias(f.subject.entityIri, written, written);
        }
      }
      // span of the whole fact
      std::vector<int> all = ft.subj.toks;
      all.insert(all.end(), ft.rel.begin(), ft.rel.end());
      all.insert(all.end(), ft.obj.toks.begin(), ft.obj.toks.end());
      for (const auto& x : ft.extras) all.insert(all.end(), x.toks.begin(), x.toks.end());
      std::sort(all.begin(), all.end());
      if (!all.empty()) spanOf(all, f.span);
      f.relationIri = relationIri(f.relation);
      if (f.confidence < options_.minConfidence) continue;
      // a quotation that goes on from the sentence before is its speaker's
      if (ft.previousSpeaker) {
        if (!quoteSpeaker || quoteSpeakerSentence + 1 < si) continue;
        f.subject = *quoteSpeaker;
        quoted = true;
      } else if (ft.kind == FactKind::kStatement && ft.graph && ft.conf >= 0.8 &&
                 !f.subject.entityIri.empty() && !quoteSpans(toks).empty()) {
        quoteSpeaker = f.subject;
        quoted = true;
      }
      f.carb = ft.carb;
      f.graph = ft.graph;
      if (position) {
        // open IE keeps the apposition as written ("X | is | the union's chairman")
        Fact written = f;
        written.object.text = renderTokens(toks, ft.obj.toks, norm);
        written.graph = false;
        f.carb = false;
        f.relation = "holds position";
        f.relationIri = relationIri(f.relation);
        if (written.carb) res.facts.push_back(std::move(written));
      }
      res.facts.push_back(std::move(f));
    }
    if (quoted) quoteSpeakerSentence = si;
    resolver.noteNames(sentCommon[si]);
  }
  // Facts are final; entity labels may have improved since (a longer name seen later), so
  // refresh resolved labels from the final table.
  res.entities = resolver.entities();
  std::unordered_map<std::string, const Entity*> byIri;
  for (const auto& e : res.entities) byIri[e.iri] = &e;
  for (auto& f : res.facts) {
    if (auto it = byIri.find(f.subject.entityIri); it != byIri.end())
      f.subject.resolved = it->second->label;
    if (auto it = byIri.find(f.object.entityIri); it != byIri.end())
      f.object.resolved = it->second->label;
  }
  return res;
}

}  // namespace kg::extract
