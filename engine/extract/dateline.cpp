#include "extract/dateline.h"

#include <cctype>

#include "extract/names.h"

namespace kg::extract {

namespace {

// A word in capitals: letters (and . ' - inside), every letter upper case.
bool allCaps(const std::string& w, size_t* letters) {
  size_t n = 0;
  for (unsigned char c : w) {
    if (std::isalpha(c)) {
      if (!std::isupper(c)) return false;
      ++n;
    } else if (c != '.' && c != '\'' && c != '-') {
      return false;
    }
  }
  if (letters) *letters = n;
  return n > 0;
}

bool isDash(const std::string& w) { return w == "--" || w == "-" || w == "---"; }

// "WINSTON-SALEM" -> "Winston-Salem", "ST. LOUIS" -> "St. Louis"
std::string titleCase(const std::string& w) {
  std::string out;
  bool start = true;
  for (unsigned char c : w) {
    if (std::isalpha(c)) {
      out.push_back(static_cast<char>(start ? std::toupper(c) : std::tolower(c)));
      start = false;
    } else {
      out.push_back(static_cast<char>(c));
      start = c == '-' || c == '.';
    }
  }
  return out;
}

}  // namespace

Dateline findDateline(const std::vector<text::Token>& toks) {
  Dateline none;
  const size_t n = toks.size();
  size_t i = 0;
  size_t firstLetters = 0;
  std::string place, written;
  while (i < n && i < 4) {
    size_t letters = 0;
    if (!allCaps(toks[i].text, &letters)) break;
    if (i == 0) firstLetters = letters;
    place += (place.empty() ? "" : " ") + titleCase(toks[i].text);
    written += (written.empty() ? "" : " ") + toks[i].text;
    ++i;
  }
  if (i == 0 || (firstLetters < 3 && i == 1)) return none;
  // an acronym opening the sentence ("NATO -- the alliance ...") is not a place
  if (i == 1 && !builtinCanonical(toks[0].text).empty()) return none;
  // ", Netherlands", ", Calif.", ", D.C.", ", South Africa"
  for (int parts = 0; parts < 2 && i + 1 < n && toks[i].text == ","; ++parts) {
    size_t j = i + 1;
    while (j < n && j < i + 4 && text::isUpperInitial(toks[j].text) && !text::isPunct(toks[j].text)) ++j;
    if (j == i + 1) break;
    i = j;
  }
  // "(Reuters)", "(AP)"
  if (i < n && toks[i].text == "(") {
    size_t j = i + 1;
    while (j < n && j < i + 6 && toks[j].text != ")") ++j;
    if (j >= n || toks[j].text != ")") return none;
    i = j + 1;
  }
  if (i >= n || !isDash(toks[i].text) || i + 4 > n) return none;
  Dateline d;
  d.tokens = i + 1;
  d.place = place;
  d.placeWritten = written;
  for (size_t k = 0; k < i; ++k) {
    bool glue = k > 0 && toks[k].begin == toks[k - 1].end;
    if (k > 0 && !glue) d.surface.push_back(' ');
    d.surface += toks[k].text;
  }
  return d;
}

}  // namespace kg::extract
