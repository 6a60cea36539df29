// ExtractionResult -> kg::Quad (graph with RDF-star provenance) and -> CaRB tab lines.
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <map>
#include <set>
#include <unordered_set>

#include "extract/dates.h"
#include "extract/extractor.h"
#include "extract/text.h"

namespace kg::extract {

namespace {

std::string kg(std::string_view local) { return std::string(kg::vocab::kKg) + std::string(local); }

uint64_t fnv1a(std::string_view s, uint64_t h = 1469598103934665603ULL) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

std::string hex(uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

kg::Term intLit(long long v) {
  return kg::Term::literal(std::to_string(v), std::string(kg::vocab::kXsdInteger));
}

kg::Term doubleLit(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", v);
  return kg::Term::literal(buf, std::string(kg::vocab::kXsdDecimal));
}

std::string sourceIri(std::string_view doc, size_t sentence) {
  return kg("src.") + hex(fnv1a(doc)) + "." + std::to_string(sentence);
}

std::string firstWordLower(const std::string& s) {
  size_t e = s.find(' ');
  return text::lower(s.substr(0, e));
}

bool isPrep(const std::string& w) {
  static const std::unordered_set<std::string> k = {
      "in", "on", "at", "to", "from", "with", "by", "for", "of", "about", "against", "among",
      "between", "into", "over", "under", "after", "before", "during", "since", "until",
      "through", "across", "toward", "towards", "without", "within", "as", "despite", "amid"};
  return k.count(w) > 0;
}

}  // namespace

std::vector<kg::Quad> toQuads(const ExtractionResult& r, const QuadOptions& opts) {
  std::vector<kg::Quad> out;
  const kg::Term g = opts.graph;
  const std::string doc = r.documentIri;
  const kg::Term docTerm = kg::Term::iri(doc);
  const kg::Term rdfType = kg::Term::iri(std::string(kg::vocab::kRdf) + "type");
  const kg::Term rdfsLabel = kg::Term::iri(std::string(kg::vocab::kRdfs) + "label");
  const kg::Term pSource = kg::Term::iri(kg("source"));
  const kg::Term pEvidence = kg::Term::iri(kg("evidence"));
  auto add = [&](const kg::Term& s, const kg::Term& p, const kg::Term& o) {
    out.push_back(kg::Quad{s, p, o, g});
  };
  std::set<size_t> usedSentences;
  // A statement with provenance: the triple, and << triple >> kg:source src for each sentence.
  auto withSources = [&](const kg::Term& s, const kg::Term& p, const kg::Term& o,
                         const std::vector<size_t>& sentences) {
    add(s, p, o);
    kg::Term q = kg::Term::quoted(s, p, o);
    for (size_t si : sentences) {
      add(q, pSource, kg::Term::iri(sourceIri(doc, si)));
      usedSentences.insert(si);
    }
  };
  std::map<std::string, std::set<size_t>> relSentences;
  std::map<std::string, std::string> relLabels;
  std::set<std::string> usedEntities;
  for (const auto& f : r.facts) {
    if (!f.graph || f.subject.entityIri.empty()) continue;
    kg::Term s = kg::Term::iri(f.subject.entityIri);
    auto objectTerm = [&](const Argument& a) {
      if (!a.entityIri.empty()) return kg::Term::iri(a.entityIri);
      std::string txt = a.text;
      return kg::Term::literal(txt, a.datatype);
    };
    std::vector<std::pair<std::string, kg::Term>> triples;  // (relation text, object)
    // A reported clause's complementizer is not part of the relation: "X said (on Monday)
    // that ..." is X's "said" statement, so a query for the label "said" finds it.
    std::string relation = f.relation;
    if (f.object.isLiteral && relation.size() > 5 &&
        relation.compare(relation.size() - 5, 5, " that") == 0)
      relation.resize(relation.size() - 5);
    if (!f.object.text.empty()) triples.push_back({relation, objectTerm(f.object)});
    std::vector<const Argument*> times;
    if (f.object.time) times.push_back(&f.object);
    for (const auto& pl : f.places) usedEntities.insert(pl.entityIri);
    for (const auto& x : f.extras) {
      if (x.time || isTimePhrase(x.text)) {
        times.push_back(&x);
        continue;
      }
      std::string w = firstWordLower(x.text);
      if (!isPrep(w) || x.text.size() <= w.size() + 1) continue;
      // Beside a direct object, prepositional phrases are mostly circumstance or misattached
      // modifiers ("has issued | in its western Xinjiang region ..."): only infinitives
      // ("told China | to uphold ...") make triples of their own.
      if (!f.object.text.empty() && w != "to") continue;
      Argument rest = x;
      rest.text = x.text.substr(w.size() + 1);
      rest.entityIri.clear();
      triples.push_back({relation + " " + w, objectTerm(rest)});
    }
    if (!f.subject.entityIri.empty()) usedEntities.insert(f.subject.entityIri);
    if (!f.object.entityIri.empty()) usedEntities.insert(f.object.entityIri);
    for (auto& [relText, o] : triples) {
      std::string rIri = relationIri(relText);
      kg::Term p = kg::Term::iri(rIri);
      relSentences[rIri].insert(f.sentence);
      relLabels.emplace(rIri, relText);
      withSources(s, p, o, {f.sentence});
      // evidence node: span, confidence, surface of this reading
      kg::Term q = kg::Term::quoted(s, p, o);
      std::string key = doc + "\x1f" + std::to_string(f.sentence) + "\x1f" + s.toNTriples() +
                        "\x1f" + p.toNTriples() + "\x1f" + o.toNTriples();
      kg::Term ev = kg::Term::iri(kg("ev.") + hex(fnv1a(key)));
      add(q, pEvidence, ev);
      add(ev, rdfType, kg::Term::iri(kg("Evidence")));
      add(ev, kg::Term::iri(kg("source")), kg::Term::iri(sourceIri(doc, f.sentence)));
      add(ev, kg::Term::iri(kg("document")), docTerm);
      add(ev, kg::Term::iri(kg("start")), intLit(static_cast<long long>(f.span.begin)));
      add(ev, kg::Term::iri(kg("end")), intLit(static_cast<long long>(f.span.end)));
      add(ev, kg::Term::iri(kg("confidence")), doubleLit(f.confidence));
      add(ev, kg::Term::iri(kg("kind")), kg::Term::literal(std::string(factKindName(f.kind))));
      add(ev, kg::Term::iri(kg("extractor")), kg::Term::literal(std::string(kExtractorVersion)));
      std::string surface = f.subject.text + " | " + relText + " | " + o.value;
      if (!o.isLiteral()) surface = f.subject.text + " | " + relText + " | " + f.object.text;
      add(ev, kg::Term::iri(kg("surface")), kg::Term::literal(surface));
      // where it happened: the place's entity ("met Bob | in Paris")
      for (const auto& pl : f.places)
        add(ev, kg::Term::iri(kg("place")), kg::Term::iri(pl.entityIri));
      // when it happened: the phrase, and the day it names given the document's date
      for (const Argument* t : times) {
        add(ev, kg::Term::iri(kg("time")), kg::Term::literal(t->text));
        std::string day = resolveDate(t->text, r.documentDate);
        if (!day.empty())
          add(ev, kg::Term::iri(kg("date")), kg::Term::literal(day, std::string(kg::vocab::kXsd) + "date"));
      }
    }
  }
  if (!r.placeIri.empty()) usedEntities.insert(r.placeIri);
  // Relations: label = surface phrase.
  for (const auto& [iri, label] : relLabels) {
    std::vector<size_t> ss(relSentences[iri].begin(), relSentences[iri].end());
    kg::Term rt = kg::Term::iri(iri);
    withSources(rt, rdfType, kg::Term::iri(kg("Relation")), ss);
    withSources(rt, rdfsLabel, kg::Term::literal(label), ss);
  }
  // Entities: label, aliases, type where the text tells.
  if (opts.entityTriples) {
    for (const auto& e : r.entities) {
      if (!usedEntities.count(e.iri)) continue;
      kg::Term et = kg::Term::iri(e.iri);
      withSources(et, rdfsLabel, kg::Term::literal(e.label), e.sentences);
      for (const auto& a : e.aliases)
        withSources(et, kg::Term::iri(kg("alias")), kg::Term::literal(a), e.sentences);
      if (e.type != EntityType::kUnknown)
        withSources(et, rdfType, kg::Term::iri(kg(entityTypeName(e.type))), e.sentences);
    }
  }
  // The document: its date, title and URL when the corpus gives them.
  if (!r.documentDate.empty())
    add(docTerm, kg::Term::iri(kg("date")),
        kg::Term::literal(r.documentDate, std::string(kg::vocab::kXsd) + "date"));
  if (!r.documentTitle.empty())
    add(docTerm, kg::Term::iri(kg("title")), kg::Term::literal(r.documentTitle));
  if (!r.documentUrl.empty())
    add(docTerm, kg::Term::iri(kg("url")), kg::Term::literal(r.documentUrl));
  // Where it was written (its dateline).
  if (!r.placeIri.empty()) {
    add(docTerm, kg::Term::iri(kg("place")), kg::Term::iri(r.placeIri));
    add(docTerm, kg::Term::iri(kg("dateline")), kg::Term::literal(r.dateline));
  }
  // Sources: one node per (document, sentence).
  for (size_t si : usedSentences) {
    if (si >= r.sentences.size()) continue;
    const Sentence& s = r.sentences[si];
    kg::Term src = kg::Term::iri(sourceIri(doc, si));
    add(src, rdfType, kg::Term::iri(kg("Source")));
    add(src, kg::Term::iri(kg("document")), docTerm);
    add(src, kg::Term::iri(kg("sentenceIndex")), intLit(static_cast<long long>(si)));
    add(src, kg::Term::iri(kg("text")), kg::Term::literal(s.text));
    add(src, kg::Term::iri(kg("start")), intLit(static_cast<long long>(s.span.begin)));
    add(src, kg::Term::iri(kg("end")), intLit(static_cast<long long>(s.span.end)));
    add(src, kg::Term::iri(kg("extractor")), kg::Term::literal(std::string(kExtractorVersion)));
  }
  // Set semantics and a stable order.
  std::vector<std::pair<std::string, size_t>> keys;
  keys.reserve(out.size());
  for (size_t i = 0; i < out.size(); ++i) keys.push_back({out[i].toNQuads(), i});
  std::sort(keys.begin(), keys.end());
  std::vector<kg::Quad> uniq;
  uniq.reserve(keys.size());
  for (size_t i = 0; i < keys.size(); ++i) {
    if (i > 0 && keys[i].first == keys[i - 1].first) continue;
    uniq.push_back(out[keys[i].second]);
  }
  return uniq;
}

std::vector<std::string> carbTuple(const Fact& f) {
  std::vector<std::string> t;
  // An apposition or a title has no tense of its own ("Abraham Stern, head of the group," /
  // "President Bush"): open IE gets the verb's base form, which stands for any tense.
  if (f.kind == FactKind::kRole && f.relation == "is")
    t.push_back("be");
  else
    t.push_back(f.relation);
  t.push_back(f.subject.text);
  if (!f.object.text.empty()) t.push_back(f.object.text);
  for (const auto& x : f.extras)
    if (!x.text.empty()) t.push_back(x.text);
  return t;
}

std::string toCarb(const ExtractionResult& r, const std::vector<std::string>* keys) {
  std::string out;
  auto clean = [](std::string s) {
    for (auto& c : s)
      if (c == '\t' || c == '\n' || c == '\r') c = ' ';
    return s;
  };
  for (const auto& f : r.facts) {
    if (!f.carb || f.relation.empty() || f.subject.text.empty()) continue;
    std::string sent;
    if (keys && f.sentence < keys->size()) sent = (*keys)[f.sentence];
    else if (f.sentence < r.sentences.size()) sent = r.sentences[f.sentence].text;
    char conf[32];
    std::snprintf(conf, sizeof conf, "%.4f", f.confidence);
    out += clean(sent);
    out += '\t';
    out += conf;
    for (const auto& x : carbTuple(f)) {
      out += '\t';
      out += clean(x);
    }
    out += '\n';
  }
  return out;
}

}  // namespace kg::extract
