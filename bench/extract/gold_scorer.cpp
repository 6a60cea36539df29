#include "gold_scorer.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace kg::extract::eval {

namespace {

std::vector<std::string> splitTab(std::string_view line) {
  std::vector<std::string> out;
  size_t b = 0;
  while (true) {
    size_t t = line.find('\t', b);
    if (t == std::string_view::npos) {
      out.emplace_back(line.substr(b));
      break;
    }
    out.emplace_back(line.substr(b, t - b));
    b = t + 1;
  }
  return out;
}

template <typename Fn>
void eachLine(std::string_view t, Fn fn) {
  size_t b = 0;
  while (b < t.size()) {
    size_t e = t.find('\n', b);
    if (e == std::string_view::npos) e = t.size();
    std::string_view line = t.substr(b, e - b);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    fn(line);
    b = e + 1;
  }
}

std::string lowerStr(std::string_view s) {
  std::string r(s);
  for (auto& c : r) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return r;
}

// "The United States" -> "united states": lower case, curly quotes folded, leading article
// dropped, spaces collapsed.
std::string subjectKey(std::string_view s) {
  std::string r;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
        (static_cast<unsigned char>(s[i + 2]) == 0x99 ||
         static_cast<unsigned char>(s[i + 2]) == 0x98)) {
      r.push_back('\'');
      i += 2;
      continue;
    }
    r.push_back(static_cast<char>(std::tolower(c)));
  }
  // collapse spaces, "xinjiang 's" -> "xinjiang's"
  std::string o;
  for (size_t i = 0; i < r.size(); ++i) {
    if (r[i] == ' ' && (o.empty() || o.back() == ' ')) continue;
    if (r[i] == ' ' && i + 1 < r.size() && r[i + 1] == '\'') continue;
    o.push_back(r[i]);
  }
  while (!o.empty() && o.back() == ' ') o.pop_back();
  for (const char* art : {"the ", "a ", "an "}) {
    std::string a(art);
    if (o.rfind(a, 0) == 0) {
      o = o.substr(a.size());
      break;
    }
  }
  return o;
}

const std::unordered_set<std::string>& stopwords() {
  static const std::unordered_set<std::string> k = {
      "i", "me", "my", "myself", "we", "our", "ours", "ourselves", "you", "your", "yours",
      "yourself", "yourselves", "he", "him", "his", "himself", "she", "her", "hers", "herself",
      "it", "its", "itself", "they", "them", "their", "theirs", "themselves", "what", "which",
      "who", "whom", "this", "that", "these", "those", "am", "is", "are", "was", "were", "be",
      "been", "being", "have", "has", "had", "having", "do", "does", "did", "doing", "a", "an",
      "the", "and", "but", "if", "or", "because", "as", "until", "while", "of", "at", "by",
      "for", "with", "about", "against", "between", "into", "through", "during", "before",
      "after", "above", "below", "to", "from", "up", "down", "in", "out", "on", "off", "over",
      "under", "again", "further", "then", "once", "here", "there", "when", "where", "why",
      "how", "all", "any", "both", "each", "few", "more", "most", "other", "some", "such",
      "nor", "only", "own", "same", "so", "than", "too", "very", "s", "t", "can",
      "will", "just", "don", "should", "now", "'s", "would", "could"};
  return k;
}

}  // namespace

std::string lemma(std::string w) {
  static const std::unordered_map<std::string, std::string> irregular = {
      {"said", "say"},     {"says", "say"},       {"told", "tell"},    {"tells", "tell"},
      {"led", "lead"},     {"drew", "draw"},      {"drawn", "draw"},   {"saw", "see"},
      {"seen", "see"},     {"made", "make"},      {"brought", "bring"}, {"took", "take"},
      {"taken", "take"},   {"gave", "give"},      {"given", "give"},   {"withdrew", "withdraw"},
      {"withdrawn", "withdraw"}, {"held", "hold"}, {"began", "begin"}, {"begun", "begin"},
      {"met", "meet"},     {"went", "go"},        {"gone", "go"},      {"people", "person"},
      {"children", "child"}, {"men", "man"},      {"women", "woman"},  {"kept", "keep"},
      {"thought", "think"}, {"found", "find"},    {"left", "leave"},   {"sent", "send"},
      {"torn", "tear"},    {"tore", "tear"},      {"won", "win"},      {"lost", "lose"},
      {"paid", "pay"},     {"became", "become"},  {"came", "come"},    {"got", "get"},
      {"wrote", "write"},  {"written", "write"},  {"knew", "know"},    {"known", "know"}};
  auto it = irregular.find(w);
  if (it != irregular.end()) return it->second;
  auto ends = [&](const char* s) {
    size_t n = std::char_traits<char>::length(s);
    return w.size() > n + 2 && w.compare(w.size() - n, n, s) == 0;
  };
  if (ends("ies")) w = w.substr(0, w.size() - 3) + "y";
  else if (ends("ied")) w = w.substr(0, w.size() - 3) + "y";
  else if (ends("sses")) w = w.substr(0, w.size() - 2);
  else if (ends("ches") || ends("shes") || ends("xes")) w = w.substr(0, w.size() - 2);
  else if (ends("ing") && w.size() > 5) w = w.substr(0, w.size() - 3);
  else if (ends("ed")) w = w.substr(0, w.size() - 2);
  else if (ends("s") && !ends("ss") && !ends("us") && !ends("is")) w = w.substr(0, w.size() - 1);
  // undouble a final consonant ("stopp" -> "stop") and drop a final e ("estimate")
  if (w.size() > 3 && w[w.size() - 1] == w[w.size() - 2] &&
      std::string("bdgmnprt").find(w.back()) != std::string::npos)
    w.pop_back();
  if (w.size() > 3 && w.back() == 'e') w.pop_back();
  return w;
}

std::vector<std::string> contentLemmas(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&]() {
    if (cur.empty()) return;
    std::string l = lowerStr(cur);
    cur.clear();
    if (l.size() > 2 && l.compare(l.size() - 2, 2, "'s") == 0) l = l.substr(0, l.size() - 2);
    while (!l.empty() && (l.back() == '\'')) l.pop_back();
    if (l.empty() || stopwords().count(l)) return;
    out.push_back(lemma(l));
  };
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == 0xE2 && i + 2 < s.size()) {  // curly quotes and dashes are separators or '
      unsigned char c3 = static_cast<unsigned char>(s[i + 2]);
      if (c3 == 0x99 || c3 == 0x98) {
        cur.push_back('\'');
      } else {
        flush();
      }
      i += 2;
      continue;
    }
    if (std::isalnum(c) || c >= 0x80 || c == '\'' || c == '-') {
      cur.push_back(static_cast<char>(c));
    } else {
      flush();
    }
  }
  flush();
  return out;
}

std::vector<GoldFact> parseGold(std::string_view tsv) {
  std::vector<GoldFact> out;
  bool header = true;
  eachLine(tsv, [&](std::string_view line) {
    if (line.empty()) return;
    if (header) {
      header = false;
      return;
    }
    auto f = splitTab(line);
    if (f.size() < 5) return;
    GoldFact g;
    g.subject = f[0];
    g.relation = f[1];
    g.object = f[2];
    g.line = std::atoi(f[3].c_str());
    g.kind = f[4];
    out.push_back(std::move(g));
  });
  return out;
}

std::map<std::string, std::vector<std::string>> parseAliases(std::string_view tsv) {
  std::map<std::string, std::vector<std::string>> out;
  bool header = true;
  eachLine(tsv, [&](std::string_view line) {
    if (line.empty()) return;
    if (header) {
      header = false;
      return;
    }
    auto f = splitTab(line);
    if (f.size() < 2) return;
    out[subjectKey(f[0])].push_back(subjectKey(f[1]));
  });
  return out;
}

GoldScore scoreGold(const std::vector<GoldFact>& gold,
                    const std::map<std::string, std::vector<std::string>>& aliases,
                    const std::vector<SystemFact>& sys) {
  GoldScore s;
  s.gold = gold.size();
  s.system = sys.size();
  struct Cand {
    double rec;
    size_t g, x;
  };
  std::vector<Cand> cands;
  for (size_t gi = 0; gi < gold.size(); ++gi) {
    const auto& g = gold[gi];
    std::string gk = subjectKey(g.subject);
    std::set<std::string> okSubjects{gk};
    if (auto it = aliases.find(gk); it != aliases.end())
      okSubjects.insert(it->second.begin(), it->second.end());
    auto gl = contentLemmas(g.relation + " " + g.object);
    std::set<std::string> glSet(gl.begin(), gl.end());
    if (glSet.empty()) continue;
    for (size_t xi = 0; xi < sys.size(); ++xi) {
      const auto& x = sys[xi];
      if (x.line != g.line) continue;
      bool subjOk = false;
      for (const auto& sub : x.subjects)
        if (okSubjects.count(subjectKey(sub))) subjOk = true;
      if (!subjOk) continue;
      auto xl = contentLemmas(x.relation + " " + x.object);
      std::set<std::string> xlSet(xl.begin(), xl.end());
      size_t hit = 0;
      for (const auto& w : glSet)
        if (xlSet.count(w)) ++hit;
      double rec = static_cast<double>(hit) / static_cast<double>(glSet.size());
      if (rec >= 0.5) cands.push_back({rec, gi, xi});
    }
  }
  std::stable_sort(cands.begin(), cands.end(),
                   [](const Cand& a, const Cand& b) { return a.rec > b.rec; });
  std::vector<char> gUsed(gold.size(), 0), xUsed(sys.size(), 0);
  for (const auto& c : cands) {
    if (gUsed[c.g] || xUsed[c.x]) continue;
    gUsed[c.g] = 1;
    xUsed[c.x] = 1;
    ++s.matched;
    s.log.push_back("MATCH line " + std::to_string(gold[c.g].line) + " [" + gold[c.g].subject +
                    " | " + gold[c.g].relation + " | " + gold[c.g].object + "] <= [" +
                    (sys[c.x].subjects.empty() ? "" : sys[c.x].subjects.front()) + " | " +
                    sys[c.x].relation + " | " + sys[c.x].object + "]");
  }
  for (size_t gi = 0; gi < gold.size(); ++gi) {
    auto& k = s.byKind[gold[gi].kind];
    ++k.second;
    if (gUsed[gi]) ++k.first;
    else
      s.log.push_back("MISS  line " + std::to_string(gold[gi].line) + " [" + gold[gi].subject +
                      " | " + gold[gi].relation + " | " + gold[gi].object + "]");
  }
  for (size_t xi = 0; xi < sys.size(); ++xi)
    if (!xUsed[xi])
      s.log.push_back("EXTRA line " + std::to_string(sys[xi].line) + " [" +
                      (sys[xi].subjects.empty() ? "" : sys[xi].subjects.front()) + " | " +
                      sys[xi].relation + " | " + sys[xi].object + "]");
  s.precision = s.system ? static_cast<double>(s.matched) / static_cast<double>(s.system) : 0;
  s.recall = s.gold ? static_cast<double>(s.matched) / static_cast<double>(s.gold) : 0;
  s.f1 = (s.precision + s.recall) > 0 ? 2 * s.precision * s.recall / (s.precision + s.recall) : 0;
  return s;
}

}  // namespace kg::extract::eval
