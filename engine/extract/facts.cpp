#include "extract/facts.h"
#include "extract/entities.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <functional>
#include <optional>
#include <set>
#include <unordered_set>

namespace kg::extract {

using text::Token;

namespace {

std::string prefixOf(const std::string& label) {
  size_t i = 0;
  while (i < label.size() && std::isupper(static_cast<unsigned char>(label[i]))) ++i;
  return label.substr(0, i);
}

std::string subOf(const std::string& label) {
  size_t i = 0;
  while (i < label.size() && std::isupper(static_cast<unsigned char>(label[i]))) ++i;
  return label.substr(i);
}

bool isBeForm(const std::string& l) {
  return l == "is" || l == "are" || l == "was" || l == "were" || l == "be" || l == "been" ||
         l == "being" || l == "am" || l == "'s" || l == "'re" || l == "'m";
}

const std::unordered_set<std::string>& speechVerbs() {
  static const std::unordered_set<std::string> k = {
      "said",     "says",     "say",      "told",     "tells",    "added",    "adds",
      "stated",   "states",   "declared", "noted",    "notes",    "insisted", "warned",
      "explained", "wrote",   "writes",   "asserted", "argued",   "claimed",  "announced",
      "remarked", "replied",  "responded", "continued", "concluded", "acknowledged",
      "emphasized", "stressed", "asked",  "urged",    "estimate", "estimated", "believe",
      "believes", "believed", "denied",   "reported", "confirmed", "predicted", "suggested"};
  return k;
}

const std::unordered_set<std::string>& prepositions() {
  static const std::unordered_set<std::string> k = {
      "in",   "on",     "at",    "to",     "from",   "with",    "by",      "for",
      "of",   "about",  "against", "among", "between", "into",  "onto",    "over",
      "under", "after", "before", "during", "since",  "until",   "through", "across",
      "toward", "towards", "without", "within", "upon", "around", "behind",  "beyond",
      "despite", "near", "amid", "via", "along", "outside", "inside", "throughout", "as"};
  return k;
}

struct Graph {
  const LgParse& p;
  const std::vector<Token>& toks;
  std::vector<std::vector<int>> adj;  // word -> link indexes
  explicit Graph(const LgParse& pp, const std::vector<Token>& t) : p(pp), toks(t) {
    adj.resize(p.words.size());
    for (size_t i = 0; i < p.links.size(); ++i) {
      const auto& l = p.links[i];
      if (l.left < 0 || l.right < 0 || static_cast<size_t>(l.left) >= adj.size() ||
          static_cast<size_t>(l.right) >= adj.size())
        continue;
      adj[l.left].push_back(static_cast<int>(i));
      adj[l.right].push_back(static_cast<int>(i));
    }
  }
  int other(int li, int w) const {
    const auto& l = p.links[li];
    return l.left == w ? l.right : l.left;
  }
  const std::string& label(int li) const { return p.links[li].label; }
  std::string lw(int w) const { return text::lower(p.words[w].base); }
  bool isWall(int w) const { return p.words[w].token < 0; }
  bool isVerb(int w) const {
    const std::string& s = p.words[w].subscript;
    return !s.empty() && (s[0] == 'v' || s[0] == 'w' || s[0] == 'q');
  }
  bool isConj(int w) const {
    const std::string& s = p.words[w].subscript;
    return !s.empty() && s[0] == 'j';
  }
  // Links of w going right (other end > w) with the given prefix.
  std::vector<int> right(int w, const std::string& pre) const {
    std::vector<int> r;
    for (int li : adj[w]) {
      if (p.links[li].left == w && prefixOf(label(li)) == pre) r.push_back(p.links[li].right);
    }
    std::sort(r.begin(), r.end());
    return r;
  }
  std::vector<int> left(int w, const std::string& pre) const {
    std::vector<int> r;
    for (int li : adj[w]) {
      if (p.links[li].right == w && prefixOf(label(li)) == pre) r.push_back(p.links[li].left);
    }
    std::sort(r.begin(), r.end());
    return r;
  }
};

enum class Mode { kFull, kCore, kClause };

bool skipLabel(const std::string& pre, const std::string& sub, Mode m) {
  if (pre == "W" || pre == "X" || pre == "RW" || pre == "LW") return true;
  if (m == Mode::kClause) return pre == "CO" && false;
  if (pre == "S" || pre == "SF" || pre == "SI" || pre == "SX" || pre == "CO" || pre == "CV" ||
      pre == "C" || pre == "CP" || pre == "R" || pre == "RS" || pre == "B" || pre == "MX" ||
      pre == "VJ" || pre == "WV" || pre == "IV" || pre == "QU" || pre == "Q")
    return true;
  if (m == Mode::kCore) {
    if (pre == "M") {
      // keep prepositional noun modifiers ("group of 22 countries"), drop participles/clauses
      return !(sub.empty() || sub[0] == 'p' || sub[0] == 'f');
    }
    if (pre == "MV" || pre == "O" || pre == "TO" || pre == "I" || pre == "P" || pre == "PP" ||
        pre == "TH" || pre == "E" || pre == "EA" || pre == "N")
      return false;  // they cannot be reached from a noun head without a participle anyway
  }
  return false;
}

// Words reachable from `start` without crossing blocked words, skipped labels, or the range.
std::vector<int> closure(const Graph& g, int start, const std::set<int>& blocked, Mode m, int lo,
                         int hi) {
  std::vector<int> out;
  std::vector<char> seen(g.p.words.size(), 0);
  std::vector<std::pair<int, Mode>> stack{{start, m}};
  seen[start] = 1;
  while (!stack.empty()) {
    auto [w, wm] = stack.back();
    stack.pop_back();
    out.push_back(w);
    for (int li : g.adj[w]) {
      int o = g.other(li, w);
      if (seen[o] || blocked.count(o) || g.isWall(o) || o < lo || o >= hi) continue;
      const std::string& lab = g.label(li);
      std::string pre = prefixOf(lab);
      Mode om = wm;
      // "accusations that the trainees are in detention camps": a complementizer opens a
      // clause that belongs to the noun phrase
      std::string wl = g.lw(w);
      if (wm == Mode::kFull && pre == "C" && o > w &&
          (wl == "that" || wl == "whether" || wl == "if")) {
        om = Mode::kClause;
      } else if (skipLabel(pre, subOf(lab), wm)) {
        continue;
      }
      // In core mode do not follow into verbs (participial modifiers), and keep only "of" and
      // "for" modifiers ("group of 22 countries", "Commissioner for Human Rights").
      if (wm == Mode::kCore && g.isVerb(o)) continue;
      if (wm == Mode::kCore && pre == "M") {
        std::string ol = g.lw(o);
        bool title = g.p.words[w].token >= 0 &&
                     text::isUpperInitial(g.toks[g.p.words[w].token].text);
        if (ol != "of" && !(ol == "for" && title)) continue;
      }
      seen[o] = 1;
      stack.push_back({o, om});
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<int> toTokens(const Graph& g, const std::vector<int>& words) {
  std::vector<int> t;
  for (int w : words) {
    int k = g.p.words[w].token;
    if (k < 0) continue;
    int last = std::max(k, g.p.words[w].tokenLast);
    for (int x = k; x <= last; ++x) t.push_back(x);
  }
  std::sort(t.begin(), t.end());
  t.erase(std::unique(t.begin(), t.end()), t.end());
  return t;
}

// Trims punctuation at the ends of a token list, and unbalanced quotes/brackets.
void trimPunct(const std::vector<Token>& toks, std::vector<int>& idx) {
  auto bad = [&](int k) {
    const std::string& x = toks[k].text;
    return x == "," || x == ";" || x == ":" || x == "." || x == "--" || x == "-" || x == "``" ||
           x == "''" || x == "\"" || x == "'" || x == "`";
  };
  while (!idx.empty() && bad(idx.back())) idx.pop_back();
  while (!idx.empty() && bad(idx.front())) idx.erase(idx.begin());
  // unbalanced brackets
  int open = 0;
  for (int k : idx) {
    const std::string& x = toks[k].text;
    if (x == "(" || x == "-LRB-") ++open;
    if (x == ")" || x == "-RRB-") --open;
  }
  if (open != 0 && !idx.empty()) {
    const std::string& x = toks[idx.back()].text;
    if (open > 0 && (x == "(" || x == "-LRB-")) idx.pop_back();
    if (!idx.empty()) {
      const std::string& y = toks[idx.front()].text;
      if (open < 0 && (y == ")" || y == "-RRB-")) idx.erase(idx.begin());
    }
  }
}

// A subject is the clause's own noun phrase: cut at the last comma before its head and at the
// first comma after it ("To counter critics, last month China" -> "China"; "China experts,
// drawing on ..., estimate" -> "China experts"); leading time words and conjunctions go too.
void tidySubject(const std::vector<Token>& toks, std::vector<int>& idx, int headTok) {
  if (idx.empty() || headTok < 0) return;
  std::vector<int> out;
  int lastComma = -1, firstComma = -1;
  for (int k : idx) {
    const std::string& x = toks[k].text;
    if (x == "," || x == ";" || x == "--" || x == ":") {
      if (k < headTok) lastComma = k;
      else if (firstComma < 0) firstComma = k;
    }
  }
  for (int k : idx) {
    if (k <= lastComma) continue;
    if (firstComma >= 0 && k >= firstComma) continue;
    out.push_back(k);
  }
  static const std::unordered_set<std::string> lead = {
      "and", "but", "or", "so", "yet", "last", "next", "this", "that", "month", "week", "year",
      "day", "today", "yesterday", "earlier", "later", "then", "also", "now", "meanwhile",
      "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "morning",
      "evening", "night", "afternoon", "tonight", "recently", "however", "still"};
  while (out.size() > 1 && lead.count(text::lower(toks[out.front()].text)) &&
         out.front() < headTok)
    out.erase(out.begin());
  trimPunct(toks, out);
  if (!out.empty()) idx = out;
}

ArgT makeArg(const Graph& g, int head, const std::set<int>& blocked, int lo, int hi,
             Mode m = Mode::kFull) {
  ArgT a;
  a.toks = toTokens(g, closure(g, head, blocked, m, lo, hi));
  trimPunct(g.toks, a.toks);
  if (m != Mode::kClause) {
    a.core = toTokens(g, closure(g, head, blocked, Mode::kCore, lo, hi));
    trimPunct(g.toks, a.core);
  } else {
    a.core = a.toks;
  }
  // coordinated members ("Britain, France and Germany"): the phrase split at commas and
  // conjunctions
  if (g.isConj(head)) {
    std::vector<int> cur;
    auto flush = [&]() {
      trimPunct(g.toks, cur);
      if (!cur.empty() && cur.size() <= 6) a.members.push_back(cur);
      cur.clear();
    };
    const auto& src = a.core.empty() ? a.toks : a.core;
    for (int k : src) {
      std::string l = text::lower(g.toks[k].text);
      if (l == "," || l == "and" || l == "or" || l == ";") {
        flush();
        continue;
      }
      cur.push_back(k);
    }
    flush();
    if (a.members.size() < 2) a.members.clear();
  }
  return a;
}

struct Pred {
  int head;         // first verb word (finite)
  int subj = -1;    // subject head word (-1: none)
  bool inverted = false;
  double penalty = 0;
  bool participle = false;
};

}  // namespace

bool isSpeechVerb(std::string_view w) { return speechVerbs().count(std::string(w)) > 0; }

bool isPronoun(std::string_view w) {
  static const std::unordered_set<std::string_view> k = {
      "he", "she", "it", "they", "him", "her", "them", "his", "its", "their", "we", "i", "you"};
  return k.count(w) > 0;
}

std::string renderTokens(const std::vector<Token>& toks, const std::vector<int>& idx,
                         std::string_view norm) {
  std::string out;
  int prev = -1;
  for (int k : idx) {
    if (k < 0 || static_cast<size_t>(k) >= toks.size()) continue;
    if (!out.empty()) {
      bool adjacent = prev >= 0 && k == prev + 1 && toks[prev].end == toks[k].begin;
      if (!adjacent) out.push_back(' ');
    }
    out.append(norm.substr(toks[k].begin, toks[k].end - toks[k].begin));
    prev = k;
  }
  return out;
}

namespace {
bool withPossessives() {
  static const bool on = [] {
    const char* e = std::getenv("KG_EXTRACT_POSSESSIVES");
    return !e || *e != '0';
  }();
  return on;
}
// Below the pattern fallback (0.15): on CaRB dev these tuples match a gold tuple a fifth of
// the time, against more than half for every other kind.
double possessiveConf() { return 0.1; }
}  // namespace

std::vector<FactT> clauseFacts(const LgParse& p, const std::vector<Token>& toks,
                               std::string_view /*norm*/, double baseConf) {
  std::vector<FactT> out;
  if (!p.ok) return out;
  Graph g(p, toks);
  int nw = static_cast<int>(p.words.size());
  // last real word index + 1 (exclude RIGHT-WALL and final punctuation)
  int hiAll = nw;
  while (hiAll > 0 && g.isWall(hiAll - 1)) --hiAll;

  // 1. Predicates with explicit subjects.
  std::vector<Pred> preds;
  std::set<int> coreSubjects;  // antecedents of relative pronouns: their own noun phrase only
  std::set<int> seenHeads;
  std::set<int> seenConj;
  std::function<void(int, int, double)> addHead = [&](int h, int s, double pen) {
    if (g.isConj(h)) {
      if (!seenConj.insert(h).second) return;
      for (int li : g.adj[h]) {
        std::string pre = prefixOf(g.label(li));
        if (pre != "VJ") continue;
        int o = g.other(li, h);
        if (o == h) continue;
        addHead(o, s, pen + 0.02);
      }
      return;
    }
    if (seenHeads.count(h)) return;
    seenHeads.insert(h);
    Pred pr;
    pr.head = h;
    pr.subj = s;
    pr.penalty = pen;
    preds.push_back(pr);
  };
  for (const auto& l : p.links) {
    std::string pre = prefixOf(l.label);
    if (pre == "S" || pre == "SF" || pre == "SX") {
      int s = l.left, h = l.right;
      // relative pronoun subject -> antecedent
      std::string sl = g.lw(s);
      if (sl == "who" || sl == "which" || sl == "that") {
        // restrictive (R) or, between commas, non-restrictive (MX: "The mine, which is ...")
        auto ante = g.left(s, "R");
        if (ante.empty()) ante = g.left(s, "MX");
        if (!ante.empty()) {
          s = ante.back();
          coreSubjects.insert(s);
        } else if (int t = g.p.words[s].token; t >= 2 && toks[t - 1].text == ",") {
          // a linkage that starts a new clause at ", who ...": the noun before the comma
          for (int w = 0; w < nw; ++w)
            if (g.p.words[w].token == t - 2 && !g.isVerb(w)) {
              s = w;
              coreSubjects.insert(w);
            }
        } else if (t >= 3 && isTimeWord(text::lower(toks[t - 1].text)) &&
                   isTimePreposition(text::lower(toks[t - 2].text))) {
          // "an agreement on Monday that cuts ...": the clause belongs to the noun before the
          // time phrase, which the linkage left without an antecedent
          for (int w = 0; w < nw; ++w)
            if (g.p.words[w].token == t - 3 && !g.isVerb(w) &&
                !text::isFunctionWord(text::lower(toks[t - 3].text)) && !text::isPunct(toks[t - 3].text)) {
              s = w;
              coreSubjects.insert(w);
            }
        }
      }
      addHead(h, s, 0);
    } else if (pre == "SI") {
      addHead(l.left, l.right, 0.05);
      // the subject follows its verb ("said the minister"): it is read after the verb
      for (auto& pr : preds)
        if (pr.head == l.left && pr.subj == l.right && l.right > l.left) pr.inverted = true;
    } else if (pre == "RS") {
      auto ante = g.left(l.left, "R");
      addHead(l.right, ante.empty() ? -1 : ante.back(), 0.05);
    }
  }
  // Verbs coordinated with a predicate verb ("enters X and flows along Y", "has instituted X
  // and allowed Y") share its subject.
  for (size_t i = 0; i < preds.size(); ++i) {
    int h = preds[i].head;
    for (int li : g.adj[h]) {
      if (prefixOf(g.label(li)) != "VJ") continue;
      int conj = g.other(li, h);
      if (!g.isConj(conj) || seenConj.count(conj)) continue;
      seenConj.insert(conj);
      for (int lj : g.adj[conj]) {
        if (prefixOf(g.label(lj)) != "VJ") continue;
        int v2 = g.other(lj, conj);
        if (v2 == h || seenHeads.count(v2)) continue;
        seenHeads.insert(v2);
        Pred pr = preds[i];
        pr.head = v2;
        pr.penalty += 0.05;
        preds.push_back(pr);
      }
    }
  }
  // Participial modifiers: noun -Mv/Mg-> participle.
  for (const auto& l : p.links) {
    std::string pre = prefixOf(l.label), sub = subOf(l.label);
    if (pre == "M" && !sub.empty() && (sub[0] == 'v' || sub[0] == 'g') && g.isVerb(l.right)) {
      if (seenHeads.count(l.right)) continue;
      seenHeads.insert(l.right);
      Pred pr;
      pr.head = l.right;
      pr.subj = l.left;
      pr.penalty = 0.2;
      pr.participle = true;
      preds.push_back(pr);
    }
  }

  // 2. Build facts.
  struct Nested {
    int toWord, subjWord;
    std::vector<int> mainSubj, mainRel, mainObj;  // tokens of the governing fact
    bool objectControl;
    bool speech;
  };
  std::vector<Nested> nested;  // infinitives ("told China to uphold ...")
  int currentPredSubj = -1;
  int clauseAfterObject = -1;  // first token of a clause that follows the object, or -1
  auto build = [&](const Pred& pr, FactT& f) -> bool {
    std::vector<int> chain{pr.head};
    int cur = pr.head;
    std::set<int> blocked{pr.head};
    std::vector<int> relWords{pr.head};
    for (int step = 0; step < 6; ++step) {
      int next = -1;
      for (const char* pre : {"PP", "I", "P"}) {
        auto r = g.right(cur, pre);
        for (int x : r) {
          if (std::string(pre) == "P") {
            // only passive/progressive participles chain (Pv, Pg); Pa/Pp are complements
            bool ok = false;
            for (int li : g.adj[cur]) {
              if (g.other(li, cur) != x) continue;
              if (subOf(g.label(li)).rfind("v", 0) == 0) {
                ok = true;
                if (g.p.words[x].token >= 0) f.passive = g.p.words[x].token;
              }
              if (subOf(g.label(li)).rfind("g", 0) == 0) ok = true;
            }
            if (!ok) continue;
          }
          next = x;
          break;
        }
        if (next >= 0) break;
      }
      if (next < 0) {
        // catenative "to" without an object: "wants to go", "have yet to agree"
        auto objs = g.right(cur, "O");
        auto to = g.right(cur, "TO");
        if (objs.empty() && !to.empty()) {
          auto inf = g.right(to.front(), "I");
          if (!inf.empty()) {
            relWords.push_back(to.front());
            blocked.insert(to.front());
            next = inf.front();
          }
        }
      }
      if (next < 0 || blocked.count(next)) break;
      chain.push_back(next);
      relWords.push_back(next);
      blocked.insert(next);
      cur = next;
    }
    int v = chain.back();
    // negation and particles
    for (int c : chain) {
      for (int x : g.right(c, "N")) {
        relWords.push_back(x);
        f.negated = true;
      }
    }
    for (int x : g.right(v, "K")) {
      relWords.push_back(x);
      blocked.insert(x);
    }
    for (int x : relWords) blocked.insert(x);
    int hi = hiAll;
    // subject
    if (pr.subj >= 0) {
      int shi = pr.inverted ? hi : std::min(pr.head, hi);
      int slo = pr.inverted ? pr.head + 1 : 0;
      if (pr.participle) shi = pr.subj + 1;
      std::set<int> sb = blocked;
      f.subj = makeArg(g, pr.subj, sb, slo, pr.participle ? hi : shi,
                       pr.participle ? Mode::kCore : Mode::kFull);
      if (coreSubjects.count(pr.subj)) {
        // the antecedent's own phrase: after the last verb or comma before it
        int at = g.p.words[pr.subj].token, cut = -1;
        int from = at, to = at;
        if (g.isConj(pr.subj)) {
          // a coordination ("Tanzania, Uganda and Rwanda, which ..."): all its members, with
          // the commas between them (link-grammar may join the first two with the comma)
          std::vector<int> stack{pr.subj};
          std::set<int> seen{pr.subj};
          while (!stack.empty()) {
            int w = stack.back();
            stack.pop_back();
            int t = g.p.words[w].token;
            if (t >= 0) {
              from = std::min(from, t);
              to = std::max(to, std::max(t, g.p.words[w].tokenLast));
            }
            for (int li : g.adj[w]) {
              int o = g.other(li, w);
              if (prefixOf(g.label(li)) == "SJ" && seen.insert(o).second) stack.push_back(o);
            }
          }
        }
        for (int w = 0; w < nw; ++w) {
          int t = g.p.words[w].token;
          if (t >= 0 && t < from && g.isVerb(w)) cut = std::max(cut, t);
        }
        for (int t = 0; t < from; ++t)
          if (toks[t].text == "," || toks[t].text == ";") cut = std::max(cut, t);
        auto keep = [&](std::vector<int>& v) {
          std::vector<int> o;
          for (int t : v)
            if (t > cut && t <= to) o.push_back(t);
          v = o;
        };
        keep(f.subj.toks);
        keep(f.subj.core);
        if (f.subj.core.empty()) f.subj.core = f.subj.toks;
      }
      if (!g.isConj(pr.subj) && g.p.words[pr.subj].token >= 0) {
        tidySubject(toks, f.subj.toks, g.p.words[pr.subj].token);
        tidySubject(toks, f.subj.core, g.p.words[pr.subj].token);
      }
      if (pr.participle) {
        // the noun phrase up to the participle
        std::vector<int> t;
        for (int k : f.subj.toks)
          if (k < p.words[pr.head].token) t.push_back(k);
        f.subj.toks = t;
      }
      for (int k : closure(g, pr.subj, sb, Mode::kFull, slo, shi)) blocked.insert(k);
    }
    std::string vl = g.lw(v);
    // complements
    bool copula = isBeForm(vl);
    std::vector<int> objs = g.right(v, "O");
    int objHead = -1;
    if (!objs.empty()) objHead = objs.front();
    if (copula && objHead < 0) {
      auto pa = g.right(v, "P");
      for (int x : pa) {
        bool prep = false;
        for (int li : g.adj[v])
          if (g.other(li, v) == x && subOf(g.label(li)).rfind("p", 0) == 0) prep = true;
        if (prep) {
          auto js = g.right(x, "J");
          relWords.push_back(x);
          blocked.insert(x);
          if (!js.empty()) objHead = js.front();
        } else {
          objHead = x;
        }
        break;
      }
    }
    if (objHead >= 0) {
      f.obj = makeArg(g, objHead, blocked, v + 1, hi);
    }
    // clausal complement
    if (objHead < 0) {
      for (int li : g.adj[v]) {
        const auto& l = p.links[li];
        if (l.left != v) continue;
        std::string pre = prefixOf(l.label);
        if (pre == "TH" || pre == "C" || pre == "QU" || pre == "CP") {
          int start = l.right;
          if (pre == "TH") {
            relWords.push_back(start);
            blocked.insert(start);
            auto cs = g.right(start, "C");
            if (cs.empty()) break;
            start = cs.front();
          }
          f.obj = makeArg(g, start, blocked, v + 1, hi, Mode::kClause);
          f.obj.literal = true;
          f.kind = FactKind::kStatement;
          break;
        }
      }
    }
    // a clause after the object: "told reporters that the protesters had damaged ...",
    // "warned them the strike would continue" (the clause is an argument after the object)
    clauseAfterObject = -1;
    static const std::unordered_set<std::string> telling = {
        "told", "tell", "tells", "telling", "informed", "informs", "assured", "assures",
        "reminded", "reminds", "warned", "warns", "convinced", "persuaded", "promised",
        "promises", "notified", "advised", "taught", "showed", "shows", "asked", "urged"};
    if (objHead >= 0 && telling.count(vl)) {
      for (int li : g.adj[v]) {
        const auto& l = p.links[li];
        std::string pre = prefixOf(l.label);
        if (l.left != v || !(pre == "TH" || pre == "C")) continue;
        int start = l.right;
        // a comment after a comma (", he adds") is not the clause told
        int st = g.p.words[start].token;
        if (st < 1 || toks[static_cast<size_t>(st - 1)].text == ",") break;
        std::set<int> inObject;
        for (int k : closure(g, objHead, blocked, Mode::kFull, v + 1, hi)) inObject.insert(k);
        if (inObject.count(start)) break;
        std::set<int> b = blocked;
        b.insert(inObject.begin(), inObject.end());
        ArgT clause = makeArg(g, start, b, v + 1, hi, Mode::kClause);
        if (pre == "TH" && !clause.toks.empty() &&
            text::lower(toks[static_cast<size_t>(clause.toks.front())].text) == "that")
          clause.toks.erase(clause.toks.begin());
        clause.core = clause.toks;
        clause.literal = true;
        if (clause.toks.size() >= 2) {
          for (int k : closure(g, start, b, Mode::kClause, v + 1, hi)) blocked.insert(k);
          f.extras.push_back(clause);
          clauseAfterObject = clause.toks.front();
          f.kind = FactKind::kStatement;
        }
        break;
      }
    }
    // an inverted comment: "The economy, said the minister, is growing" -> the minister said
    // the rest of the sentence (the comment is closed by a comma: Xc)
    if (objHead < 0 && f.obj.empty()) {
      auto eq = g.right(v, "E");
      auto closer = g.right(v, "X");
      int close = -1;
      for (int x : closer)
        if (g.p.words[x].token >= 0 && toks[static_cast<size_t>(g.p.words[x].token)].text == ",")
          close = x;
      if (!eq.empty() && close > v && !pr.participle) {
        std::vector<int> rest;
        // the comma before the comment ("The specialists, a trader said, were ...")
        int open = pr.subj >= 0 ? std::min(v, pr.subj) : v;
        while (open > 0 && !g.isWall(open - 1) && g.lw(open - 1) != "," && v - open < 8) --open;
        if (open > 0 && !g.isWall(open - 1) && g.lw(open - 1) == ",") --open;
        for (int w = 0; w < hiAll; ++w)
          if (!g.isWall(w) && (w < open || w > close)) rest.push_back(w);
        f.obj.toks = toTokens(g, rest);
        trimPunct(toks, f.obj.toks);
        f.obj.core = f.obj.toks;
        f.obj.literal = true;
        if (f.obj.toks.size() >= 3) f.kind = FactKind::kStatement;
        else f.obj = ArgT();
      }
    }
    std::set<int> used = blocked;
    for (int k : closure(g, objHead >= 0 ? objHead : v, blocked, Mode::kFull, v + 1, hi))
      if (objHead >= 0) used.insert(k);
    // second objects, prepositional and infinitival arguments
    std::vector<std::pair<int, ArgT>> extras;
    for (size_t i = 1; i < objs.size(); ++i)
      extras.push_back({objs[i], makeArg(g, objs[i], used, v + 1, hi)});
    for (int c : chain) {
      for (int li : g.adj[c]) {
        const auto& l = p.links[li];
        if (l.left != c) continue;
        std::string pre = prefixOf(l.label), sub = subOf(l.label);
        int x = l.right;
        if (used.count(x)) continue;
        // OF: verbs that take "of" ("consists of", "approve of") link it on its own
        if ((pre == "MV" && (sub.empty() || sub[0] == 'p' || sub[0] == 'l' || sub[0] == 'h')) ||
            pre == "OF") {
          ArgT a = makeArg(g, x, used, c + 1, hi);
          if (!a.toks.empty()) extras.push_back({x, a});
        } else if ((pre == "TO" || (pre == "MV" && !sub.empty() && sub[0] == 'i')) && c == v &&
                   objHead >= 0) {
          ArgT a = makeArg(g, x, used, c + 1, hi, Mode::kClause);
          if (!a.toks.empty()) {
            extras.push_back({x, a});
            // "asked Ms. Bachelet to keep" / "told China to uphold" (object control: TOo, or an
            // infinitive after a speech verb) vs. "used X to support" (the subject's purpose)
            bool speech = isSpeechVerb(g.lw(v)) || g.lw(v) == "allowed" || g.lw(v) == "called";
            bool control = (pre == "TO" && sub.rfind("o", 0) == 0) || speech;
            Nested n;
            n.toWord = x;
            n.subjWord = control ? objHead : currentPredSubj;
            n.objectControl = control;
            n.speech = speech;
            n.mainRel = toTokens(g, relWords);
            n.mainObj = toTokens(g, closure(g, objHead, blocked, Mode::kCore, v + 1, hi));
            trimPunct(toks, n.mainObj);
            nested.push_back(n);
          }
        } else if (pre == "ON" || pre == "TM" || pre == "TY") {
          ArgT a = makeArg(g, x, used, c + 1, hi);
          if (!a.toks.empty()) extras.push_back({x, a});
        }
      }
    }
    // fronted phrases (openers) attached to the head: "In a letter to ..., the states told",
    // or to the subject ("By the end of the experiment several results were found")
    std::vector<int> openerHosts{pr.head};
    if (pr.subj >= 0 && !pr.inverted && !pr.participle && pr.subj < pr.head)
      openerHosts.push_back(pr.subj);
    for (int host : openerHosts)
    for (int li : g.adj[host]) {
      const auto& l = p.links[li];
      if (l.right != host || prefixOf(l.label) != "CO") continue;
      int x = l.left;
      if (g.isConj(x)) continue;
      std::string xl = g.lw(x);
      if (xl == "but" || xl == "and" || xl == "so" || xl == "however" || xl == "also") continue;
      ArgT a = makeArg(g, x, blocked, 0, host);
      if (a.toks.size() >= 2) extras.push_back({x, a});
    }
    std::sort(extras.begin(), extras.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    {
      std::set<int> taken(f.obj.toks.begin(), f.obj.toks.end());
      for (auto& e : extras) {
        bool overlap = false;
        for (int k : e.second.toks)
          if (taken.count(k)) overlap = true;
        if (overlap) continue;
        taken.insert(e.second.toks.begin(), e.second.toks.end());
        f.extras.push_back(std::move(e.second));
      }
    }
    // relation tokens
    f.rel = toTokens(g, relWords);
    if (f.rel.empty()) return false;
    // no object: the first prepositional extra becomes the object, its preposition joins the
    // relation ("withdrew from | the council")
    if (f.obj.empty() && !f.extras.empty()) {
      size_t pick = f.extras.size();
      for (size_t i = 0; i < f.extras.size(); ++i) {
        const auto& e = f.extras[i];
        if (e.toks.size() >= 2 && prepositions().count(text::lower(toks[e.toks.front()].text)) &&
            e.toks.front() > f.rel.back()) {
          pick = i;
          break;
        }
      }
      if (pick < f.extras.size()) {
        ArgT e = f.extras[pick];
        f.extras.erase(f.extras.begin() + static_cast<long>(pick));
        f.rel.push_back(e.toks.front());
        std::sort(f.rel.begin(), f.rel.end());
        e.toks.erase(e.toks.begin());
        if (!e.core.empty() && e.core.front() == f.rel.back()) e.core.erase(e.core.begin());
        auto it = std::find(e.core.begin(), e.core.end(), f.rel.back());
        if (it != e.core.end()) e.core.erase(it);
        f.obj = e;
      }
    }
    if (isSpeechVerb(vl) && f.kind != FactKind::kStatement && objHead >= 0) {
      // "said the letter provided ...": an object with a verb inside is reported content
      for (int w : closure(g, objHead, blocked, Mode::kFull, v + 1, hi))
        if (g.isVerb(w)) {
          f.kind = FactKind::kStatement;
          f.obj.literal = true;
          break;
        }
    }
    if (isSpeechVerb(vl) && f.obj.literal) f.kind = FactKind::kStatement;
    if (copula) f.kind = FactKind::kAttribute;
    double c = baseConf - pr.penalty;
    if (f.subj.empty()) c -= 0.25;
    if (f.obj.empty()) c -= 0.2;
    if (g.isConj(pr.head)) c -= 0.05;
    f.conf = std::max(0.05, std::min(0.99, c));
    f.fromParser = true;
    return true;
  };
  for (const auto& pr : preds) {
    FactT f;
    currentPredSubj = pr.subj;
    size_t before = nested.size();
    if (!build(pr, f)) continue;
    for (size_t i = before; i < nested.size(); ++i) nested[i].mainSubj = f.subj.toks;
    if (!f.subj.empty() && f.obj.empty() && f.extras.empty() && f.relText.empty()) {
      // "declined to comment", "refused to resign": what was declined is the infinitive
      for (size_t i = 1; i + 1 < f.rel.size(); ++i) {
        if (text::lower(toks[static_cast<size_t>(f.rel[i])].text) != "to") continue;
        f.obj.toks.assign(f.rel.begin() + static_cast<long>(i), f.rel.end());
        f.obj.core = f.obj.toks;
        f.obj.literal = true;
        f.rel.resize(i);
        break;
      }
    }
    if (f.subj.empty() || (f.obj.empty() && f.extras.empty())) continue;
    if (clauseAfterObject >= 0) {
      // "X | told | reporters | the protesters had damaged ..." for open IE; the graph says
      // what was told: "X | told | the protesters had damaged ..."
      FactT said = f;
      for (size_t i = 0; i < said.extras.size(); ++i)
        if (said.extras[i].toks.front() == clauseAfterObject) {
          said.obj = said.extras[i];
          said.extras.erase(said.extras.begin() + static_cast<long>(i));
          break;
        }
      said.carb = false;
      f.graph = false;
      out.push_back(std::move(said));
    }
    // A subject that starts with a verb ("wrote three novels ... | lived in | poverty") is a
    // relative clause whose antecedent the linkage missed: ranked with the guesses, below the
    // pattern fallback, and kept out of the graph.
    if (!f.subj.toks.empty()) {
      int t0 = f.subj.toks.front();
      for (int w = 0; w < nw; ++w)
        if (g.p.words[w].token == t0 && g.isVerb(w)) f.conf = std::min(f.conf, 0.13);
    }
    out.push_back(std::move(f));
  }
  // Infinitives with their own subject: "asked Ms. Bachelet to keep the council updated";
  // coordinated infinitives ("to uphold X, and stop Y, and permit Z") each give a fact, and
  // under object control also "the states | told China to uphold | X".
  for (size_t ni = 0; ni < nested.size() && ni < 64; ++ni) {
    const Nested n = nested[ni];  // a copy: build() may add to `nested`
    if (n.subjWord < 0) continue;
    std::vector<int> verbs;
    for (int x : g.right(n.toWord, "I")) {
      if (g.isConj(x)) {
        for (int li : g.adj[x])
          if (prefixOf(g.label(li)) == "VJ" && g.other(li, x) != x) verbs.push_back(g.other(li, x));
      } else {
        verbs.push_back(x);
      }
    }
    std::sort(verbs.begin(), verbs.end());
    for (int verb : verbs) {
      if (seenHeads.count(verb)) continue;
      seenHeads.insert(verb);
      Pred pr;
      pr.head = verb;
      pr.subj = n.subjWord;
      pr.penalty = 0.15;
      pr.participle = true;  // subject phrase taken as a core noun phrase
      FactT f;
      if (!build(pr, f)) continue;
      if (f.obj.empty() && f.extras.empty()) continue;
      std::vector<int> verbRel = f.rel;
      f.rel.insert(f.rel.begin(), p.words[n.toWord].token);
      std::sort(f.rel.begin(), f.rel.end());
      f.rel.erase(std::unique(f.rel.begin(), f.rel.end()), f.rel.end());
      // the infinitive's own reading is part of the governing fact in the graph
      f.graph = false;
      if (n.speech && !n.mainSubj.empty() && !n.mainRel.empty()) {
        FactT c = f;
        c.subj.toks = n.mainSubj;
        c.subj.core = n.mainSubj;
        std::string rel;
        for (int k : n.mainRel) rel += (rel.empty() ? "" : " ") + toks[k].text;
        for (int k : n.mainObj) rel += " " + toks[k].text;
        rel += " to";
        for (int k : verbRel) rel += " " + toks[k].text;
        c.relText = rel;
        c.rel = n.mainRel;
        c.conf = f.conf - 0.05;
        c.kind = isSpeechVerb(text::lower(toks[n.mainRel.back()].text)) ? FactKind::kStatement
                                                                        : FactKind::kAction;
        out.push_back(std::move(c));
      }
      out.push_back(std::move(f));
    }
  }
  // Passives with an agent read actively in the graph: "The pledge was drafted by the Blue
  // Harbour Alliance" -> "Blue Harbour Alliance | drafted | the pledge" (open IE keeps the
  // passive as written).
  std::vector<FactT> actives;
  for (auto& f : out) {
    if (f.passive < 0 || !f.graph || f.subj.empty() || !f.relText.empty()) continue;
    ArgT agent;
    std::vector<ArgT> rest;
    auto isBy = [&](int k) { return text::lower(toks[k].text) == "by"; };
    auto withoutFirst = [](ArgT a) {
      int first = a.toks.front();
      a.toks.erase(a.toks.begin());
      a.core.erase(std::remove(a.core.begin(), a.core.end(), first), a.core.end());
      if (a.core.empty()) a.core = a.toks;
      return a;
    };
    int prep = f.rel.back() > f.passive && prepositions().count(text::lower(toks[f.rel.back()].text))
                   ? f.rel.back()
                   : -1;
    // "was signed in | Nairobi by Laura Chen": the agent may hang inside the object
    size_t byAt = 0;
    for (size_t i = 1; i + 1 < f.obj.toks.size(); ++i)
      if (isBy(f.obj.toks[i]) && byAt == 0) byAt = i;
    if (!f.obj.empty()) {
      if (prep >= 0 && isBy(prep)) {
        agent = f.obj;
      } else if (byAt > 0) {
        int by = f.obj.toks[byAt];
        ArgT o, ag;
        o.toks.assign(f.obj.toks.begin(), f.obj.toks.begin() + static_cast<long>(byAt));
        if (prep >= 0) o.toks.insert(o.toks.begin(), prep);
        o.core = o.toks;
        ag.toks.assign(f.obj.toks.begin() + static_cast<long>(byAt) + 1, f.obj.toks.end());
        for (int k : f.obj.core)
          if (k > by) ag.core.push_back(k);
        if (ag.core.empty()) ag.core = ag.toks;
        trimPunct(toks, ag.toks);
        agent = ag;
        rest.push_back(o);
      } else {
        ArgT o = f.obj;
        if (prep >= 0) {
          o.toks.insert(o.toks.begin(), prep);
          o.literal = false;
        }
        rest.push_back(o);
      }
    }
    for (const auto& x : f.extras) {
      // the agent follows the participle ("By the end of the year, X was signed" has none)
      if (agent.empty() && x.toks.size() >= 2 && isBy(x.toks.front()) &&
          x.toks.front() > f.passive)
        agent = withoutFirst(x);
      else
        rest.push_back(x);
    }
    if (agent.empty() || agent.toks.empty()) continue;
    FactT a;
    a.subj = agent;
    a.relText = (f.negated ? "not " : "") + text::lower(toks[f.passive].text);
    a.rel = {f.passive};
    a.obj = f.subj;
    a.extras = rest;
    a.negated = f.negated;
    a.kind = FactKind::kAction;
    a.conf = f.conf;
    a.carb = false;
    a.fromParser = true;
    f.graph = false;
    actives.push_back(std::move(a));
  }
  for (auto& a : actives) out.push_back(std::move(a));
  // Copular lists: "Britain, France and Germany were among 18 countries" -> memberships.
  std::vector<FactT> members;
  for (const auto& f : out) {
    if (f.kind != FactKind::kAttribute || f.subj.members.size() < 2 || f.obj.empty()) continue;
    std::string rel;
    for (int k : f.rel) rel += text::lower(toks[k].text) + " ";
    if (rel.find("among") == std::string::npos && rel.find("members") == std::string::npos)
      continue;
    for (const auto& m : f.subj.members) {
      FactT mf;
      mf.subj.toks = m;
      mf.subj.core = m;
      mf.relText = "member of";
      mf.obj = f.obj;
      mf.obj.toks = f.obj.core.empty() ? f.obj.toks : f.obj.core;
      mf.kind = FactKind::kMembership;
      mf.conf = f.conf;
      mf.fromParser = true;
      members.push_back(std::move(mf));
    }
  }
  for (auto& m : members) out.push_back(std::move(m));

  // Locations, for open IE (CaRB-style "is in" tuples):
  //   "Henry Wood Hall in Glasgow"  -> Henry Wood Hall | is in | Glasgow
  auto capital = [&](int w) {
    int k = g.p.words[w].token;
    return k >= 0 && text::isUpperInitial(toks[k].text);
  };
  for (const auto& l : p.links) {
    std::string pre = prefixOf(l.label);
    if (pre == "M" && !subOf(l.label).empty() && subOf(l.label)[0] == 'p' && capital(l.left)) {
      int prep = l.right;
      std::string pl = g.lw(prep);
      if (pl != "in" && pl != "at" && pl != "near") continue;
      auto js = g.right(prep, "J");
      if (js.empty() || !capital(js.front())) continue;
      std::set<int> b{prep};
      FactT f;
      f.subj = makeArg(g, l.left, b, 0, prep, Mode::kCore);
      f.subj.toks = f.subj.core;
      f.obj = makeArg(g, js.front(), b, prep + 1, hiAll, Mode::kCore);
      f.obj.toks = f.obj.core;
      f.relText = "is " + pl;
      f.kind = FactKind::kAttribute;
      f.conf = 0.35;
      f.fromParser = true;
      if (!f.subj.toks.empty() && !f.obj.toks.empty()) out.push_back(std::move(f));
    }
  }
  // Variants for open IE: the first prepositional argument joined to the relation
  // ("flows | Muncy Creek | along the border" -> "flows along | Muncy Creek | the border").
  std::vector<FactT> variants;
  for (const auto& f : out) {
    if (!f.fromParser || !f.graph || f.obj.empty() || f.extras.empty() || f.kind == FactKind::kStatement)
      continue;
    const ArgT& e = f.extras.front();
    if (e.toks.size() < 2 || !prepositions().count(text::lower(toks[e.toks.front()].text)))
      continue;
    if (text::lower(toks[e.toks.front()].text) == "as" &&
        text::lower(toks[e.toks[1]].text) == "well")
      continue;  // "as well as B" is no preposition of the relation
    // a relation with its preposition already ("was released for") takes no second one, and
    // the preposition must follow the relation ("known in Japan as" is not "known in as")
    if (f.rel.empty() || prepositions().count(text::lower(toks[f.rel.back()].text)) ||
        e.toks.front() < f.rel.back())
      continue;
    FactT v = f;
    v.rel.push_back(e.toks.front());
    std::sort(v.rel.begin(), v.rel.end());
    v.obj = e;
    v.obj.toks.erase(v.obj.toks.begin());
    v.extras.erase(v.extras.begin());
    v.extras.insert(v.extras.begin(), f.obj);
    // below the pattern fallback and above the possessives: on CaRB dev a third of these
    // match a gold tuple
    v.conf = 0.12;
    v.graph = false;
    v.resolve = false;
    variants.push_back(std::move(v));
  }
  static const bool withVariants = [] {
    const char* e = std::getenv("KG_EXTRACT_VARIANTS");
    return !e || *e != '0';
  }();
  if (withVariants)
    for (auto& v : variants) out.push_back(std::move(v));
  return out;
}

// "The RSNO's base" -> "The RSNO | has | base", open IE only. Annotators of CaRB write such
// tuples for some possessives and not others, so they rank below every other reading.
std::vector<FactT> possessiveFacts(const LgParse& p, const std::vector<Token>& toks) {
  std::vector<FactT> out;
  if (!p.ok || !withPossessives()) return out;
  Graph g(p, toks);
  int hiAll = static_cast<int>(p.words.size());
  while (hiAll > 0 && g.isWall(hiAll - 1)) --hiAll;
  for (const auto& l : p.links) {
    std::string pre = prefixOf(l.label);
    if (pre != "YS" && pre != "YP") continue;
    int owner = l.left, poss = l.right;
    auto ds = g.right(poss, "D");
    if (ds.empty()) continue;
    std::set<int> none{poss};
    FactT f;
    f.subj = makeArg(g, owner, none, 0, poss, Mode::kCore);
    f.subj.toks = f.subj.core;
    f.obj = makeArg(g, ds.front(), none, poss + 1, hiAll, Mode::kCore);
    f.obj.toks = f.obj.core;
    f.relText = "has";
    f.kind = FactKind::kAttribute;
    f.conf = possessiveConf();
    f.graph = false;
    f.resolve = false;
    f.fromParser = true;
    if (!f.subj.toks.empty() && !f.obj.toks.empty()) out.push_back(std::move(f));
  }
  return out;
}

namespace {

bool looksVerb(const std::string& w, size_t pos) {
  static const std::unordered_set<std::string> common = {
      "is",    "are",   "was",   "were",   "has",    "have",   "had",    "will",   "would",
      "can",   "could", "said",  "says",   "told",   "made",   "took",   "gave",   "became",
      "found", "led",   "went",  "came",   "saw",    "began",  "won",    "lost",   "held",
      "met",   "left",  "built", "wrote",  "sent",   "brought", "kept",  "paid",   "sold",
      "may",   "might", "must",  "should", "does",   "did",    "do",     "remains", "includes",
      "shall", "got",   "knew",  "thought", "became", "grew",  "ran",    "rose",   "fell"};
  std::string l = text::lower(w);
  if (common.count(l)) return true;
  if (pos == 0) return false;
  if (l.size() > 4 && l.compare(l.size() - 2, 2, "ed") == 0 &&
      std::islower(static_cast<unsigned char>(w[0])))
    return true;
  return false;
}

bool isName(const std::string& w) {
  return !w.empty() && std::isupper(static_cast<unsigned char>(w[0]));
}

}  // namespace

std::vector<FactT> fallbackFacts(const std::vector<Token>& toks, std::string_view /*norm*/) {
  std::vector<FactT> out;
  int n = static_cast<int>(toks.size());
  if (n < 3 || n > 400) return out;
  // first verb-like word after at least one word
  int v = -1;
  for (int i = 1; i < n; ++i) {
    if (looksVerb(toks[i].text, static_cast<size_t>(i))) {
      v = i;
      break;
    }
  }
  if (v < 0) return out;
  FactT f;
  int sb = 0;
  // subject: the words before the verb after the last comma
  for (int i = v - 1; i >= 0; --i) {
    if (toks[i].text == "," || toks[i].text == ";" || toks[i].text == ":") {
      sb = i + 1;
      break;
    }
  }
  for (int i = sb; i < v; ++i) f.subj.toks.push_back(i);
  trimPunct(toks, f.subj.toks);
  f.subj.core = f.subj.toks;
  int ve = v + 1;
  while (ve < n && ve < v + 3 && looksVerb(toks[ve].text, 1)) ++ve;
  for (int i = v; i < ve; ++i) f.rel.push_back(i);
  for (int i = ve; i < n; ++i) {
    const std::string& x = toks[i].text;
    if (x == ";" || x == "." || (x == "," && i - ve > 3)) break;
    f.obj.toks.push_back(i);
  }
  trimPunct(toks, f.obj.toks);
  f.obj.core = f.obj.toks;
  if (f.subj.toks.empty() || f.obj.toks.empty()) return out;
  f.conf = 0.15;
  out.push_back(std::move(f));
  return out;
}

namespace {

bool isQuoteTok(const std::string& x) {
  return x == "\"" || x == "``" || x == "''";
}

// Capitalized run starting at i ("John Fisher", "Human Rights Watch"); returns end (exclusive).
int nameRun(const std::vector<Token>& toks, int i, int n) {
  int j = i;
  while (j < n) {
    const std::string& x = toks[j].text;
    if (isName(x) && !text::isPunct(x)) {
      ++j;
      continue;
    }
    std::string l = text::lower(x);
    if ((l == "of" || l == "for" || l == "the" || l == "'s" || isNameParticle(x)) && j > i && j + 1 < n &&
        isName(toks[j + 1].text))
    {
      ++j;
      continue;
    }
    break;
  }
  return j;
}

}  // namespace

std::vector<FactT> quoteFacts(const std::vector<Token>& toks, std::string_view /*norm*/) {
  std::vector<FactT> out;
  int n = static_cast<int>(toks.size());
  std::vector<std::pair<int, int>> quotes;  // [open, close] token indexes
  int open = -1;
  for (int i = 0; i < n; ++i) {
    if (!isQuoteTok(toks[i].text)) continue;
    bool opening = toks[i].text == "``" || (toks[i].text == "\"" && open < 0);
    if (toks[i].text == "''") opening = false;
    if (opening && open < 0) {
      open = i;
    } else if (open >= 0) {
      quotes.push_back({open, i});
      open = -1;
    }
  }
  for (auto [qb, qe] : quotes) {
    if (qe - qb - 1 < 3) continue;
    std::vector<int> content;
    for (int k = qb + 1; k < qe; ++k) content.push_back(k);
    trimPunct(toks, content);
    if (content.empty()) continue;
    // attribution after the quote: `"...," he said` / `"...," said X` / `"...," X, role, said`
    int speakerB = -1, speakerE = -1, verb = -1;
    int i = qe + 1;
    while (i < n && (toks[i].text == "," || toks[i].text == ".")) ++i;
    if (i < n) {
      int j = i;
      // speaker then verb (allow an apposition between commas)
      int limit = std::min(n, i + 25);
      for (int k = i; k < limit; ++k) {
        if (isSpeechVerb(text::lower(toks[k].text)) && k > i) {
          verb = k;
          break;
        }
        if (k == i && isSpeechVerb(text::lower(toks[k].text))) {
          verb = k;
          break;
        }
        if (isQuoteTok(toks[k].text)) break;
      }
      if (verb == i) {  // said X
        int e = nameRun(toks, verb + 1, n);
        if (e == verb + 1 && verb + 1 < n && isPronoun(text::lower(toks[verb + 1].text))) e = verb + 2;
        if (e > verb + 1) {
          speakerB = verb + 1;
          speakerE = e;
        }
      } else if (verb > i) {
        speakerB = j;
        speakerE = j + 1;
        if (isName(toks[j].text)) speakerE = nameRun(toks, j, verb);
        else {
          // noun phrase up to a comma or the verb
          int k = j;
          while (k < verb && toks[k].text != ",") ++k;
          speakerE = k;
        }
      }
    }
    // attribution before the quote: `X said: "..."` / `X said "..."`
    if (verb < 0 && qb >= 2) {
      int k = qb - 1;
      if (toks[k].text == ":" || toks[k].text == ",") --k;
      if (k >= 1 && isSpeechVerb(text::lower(toks[k].text))) {
        verb = k;
        int b = k - 1;
        while (b > 0 && toks[b - 1].text != "," && !isQuoteTok(toks[b - 1].text)) --b;
        speakerB = b;
        speakerE = k;
      }
    }
    if (verb < 0 || speakerB < 0 || speakerE <= speakerB) continue;
    // Split the quote into its sentences ("This deal opens ... . It also gives ...") and at
    // ", and" between clauses: one statement each.
    std::vector<std::vector<int>> parts;
    std::vector<int> cur;
    for (size_t c = 0; c < content.size(); ++c) {
      int k = content[c];
      const std::string& x = toks[k].text;
      if ((x == "." || x == "!" || x == "?") && c + 1 < content.size() && cur.size() >= 3 &&
          isName(toks[content[c + 1]].text) && !text::isPunct(toks[content[c + 1]].text)) {
        cur.push_back(k);
        parts.push_back(cur);
        cur.clear();
        continue;
      }
      if (toks[k].text == "," && c + 1 < content.size() &&
          text::lower(toks[content[c + 1]].text) == "and" && c + 4 < content.size() &&
          cur.size() >= 4) {
        parts.push_back(cur);
        cur.clear();
        ++c;  // skip "and"
        continue;
      }
      cur.push_back(k);
    }
    if (!cur.empty()) parts.push_back(cur);
    for (auto& part : parts) {
      trimPunct(toks, part);
      if (part.empty()) continue;
      FactT f;
      for (int k = speakerB; k < speakerE; ++k) f.subj.toks.push_back(k);
      trimPunct(toks, f.subj.toks);
      f.subj.core = f.subj.toks;
      f.rel = {verb};
      f.obj.toks = part;
      f.obj.core = part;
      f.obj.literal = true;
      f.kind = FactKind::kStatement;
      f.conf = 0.8;
      f.carb = parts.size() == 1;
      out.push_back(std::move(f));
    }
  }
  return out;
}

std::vector<FactT> continuedQuoteFacts(const std::vector<Token>& toks) {
  std::vector<FactT> out;
  int n = static_cast<int>(toks.size());
  int last = n - 1;
  while (last > 0 && (toks[static_cast<size_t>(last)].text == "." ||
                      toks[static_cast<size_t>(last)].text == "!" ||
                      toks[static_cast<size_t>(last)].text == "?"))
    --last;
  if (n < 5 || !isQuoteTok(toks[0].text) || !isQuoteTok(toks[static_cast<size_t>(last)].text))
    return out;
  for (int k = 1; k < last; ++k)
    if (isQuoteTok(toks[static_cast<size_t>(k)].text)) return out;  // an attribution between
  std::vector<std::vector<int>> parts(1);
  for (int k = 1; k < last; ++k) {
    const std::string& x = toks[static_cast<size_t>(k)].text;
    parts.back().push_back(k);
    if ((x == "." || x == "!" || x == "?") && k + 1 < last && isName(toks[static_cast<size_t>(k + 1)].text))
      parts.emplace_back();
  }
  for (auto& part : parts) {
    trimPunct(toks, part);
    if (part.size() < 3) continue;
    FactT f;
    f.relText = "said";
    f.obj.toks = f.obj.core = part;
    f.obj.literal = true;
    f.kind = FactKind::kStatement;
    f.conf = 0.6;
    f.carb = false;
    f.previousSpeaker = true;
    out.push_back(std::move(f));
  }
  return out;
}

namespace {

const std::unordered_set<std::string>& roleWords() {
  static const std::unordered_set<std::string> k = {
      "president", "minister", "secretary", "director", "governor", "commissioner", "ambassador",
      "spokesman", "spokeswoman", "spokesperson", "chief", "head", "leader", "chairman",
      "chairwoman", "chair", "envoy", "diplomat", "official", "senator", "representative",
      "general", "mayor", "king", "queen", "prince", "premier", "chancellor", "founder",
      "executive", "officer", "manager", "editor", "professor", "judge", "adviser", "advisor",
      "deputy", "coordinator", "rapporteur", "negotiator", "member", "author", "analyst",
      "researcher", "expert", "activist", "lawyer", "economist", "correspondent", "captain",
      "coach", "player", "footballer", "politician", "writer", "actor", "singer", "uighur"};
  return k;
}

bool hasRoleWord(const std::vector<Token>& toks, int b, int e) {
  for (int k = b; k < e; ++k)
    if (roleWords().count(text::lower(toks[k].text))) return true;
  return false;
}

bool isNumberWord(const std::string& l) {
  static const std::unordered_set<std::string> k = {
      "two",    "three",  "four",     "five",     "six",      "seven",   "eight",
      "nine",   "ten",    "eleven",   "twelve",   "thirteen", "fourteen", "fifteen",
      "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty", "forty",
      "fifty",  "hundred", "dozens",  "hundreds", "thousands", "millions", "dozen"};
  if (k.count(l)) return true;
  bool digit = !l.empty();
  for (char c : l)
    if (!std::isdigit(static_cast<unsigned char>(c)) && c != ',') digit = false;
  return digit;
}

}  // namespace

bool commaClosedOrEnd(bool commaClosed, bool endClosed) { return commaClosed || endClosed; }

bool isDeterminerWord(const std::string& l) {
  return l == "the" || l == "a" || l == "an" || l == "his" || l == "her" || l == "its" ||
         l == "their" || l == "our" || l == "my" || l == "your";
}

// "<subject tokens [sb, se)> is <object tokens [ob, oe)>", a role read from an apposition; the
// object loses its edge punctuation. Empty object: no fact.
std::optional<FactT> roleFact(const std::vector<Token>& toks, int sb, int se, int ob, int oe,
                              double conf) {
  FactT f;
  for (int k = sb; k < se; ++k) f.subj.toks.push_back(k);
  f.subj.core = f.subj.toks;
  f.relText = "is";
  for (int k = ob; k < oe; ++k) f.obj.toks.push_back(k);
  trimPunct(toks, f.obj.toks);
  f.obj.core = f.obj.toks;
  f.kind = FactKind::kRole;
  f.conf = conf;
  if (f.obj.toks.empty()) return std::nullopt;
  return f;
}

std::vector<FactT> patternRoleFacts(const std::vector<Token>& toks, std::string_view /*norm*/,
                                   const std::vector<std::string>& subs,
                                   const std::function<bool(const std::string&)>& common) {
  std::vector<FactT> out;
  int n = static_cast<int>(toks.size());
  auto sub = [&](int k) -> std::string {
    return k >= 0 && static_cast<size_t>(k) < subs.size() ? subs[k] : std::string();
  };
  auto hasVerb = [&](int b, int e, bool allowParticiple) {
    for (int k = b; k < e; ++k) {
      std::string x = sub(k);
      if (x.empty() || !(x[0] == 'v' || x[0] == 'q' || x[0] == 'w')) continue;
      const std::string& w = toks[k].text;
      bool participle = w.size() > 4 && (w.compare(w.size() - 3, 3, "ing") == 0 ||
                                         w.compare(w.size() - 2, 2, "ed") == 0);
      if (allowParticiple && participle) continue;
      return true;
    }
    return false;
  };
  auto segmentEnd = [&](int b) {  // next comma / end
    int k = b;
    while (k < n && toks[k].text != "," && toks[k].text != ";" && toks[k].text != "." &&
           !isQuoteTok(toks[k].text) && toks[k].text != "--")
      ++k;
    return k;
  };
  // Appositions around commas: [A] , [B] ,
  for (int c = 1; c < n; ++c) {
    if (toks[c].text != ",") continue;
    // left side: name run or noun phrase ending at c
    int b = c + 1;
    if (b >= n) break;
    int e = segmentEnd(b);
    // "the Blue Harbour Alliance, a network of port authorities that was founded ...": the
    // description ends where its relative clause begins
    bool relativeClosed = false;
    for (int k = b + 2; k < e; ++k) {
      std::string l = text::lower(toks[k].text);
      if (l == "that" || l == "which" || l == "who" || l == "whose") {
        e = k;
        relativeClosed = true;
        break;
      }
    }
    if (e - b < 1 || e - b > 14) continue;
    bool commaClosed =
        relativeClosed || (e < n && (toks[e].text == "," || toks[e].text == "--"));
    bool endClosed = e < n && toks[e].text == "." && e == n - 1;
    if (!commaClosed && !endClosed) continue;
    if (hasVerb(b, e, commaClosed)) continue;
    // left phrase: the capitalized run ending at c (name) or the noun phrase after the previous
    // comma/start
    int lb = c;
    while (lb > 0 && toks[lb - 1].text != "," && !isQuoteTok(toks[lb - 1].text) &&
           toks[lb - 1].text != "--" && toks[lb - 1].text != ":" && c - lb < 14)
      --lb;
    // prefer the trailing capitalized run on the left as the name
    int nb = c;
    while (nb > lb && (isName(toks[nb - 1].text) ||
                       (nb - 2 >= lb && (text::lower(toks[nb - 1].text) == "of" ||
                                         text::lower(toks[nb - 1].text) == "for" ||
                                         isNameParticle(toks[nb - 1].text)) &&
                        isName(toks[nb - 2].text))))
      --nb;
    bool leftName = nb < c && isName(toks[nb].text);
    if (leftName && c - nb == 1 && (nb == 0 || isQuoteTok(toks[nb - 1].text)) && common &&
        common(toks[nb].text))
      leftName = false;  // "Later, ..." / "However, ..."
    if (leftName && hasVerb(nb, c, false)) leftName = false;
    bool rightName = isName(toks[b].text) && nameRun(toks, b, e) == e;
    std::string first = text::lower(toks[b].text);
    bool rightDesc = !rightName && (first == "the" || first == "a" || first == "an" ||
                                    hasRoleWord(toks, b, e));
    // skip lists ("Britain, France and Germany", "the U.S. and France"); a conjunction before
    // a common word is inside the description ("chairman and chief executive", "leader of
    // the Cherusci and allies")
    bool list = false;
    for (int k = b; k < e; ++k) {
      std::string l = text::lower(toks[k].text);
      if (l == "and" || l == "or")
        if (rightName || k + 1 >= e || isName(toks[k + 1].text)) list = true;
    }
    // "Xinjiang's deputy governor, an ethnic Uighur," : a person described by a role noun
    if (!leftName && !list && commaClosed && (first == "a" || first == "an") && c >= 1 &&
        roleWords().count(text::lower(toks[c - 1].text))) {
      int nb2 = c;
      while (nb2 > lb) {
        int k = nb2 - 1;
        std::string kl = text::lower(toks[k].text);
        if (prepositions().count(kl) || hasVerb(k, k + 1, false) || text::isPunct(toks[k].text))
          break;
        --nb2;
      }
      if (nb2 < c) {
        if (auto f = roleFact(toks, nb2, c, b, e, 0.65)) out.push_back(std::move(*f));
      }
      continue;
    }
    if (leftName && rightDesc && !list) {
      // The name is tokens nb..c.
      if (nb < c && !isPronoun(text::lower(toks[nb].text))) {
        if (auto f = roleFact(toks, nb, c, b, e, 0.75)) out.push_back(std::move(*f));
      }
    } else if (rightName && !list && (e - b) <= 4 && (hasRoleWord(toks, lb, c))) {
      // "the deputy governor, Aierken Tuniyazi," / "High Commissioner ..., Michelle Bachelet,"
      int rb = lb;
      // skip a leading preposition phrase opener ("In a letter to the ...")
      if (prepositions().count(text::lower(toks[lb].text))) {
        for (int k = c - 1; k >= lb; --k) {
          std::string l = text::lower(toks[k].text);
          if (prepositions().count(l) && l != "of" && l != "for") {
            rb = k + 1;
            break;
          }
        }
      }
      // "by Trade Secretary Laura Chen and Kenya's agriculture minister, Daniel Mwangi,": the
      // description is the last conjunct
      for (int k = c - 1; k > rb; --k) {
        std::string l = text::lower(toks[k].text);
        if (l == "and" || l == "or") {
          rb = k + 1;
          break;
        }
      }
      if (auto f = roleFact(toks, b, e, rb, c, 0.7)) out.push_back(std::move(*f));
    } else if (rightName && !list && (e - b) <= 5 && commaClosedOrEnd(commaClosed, endClosed)) {
      // "his childhood friends, the Five Lucky Stars," / "the brightest star in Serpens, Alpha
      // Serpentis,": a description without a role word, read back from the comma to its
      // determiner; no verb inside
      int db = -1;
      for (int k = c - 1; k >= lb && k >= c - 8; --k) {
        std::string l = text::lower(toks[k].text);
        if (text::isPunct(toks[k].text) || hasVerb(k, k + 1, false)) break;
        if (isDeterminerWord(l)) {
          db = k;
          break;
        }
      }
      // the description ends in its common noun ("a business in Hoboken, New Jersey" is a
      // place and its state)
      bool commonHead = std::islower(static_cast<unsigned char>(toks[c - 1].text[0])) &&
                        !prepositions().count(text::lower(toks[c - 1].text));
      if (db >= 0 && commonHead)
        if (auto f = roleFact(toks, b, e, db, c, 0.55)) {
          f->graph = false;  // open IE only: the graph keeps roles with a role word
          out.push_back(std::move(*f));
        }
    }
  }
  // Titles before names: "Trade Secretary Laura Chen", "envoy Wang Yi" -> the person holds
  // the position the title names.
  for (int i = 0; i < n;) {
    if (!isName(toks[i].text) || text::isPunct(toks[i].text)) {
      ++i;
      continue;
    }
    int j = i;
    while (j < n && isName(toks[j].text) && !text::isPunct(toks[j].text)) ++j;
    int b = i;
    while (b > 0 && b > i - 3 && j - i >= 2 && !isName(toks[b - 1].text) &&
           titlePrefixLength({toks[b - 1].text, "X", "Y"}) == 1)
      --b;  // lower-case title words before the capitalized run ("envoy")
    std::vector<std::string> w;
    for (int k = b; k < j; ++k) w.push_back(toks[k].text);
    size_t t = titlePrefixLength(w);
    if (t > 0 && static_cast<int>(t) < j - b && (b > 0 || !common || !common(toks[b].text) ||
                                                 t > 1)) {
      if (auto f = roleFact(toks, b + static_cast<int>(t), j, b, b + static_cast<int>(t), 0.7)) {
        f->conf = 0.6;
        out.push_back(std::move(*f));
      }
    }
    i = j;
  }
  // Lists: "Britain, France and Germany were among 18 countries" and
  // "countries including Britain, France and Germany" -> memberships.
  auto nameListBack = [&](int end) {  // names list ending at end-1 -> member token lists
    std::vector<std::vector<int>> mem;
    int k = end - 1;
    bool sawConj = false;
    while (k >= 0) {
      int e = k + 1;
      while (k >= 0 && isName(toks[k].text) && !text::isPunct(toks[k].text)) --k;
      if (k + 1 >= e) break;
      std::vector<int> m;
      for (int x = k + 1; x < e; ++x) m.push_back(x);
      mem.insert(mem.begin(), m);
      if (k < 0) break;
      std::string l = text::lower(toks[k].text);
      if (l == "and" || l == "or") {
        sawConj = true;
        --k;
        if (k >= 0 && toks[k].text == ",") --k;
        continue;
      }
      if (l == ",") {
        --k;
        continue;
      }
      break;
    }
    if (!sawConj || mem.size() < 2) mem.clear();
    return mem;
  };
  auto nameListFwd = [&](int b) {
    std::vector<std::vector<int>> mem;
    int k = b;
    bool sawConj = false;
    while (k < n) {
      int s0 = k;
      while (k < n && isName(toks[k].text) && !text::isPunct(toks[k].text)) ++k;
      if (k == s0) break;
      std::vector<int> m;
      for (int x = s0; x < k; ++x) m.push_back(x);
      mem.push_back(m);
      if (k >= n) break;
      std::string l = text::lower(toks[k].text);
      if (sawConj) break;
      if (l == ",") {
        ++k;
        if (k < n && (text::lower(toks[k].text) == "and" || text::lower(toks[k].text) == "or")) {
          sawConj = true;
          ++k;
        }
        continue;
      }
      if (l == "and" || l == "or") {
        sawConj = true;
        ++k;
        continue;
      }
      break;
    }
    if (!sawConj || mem.size() < 2) mem.clear();
    return mem;
  };
  auto groupPhrase = [&](int b) {  // noun phrase after "among" / "members of"
    std::vector<int> g;
    for (int k = b; k < n && k < b + 8; ++k) {
      std::string l = text::lower(toks[k].text);
      if (l == "that" || l == "who" || l == "which" || text::isPunct(toks[k].text) ||
          hasVerb(k, k + 1, false))
        break;
      g.push_back(k);
    }
    return g;
  };
  auto addMembers = [&](const std::vector<std::vector<int>>& mem, const std::vector<int>& grp) {
    if (mem.empty() || grp.empty()) return;
    for (const auto& m : mem) {
      FactT f;
      f.subj.toks = m;
      f.subj.core = m;
      f.relText = "member of";
      f.obj.toks = grp;
      f.obj.core = grp;
      f.kind = FactKind::kMembership;
      f.conf = 0.7;
      out.push_back(std::move(f));
    }
  };
  for (int i = 1; i + 1 < n; ++i) {
    std::string l = text::lower(toks[i].text);
    std::string nx = text::lower(toks[i + 1].text);
    bool be = l == "are" || l == "were" || l == "is" || l == "was";
    if (be && nx == "among") addMembers(nameListBack(i), groupPhrase(i + 2));
    if (be && (nx == "members" || nx == "part") && i + 2 < n &&
        text::lower(toks[i + 2].text) == "of")
      addMembers(nameListBack(i), groupPhrase(i + 3));
    if (l == "including" || (l == "such" && nx == "as")) {
      int b = l == "such" ? i + 2 : i + 1;
      // the group is the noun phrase before ("18 countries including ...")
      std::vector<int> grp;
      int k = i - 1;
      if (k >= 0 && toks[k].text == ",") --k;
      while (k >= 0 && !text::isPunct(toks[k].text) && !hasVerb(k, k + 1, false) &&
             static_cast<int>(grp.size()) < 6) {
        std::string kl = text::lower(toks[k].text);
        grp.insert(grp.begin(), k);
        if (kl == "the" || kl == "a" || kl == "an" || kl == "among" || kl == "of") break;
        --k;
      }
      while (!grp.empty() && prepositions().count(text::lower(toks[grp.front()].text)))
        grp.erase(grp.begin());
      addMembers(nameListFwd(b), grp);
    }
  }
  // "18 European countries that, joined by Japan, Australia and Canada, drew ...": those who
  // join a group named in the sentence's memberships are members too
  {
    std::vector<int> group;
    for (const auto& f : out)
      if (f.kind == FactKind::kMembership) group = f.obj.toks;
    for (int i = 0; !group.empty() && i + 2 < n; ++i)
      if (text::lower(toks[i].text) == "joined" && text::lower(toks[i + 1].text) == "by")
        addMembers(nameListFwd(i + 2), group);
  }
  // Counts: "a group of 22 countries" -> has number of members 22
  for (int i = 0; i + 3 < n; ++i) {
    std::string l = text::lower(toks[i].text);
    static const std::unordered_set<std::string> groups = {
        "group", "coalition", "bloc", "alliance", "team", "total", "delegation", "panel"};
    if (!groups.count(l) || text::lower(toks[i + 1].text) != "of") continue;
    if (!isNumberWord(text::lower(toks[i + 2].text))) continue;
    FactT f;
    int b = i;
    if (i > 0) {
      std::string d = text::lower(toks[i - 1].text);
      if (d == "a" || d == "the" || d == "an") b = i - 1;
    }
    int e = i + 3;
    while (e < n && !text::isPunct(toks[e].text) &&
           std::islower(static_cast<unsigned char>(toks[e].text[0])) &&
           !prepositions().count(text::lower(toks[e].text)) && e < i + 6 &&
           !looksVerb(toks[e].text, 1))
      ++e;
    for (int k = b; k < e; ++k) f.subj.toks.push_back(k);
    f.subj.core = f.subj.toks;
    f.relText = "has number of members";
    f.obj.fixedText = toks[i + 2].text;
    f.obj.toks = {i + 2};
    f.obj.literal = true;
    f.obj.datatype = "http://www.w3.org/2001/XMLSchema#integer";
    for (char ch : f.obj.fixedText)
      if (!std::isdigit(static_cast<unsigned char>(ch))) f.obj.datatype.clear();
    f.kind = FactKind::kAttribute;
    f.conf = 0.6;
    f.carb = false;
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace kg::extract
