// Compares two bags of rows of terms up to a consistent renaming of blank nodes: RDF graph
// and dataset isomorphism (rows = quads) and SPARQL result-set equality (rows = solutions,
// unbound = nullopt). Header-only; for tests.
#pragma once

#include <algorithm>
#include <cctype>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "kg/term.h"

namespace kg::testing {

using Cell = std::optional<Term>;
using Row = std::vector<Cell>;

namespace detail {

inline void collectBlanks(const Term& t, std::set<std::string>& out) {
  if (t.isBlank()) out.insert(t.value);
  if (t.isTriple()) {
    collectBlanks(t.triple->subject, out);
    collectBlanks(t.triple->predicate, out);
    collectBlanks(t.triple->object, out);
  }
}

inline std::string render(const Cell& c, const std::map<std::string, std::string>* rename,
                          const std::map<std::string, size_t>* colors) {
  if (!c) return "~";
  std::function<std::string(const Term&)> r = [&](const Term& t) -> std::string {
    if (t.isBlank()) {
      if (rename) {
        auto it = rename->find(t.value);
        return it == rename->end() ? "_:?" : "_:" + it->second;
      }
      if (colors) {
        auto it = colors->find(t.value);
        return "_:#" + std::to_string(it == colors->end() ? 0 : it->second);
      }
      return "_:";
    }
    if (t.isTriple()) {
      return "<<" + r(t.triple->subject) + " " + r(t.triple->predicate) + " " +
             r(t.triple->object) + ">>";
    }
    if (t.isLiteral() && !t.language.empty()) {
      // Language tags compare case-insensitively.
      Term lower = t;
      for (auto& ch : lower.language) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      return lower.toNTriples();
    }
    return t.toNTriples();
  };
  return r(*c);
}

inline std::string renderRow(const Row& row, const std::map<std::string, std::string>* rename,
                             const std::map<std::string, size_t>* colors) {
  std::string out;
  for (const auto& c : row) out += render(c, rename, colors) + "\t";
  return out;
}

// Colour refinement: each blank's colour is the sorted list of rows it occurs in, rendered with
// the previous colours, iterated to a fixed point.
inline std::map<std::string, size_t> refineColors(const std::vector<Row>& rows,
                                                  const std::set<std::string>& blanks,
                                                  std::map<std::string, std::string>& signatures) {
  std::map<std::string, size_t> colors;
  for (const auto& b : blanks) colors[b] = 0;
  for (int round = 0; round < 6; ++round) {
    std::map<std::string, std::vector<std::string>> occurrences;
    for (const auto& row : rows) {
      std::set<std::string> inRow;
      for (const auto& c : row) {
        if (c) collectBlanks(*c, inRow);
      }
      std::string rendered = renderRow(row, nullptr, &colors);
      for (const auto& b : inRow) {
        // Mark which cells are this blank so the position is part of the signature.
        std::string marks;
        for (const auto& c : row) {
          std::set<std::string> here;
          if (c) collectBlanks(*c, here);
          marks += here.count(b) ? '1' : '0';
        }
        occurrences[b].push_back(rendered + marks);
      }
    }
    signatures.clear();
    for (const auto& b : blanks) {
      auto& occ = occurrences[b];
      std::sort(occ.begin(), occ.end());
      std::string sig;
      for (const auto& o : occ) sig += o + "\n";
      signatures[b] = sig;
    }
    std::set<std::string> distinct;
    for (const auto& [b, sig] : signatures) distinct.insert(sig);
    std::map<std::string, size_t> ids;
    for (const auto& s : distinct) ids.emplace(s, ids.size() + 1);
    std::map<std::string, size_t> next;
    for (const auto& [b, sig] : signatures) next[b] = ids[sig];
    if (next == colors) break;
    colors = std::move(next);
  }
  return colors;
}

}  // namespace detail

// True if the bags are equal up to a bijective renaming of blank nodes.
inline bool isomorphic(const std::vector<Row>& a, const std::vector<Row>& b) {
  if (a.size() != b.size()) return false;
  std::set<std::string> blanksA, blanksB;
  for (const auto& row : a) {
    for (const auto& c : row) {
      if (c) detail::collectBlanks(*c, blanksA);
    }
  }
  for (const auto& row : b) {
    for (const auto& c : row) {
      if (c) detail::collectBlanks(*c, blanksB);
    }
  }
  if (blanksA.size() != blanksB.size()) return false;
  auto renderAll = [](const std::vector<Row>& rows, const std::map<std::string, std::string>* m) {
    std::vector<std::string> out;
    for (const auto& row : rows) out.push_back(detail::renderRow(row, m, nullptr));
    std::sort(out.begin(), out.end());
    return out;
  };
  std::vector<std::string> target;
  {
    std::map<std::string, std::string> identity;
    for (const auto& x : blanksB) identity[x] = x;
    target = renderAll(b, &identity);
  }
  if (blanksA.empty()) return renderAll(a, nullptr) == renderAll(b, nullptr);

  std::map<std::string, std::string> sigA, sigB;
  detail::refineColors(a, blanksA, sigA);
  detail::refineColors(b, blanksB, sigB);
  // Candidates: blanks of b with the same final signature.
  std::map<std::string, std::vector<std::string>> bySignature;
  for (const auto& [x, sig] : sigB) bySignature[sig].push_back(x);
  std::vector<std::string> order(blanksA.begin(), blanksA.end());
  std::sort(order.begin(), order.end(), [&](const std::string& x, const std::string& y) {
    return bySignature[sigA[x]].size() < bySignature[sigA[y]].size();
  });
  std::map<std::string, std::string> mapping;
  std::set<std::string> used;
  size_t budget = 200000;
  std::function<bool(size_t)> search = [&](size_t i) -> bool {
    if (budget-- == 0) return false;
    if (i == order.size()) return renderAll(a, &mapping) == target;
    const std::string& x = order[i];
    for (const auto& y : bySignature[sigA[x]]) {
      if (used.count(y)) continue;
      mapping[x] = y;
      used.insert(y);
      if (search(i + 1)) return true;
      used.erase(y);
      mapping.erase(x);
    }
    return false;
  };
  return search(0);
}

inline std::vector<Row> quadsToRows(const std::vector<Quad>& quads) {
  std::vector<Row> rows;
  for (const auto& q : quads) {
    rows.push_back({q.subject, q.predicate, q.object,
                    q.inDefaultGraph() ? Cell() : Cell(q.graph)});
  }
  return rows;
}

}  // namespace kg::testing
