#include "extract/readings.h"

#include <algorithm>
#include <set>
#include <unordered_set>

#include "extract/dates.h"
#include "extract/entities.h"
#include "extract/names.h"

namespace kg::extract {

namespace {

bool reportingVerb(const std::string& l) {
  static const std::unordered_set<std::string> k = {
      "said", "says", "told", "added", "adds", "stated", "warned", "warns",
      "announced", "insisted", "insists", "argued", "argues", "declared", "noted", "notes",
      "confirmed", "reported", "explained", "explains", "contends", "maintains"};
  return k.count(l) > 0;
}

bool speakerWord(const std::string& w) {
  static const std::unordered_set<std::string> k = {
      "officials", "diplomats", "experts", "analysts", "sources", "observers", "critics",
      "activists", "spokesman", "spokeswoman", "spokesperson", "minister", "police"};
  return text::isUpperInitial(w) || k.count(text::lower(w)) > 0;
}

int lastToken(const FactT& f) {
  int e = -1;
  auto upd = [&](const std::vector<int>& v) {
    if (!v.empty()) e = std::max(e, v.back());
  };
  upd(f.subj.toks);
  upd(f.rel);
  upd(f.obj.toks);
  for (const auto& x : f.extras) upd(x.toks);
  return e;
}

std::vector<int> after(const std::vector<int>& v, int k) {
  std::vector<int> out;
  for (int x : v)
    if (x > k) out.push_back(x);
  return out;
}

std::vector<int> before(const std::vector<int>& v, int k) {
  std::vector<int> out;
  for (int x : v)
    if (x < k) out.push_back(x);
  return out;
}

bool isJoin(const std::string& l) { return l == "and" || l == "or" || l == ","; }

// The members of a coordination of names, or nothing.
std::vector<std::vector<int>> nameMembers(const std::vector<text::Token>& toks, const ArgT& a) {
  if (a.literal) return {};
  auto coordinated = [&](const std::vector<int>& v) {
    std::vector<std::string> w;
    for (int k : v) w.push_back(toks[static_cast<size_t>(k)].text);
    return !v.empty() && isCoordination(w);
  };
  // the core, or the whole phrase when the parser took "as well as B" for a modifier
  const std::vector<int>& src = coordinated(a.core) ? a.core : a.toks;
  if (!coordinated(src)) return {};
  // a list inside a prepositional phrase of the argument ("Consumer groups in France, Germany
  // and Italy", whose core the parser may give as "Consumer groups, Germany and Italy") is not
  // a list of the argument: the phrase names one thing
  if (&src == &a.core && a.toks.size() > a.core.size()) {
    std::vector<std::string> whole;
    for (int k : a.toks) whole.push_back(toks[static_cast<size_t>(k)].text);
    if (!isCoordination(whole)) return {};
  }
  std::vector<std::vector<int>> out(1);
  std::vector<bool> afterComma{false};  // member i follows a bare comma
  for (size_t i = 0; i < src.size(); ++i) {
    int k = src[i];
    bool asWellAs = i + 2 < src.size() && text::lower(toks[static_cast<size_t>(k)].text) == "as" &&
                    text::lower(toks[static_cast<size_t>(src[i + 1])].text) == "well" &&
                    text::lower(toks[static_cast<size_t>(src[i + 2])].text) == "as";
    std::string l = text::lower(toks[static_cast<size_t>(k)].text);
    if (asWellAs || isJoin(l)) {
      if (!out.back().empty()) {
        out.emplace_back();
        afterComma.push_back(l == ",");
      } else if (l != ",") {
        afterComma.back() = false;
      }
      if (asWellAs) i += 2;
      continue;
    }
    out.back().push_back(k);
  }
  if (out.back().empty()) {
    out.pop_back();
    afterComma.pop_back();
  }
  // "Laura Chen and Kenya's agriculture minister, Daniel Mwangi": a description followed by
  // the name it describes is one member, the name
  std::vector<std::vector<int>> merged;
  for (size_t i = 0; i < out.size(); ++i) {
    const std::string& last = toks[static_cast<size_t>(out[i].back())].text;
    bool description = !text::isUpperInitial(last);
    if (description && i + 1 < out.size() && afterComma[i + 1] &&
        text::isUpperInitial(toks[static_cast<size_t>(out[i + 1].back())].text))
      continue;
    merged.push_back(out[i]);
  }
  return merged.size() >= 2 ? merged : std::vector<std::vector<int>>{};
}

// "X | said | clause" in the graph; "According to | clause | X" for open IE (CaRB writes the
// attribution so).
void pushAccordingTo(const std::vector<text::Token>& toks, int according, std::vector<int> speaker,
                     std::vector<int> clause, std::vector<FactT>& facts) {
  auto punct = [&](int k) { return text::isPunct(toks[static_cast<size_t>(k)].text); };
  while (!clause.empty() && punct(clause.front())) clause.erase(clause.begin());
  while (!clause.empty() && punct(clause.back())) clause.pop_back();
  while (!speaker.empty() && punct(speaker.back())) speaker.pop_back();
  if (clause.size() < 3 || speaker.empty()) return;
  FactT said;
  said.kind = FactKind::kStatement;
  said.subj.toks = said.subj.core = speaker;
  said.relText = "said";
  said.obj.toks = said.obj.core = clause;
  said.obj.literal = true;
  said.conf = 0.75;
  said.carb = false;
  FactT written = said;
  written.subj = said.obj;
  written.relText.clear();
  written.rel = {according, according + 1};
  written.obj = said.subj;
  written.obj.literal = false;
  written.carb = true;
  written.graph = false;
  written.resolve = false;
  facts.push_back(std::move(said));
  facts.push_back(std::move(written));
}

}  // namespace

void addAccordingTo(const std::vector<text::Token>& toks, std::vector<FactT>& facts) {
  int n = static_cast<int>(toks.size());
  auto low = [&](int k) { return text::lower(toks[static_cast<size_t>(k)].text); };
  for (int k = 0; k + 2 < n; ++k) {
    if (low(k) != "according" || low(k + 1) != "to") continue;
    // the speaker runs to the next comma
    int c2 = k + 2;
    while (c2 < n && toks[static_cast<size_t>(c2)].text != "," && c2 - k <= 10) ++c2;
    if (c2 >= n || toks[static_cast<size_t>(c2)].text != "," || c2 == k + 2) continue;
    std::vector<int> speaker, clause;
    for (int x = k + 2; x < c2; ++x) speaker.push_back(x);
    bool opener = true;  // only quotes or nothing before "According to"
    for (int x = 0; x < k; ++x)
      if (!text::isPunct(toks[static_cast<size_t>(x)].text)) opener = false;
    if (opener) {
      for (int x = c2 + 1; x < n; ++x) clause.push_back(x);
    } else if (k >= 3 && toks[static_cast<size_t>(k - 1)].text == ",") {
      // "The suspects, according to police, fled ..."
      for (int x = 0; x < k - 1; ++x) clause.push_back(x);
      for (int x = c2 + 1; x < n; ++x) clause.push_back(x);
    } else {
      continue;
    }
    pushAccordingTo(toks, k, speaker, clause, facts);
    return;
  }
}

void splitSpeechInSubjects(const std::vector<text::Token>& toks, std::vector<FactT>& facts) {
  std::vector<FactT> added;
  std::vector<std::pair<int, int>> misread;  // (speech verb, first token of the speaker)
  for (auto& f : facts) {
    if (f.kind == FactKind::kStatement || f.subj.toks.size() < 3) continue;
    const auto& st = f.subj.toks;
    for (size_t i = 1; i + 1 < st.size(); ++i) {
      int k = st[i];
      if (!reportingVerb(text::lower(toks[static_cast<size_t>(k)].text))) continue;
      if (st[i - 1] != k - 1 || st[i + 1] != k + 1) continue;
      if (!speakerWord(toks[static_cast<size_t>(k - 1)].text)) continue;
      bool relative = false;
      for (size_t j = 0; j < i; ++j) {
        std::string l = text::lower(toks[static_cast<size_t>(st[j])].text);
        if (l == "who" || l == "which" || l == "that") relative = true;
      }
      if (relative) break;
      FactT s;
      s.kind = FactKind::kStatement;
      s.subj.toks = before(st, k);
      s.subj.core = s.subj.toks;
      s.rel = {k};
      s.obj.literal = true;
      for (int x = k + 1; x <= lastToken(f); ++x) s.obj.toks.push_back(x);
      while (!s.obj.toks.empty() && text::isPunct(toks[static_cast<size_t>(s.obj.toks.back())].text))
        s.obj.toks.pop_back();
      s.conf = f.conf;
      s.fromParser = f.fromParser;
      f.subj.toks = after(st, k);
      f.subj.core = after(f.subj.core, k);
      if (f.subj.core.empty()) f.subj.core = f.subj.toks;
      misread.push_back({k, s.subj.toks.front()});
      added.push_back(std::move(s));
      break;
    }
  }
  if (added.empty()) return;
  // a reading whose subject lies before the speech verb but whose verb is in the reported
  // clause ("The talks | file | a complaint") is a misreading of the same words
  facts.erase(std::remove_if(facts.begin(), facts.end(),
                             [&](const FactT& f) {
                               if (f.subj.toks.empty() || f.rel.empty()) return false;
                               for (auto [k, speaker] : misread)
                                 if (f.subj.toks.back() < k && f.rel.front() > k) return true;
                               return false;
                             }),
              facts.end());
  for (auto& s : added) facts.push_back(std::move(s));
}

void addTrailingSpeakers(const std::vector<text::Token>& toks, const std::vector<std::string>& subs,
                         std::vector<FactT>& facts) {
  int n = static_cast<int>(toks.size());
  int end = n;
  while (end > 0 && text::isPunct(toks[static_cast<size_t>(end - 1)].text)) --end;
  if (end < 4) return;
  // a participle clause after the attribution (", X said on Tuesday, blaming Y") is the
  // speaker's act, not the content: set it apart and read the attribution before it
  int participle = -1, participleEnd = end;
  for (int k = end - 2; k > 0; --k) {
    const std::string& x = toks[static_cast<size_t>(k)].text;
    if (x != ",") continue;
    const std::string next = text::lower(toks[static_cast<size_t>(k + 1)].text);
    bool ing = next.size() > 5 && next.compare(next.size() - 3, 3, "ing") == 0 &&
               !text::isUpperInitial(toks[static_cast<size_t>(k + 1)].text);
    if (!ing) break;
    bool reported = false;  // a reporting verb between the previous comma and this one
    for (int j = k - 1; j > 0 && toks[static_cast<size_t>(j)].text != ","; --j)
      if (reportingVerb(text::lower(toks[static_cast<size_t>(j)].text))) reported = true;
    if (reported) {
      participle = k + 1;
      end = k;
    }
    break;
  }
  // the clause ends at a comma; the attribution follows it: the last comma, or an earlier one
  // right before a reporting verb (", said Carlos Batista, a spokesman for ...")
  int comma = -1;
  auto quote = [&](int k) {
    const std::string& x = toks[static_cast<size_t>(k)].text;
    return x == "\"" || x == "''" || x == "``";
  };
  for (int k = end - 1; k > 0; --k) {
    const std::string& x = toks[static_cast<size_t>(k)].text;
    // a quotation in the attribution, or one that closes the clause ('"...," she said'), is
    // read by quoteFacts; one inside the clause is part of what was said
    if (quote(k) && (comma < 0 || k == comma - 1)) return;
    if (x == "," && comma < 0) comma = k;
    if (x == "," && k + 1 < end && reportingVerb(text::lower(toks[static_cast<size_t>(k + 1)].text))) {
      comma = k;
      int next = k + 2;  // the speaker ends at the next comma (an apposition follows)
      while (next < end && toks[static_cast<size_t>(next)].text != ",") ++next;
      end = next;
      break;
    }
  }
  if (comma < 3 || end - comma - 1 > 8) return;
  std::vector<int> tail;
  for (int k = comma + 1; k < end; ++k) tail.push_back(k);
  // a time phrase after the verb ("said on Tuesday") is not part of the attribution
  size_t t = trailingTimePhrase(toks, tail);
  tail.resize(tail.size() - t);
  if (tail.size() < 2) return;
  auto low = [&](int k) { return text::lower(toks[static_cast<size_t>(k)].text); };
  std::vector<int> speaker;
  int verb = -1;
  if (low(tail[0]) == "according" && low(tail[1]) == "to" && tail.size() >= 3) {
    speaker.assign(tail.begin() + 2, tail.end());
  } else if (reportingVerb(low(tail[0])) && low(tail[0]) != "told") {  // ", said Paulo Mendes"
    verb = tail[0];
    speaker.assign(tail.begin() + 1, tail.end());
  } else if (reportingVerb(low(tail.back()))) {  // ", officials said"
    verb = tail.back();
    speaker.assign(tail.begin(), tail.end() - 1);
  } else {
    return;
  }
  if (speaker.empty() || speaker.size() > 6) return;
  static const std::unordered_set<std::string> finite = {
      "had", "has", "have", "would", "will", "could", "can", "should", "is", "was", "are", "were"};
  for (int k : speaker) {
    std::string l = low(k);
    if (isSpeechVerb(l) || l == "that" || l == "who" || l == "which" || finite.count(l)) return;
    const std::string x = static_cast<size_t>(k) < subs.size() ? subs[static_cast<size_t>(k)] : "";
    if (!x.empty() && (x[0] == 'v' || x[0] == 'q' || x[0] == 'w')) return;
  }
  FactT s;
  s.kind = FactKind::kStatement;
  s.subj.toks = s.subj.core = speaker;
  if (verb >= 0) s.rel = {verb};
  else s.relText = "said";
  s.obj.literal = true;
  for (int k = 0; k < comma; ++k) s.obj.toks.push_back(k);
  // a leading conjunction or opener punctuation is not part of what was said
  while (!s.obj.toks.empty() && (text::isPunct(toks[static_cast<size_t>(s.obj.toks.front())].text) ||
                                 low(s.obj.toks.front()) == "but" || low(s.obj.toks.front()) == "and"))
    s.obj.toks.erase(s.obj.toks.begin());
  if (s.obj.toks.size() < 3) return;
  s.conf = 0.75;
  if (verb < 0) {  // ", according to X"
    pushAccordingTo(toks, tail[0], speaker, s.obj.toks, facts);
    return;
  }
  // readings of the attribution itself ("officials | said on | Tuesday") are replaced
  facts.erase(std::remove_if(facts.begin(), facts.end(),
                             [&](const FactT& f) {
                               return verb >= 0 && !f.rel.empty() && f.rel.front() == verb &&
                                      f.kind != FactKind::kStatement;
                             }),
              facts.end());
  if (participle >= 0) {
    // the parse may have read "said | on Tuesday, blaming ..." as the content: the content is
    // the clause before the attribution
    facts.erase(std::remove_if(facts.begin(), facts.end(),
                               [&](const FactT& f) {
                                 return f.kind == FactKind::kStatement && !f.rel.empty() &&
                                        f.rel.front() == verb && !f.obj.toks.empty() &&
                                        f.obj.toks.front() > verb;
                               }),
                facts.end());
    FactT act;  // "the World Health Organization | blaming | a fall in vaccination ..."
    act.kind = FactKind::kAction;
    act.subj.toks = act.subj.core = speaker;
    act.rel = {participle};
    for (int k = participle + 1; k < participleEnd; ++k) act.obj.toks.push_back(k);
    act.obj.core = act.obj.toks;
    act.obj.literal = true;
    act.conf = 0.6;
    if (act.obj.toks.size() >= 2) facts.push_back(std::move(act));
  }
  for (const auto& f : facts)
    if (f.kind == FactKind::kStatement && !f.rel.empty() && f.rel.front() == verb) return;
  facts.push_back(std::move(s));
}

void addLeadingSpeakers(const std::vector<text::Token>& toks, const std::vector<std::string>& subs,
                        std::vector<FactT>& facts) {
  static const std::unordered_set<std::string> verbs = {
      "said", "says", "told", "tells", "added", "warned", "stated", "announced", "insisted",
      "argued", "noted", "confirmed", "claimed", "estimate", "estimates", "estimated",
      "believe", "believes", "asserted", "explained", "acknowledged", "predicted", "reported"};
  int n = static_cast<int>(toks.size());
  auto low = [&](int k) { return text::lower(toks[static_cast<size_t>(k)].text); };
  auto isVerbAt = [&](int k) {
    const std::string x = static_cast<size_t>(k) < subs.size() ? subs[static_cast<size_t>(k)] : "";
    return !x.empty() && (x[0] == 'v' || x[0] == 'q' || x[0] == 'w');
  };
  auto quoteTok = [&](int k) {
    const std::string& x = toks[static_cast<size_t>(k)].text;
    return x == "\"" || x == "``" || x == "''";
  };
  int quotes = 0;
  for (int k = 0; k < n; ++k) {
    if (quoteTok(k)) ++quotes;
    if (quotes % 2 == 1 || !verbs.count(low(k))) continue;
    std::vector<int> speakerOverride;
    bool known = false;
    for (const auto& f : facts)
      if (f.kind == FactKind::kStatement && std::find(f.rel.begin(), f.rel.end(), k) != f.rel.end())
        known = true;
    if (known) continue;
    // the speaker: a short noun phrase right before the verb, after a clause boundary
    int sb = k;
    while (sb > 0) {
      std::string l = low(sb - 1);
      const std::string& x = toks[static_cast<size_t>(sb - 1)].text;
      if (x == "," || x == ";" || x == ":" || x == "--" || quoteTok(sb - 1) || l == "but" ||
          l == "and" || l == "that" || l == "who" || l == "which" || l == "while" ||
          l == "because" || l == "as")
        break;
      --sb;
    }
    // "China experts, drawing on ..., estimate that": the speaker stands before a
    // parenthetical participle phrase
    if (sb == k && k >= 2 && toks[static_cast<size_t>(k - 1)].text == ",") {
      // the comma that opens the participle phrase (the phrase may hold commas of its own)
      int c2 = -1;
      for (int x = k - 2; x > 0 && x > k - 30; --x) {
        if (toks[static_cast<size_t>(x)].text != ",") continue;
        std::string first = low(x + 1);
        if (first.size() > 4 && (first.compare(first.size() - 3, 3, "ing") == 0 ||
                                 first.compare(first.size() - 2, 2, "ed") == 0)) {
          c2 = x;
          break;
        }
      }
      if (c2 > 0) {
        int e2 = c2;
        sb = e2;
        while (sb > 0) {
          const std::string& x = toks[static_cast<size_t>(sb - 1)].text;
          if (x == "," || x == ";" || x == ":" || quoteTok(sb - 1)) break;
          --sb;
        }
        if (e2 - sb >= 1 && e2 - sb <= 7) {
          bool clean = true;
          for (int x = sb; x < e2; ++x)
            if (isVerbAt(x)) clean = false;
          if (clean)
            for (int x = sb; x < e2; ++x) speakerOverride.push_back(x);
        }
        sb = k;
      }
    }
    // "Joseph Otieno, the union's chairman, said ..." / "Its foreign minister, Dariusz Vell,
    // said ...": the speaker stands before an apposition without a verb
    if (sb == k && speakerOverride.empty() && k >= 4 && toks[static_cast<size_t>(k - 1)].text == ",") {
      int c2 = -1;
      for (int x = k - 2; x > 0 && x >= k - 12; --x) {
        const std::string& t = toks[static_cast<size_t>(x)].text;
        if (t == ",") {
          c2 = x;
          break;
        }
        if (isVerbAt(x) || quoteTok(x) || t == ";" || t == ":") break;
      }
      if (c2 > 0 && c2 < k - 2) {
        int b2 = c2;
        while (b2 > 0) {
          const std::string& x = toks[static_cast<size_t>(b2 - 1)].text;
          std::string l = low(b2 - 1);
          if (x == "," || x == ";" || x == ":" || quoteTok(b2 - 1) || l == "but" || l == "and" ||
              l == "that" || l == "who" || l == "which")
            break;
          --b2;
        }
        bool clean = c2 - b2 >= 1 && c2 - b2 <= 7;
        for (int x = b2; x < c2 && clean; ++x)
          if (isVerbAt(x) || text::isPunct(toks[static_cast<size_t>(x)].text)) clean = false;
        static const std::unordered_set<std::string> opener = {"in", "on", "at", "after", "before",
                                                               "for", "with", "from", "by", "to"};
        if (clean && !opener.count(low(b2)))
          for (int x = b2; x < c2; ++x) speakerOverride.push_back(x);
      }
    }
    if (speakerOverride.empty() && (k - sb < 1 || k - sb > 7)) continue;
    bool ok = true;
    for (int x = sb; x < k && speakerOverride.empty(); ++x) {
      std::string l = low(x);
      if (isVerbAt(x) || text::isPunct(toks[static_cast<size_t>(x)].text) || l == "it" ||
          l == "there" || l == "to")
        ok = false;
    }
    static const std::unordered_set<std::string> preps = {"in", "on", "at", "of", "for", "with",
                                                          "from", "by", "after", "before"};
    if (!ok || preps.count(low(sb))) continue;
    // what was said: the rest of the sentence, after "told reporters", a time and "that"
    int ob = k + 1;
    if ((low(k) == "told" || low(k) == "tells") && ob < n) {
      int that = -1;
      for (int x = ob; x < n && x < ob + 4; ++x)
        if (low(x) == "that") that = x;
      if (that >= 0) ob = that;
      else if (isPronoun(low(ob)) || low(ob) == "reporters" || low(ob) == "journalists") ++ob;
      else continue;
    }
    for (int x = ob; x < n && x < ob + 4; ++x)
      if (low(x) == "that") {
        bool timeOnly = true;
        for (int y = ob; y < x; ++y)
          if (!isTimeWord(low(y)) && low(y) != "on" && low(y) != "last" && low(y) != "this")
            timeOnly = false;
        if (timeOnly) ob = x;
        break;
      }
    if (ob < n && low(ob) == "that") ++ob;
    int oe = ob;
    while (oe < n && !quoteTok(oe) && toks[static_cast<size_t>(oe)].text != ";") ++oe;
    while (oe > ob && text::isPunct(toks[static_cast<size_t>(oe - 1)].text)) --oe;
    if (oe - ob < 3) continue;
    bool clause = false;
    for (int x = ob; x < oe; ++x)
      if (isVerbAt(x)) clause = true;
    if (!clause) continue;
    FactT s;
    s.kind = FactKind::kStatement;
    for (int x = sb; x < k; ++x) s.subj.toks.push_back(x);
    if (!speakerOverride.empty()) s.subj.toks = speakerOverride;
    s.subj.core = s.subj.toks;
    s.rel = {k};
    s.obj.literal = true;
    for (int x = ob; x < oe; ++x) s.obj.toks.push_back(x);
    s.conf = 0.7;
    facts.erase(std::remove_if(facts.begin(), facts.end(),
                               [&](const FactT& f) {
                                 return f.kind != FactKind::kStatement && !f.rel.empty() &&
                                        std::find(f.rel.begin(), f.rel.end(), k) != f.rel.end();
                               }),
                facts.end());
    facts.push_back(std::move(s));
  }
}

void splitCoordinatedStatements(const std::vector<text::Token>& toks, std::vector<FactT>& facts) {
  static const std::unordered_set<std::string> aux = {
      "has", "have", "had", "is", "are", "was", "were", "will", "would", "can", "could"};
  std::vector<FactT> added;
  for (auto& f : facts) {
    if (f.kind != FactKind::kStatement || !f.obj.literal || !f.graph || f.obj.toks.size() < 7)
      continue;
    const auto& o = f.obj.toks;
    for (size_t i = 3; i + 3 < o.size(); ++i) {
      if (text::lower(toks[static_cast<size_t>(o[i])].text) != "and" ||
          !aux.count(text::lower(toks[static_cast<size_t>(o[i + 1])].text)))
        continue;
      FactT first = f, second = f;
      first.obj.toks.assign(o.begin(), o.begin() + static_cast<long>(i));
      while (!first.obj.toks.empty() &&
             text::isPunct(toks[static_cast<size_t>(first.obj.toks.back())].text))
        first.obj.toks.pop_back();
      second.obj.toks.assign(o.begin() + static_cast<long>(i) + 1, o.end());
      first.obj.core = first.obj.toks;
      second.obj.core = second.obj.toks;
      first.carb = second.carb = false;
      f.graph = false;
      added.push_back(std::move(first));
      added.push_back(std::move(second));
      break;
    }
  }
  for (auto& a : added) facts.push_back(std::move(a));
}

void splitAsWellAs(const std::vector<text::Token>& toks, std::vector<FactT>& facts) {
  int n = static_cast<int>(toks.size());
  auto low = [&](int k) { return text::lower(toks[static_cast<size_t>(k)].text); };
  auto asWellAs = [&](int k) {
    return k + 2 < n && low(k) == "as" && low(k + 1) == "well" && low(k + 2) == "as";
  };
  // the phrase after "as well as" at k: up to a comma, the end or `limit`; short, no verb
  auto member = [&](int k, int limit) {
    std::vector<int> m;
    for (int x = k + 3; x < n && x < limit; ++x) {
      const std::string& t = toks[static_cast<size_t>(x)].text;
      if (t == "," || t == ";" || t == "." || t == "\"" || t == "''" || t == "``") break;
      m.push_back(x);
    }
    if (m.empty() || m.size() > 6 || !text::isUpperInitial(toks[static_cast<size_t>(m.back())].text))
      return std::vector<int>{};
    return m;
  };
  std::vector<FactT> added;
  for (auto& f : facts) {
    if (!f.graph || f.kind == FactKind::kStatement || f.subj.toks.empty() || f.rel.empty())
      continue;
    // subject ", as well as X ," before the verb
    int e = f.subj.toks.back();
    if (e + 1 < n && toks[static_cast<size_t>(e + 1)].text == "," && asWellAs(e + 2)) {
      auto m = member(e + 2, f.rel.front());
      if (!m.empty()) {
        FactT c = f;
        c.subj.toks = c.subj.core = m;
        c.subj.members.clear();
        c.carb = false;
        c.conf = std::min(f.conf, 0.8);
        added.push_back(std::move(c));
      }
    }
    // an argument "as well as X" after the object
    for (size_t i = 0; i < f.extras.size(); ++i) {
      const auto& x = f.extras[i];
      if (x.toks.size() < 4 || !asWellAs(x.toks.front()) || f.obj.toks.empty()) continue;
      auto m = member(x.toks.front(), x.toks.back() + 1);
      if (m.empty()) continue;
      // X joins the phrase it follows: the object, or the agent of a passive read actively
      // ("was signed by Kenya as well as Uganda")
      bool afterObject = x.toks.front() == f.obj.toks.back() + 1;
      bool afterSubject = x.toks.front() == f.subj.toks.back() + 1;
      if (!afterObject && !afterSubject) continue;
      FactT d = f;  // a graph fact with X in the place of the phrase it joins
      d.extras.erase(d.extras.begin() + static_cast<long>(i));
      d.carb = false;
      ArgT& slot = afterObject ? d.obj : d.subj;
      slot.toks = slot.core = m;
      slot.literal = false;
      slot.members.clear();
      d.conf = std::min(f.conf, 0.8);
      // the graph reading loses the argument (open IE keeps it; the graph would not use it)
      if (!f.carb) f.extras.erase(f.extras.begin() + static_cast<long>(i));
      added.push_back(std::move(d));
      break;
    }
  }
  for (auto& a : added) facts.push_back(std::move(a));
}

void splitCoordinatedNames(const std::vector<text::Token>& toks, std::vector<FactT>& facts) {
  std::vector<FactT> out;
  for (auto& f : facts) {
    auto sm = f.kind == FactKind::kStatement ? std::vector<std::vector<int>>{}
                                             : nameMembers(toks, f.subj);
    auto om = nameMembers(toks, f.obj);
    if (sm.empty() && om.empty()) {
      out.push_back(std::move(f));
      continue;
    }
    bool graph = f.graph;
    FactT original = f;
    original.graph = false;
    bool splitObject = !om.empty();
    if (sm.empty()) sm.push_back(f.subj.core.empty() ? f.subj.toks : f.subj.core);
    if (om.empty()) om.push_back(f.obj.toks);
    for (const auto& s : sm) {
      for (const auto& o : om) {
        FactT c = f;
        c.subj.toks = c.subj.core = s;
        c.subj.members.clear();
        if (splitObject) {
          c.obj.toks = c.obj.core = o;
          c.obj.members.clear();
        }
        c.carb = false;
        c.graph = graph;
        out.push_back(std::move(c));
      }
    }
    out.push_back(std::move(original));
  }
  facts = std::move(out);
}

void splitTimePhrases(const std::vector<text::Token>& toks, std::vector<FactT>& facts) {
  for (auto& f : facts) {
    if (f.obj.literal || f.obj.toks.empty()) continue;
    size_t n = trailingTimePhrase(toks, f.obj.toks);
    if (n == 0) continue;
    ArgT time;
    time.literal = true;
    time.time = true;
    time.toks.assign(f.obj.toks.end() - static_cast<long>(n), f.obj.toks.end());
    if (n == f.obj.toks.size()) {
      // the whole object is the time ("was delivered on | Monday"): a literal, not an entity
      f.obj.literal = true;
      f.obj.time = true;
      f.obj.core.clear();
      continue;
    } else {
      f.obj.toks.resize(f.obj.toks.size() - n);
      std::set<int> cut(time.toks.begin(), time.toks.end());
      f.obj.core.erase(std::remove_if(f.obj.core.begin(), f.obj.core.end(),
                                      [&](int k) { return cut.count(k) > 0; }),
                       f.obj.core.end());
      while (!f.obj.toks.empty() && text::isPunct(toks[static_cast<size_t>(f.obj.toks.back())].text))
        f.obj.toks.pop_back();
      if (f.obj.toks.empty()) continue;
    }
    f.extras.push_back(std::move(time));
  }
}

}  // namespace kg::extract
