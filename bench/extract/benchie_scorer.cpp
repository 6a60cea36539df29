#include "benchie_scorer.h"

#include <cctype>
#include <cstdlib>

namespace kg::extract::eval {

namespace {

std::string strip(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

// Expands "[the] [first] Prime Minister [of Australia]" into all variants (tokens joined by
// single spaces). Bracket groups may span several tokens.
std::vector<std::string> expand(const std::string& slot) {
  // split into segments: (text, optional)
  std::vector<std::pair<std::string, bool>> seg;
  std::string cur;
  bool inOpt = false;
  for (char c : slot) {
    if (c == '[' && !inOpt) {
      if (!strip(cur).empty()) seg.push_back({strip(cur), false});
      cur.clear();
      inOpt = true;
    } else if (c == ']' && inOpt) {
      if (!strip(cur).empty()) seg.push_back({strip(cur), true});
      cur.clear();
      inOpt = false;
    } else {
      cur.push_back(c);
    }
  }
  if (!strip(cur).empty()) seg.push_back({strip(cur), false});
  std::vector<std::string> out{""};
  for (const auto& [txt, opt] : seg) {
    std::vector<std::string> next;
    for (const auto& o : out) {
      next.push_back(o.empty() ? txt : o + " " + txt);
      if (opt) next.push_back(o);
      if (next.size() > 4096) break;
    }
    out.swap(next);
  }
  // normalise inner whitespace
  for (auto& o : out) {
    std::string n;
    bool sp = false;
    for (char c : o) {
      if (std::isspace(static_cast<unsigned char>(c))) {
        sp = true;
        continue;
      }
      if (sp && !n.empty()) n.push_back(' ');
      sp = false;
      n.push_back(c);
    }
    o = n;
  }
  return out;
}

}  // namespace

BenchieGold parseBenchie(std::string_view text) {
  BenchieGold g;
  int sid = -1;
  size_t b = 0;
  while (b < text.size()) {
    size_t e = text.find('\n', b);
    if (e == std::string_view::npos) e = text.size();
    std::string line(text.substr(b, e - b));
    b = e + 1;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (strip(line).empty()) continue;
    if (line.rfind("sent_id:", 0) == 0) {
      size_t tab = line.find('\t');
      sid = std::atoi(line.substr(8, tab == std::string::npos ? std::string::npos : tab - 8).c_str());
      g.sentences[sid] = tab == std::string::npos ? "" : strip(line.substr(tab + 1));
      continue;
    }
    if (line.find("--> Cluster") != std::string::npos) {
      g.clusters[sid].emplace_back();
      continue;
    }
    size_t a1 = line.find("-->");
    if (a1 == std::string::npos || sid < 0 || g.clusters[sid].empty()) continue;
    size_t a2 = line.find("-->", a1 + 3);
    if (a2 == std::string::npos) continue;
    std::string s = strip(line.substr(0, a1));
    std::string r = strip(line.substr(a1 + 3, a2 - a1 - 3));
    std::string o = strip(line.substr(a2 + 3));
    for (const auto& xs : expand(s))
      for (const auto& xr : expand(r))
        for (const auto& xo : expand(o)) g.clusters[sid].back().insert({xs, xr, xo});
  }
  return g;
}

BenchieScore scoreBenchie(const BenchieGold& gold,
                          const std::vector<std::pair<int, Triple>>& system) {
  BenchieScore s;
  std::map<int, std::vector<char>> hit;
  for (const auto& [sid, cl] : gold.clusters) {
    hit[sid].assign(cl.size(), 0);
    s.clusters += cl.size();
  }
  for (const auto& [sid, t] : system) {
    auto it = gold.clusters.find(sid);
    if (it == gold.clusters.end()) continue;
    Triple n{strip(std::get<0>(t)), strip(std::get<1>(t)), strip(std::get<2>(t))};
    bool matched = false;
    for (size_t c = 0; c < it->second.size(); ++c) {
      if (it->second[c].count(n)) {
        hit[sid][c] = 1;
        matched = true;
        break;
      }
    }
    if (!matched) ++s.fp;
  }
  for (auto& [sid, h] : hit)
    for (char x : h) s.tp += x ? 1 : 0;
  s.precision = (s.tp + s.fp) ? static_cast<double>(s.tp) / static_cast<double>(s.tp + s.fp) : 0;
  s.recall = s.clusters ? static_cast<double>(s.tp) / static_cast<double>(s.clusters) : 0;
  s.f1 = (s.precision + s.recall) > 0 ? 2 * s.precision * s.recall / (s.precision + s.recall) : 0;
  return s;
}

}  // namespace kg::extract::eval
