#include "graph_facts.h"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <string>

namespace kg::extract::eval {

std::vector<SystemFact> graphFacts(const std::vector<kg::Quad>& quads, std::string_view text) {
  const std::string kg(kg::vocab::kKg);
  const std::string label = std::string(kg::vocab::kRdfs) + "label";
  std::map<std::string, std::string> labels;      // IRI -> rdfs:label
  std::map<std::string, std::string> evSource;    // evidence -> source
  std::map<std::string, long> srcStart;           // source -> start byte
  std::vector<std::pair<kg::Term, std::string>> evidence;  // (quoted triple, evidence IRI)
  for (const auto& q : quads) {
    const std::string& p = q.predicate.value;
    if (p == label && q.subject.isIri() && q.object.isLiteral()) {
      labels.emplace(q.subject.value, q.object.value);
    } else if (p == kg + "evidence" && q.subject.isTriple()) {
      evidence.push_back({q.subject, q.object.value});
    } else if (p == kg + "source" && q.subject.isIri()) {
      evSource[q.subject.value] = q.object.value;
    } else if (p == kg + "start" && q.subject.isIri() &&
               q.subject.value.rfind(kg + "src.", 0) == 0) {
      srcStart[q.subject.value] = std::atol(q.object.value.c_str());
    }
  }
  std::vector<size_t> lineStarts{0};
  for (size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n') lineStarts.push_back(i + 1);
  auto labelOf = [&](const kg::Term& t) {
    if (t.isLiteral()) return t.value;
    auto it = labels.find(t.value);
    return it == labels.end() ? std::string() : it->second;
  };
  std::vector<SystemFact> out;
  for (const auto& [q, ev] : evidence) {
    const auto& tr = *q.triple;
    SystemFact f;
    f.subjects = {labelOf(tr.subject)};
    f.relation = labelOf(tr.predicate);
    f.object = labelOf(tr.object);
    long start = 0;
    if (auto s = evSource.find(ev); s != evSource.end())
      if (auto b = srcStart.find(s->second); b != srcStart.end()) start = b->second;
    f.line = static_cast<int>(std::upper_bound(lineStarts.begin(), lineStarts.end(),
                                               static_cast<size_t>(start)) -
                              lineStarts.begin());
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace kg::extract::eval
