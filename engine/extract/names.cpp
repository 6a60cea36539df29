#include "extract/names.h"

#include <algorithm>
#include <cctype>
#include <unordered_set>

#include "extract/text.h"

namespace kg::extract {

std::string nameKey(std::string_view name) {
  std::string out;
  for (char c : name) {
    if (c == ' ' || c == '\t') {
      if (!out.empty() && out.back() != ' ') out.push_back(' ');
      continue;
    }
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  if (out.rfind("the ", 0) == 0) out.erase(0, 4);
  return out;
}

void AliasTable::add(const std::string& label, const std::string& alias) {
  if (label.empty() || alias.empty()) return;
  byAlias_[nameKey(alias)] = label;
  byAlias_.emplace(nameKey(label), label);
}

std::string AliasTable::lookup(std::string_view name) const {
  auto it = byAlias_.find(nameKey(name));
  return it == byAlias_.end() ? std::string() : it->second;
}

std::vector<std::pair<std::string, std::string>> AliasTable::entries() const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [alias, label] : byAlias_) out.push_back({label, alias});
  std::sort(out.begin(), out.end());
  return out;
}

namespace {

const std::unordered_map<std::string, std::string>& canonicalForms() {
  static const std::unordered_map<std::string, std::string> k = {
      {"u.s.", "United States"}, {"us", "United States"}, {"u.s.a.", "United States"},
      {"usa", "United States"}, {"america", "United States"},
      {"united states of america", "United States"}, {"u.k.", "Britain"},
      {"uk", "Britain"}, {"united kingdom", "Britain"},
      {"great britain", "Britain"}, {"u.n.", "United Nations"}, {"un", "United Nations"},
      {"eu", "European Union"}, {"e.u.", "European Union"}, {"prc", "China"},
      {"people's republic of china", "China"}, {"russian federation", "Russia"},
      {"uae", "United Arab Emirates"}, {"wto", "World Trade Organization"}, {"nato", "NATO"}, {"imf", "International Monetary Fund"}};
  return k;
}

// Demonym (lower case) -> country, for "Chinese government", "the Kenyan government".
const std::unordered_map<std::string, std::string>& demonyms() {
  static const std::unordered_map<std::string, std::string> k = {
      {"american", "United States"}, {"u.s.", "United States"}, {"us", "United States"},
      {"british", "Britain"}, {"chinese", "China"}, {"russian", "Russia"},
      {"french", "France"}, {"german", "Germany"}, {"japanese", "Japan"}, {"indian", "India"},
      {"kenyan", "Kenya"}, {"brazilian", "Brazil"}, {"canadian", "Canada"},
      {"australian", "Australia"}, {"italian", "Italy"}, {"spanish", "Spain"},
      {"mexican", "Mexico"}, {"turkish", "Turkey"}, {"iranian", "Iran"}, {"israeli", "Israel"},
      {"ukrainian", "Ukraine"}, {"south african", "South Africa"}, {"nigerian", "Nigeria"},
      {"egyptian", "Egypt"}, {"pakistani", "Pakistan"}, {"saudi", "Saudi Arabia"},
      {"north korean", "North Korea"}, {"south korean", "South Korea"},
      {"norwegian", "Norway"}, {"swedish", "Sweden"}, {"dutch", "Netherlands"},
      {"polish", "Poland"}, {"argentine", "Argentina"}, {"chilean", "Chile"},
      {"ethiopian", "Ethiopia"}, {"ugandan", "Uganda"}, {"tanzanian", "Tanzania"}};
  return k;
}

}  // namespace

std::string builtinCanonical(std::string_view name) {
  // Names are capitalized: "us" and "who" in lower case are pronouns, not the U.S. or WHO.
  if (std::none_of(name.begin(), name.end(), [](char c) { return std::isupper(static_cast<unsigned char>(c)); }))
    return {};
  std::string key = nameKey(name);
  auto it = canonicalForms().find(key);
  if (it != canonicalForms().end()) return it->second;
  // "<demonym or country> government" / "administration" acting for the country
  for (std::string_view tail : {" government", " administration"}) {
    if (key.size() > tail.size() && key.compare(key.size() - tail.size(), tail.size(), tail) == 0) {
      std::string head = key.substr(0, key.size() - tail.size());
      if (auto d = demonyms().find(head); d != demonyms().end()) return d->second;
      if (auto c = canonicalForms().find(head); c != canonicalForms().end()) return c->second;
    }
  }
  return {};
}

std::string capitalCountry(std::string_view name) {
  static const std::unordered_map<std::string, std::string> k = {
      {"washington", "United States"}, {"beijing", "China"}, {"moscow", "Russia"},
      {"london", "Britain"}, {"paris", "France"}, {"berlin", "Germany"},
      {"tokyo", "Japan"}, {"new delhi", "India"}, {"brasilia", "Brazil"},
      {"nairobi", "Kenya"}, {"ottawa", "Canada"}, {"canberra", "Australia"},
      {"tehran", "Iran"}, {"ankara", "Turkey"}, {"kyiv", "Ukraine"}, {"kiev", "Ukraine"},
      {"pyongyang", "North Korea"}, {"seoul", "South Korea"}, {"riyadh", "Saudi Arabia"},
      {"cairo", "Egypt"}, {"islamabad", "Pakistan"}, {"brussels", "European Union"}};
  auto it = k.find(nameKey(name));
  return it == k.end() ? std::string() : it->second;
}

bool isTimeWord(std::string_view w) {
  static const std::unordered_set<std::string_view> k = {
      "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
      "january", "february", "march", "april", "june", "july", "august", "september",
      "october", "november", "december", "jan.", "feb.", "aug.", "sept.", "oct.", "nov.",
      "dec.", "today", "yesterday", "tomorrow", "tonight"};
  return k.count(w) > 0;
}

bool isTimePreposition(std::string_view w) {
  return w == "on" || w == "in" || w == "last" || w == "this" || w == "by" || w == "next" ||
         w == "since" || w == "until";
}

bool isAmountWord(std::string_view w) {
  if (w.empty()) return false;
  if (std::isdigit(static_cast<unsigned char>(w[0]))) return true;
  static const std::unordered_set<std::string_view> k = {
      "$", "€", "£", "¥", "%", "percent", "per", "hundred", "thousand", "million", "billion",
      "trillion", "dollars", "euros", "pounds", "yuan"};
  return k.count(text::lower(w)) > 0;
}

}  // namespace kg::extract
