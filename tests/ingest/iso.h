// RDF dataset isomorphism for tests: blank nodes compared up to a consistent renaming
// (also inside quoted triples), language tags case-insensitively, datasets as sets.
#pragma once

#include <algorithm>
#include <cctype>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "kg/term.h"

namespace kg::ingest::testing {

namespace iso_detail {

inline void termKey(std::string& out, const Term& t,
                    const std::function<std::string(const std::string&)>& blank) {
  switch (t.kind) {
    case TermKind::kIri: out += "<" + t.value + ">"; break;
    case TermKind::kBlank: out += "_:" + blank(t.value); break;
    case TermKind::kLiteral: {
      std::string lang = t.language;
      for (char& c : lang) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      out += "\"" + t.value + "\"@" + lang + "^^" + t.datatype;
      break;
    }
    case TermKind::kTriple:
      out += "<<";
      termKey(out, t.triple->subject, blank);
      out += ' ';
      termKey(out, t.triple->predicate, blank);
      out += ' ';
      termKey(out, t.triple->object, blank);
      out += ">>";
      break;
  }
  out += '\x01';
}

inline std::string quadKey(const Quad& q, const std::function<std::string(const std::string&)>& blank) {
  std::string k;
  termKey(k, q.subject, blank);
  termKey(k, q.predicate, blank);
  termKey(k, q.object, blank);
  if (!q.inDefaultGraph()) termKey(k, q.graph, blank);
  return k;
}

inline void collectBlanks(const Term& t, std::vector<std::string>& out) {
  if (t.isBlank()) out.push_back(t.value);
  if (t.isTriple()) {
    collectBlanks(t.triple->subject, out);
    collectBlanks(t.triple->predicate, out);
    collectBlanks(t.triple->object, out);
  }
}

struct Side {
  std::vector<Quad> quads;  // deduplicated
  std::vector<std::string> blanks;
  std::unordered_map<std::string, size_t> color;

  explicit Side(const std::vector<Quad>& in) {
    std::set<std::string> seen;
    std::set<std::string> labels;
    for (const Quad& q : in) {
      if (!seen.insert(quadKey(q, [](const std::string& b) { return b; })).second) continue;
      quads.push_back(q);
      std::vector<std::string> bs;
      collectBlanks(q.subject, bs);
      collectBlanks(q.object, bs);
      collectBlanks(q.graph, bs);
      labels.insert(bs.begin(), bs.end());
    }
    blanks.assign(labels.begin(), labels.end());
    for (const auto& b : blanks) color[b] = 0;
  }

  // One round of colour refinement: a blank node's colour summarises the quads it is in.
  void refine() {
    std::unordered_map<std::string, std::vector<size_t>> bags;
    std::hash<std::string> h;
    for (const Quad& q : quads) {
      std::string sig = quadKey(q, [this](const std::string& b) { return std::to_string(color[b]); });
      size_t qs = h(sig);
      std::vector<std::string> bs;
      collectBlanks(q.subject, bs);
      size_t ns = bs.size();
      collectBlanks(q.object, bs);
      size_t no = bs.size();
      collectBlanks(q.graph, bs);
      for (size_t i = 0; i < bs.size(); ++i) {
        size_t pos = i < ns ? 1 : i < no ? 2 : 3;
        bags[bs[i]].push_back(qs * 31 + pos);
      }
    }
    std::unordered_map<std::string, size_t> next;
    for (const auto& b : blanks) {
      auto& bag = bags[b];
      std::sort(bag.begin(), bag.end());
      size_t c = color[b] * 1000003u;
      for (size_t v : bag) c = (c ^ v) * 1099511628211ull;
      next[b] = c;
    }
    color = std::move(next);
  }
};

}  // namespace iso_detail

// True if the two datasets are isomorphic.
inline bool isomorphic(const std::vector<Quad>& a, const std::vector<Quad>& b) {
  using namespace iso_detail;
  Side A(a), B(b);
  if (A.quads.size() != B.quads.size() || A.blanks.size() != B.blanks.size()) return false;
  for (int round = 0; round < 6; ++round) {
    A.refine();
    B.refine();
  }
  std::set<std::string> target;
  for (const Quad& q : B.quads) target.insert(quadKey(q, [](const std::string& x) { return x; }));
  // Candidates of equal colour; try the most constrained blank nodes first.
  std::vector<std::string> order = A.blanks;
  std::map<size_t, std::vector<std::string>> byColor;
  for (const auto& x : B.blanks) byColor[B.color[x]].push_back(x);
  std::map<size_t, size_t> countA;
  for (const auto& x : A.blanks) countA[A.color[x]]++;
  for (const auto& [c, v] : byColor) {
    if (countA[c] != v.size()) return false;
  }
  std::sort(order.begin(), order.end(), [&](const std::string& x, const std::string& y) {
    return byColor[A.color[x]].size() < byColor[A.color[y]].size();
  });
  std::unordered_map<std::string, std::string> map;
  std::set<std::string> used;
  long budget = 200000;
  std::function<bool(size_t)> search = [&](size_t i) -> bool {
    if (--budget < 0) return false;
    if (i == order.size()) {
      for (const Quad& q : A.quads) {
        if (!target.count(quadKey(q, [&](const std::string& x) { return map[x]; }))) return false;
      }
      return true;
    }
    for (const auto& cand : byColor[A.color[order[i]]]) {
      if (used.count(cand)) continue;
      map[order[i]] = cand;
      used.insert(cand);
      if (search(i + 1)) return true;
      used.erase(cand);
    }
    map.erase(order[i]);
    return false;
  };
  return search(0);
}

}  // namespace kg::ingest::testing
