#include "carb_scorer.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <unordered_map>

namespace kg::extract::eval {

namespace {

std::string strip(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

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

std::vector<std::string> ws(std::string_view s) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    size_t j = i;
    while (j < s.size() && !std::isspace(static_cast<unsigned char>(s[j]))) ++j;
    if (j > i) out.emplace_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

struct Tuple {
  std::vector<std::string> rel;                // tokens
  std::string relText;
  std::vector<std::vector<std::string>> args;  // collapsed to <= 2, tokens
  std::vector<std::string> rawArgs;            // stripped, before collapsing
  double conf = 0;
};

std::vector<std::vector<std::string>> collapse(const std::vector<std::string>& args) {
  std::vector<std::vector<std::string>> out;
  if (args.empty()) return out;
  out.push_back(ws(args[0]));
  if (args.size() >= 2) {
    std::string rest;
    for (size_t i = 1; i < args.size(); ++i) {
      if (i > 1) rest += ' ';
      rest += args[i];
    }
    out.push_back(ws(rest));
  }
  return out;
}

size_t overlap(const std::vector<std::string>& gold, const std::vector<std::string>& sys,
               std::vector<std::string>* leftover = nullptr) {
  std::vector<std::string> remaining = sys;
  size_t m = 0;
  for (const auto& g : gold) {
    auto it = std::find(remaining.begin(), remaining.end(), g);
    if (it != remaining.end()) {
      ++m;
      remaining.erase(it);
    }
  }
  if (leftover) *leftover = std::move(remaining);
  return m;
}

bool isBe(const std::string& t) {
  return t == "be" || t == "is" || t == "am" || t == "are" || t == "was" || t == "were" ||
         t == "been" || t == "being";
}

std::pair<double, double> scorePair(const Tuple& g, const Tuple& s,
                                    const std::vector<std::vector<std::string>>& sysArgs) {
  std::vector<std::string> left;
  size_t m = overlap(g.rel, s.rel, &left);
  if (std::find(left.begin(), left.end(), "be") != left.end()) {
    for (const auto& t : g.rel)
      if (isBe(t)) {
        ++m;
        break;
      }
  }
  if (m == 0) return {0, 0};
  double pn = static_cast<double>(m), rn = static_cast<double>(m);
  double pd = static_cast<double>(s.rel.size()), rd = static_cast<double>(g.rel.size());
  for (size_t i = 0; i < g.args.size(); ++i) {
    rd += static_cast<double>(g.args[i].size());
    if (i >= sysArgs.size()) {
      if (i < 2) return {0, 0};
      continue;
    }
    pd += static_cast<double>(sysArgs[i].size());
    size_t o = overlap(g.args[i], sysArgs[i]);
    pn += static_cast<double>(o);
    rn += static_cast<double>(o);
  }
  return {pd > 0 ? pn / pd : 0.0, rd > 0 ? rn / rd : 0.0};
}

std::pair<double, double> score(const Tuple& g, const Tuple& s) {
  auto best = scorePair(g, s, s.args);
  static const char* said[] = {"said", "told", "added", "adds", "says"};
  bool isSaid = false;
  for (const char* w : said)
    if (g.relText.find(w) != std::string::npos) isSaid = true;
  if (isSaid && s.rawArgs.size() >= 2) {
    std::vector<std::string> re;
    std::string rest;
    for (size_t i = 1; i < s.rawArgs.size(); ++i) {
      if (i > 1) rest += ' ';
      rest += s.rawArgs[i];
    }
    re.push_back(rest);
    if (!s.rawArgs.empty()) re.push_back(s.rawArgs[0]);
    auto alt = scorePair(g, s, collapse(re));
    if (alt > best) best = alt;
  }
  return best;
}

struct SentenceData {
  std::vector<Tuple> gold;
  std::vector<Tuple> sys;
};

}  // namespace

std::string carbKey(std::string_view sentence) {
  std::string s;
  for (char c : sentence)
    if (c != ' ') s.push_back(c);
  static const std::pair<const char*, const char*> rep[] = {
      {"-LRB-", "("}, {"-RRB-", ")"}, {"-LSB-", "["}, {"-RSB-", "]"}, {"-LCB-", "{"},
      {"-RCB-", "}"}};
  for (auto [from, to] : rep) {
    size_t pos = 0;
    std::string f(from);
    while ((pos = s.find(f, pos)) != std::string::npos) {
      s.replace(pos, f.size(), to);
      pos += 1;
    }
  }
  std::string out;
  for (char c : s)
    if (!std::ispunct(static_cast<unsigned char>(c))) out.push_back(c);
  return out;
}

bool readFile(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  out = ss.str();
  return true;
}

CarbScore scoreCarb(std::string_view goldText, std::string_view systemText) {
  CarbScore res;
  std::map<std::string, SentenceData> data;  // by key
  auto lines = [](std::string_view t, auto fn) {
    size_t b = 0;
    while (b < t.size()) {
      size_t e = t.find('\n', b);
      if (e == std::string_view::npos) e = t.size();
      std::string_view line = t.substr(b, e - b);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (!line.empty()) fn(line);
      b = e + 1;
    }
  };
  // Each line is strip()ped before splitting (a trailing tab is not an empty argument).
  // Tuples are grouped by the raw sentence first, then by key; when two raw sentences share a
  // key, the group read last replaces the earlier one (a dictionary keyed by the normalised
  // sentence, as CaRB builds it).
  std::map<std::string, std::vector<Tuple>> goldRaw, sysRaw;
  std::vector<std::string> goldOrder, sysOrder;
  lines(goldText, [&](std::string_view line) {
    std::string ln = strip(line);
    auto f = splitTab(ln);
    if (f.size() < 2) return;
    Tuple t;
    t.relText = strip(f[1]);
    t.rel = ws(t.relText);
    for (size_t i = 2; i < f.size(); ++i) {
      if (f[i].find("C: ") != std::string::npos) continue;
      t.rawArgs.push_back(strip(f[i]));
    }
    t.args = collapse(t.rawArgs);
    std::string raw = strip(f[0]);
    auto& v = goldRaw[raw];
    if (v.empty()) goldOrder.push_back(raw);
    v.push_back(std::move(t));
  });
  lines(systemText, [&](std::string_view line) {
    std::string ln = strip(line);
    auto f = splitTab(ln);
    if (f.size() < 3) return;
    Tuple t;
    t.conf = std::strtod(strip(f[1]).c_str(), nullptr);
    t.relText = strip(f[2]);
    t.rel = ws(t.relText);
    for (size_t i = 3; i < f.size(); ++i) t.rawArgs.push_back(strip(f[i]));
    t.args = collapse(t.rawArgs);
    std::string raw = strip(f[0]);
    auto& v = sysRaw[raw];
    if (v.empty()) sysOrder.push_back(raw);
    v.push_back(std::move(t));
  });
  for (const auto& raw : goldOrder) data[carbKey(raw)].gold = goldRaw[raw];
  for (auto& [k, d] : data) res.goldTuples += d.gold.size();
  for (const auto& raw : sysOrder) {
    auto it = data.find(carbKey(raw));
    if (it == data.end()) continue;  // not a gold sentence: ignored
    it->second.sys = sysRaw[raw];
  }
  for (auto& [k, d] : data) res.systemTuples += d.sys.size();
  res.goldSentences = data.size();
  // global thresholds
  std::vector<double> th;
  for (auto& [k, d] : data)
    for (auto& s : d.sys) th.push_back(s.conf);
  std::sort(th.begin(), th.end());
  th.erase(std::unique(th.begin(), th.end()), th.end());
  size_t T = th.size();
  std::vector<double> pn(T, 0), pd(T, 0), rn(T, 0), rd(T, 0);
  double goldOnly = 0;  // gold tuples of sentences without system output (all thresholds)
  for (auto& [k, d] : data) {
    if (d.sys.empty()) {
      goldOnly += static_cast<double>(d.gold.size());
      continue;
    }
    ++res.matchedSentences;
    size_t G = d.gold.size(), S = d.sys.size();
    std::vector<std::vector<std::pair<double, double>>> sc(G, std::vector<std::pair<double, double>>(S));
    for (size_t gi = 0; gi < G; ++gi)
      for (size_t si = 0; si < S; ++si) sc[gi][si] = score(d.gold[gi], d.sys[si]);
    std::vector<double> confs;
    for (auto& s : d.sys) confs.push_back(s.conf);
    std::sort(confs.begin(), confs.end());
    confs.erase(std::unique(confs.begin(), confs.end()), confs.end());
    size_t j = 0;  // global threshold index
    for (double c : confs) {
      std::vector<size_t> sel;
      for (size_t si = 0; si < S; ++si)
        if (d.sys[si].conf >= c) sel.push_back(si);
      double recN = 0;
      for (size_t gi = 0; gi < G; ++gi) {
        double best = 0;
        for (size_t si : sel) best = std::max(best, sc[gi][si].second);
        recN += best;
      }
      double precN = 0;
      std::vector<char> gUsed(G, 0), sUsed(sel.size(), 0);
      size_t rounds = std::min(G, sel.size());
      for (size_t r = 0; r < rounds; ++r) {
        double best = -1;
        size_t bg = 0, bs = 0;
        for (size_t gi = 0; gi < G; ++gi) {
          if (gUsed[gi]) continue;
          for (size_t x = 0; x < sel.size(); ++x) {
            if (sUsed[x]) continue;
            double p = sc[gi][sel[x]].first;
            if (p > best) {
              best = p;
              bg = gi;
              bs = x;
            }
          }
        }
        if (best < 0) break;
        gUsed[bg] = 1;
        sUsed[bs] = 1;
        precN += best;
      }
      while (j < T && th[j] <= c) {
        pn[j] += precN;
        pd[j] += static_cast<double>(sel.size());
        rn[j] += recN;
        rd[j] += static_cast<double>(G);
        ++j;
      }
    }
    for (; j < T; ++j) rd[j] += static_cast<double>(G);
  }
  std::vector<std::pair<double, double>> pts;  // (recall, precision)
  double bestF = -1;
  for (size_t j = 0; j < T; ++j) {
    double R = (rd[j] + goldOnly) > 0 ? rn[j] / (rd[j] + goldOnly) : 0.0;
    double P = pd[j] > 0 ? pn[j] / pd[j] : 1.0;
    double F = (P + R) > 0 ? 2 * P * R / (P + R) : 0.0;
    pts.push_back({R, P});
    if (F > bestF) {
      bestF = F;
      res.f1 = F;
      res.precision = P;
      res.recall = R;
      res.threshold = th[j];
    }
  }
  pts.push_back({0.0, 1.0});
  std::sort(pts.begin(), pts.end());
  double area = 0;
  for (size_t i = 1; i < pts.size(); ++i)
    area += (pts[i].first - pts[i - 1].first) * (pts[i].second + pts[i - 1].second) / 2;
  res.auc = area;
  if (bestF < 0) res.f1 = 0;
  return res;
}

}  // namespace kg::extract::eval
