#include "extract/entities.h"

#include <algorithm>
#include <cctype>
#include <unordered_set>

#include "extract/facts.h"

namespace kg::extract {

std::string slug(std::string_view s) {
  std::string out;
  bool us = false;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c >= 0x80) {
      out.push_back(static_cast<char>(c));
      us = false;
    } else if (!us && !out.empty()) {
      out.push_back('_');
      us = true;
    }
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  if (out.empty()) out = "x";
  return out;
}

std::string entityIri(std::string_view label) {
  return std::string(kg::vocab::kKg) + "e." + slug(label);
}

std::string relationIri(std::string_view relation) {
  return std::string(kg::vocab::kKg) + "r." + slug(text::lower(relation));
}

namespace {

bool isDeterminer(const std::string& l) {
  return l == "the" || l == "a" || l == "an" || l == "this" || l == "that" || l == "these" ||
         l == "those" || l == "its" || l == "his" || l == "her" || l == "their";
}

// Head noun of a lower-case form: the last word before the first of/for/in/on/at
// ("president of the council" -> "president").
std::string formHead(const std::vector<std::string>& fw) {
  std::string head;
  for (const auto& w : fw) {
    if (w == "of" || w == "for" || w == "in" || w == "on" || w == "at" || w == "to") break;
    head = w;
  }
  return head.empty() && !fw.empty() ? fw.back() : head;
}

bool isTitle(const std::string& l) {
  return l == "mr." || l == "ms." || l == "mrs." || l == "dr." || l == "prof." || l == "mr" ||
         l == "ms" || l == "mrs" || l == "dr" || l == "miss" || l == "sir" || l == "madam";
}

const std::unordered_set<std::string>& countries() {
  static const std::unordered_set<std::string> k = {
      "afghanistan", "albania", "algeria", "argentina", "armenia", "australia", "austria",
      "azerbaijan", "bahrain", "bangladesh", "belarus", "belgium", "bolivia", "bosnia",
      "brazil", "britain", "bulgaria", "cambodia", "cameroon", "canada", "chile", "china",
      "colombia", "croatia", "cuba", "cyprus", "czech republic", "denmark", "egypt", "england",
      "estonia", "ethiopia", "finland", "france", "georgia", "germany", "ghana", "greece",
      "hungary", "iceland", "india", "indonesia", "iran", "iraq", "ireland", "israel", "italy",
      "japan", "jordan", "kazakhstan", "kenya", "kuwait", "latvia", "lebanon", "libya",
      "lithuania", "luxembourg", "malaysia", "mali", "mexico", "mongolia", "morocco",
      "myanmar", "nepal", "netherlands", "new zealand", "nigeria", "north korea", "norway",
      "pakistan", "peru", "philippines", "poland", "portugal", "qatar", "romania", "russia",
      "rwanda", "saudi arabia", "scotland", "senegal", "serbia", "singapore", "slovakia",
      "slovenia", "somalia", "south africa", "south korea", "spain", "sri lanka", "sudan",
      "sweden", "switzerland", "syria", "taiwan", "tanzania", "thailand", "tunisia", "turkey",
      "uganda", "ukraine", "united arab emirates", "united kingdom", "united states",
      "uruguay", "uzbekistan", "venezuela", "vietnam", "wales", "yemen", "zambia", "zimbabwe",
      "u.s.", "u.k.", "the united states", "the netherlands", "the united kingdom",
      "trinidad and tobago", "bosnia and herzegovina", "antigua and barbuda",
      "saint kitts and nevis", "sao tome and principe", "saint vincent and the grenadines"};
  return k;
}

const std::unordered_set<std::string>& orgWords() {
  static const std::unordered_set<std::string> k = {
      "council", "office", "committee", "watch", "nations", "organization", "organisation",
      "union", "ministry", "agency", "bank", "company", "corporation", "corp.", "inc.",
      "university", "party", "court", "association", "institute", "commission", "department",
      "fund", "foundation", "parliament", "congress", "senate", "government", "assembly",
      "army", "police", "league", "federation", "club", "times", "post", "secretariat",
      "amnesty", "international", "network", "forum", "board", "bureau", "service", "agency"};
  return k;
}

const std::unordered_set<std::string>& personRoles() {
  static const std::unordered_set<std::string> k = {
      "president", "minister", "secretary", "director", "governor", "commissioner",
      "ambassador", "spokesman", "spokeswoman", "spokesperson", "chairman", "chairwoman",
      "envoy", "diplomat", "official", "senator", "mayor", "king", "queen", "prince",
      "premier", "chancellor", "founder", "professor", "judge", "adviser", "advisor",
      "rapporteur", "negotiator", "activist", "lawyer", "footballer", "politician", "writer",
      "actor", "singer", "coordinator"};
  return k;
}

bool isTrailingFunctionWord(const std::string& l) {
  static const std::unordered_set<std::string> k = {
      "for", "to", "of", "in", "on", "at", "by", "with", "from", "and", "or", "but", "the",
      "a", "an", "as", "into", "about", "against", "over", "after", "before", "-", "--"};
  return k.count(l) > 0;
}

// Words that can stand before a name as a title ("Secretary", "envoy", "Foreign Minister").
bool isTitleWord(const std::string& l) {
  static const std::unordered_set<std::string> k = {
      "president", "minister", "secretary", "director", "governor", "commissioner",
      "ambassador", "spokesman", "spokeswoman", "spokesperson", "chairman", "chairwoman",
      "envoy", "senator", "sen.", "rep.", "gov.", "gen.", "lt.", "col.", "capt.", "mayor",
      "king", "queen", "prince", "princess", "premier", "chancellor", "professor", "judge",
      "justice", "adviser", "advisor", "rapporteur", "negotiator", "representative", "chief",
      "general", "pope", "cardinal", "bishop", "rabbi", "imam", "sheikh", "coach", "captain",
      "officer", "deputy", "vice", "activist", "lawyer", "economist", "analyst", "official"};
  return k.count(l) > 0;
}

// "General" in "General Motors" is not a title: a one-word name after it needs a real one.
bool isPersonTitle(const std::string& l) { return isTitleWord(l) && l != "general" && l != "chief"; }

bool capitalizedWord(const std::string& w) {
  return !w.empty() && std::isupper(static_cast<unsigned char>(w[0]));
}

}  // namespace

// How many leading words of a phrase are a title before a name: the words up to the last title
// word, when a capitalized name without organisation words follows it.
size_t titlePrefixLength(const std::vector<std::string>& w) {
  int last = -1;
  for (size_t i = 0; i < w.size(); ++i)
    if (isTitleWord(text::lower(w[i]))) last = static_cast<int>(i);
  if (last < 0) return 0;
  size_t name = w.size() - static_cast<size_t>(last) - 1;
  if (name == 0) return 0;
  for (size_t i = static_cast<size_t>(last) + 1; i < w.size(); ++i) {
    std::string l = text::lower(w[i]);
    if (!capitalizedWord(w[i]) || l == "of" || text::isPunct(w[i])) return 0;
  }
  if (name == 1 && !isPersonTitle(text::lower(w[static_cast<size_t>(last)]))) return 0;
  return static_cast<size_t>(last) + 1;
}

bool describesPosition(const std::vector<std::string>& w) {
  std::vector<std::string> lw;
  for (const auto& x : w) {
    std::string l = text::lower(x);
    if (l == "'s" || l == "'" || text::isPunct(l)) continue;
    lw.push_back(l);
  }
  if (lw.empty()) return false;
  std::string head = formHead(lw);
  static const std::unordered_set<std::string> more = {
      "head", "leader", "executive", "officer", "manager", "editor", "founder", "chair",
      "ceo", "boss", "commander", "deputy"};
  return personRoles().count(head) || isPersonTitle(head) || more.count(head);
}

// "Kenya and the U.S.", "Britain, France and Germany": names joined by and/or/commas, each
// capitalized after its determiners. "Trinidad and Tobago" (a known country) is one name.
bool isNameParticle(const std::string& w) {
  static const std::unordered_set<std::string> k = {
      "de", "van", "von", "der", "den", "da", "di", "du", "dos", "das", "del", "della",
      "ter", "ten", "bin", "ibn", "al", "el", "le", "la", "zu", "y"};
  return k.count(w) > 0;
}

bool isCoordination(const std::vector<std::string>& words) {
  // "A as well as B" joins like "A and B"
  std::vector<std::string> w;
  for (size_t i = 0; i < words.size(); ++i) {
    if (i + 2 < words.size() && text::lower(words[i]) == "as" && text::lower(words[i + 1]) == "well" &&
        text::lower(words[i + 2]) == "as") {
      w.push_back("and");
      i += 2;
      continue;
    }
    w.push_back(words[i]);
  }
  bool sawJoin = false;
  bool memberStart = true, memberCapitalized = false, firstCapitalized = false;
  for (const auto& x : w) {
    std::string l = text::lower(x);
    if (l == "and" || l == "or" || l == "," || l == "&") {
      if (!memberCapitalized || l == "&") return false;
      sawJoin = sawJoin || l != "&";
      memberStart = true;
      memberCapitalized = false;
      continue;
    }
    if (memberStart && isDeterminer(l)) continue;
    // a member is a name, or a description ending in one ("the state company Codelsa")
    bool cap = capitalizedWord(x) && !text::isPunct(x);
    memberCapitalized = memberStart ? cap : (memberCapitalized && firstCapitalized) || cap;
    if (memberStart) firstCapitalized = cap;
    memberStart = false;
  }
  if (!sawJoin || !memberCapitalized) return false;
  std::string joined;
  for (const auto& x : w) joined += (joined.empty() ? "" : " ") + text::lower(x);
  if (countries().count(joined)) return false;
  // the members, for the checks below
  std::vector<std::vector<std::string>> members(1);
  bool conjunction = false;  // "Austin, Texas" is a place and its state, not a list
  for (const auto& x : w) {
    std::string l = text::lower(x);
    if (l == "and" || l == "or" || l == ",") {
      conjunction = conjunction || l != ",";
      if (!members.back().empty()) members.emplace_back();
      continue;
    }
    members.back().push_back(x);
  }
  if (members.back().empty()) members.pop_back();
  if (!conjunction || members.size() < 2) return false;
  // "Consumer groups in France, Germany and Italy": the list is the object of a preposition
  // inside a description, and the phrase is one thing
  static const std::unordered_set<std::string> preps = {
      "in", "of", "from", "at", "for", "across", "with", "on", "between", "to", "into", "near",
      "including", "like", "among", "as"};
  const auto& first = members.front();
  for (size_t i = 1; i + 1 < first.size(); ++i) {
    if (!preps.count(first[i])) continue;
    for (size_t j = 0; j < i; ++j)
      if (!capitalizedWord(first[j]) && !isDeterminer(text::lower(first[j]))) return false;
  }
  // one name with "and" in it: "Centre for Disease Prevention and Control", "Food and
  // Agriculture Organization", "Securities and Exchange Commission"
  if (members.size() == 2) {
    const auto& second = members.back();
    bool secondBare = !isDeterminer(text::lower(second.front()));
    for (const auto& x : second) secondBare = secondBare && capitalizedWord(x);
    auto hasOrgWord = [](const std::vector<std::string>& m) {
      for (const auto& x : m)
        if (orgWords().count(text::lower(x))) return true;
      return false;
    };
    bool innerOf = false;  // capitalized words on both sides of "for"/"of"
    for (size_t i = 1; i + 1 < first.size(); ++i)
      if ((first[i] == "for" || first[i] == "of") && capitalizedWord(first[i - 1]) &&
          capitalizedWord(first[i + 1]))
        innerOf = true;
    if (secondBare && innerOf && second.size() == 1 && !countries().count(text::lower(second[0])))
      return false;
    bool firstShort = first.size() <= 2 && !isDeterminer(text::lower(first.front())) && !hasOrgWord(first);
    for (const auto& x : first) firstShort = firstShort && capitalizedWord(x);
    if (secondBare && firstShort && hasOrgWord({second.back()}) &&
        !countries().count(text::lower(first.back())))
      return false;
  }
  return true;
}

namespace {

std::vector<std::string> words(const std::string& s) {
  std::vector<std::string> w;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    size_t j = i;
    while (j < s.size() && s[j] != ' ') ++j;
    if (j > i) w.push_back(s.substr(i, j - i));
    i = j;
  }
  return w;
}

std::string joinWords(const std::vector<std::string>& w, size_t b = 0) {
  std::string s;
  for (size_t i = b; i < w.size(); ++i) {
    if (!s.empty() && w[i] != "'s" && w[i] != "'") s.push_back(' ');
    s += w[i];
  }
  return s;
}

bool capitalized(const std::string& w) {
  return !w.empty() && std::isupper(static_cast<unsigned char>(w[0]));
}

}  // namespace

EntityType classifyName(const std::vector<std::string>& w, bool titled,
                        const std::vector<std::string>& subs) {
  if (w.empty()) return EntityType::kUnknown;
  std::string l = text::lower(joinWords(w));
  if (countries().count(l)) return EntityType::kCountry;
  bool allCap = true;
  for (const auto& x : w) {
    std::string lx = text::lower(x);
    if (!capitalized(x) && lx != "of" && lx != "for" && lx != "and" && lx != "'s" && lx != "the")
      allCap = false;
  }
  if (!allCap) {
    // "Xinjiang's deputy governor", "the Russian diplomat": a person described by a role
    std::vector<std::string> lw;
    for (const auto& x : w) lw.push_back(text::lower(x));
    if (personRoles().count(formHead(lw))) return EntityType::kPerson;
    return EntityType::kUnknown;
  }
  for (const auto& x : w)
    if (orgWords().count(text::lower(x))) return EntityType::kOrganization;
  if (titled) return EntityType::kPerson;
  bool given = false, loc = false;
  for (size_t i = 0; i < subs.size(); ++i) {
    const std::string& s = subs[i];
    if (s == "f" || s == "m" || s == "b") given = given || i == 0;
    if (s == "l") loc = true;
  }
  if (given && w.size() >= 2) return EntityType::kPerson;
  if (loc && w.size() <= 3) return EntityType::kPlace;
  // Two or three capitalized words without organization words: most often a person.
  if (w.size() >= 2 && w.size() <= 3) {
    bool plain = true;
    for (const auto& x : w)
      if (!capitalized(x) || x.size() < 2 || x.back() == '.') plain = false;
    if (plain) return EntityType::kPerson;
  }
  return EntityType::kUnknown;
}

void EntityResolver::beginSentence(size_t index, const std::vector<text::Token>& toks,
                                   const std::vector<std::string>& subscripts,
                                   std::string_view norm) {
  sentence_ = index;
  toks_ = &toks;
  subs_ = &subscripts;
  norm_ = norm;
}

const std::vector<std::string>& EntityResolver::labelWords(Ent& en) {
  if (en.wordsOf != en.e.label || (en.labelWords.empty() && !en.e.label.empty())) {
    en.wordsOf = en.e.label;
    en.labelWords = words(text::lower(en.e.label));
  }
  return en.labelWords;
}

void EntityResolver::addForm(Ent& en, const std::string& form) {
  std::string l = text::lower(form);
  if (std::find(en.lowerForms.begin(), en.lowerForms.end(), l) == en.lowerForms.end())
    en.lowerForms.push_back(l);
}

int EntityResolver::create(const std::string& label, EntityType type) {
  Ent en;
  en.e.label = label;
  en.e.iri = entityIri(label);
  en.e.type = type;
  addForm(en, label);
  ents_.push_back(std::move(en));
  int idx = static_cast<int>(ents_.size()) - 1;
  byKey_[text::lower(label)] = idx;
  return idx;
}

void EntityResolver::note(int idx, bool isSubject) {
  recent_.push_back({idx, isSubject});
  auto at = std::find(byLatestMention_.begin(), byLatestMention_.end(), idx);
  if (at != byLatestMention_.end()) byLatestMention_.erase(at);
  byLatestMention_.push_back(idx);
  auto& s = ents_[idx].e.sentences;
  if (s.empty() || s.back() != sentence_) s.push_back(sentence_);
}

int EntityResolver::findRecent(const std::vector<std::string>& lw, bool definite) const {
  if (lw.empty()) return -1;
  std::string phrase = joinWords(lw);
  const std::string& head = lw.back();
  size_t scanned = 0;
  for (auto it = byLatestMention_.rbegin(); it != byLatestMention_.rend() && scanned < 400; ++it, ++scanned) {
    const Ent& en = ents_[*it];
    for (const auto& f : en.lowerForms) {
      if (f.empty()) continue;
      if (f == phrase) return *it;
      if (definite) {
        auto fw = words(f);
        if (fw.empty()) continue;
        if (formHead(fw) == head && fw.size() > lw.size()) return *it;
        if (lw.size() >= 2 && (" " + f + " ").find(" " + phrase + " ") != std::string::npos)
          return *it;
      }
    }
  }
  return -1;
}

const Entity* EntityResolver::mention(const std::vector<int>& core, bool isSubject) {
  if (!toks_ || core.empty()) return nullptr;
  const auto& toks = *toks_;
  std::vector<std::string> w, sub;
  for (int k : core) {
    if (k < 0 || static_cast<size_t>(k) >= toks.size()) continue;
    w.push_back(toks[k].text);
    sub.push_back(subs_ && static_cast<size_t>(k) < subs_->size() ? (*subs_)[k] : "");
  }
  if (w.empty()) return nullptr;
  std::string l0 = text::lower(w[0]);
  if (w.size() == 1 && isPronoun(l0)) {
    bool person = l0 == "he" || l0 == "she" || l0 == "him" || l0 == "his" || l0 == "her";
    bool plural = l0 == "they" || l0 == "them" || l0 == "their";
    bool it = l0 == "it" || l0 == "its";
    if (!person && !plural && !it) return nullptr;
    // A pronoun refers to something said lately: the last mentions only.
    size_t scanned = 0;
    for (auto r = recent_.rbegin(); r != recent_.rend() && scanned < 400; ++r, ++scanned) {
      const Ent& en = ents_[r->first];
      bool isPerson = en.e.type == EntityType::kPerson;
      if (person && isPerson) {
        int idx = r->first;
        note(idx, isSubject);
        return &ents_[idx].e;
      }
      if (it && !isPerson && r->second) {
        const std::string& lab = en.e.label;
        bool pl = !lab.empty() && lab.back() == 's' && en.e.type == EntityType::kUnknown;
        if (pl) continue;
        int idx = r->first;
        note(idx, isSubject);
        return &ents_[idx].e;
      }
      if (plural && !isPerson && r->second) {
        const std::string& lab = en.e.label;
        if (!lab.empty() && lab.back() == 's') {
          int idx = r->first;
          note(idx, isSubject);
          return &ents_[idx].e;
        }
      }
    }
    return nullptr;
  }
  // strip determiners and titles
  bool definite = l0 == "the" || l0 == "this" || l0 == "that" || l0 == "these" || l0 == "those" ||
                  l0 == "its" || l0 == "his" || l0 == "her" || l0 == "their";
  // a phrase with a verb in it ("to release journalists") is not an entity
  for (const auto& x : sub)
    if (!x.empty() && (x[0] == 'v' || x[0] == 'q' || x[0] == 'w')) return nullptr;
  static const std::unordered_set<std::string> preps = {
      "to", "of", "in", "on", "at", "by", "for", "with", "from", "against", "between", "about",
      "into", "than", "as", "over", "under", "after", "before", "during"};
  if (preps.count(l0)) return nullptr;
  size_t b = 0;
  bool titled = false;
  while (b < w.size() && (isDeterminer(text::lower(w[b])) || isTitle(text::lower(w[b])))) {
    if (isTitle(text::lower(w[b]))) titled = true;
    ++b;
  }
  if (b >= w.size()) return nullptr;
  std::vector<std::string> rest(w.begin() + static_cast<long>(b), w.end());
  std::vector<std::string> restSub(sub.begin() + static_cast<long>(b), sub.end());
  // drop a trailing possessive marker
  while (!rest.empty() && (rest.back() == "'s" || rest.back() == "'")) {
    rest.pop_back();
    restSub.pop_back();
  }
  // a trailing function word is not part of a name ("Washington for moving ...")
  while (rest.size() > 1 && isTrailingFunctionWord(text::lower(rest.back()))) {
    rest.pop_back();
    restSub.pop_back();
    w.pop_back();
  }
  if (rest.empty()) return nullptr;
  // amounts ("$ 2 billion"), dates ("Monday") and adjectives ("small") are not entities
  for (const auto& x : rest)
    if (x == "$" || x == "€" || x == "£" || x == "%") return nullptr;
  if (isAmountWord(rest.front()) || isAmountWord(rest.back())) return nullptr;
  if (isTimeWord(text::lower(rest.back()))) return nullptr;
  if (!restSub.empty() && !capitalized(rest.back()) && !restSub.back().empty() &&
      (restSub.back()[0] == 'a' || restSub.back()[0] == 'e'))
    return nullptr;
  // a title or role before a name is not part of it ("Secretary Laura Chen", "envoy Laura
  // Chen", "Foreign Minister Wang Yi")
  if (size_t t = titlePrefixLength(rest); t > 0) {
    rest.erase(rest.begin(), rest.begin() + static_cast<long>(t));
    restSub.erase(restSub.begin(), restSub.begin() + static_cast<long>(t));
    titled = true;
  }
  // a description before a name is not part of it ("the state company Codelsa", "the
  // campaign group Clean Seas"): the name is the capitalized run that ends the phrase, when
  // only modifiers (no preposition, possessive or conjunction) come before it
  if (rest.size() >= 2 && capitalized(rest.back())) {
    size_t r = rest.size();
    // a particle between capitalized words belongs to the name ("Niels de Boer", "Ludwig van
    // Beethoven", "Osama bin Laden")
    auto inName = [&](size_t k) {
      if (capitalized(rest[k]) && !text::isPunct(rest[k])) return true;
      return k > 0 && isNameParticle(rest[k]) && capitalized(rest[k - 1]) && !text::isPunct(rest[k - 1]);
    };
    while (r > 0 && inName(r - 1)) --r;
    bool modifiersOnly = r > 0;
    for (size_t i = 0; i < r && modifiersOnly; ++i) {
      std::string l = text::lower(rest[i]);
      if (isTrailingFunctionWord(l) || l == "'s" || l == "'" || text::isPunct(rest[i]) ||
          isDeterminer(l))
        modifiersOnly = false;
    }
    if (modifiersOnly && !capitalized(rest[r - 1])) {
      rest.erase(rest.begin(), rest.begin() + static_cast<long>(r));
      restSub.erase(restSub.begin(), restSub.begin() + static_cast<long>(r));
    }
  }
  for (const auto& x : rest)
    if (text::isPunct(x) && x != "-" && x != "&") {
      // a phrase with inner punctuation (lists, brackets) is not an entity label
      if (x == "," || x == "(" || x == ")" || x == "-LRB-" || x == "\"" || x == ";") return nullptr;
    }
  std::string label = joinWords(rest);
  // coordinated names ("Kenya and the U.S.") are several entities; the extractor splits them
  if (isCoordination(rest)) return nullptr;
  if (std::string canon = canonicalLabel(label, core.front()); !canon.empty() && canon != label) {
    label = canon;
    rest = words(canon);
    restSub.assign(rest.size(), "");
  }
  std::vector<std::string> lw;
  for (const auto& x : rest) lw.push_back(text::lower(x));
  bool allLowerHead = !capitalized(rest.back());
  // definite description of an earlier entity: "the council", "the high commissioner"
  if (definite && allLowerHead) {
    int r = findRecent(lw, true);
    if (r >= 0) {
      addForm(ents_[r], label);
      note(r, isSubject);
      return &ents_[r].e;
    }
  }
  // short person name: "Bachelet", "Ms. Bachelet"; or the first word of a person's name when
  // no name ends with it (family name first: "Xi" for "Xi Jinping")
  if (capitalized(rest.back()) && rest.size() == 1) {
    std::string last = lw.back();
    bool endsSome = false;
    for (int e : byLatestMention_) {
      const auto& fw = labelWords(ents_[e]);
      if (fw.size() >= 2 && fw.back() == last) endsSome = true;
    }
    for (auto r = byLatestMention_.rbegin(); r != byLatestMention_.rend(); ++r) {
      Ent& en = ents_[*r];
      const auto& fw = labelWords(en);
      bool lastName = fw.size() >= 2 && fw.back() == last &&
                      (en.e.type == EntityType::kPerson || titled);
      bool familyFirst = !endsSome && fw.size() >= 2 && fw.front() == last &&
                         en.e.type == EntityType::kPerson;
      if (lastName || familyFirst) {
        en.e.type = EntityType::kPerson;
        addForm(en, joinWords(w));
        if (std::find(en.e.aliases.begin(), en.e.aliases.end(), joinWords(w)) ==
            en.e.aliases.end())
          en.e.aliases.push_back(joinWords(w));
        int idx = *r;
        note(idx, isSubject);
        return &ents_[idx].e;
      }
    }
  }
  auto it = byKey_.find(text::lower(label));
  int idx;
  if (it != byKey_.end()) {
    idx = it->second;
  } else {
    // any earlier alias equal to this phrase
    int r = findRecent(lw, false);
    if (r >= 0) {
      idx = r;
    } else {
      EntityType t = classifyName(rest, titled, restSub);
      idx = create(label, t);
    }
  }
  Ent& en = ents_[idx];
  std::string surface = joinWords(w);
  if (surface != en.e.label &&
      std::find(en.e.aliases.begin(), en.e.aliases.end(), surface) == en.e.aliases.end())
    en.e.aliases.push_back(surface);
  addForm(en, surface);
  addForm(en, label);
  if (titled && en.e.type == EntityType::kUnknown) en.e.type = EntityType::kPerson;
  note(idx, isSubject);
  return &en.e;
}

std::string EntityResolver::canonicalLabel(const std::string& label, int firstToken) const {
  if (aliases_) {
    if (std::string l = aliases_->lookup(label); !l.empty()) return l;
  }
  if (std::string b = builtinCanonical(label); !b.empty()) return b;
  std::string country = capitalCountry(label);
  if (country.empty() || !toks_) return {};
  // "in Washington" is a place; "criticized Washington" and "Washington said" are its
  // government (but "visited Washington" is a place again)
  int k = firstToken - 1;
  while (k >= 0 && isDeterminer(text::lower((*toks_)[static_cast<size_t>(k)].text))) --k;
  if (k >= 0) {
    static const std::unordered_set<std::string> place = {
        "in", "at", "to", "from", "near", "into", "of", "visit", "visited", "visits",
        "visiting", "reached", "left", "toured", "arrived", "flew", "travelled", "traveled",
        "returned", "outside", "around", "across", "through", "via"};
    if (place.count(text::lower((*toks_)[static_cast<size_t>(k)].text))) return {};
  }
  return country;
}

const Entity* EntityResolver::namedPlace(const std::string& label, const std::string& surface,
                                         size_t sentence) {
  if (label.empty()) return nullptr;
  size_t saved = sentence_;
  sentence_ = sentence;
  auto it = byKey_.find(text::lower(label));
  int idx = it != byKey_.end() ? it->second : create(label, EntityType::kPlace);
  if (std::find(byLatestMention_.begin(), byLatestMention_.end(), idx) == byLatestMention_.end())
    byLatestMention_.insert(byLatestMention_.begin(), idx);  // found by name, last in recency
  Ent& en = ents_[static_cast<size_t>(idx)];
  if (en.e.type == EntityType::kUnknown) en.e.type = EntityType::kPlace;
  if (!surface.empty() && surface != en.e.label &&
      std::find(en.e.aliases.begin(), en.e.aliases.end(), surface) == en.e.aliases.end())
    en.e.aliases.push_back(surface);
  addForm(en, surface);
  // mentioned there, but not a recent antecedent: a pronoun in the story is not the dateline
  auto& ss = en.e.sentences;
  if (ss.empty() || ss.back() != sentence) ss.push_back(sentence);
  sentence_ = saved;
  return &en.e;
}

void EntityResolver::addAlias(const std::string& iri, const std::string& alias,
                              const std::string& /*resolved*/) {
  for (auto& en : ents_) {
    if (en.e.iri != iri) continue;
    auto w = words(alias);
    size_t b = 0;
    while (b < w.size() && isDeterminer(text::lower(w[b]))) ++b;
    std::string a = joinWords(w, b);
    if (a.empty()) return;
    if (a != en.e.label &&
        std::find(en.e.aliases.begin(), en.e.aliases.end(), a) == en.e.aliases.end())
      en.e.aliases.push_back(a);
    addForm(en, a);
    for (const auto& x : w) {
      if (personRoles().count(text::lower(x)) && en.e.type == EntityType::kUnknown)
        en.e.type = EntityType::kPerson;
    }
    return;
  }
}

void EntityResolver::noteNames(const std::function<bool(const std::string&)>& common) {
  if (!toks_) return;
  const auto& toks = *toks_;
  int n = static_cast<int>(toks.size());
  int i = 0;
  while (i < n) {
    if (!capitalized(toks[i].text) || text::isPunct(toks[i].text)) {
      ++i;
      continue;
    }
    int j = i + 1;
    while (j < n) {
      const std::string& x = toks[j].text;
      std::string l = text::lower(x);
      if (capitalized(x) && !text::isPunct(x)) {
        ++j;
        continue;
      }
      if ((l == "of" || l == "for" || isNameParticle(x)) && j + 1 < n &&
          capitalized(toks[j + 1].text) && !text::isPunct(toks[j + 1].text)) {
        ++j;
        continue;
      }
      // "and" inside one name ("Centre for Disease Prevention and Control"), not between two
      if (l == "and" && j + 1 < n && capitalized(toks[j + 1].text) && !text::isPunct(toks[j + 1].text)) {
        int e = j + 1;
        while (e < n && capitalized(toks[e].text) && !text::isPunct(toks[e].text)) ++e;
        std::vector<std::string> w;
        for (int k = i; k < e; ++k) w.push_back(toks[k].text);
        if (!isCoordination(w)) {
          j = e;
          continue;
        }
      }
      break;
    }
    bool start = i == 0 || text::isPunct(toks[i - 1].text);
    int b = i;
    // sentence-initial ordinary words ("The", "Later", "However") are not part of the name
    while (b < j && start && common && common(toks[b].text)) ++b;
    std::vector<int> run;
    for (int k = b; k < j; ++k) run.push_back(k);
    bool pron = run.size() == 1 && isPronoun(text::lower(toks[run[0]].text));
    if (!run.empty() && !pron) mention(run, false);
    // a name with its common-noun head ("the Cerro Azul copper mine") is noted too, so that
    // "the mine" can refer to it later
    if (!run.empty() && !pron && subs_) {
      auto noun = [&](int k) {
        if (k >= n || capitalized(toks[k].text) || text::isPunct(toks[k].text)) return false;
        const std::string s = static_cast<size_t>(k) < subs_->size() ? (*subs_)[k] : "";
        return !s.empty() && (s[0] == 'n' || s[0] == 's' || s[0] == 'p' || s[0] == 'u');
      };
      int e = j;
      while (e < n && e < j + 2 && noun(e)) ++e;
      if (e > j && !noun(e)) {
        std::vector<int> phrase = run;
        for (int k = j; k < e; ++k) phrase.push_back(k);
        mention(phrase, false);
      }
    }
    i = j;
  }
}

std::vector<Entity> EntityResolver::entities() const {
  std::vector<Entity> out;
  out.reserve(ents_.size());
  for (const auto& en : ents_) {
    Entity e = en.e;
    std::sort(e.aliases.begin(), e.aliases.end());
    e.aliases.erase(std::unique(e.aliases.begin(), e.aliases.end()), e.aliases.end());
    e.aliases.erase(std::remove(e.aliases.begin(), e.aliases.end(), e.label), e.aliases.end());
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace kg::extract
