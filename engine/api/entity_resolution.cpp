// Entity resolution across documents: the rules of entity_resolution.h over the store's
// entities, applied as recorded (and reversible) merges.
#include "api/entity_resolution.h"

#include <cctype>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "api/entity_merge.h"
#include "extract/names.h"
#include "storage/transaction.h"

namespace kg::entities {

namespace {

using storage::kAny;
using storage::QuadIds;

std::vector<std::string> splitWords(const std::string& s) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    size_t j = i;
    while (j < s.size() && s[j] != ' ') ++j;
    if (j > i) out.push_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

bool upper(char c) { return std::isupper(static_cast<unsigned char>(c)) != 0; }

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// "KFU", "U.N.H.R.C.": two to six capital letters, dots allowed, nothing else.
bool acronymLetters(const std::string& label, std::string* letters) {
  std::string l;
  for (char c : label) {
    if (c == '.') continue;
    if (!upper(c)) return false;
    l.push_back(c);
  }
  if (l.size() < 2 || l.size() > 6) return false;
  *letters = l;
  return true;
}

// The first letters of a name's capitalized words ("Kenya Farmers Union" -> "KFU"); empty
// when a word other than a joining word is in lower case (a description, not a name).
std::string initials(const std::vector<std::string>& words) {
  static const std::unordered_set<std::string> joining = {"of", "for", "and", "the", "on", "in",
                                                          "&", "de", "du", "la", "to", "at"};
  std::string out;
  for (const auto& w : words) {
    if (joining.count(lower(w))) continue;
    if (w.empty() || !upper(w[0])) return {};
    out.push_back(w[0]);
  }
  return out;
}

// A one-word personal name: capitalized, letters (and - or '), not all capitals, not known as a
// country, place, organisation or capital city.
bool shortPersonName(const NamedEntity& e, const std::vector<std::string>& words) {
  if (words.size() != 1) return false;
  const std::string& w = words[0];
  if (w.size() < 2 || !upper(w[0])) return false;
  bool allUpper = true;
  for (char c : w) {
    unsigned char u = static_cast<unsigned char>(c);
    if (!(std::isalpha(u) || c == '-' || c == '\'' || u >= 0x80)) return false;
    if (std::islower(u)) allUpper = false;
  }
  if (allUpper) return false;
  if (e.country || e.place || e.organization) return false;
  return extract::capitalCountry(w).empty() && extract::builtinCanonical(w).empty();
}

// A person's full name as the short-name rule trusts it: two to four capitalized words, none
// of them a word that makes the phrase a place, an institution or a title ("Boston College",
// "Free State", "Lord Chancellor": the extractor types such phrases as persons when nothing
// else tells).
bool fullPersonName(const NamedEntity& e, const std::vector<std::string>& words) {
  static const std::unordered_set<std::string> notPersonal = {
      "college", "school", "university", "academy", "institute", "high", "state", "states",
      "estate", "company", "group", "street", "road", "avenue", "city", "county", "river",
      "lake", "mountain", "island", "islands", "park", "square", "bridge", "lord", "lady",
      "king", "queen", "prince", "chancellor", "minister", "president", "secretary", "party",
      "church", "hospital", "airport", "station", "club", "team", "bank", "fund", "council",
      "museum", "hotel", "house", "hall", "center", "centre", "republic", "kingdom", "empire",
      "north", "south", "east", "west", "new", "united", "national", "international", "general"};
  if (!e.person || e.organization || e.place || e.country) return false;
  if (words.size() < 2 || words.size() > 4) return false;
  for (const auto& w : words) {
    if (w.empty() || !upper(w[0])) return false;
    if (notPersonal.count(lower(w))) return false;
  }
  return true;
}

}  // namespace

std::vector<MergeProposal> proposeMerges(
    const std::vector<NamedEntity>& entities,
    const std::vector<std::pair<std::string, std::string>>& aliasTable) {
  std::vector<MergeProposal> out;
  std::set<std::string> merged, canonical;
  auto propose = [&](const NamedEntity& c, const NamedEntity& m, std::string reason,
                     const char* origin) {
    if (c.iri == m.iri || merged.count(m.iri) || merged.count(c.iri) || canonical.count(m.iri))
      return;
    merged.insert(m.iri);
    canonical.insert(c.iri);
    out.push_back(MergeProposal{c.iri, m.iri, std::move(reason), origin});
  };
  std::vector<std::vector<std::string>> words;
  std::unordered_map<std::string, std::vector<size_t>> byKey;
  for (size_t i = 0; i < entities.size(); ++i) {
    words.push_back(splitWords(entities[i].label));
    byKey[extract::nameKey(entities[i].label)].push_back(i);
  }
  // 1. The user's alias table.
  for (const auto& [label, alias] : aliasTable) {
    auto c = byKey.find(extract::nameKey(label));
    auto m = byKey.find(extract::nameKey(alias));
    if (c == byKey.end() || c->second.size() != 1 || m == byKey.end()) continue;
    for (size_t j : m->second)
      propose(entities[c->second[0]], entities[j],
              "the alias table names '" + alias + "' as '" + label + "'", kOriginAliasTable);
  }
  // Persons by the first and last word of their names; names of several words by initials.
  std::unordered_map<std::string, std::set<size_t>> personsByWord;
  std::unordered_map<std::string, std::vector<size_t>> byInitials;
  for (size_t j = 0; j < entities.size(); ++j) {
    if (words[j].size() < 2) continue;
    if (fullPersonName(entities[j], words[j])) {
      personsByWord[words[j].back()].insert(j);
      // a family name first ("Xi Jinping", "Li Hongzhi"): short family names only, as a long
      // first word is more often a given name or part of an institution's name
      if (words[j].front().size() <= 4) personsByWord[words[j].front()].insert(j);
    }
    std::string letters = initials(words[j]);
    if (letters.size() >= 2) byInitials[letters].push_back(j);
  }
  // 2. A one-word name of the one person whose name starts or ends with it.
  for (size_t i = 0; i < entities.size(); ++i) {
    if (!shortPersonName(entities[i], words[i])) continue;
    auto it = personsByWord.find(words[i][0]);
    if (it == personsByWord.end() || it->second.size() != 1) continue;
    const NamedEntity& person = entities[*it->second.begin()];
    propose(person, entities[i], "short form of the name '" + person.label + "'", kOriginAutomatic);
  }
  // 3. An acronym of the one name whose capitalized words start with its letters.
  for (size_t i = 0; i < entities.size(); ++i) {
    std::string letters;
    if (!acronymLetters(entities[i].label, &letters)) continue;
    auto it = byInitials.find(letters);
    if (it == byInitials.end() || it->second.size() != 1) continue;
    const NamedEntity& name = entities[it->second[0]];
    propose(name, entities[i], "acronym of '" + name.label + "'", kOriginAutomatic);
  }
  return out;
}

std::vector<NamedEntity> storedEntities(const storage::QuadReader& r) {
  std::vector<NamedEntity> out;
  auto labelP = r.lookup(Term::iri(std::string(vocab::kRdfs) + "label"));
  if (!labelP) return out;
  auto typeP = r.lookup(Term::iri(std::string(vocab::kRdf) + "type"));
  auto aliasGraph = r.lookup(Term::iri(aliasGraphIri()));
  const std::string entityPrefix = std::string(vocab::kKg) + "e.";
  std::map<std::string, std::pair<NamedEntity, storage::TermId>> byIri;
  QuadIds pattern{{kAny, *labelP, kAny, kAny}};
  auto stream = r.open(pattern, storage::chooseIndex(pattern).order);
  QuadIds q;
  while (stream->next(&q)) {
    if (aliasGraph && q.g() == *aliasGraph) continue;
    Term s = r.decode(q.s());
    if (!s.isIri() || s.value.compare(0, entityPrefix.size(), entityPrefix) != 0) continue;
    Term o = r.decode(q.o());
    if (!o.isLiteral()) continue;
    auto& [e, id] = byIri[s.value];
    if (e.label.empty() || o.value < e.label) {
      e.iri = s.value;
      e.label = o.value;
      id = q.s();
    }
  }
  const std::string kg(vocab::kKg);
  for (auto& [iri, entry] : byIri) {
    NamedEntity& e = entry.first;
    if (typeP) {
      auto types = r.open(QuadIds{{entry.second, *typeP, kAny, kAny}}, storage::IndexOrder::kGSPO);
      while (types->next(&q)) {
        Term t = r.decode(q.o());
        if (t.value == kg + "Person") e.person = true;
        else if (t.value == kg + "Organization") e.organization = true;
        else if (t.value == kg + "Place") e.place = true;
        else if (t.value == kg + "Country") e.country = true;
      }
    }
    out.push_back(std::move(e));
  }
  return out;
}

uint64_t resolveAcrossDocuments(storage::Transaction& tx,
                                const std::vector<std::pair<std::string, std::string>>& aliasTable) {
  std::set<std::string> merged, canonical;
  for (const auto& m : activeMerges(tx)) {
    merged.insert(m.merged.value);
    canonical.insert(m.canonical.value);
  }
  std::set<std::pair<std::string, std::string>> apart;
  for (const auto& [b, a] : keptApart(tx)) {
    apart.insert({b, a});
    apart.insert({a, b});
  }
  uint64_t made = 0;
  for (const auto& p : proposeMerges(storedEntities(tx), aliasTable)) {
    if (merged.count(p.merged) || merged.count(p.canonical) || canonical.count(p.merged)) continue;
    if (apart.count({p.merged, p.canonical})) continue;
    merge(tx, Term::iri(p.canonical), Term::iri(p.merged), p.reason, p.origin);
    merged.insert(p.merged);
    canonical.insert(p.canonical);
    ++made;
  }
  return made;
}

}  // namespace kg::entities
