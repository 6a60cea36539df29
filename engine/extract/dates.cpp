#include "extract/dates.h"

#include <cctype>
#include <cstdio>
#include <unordered_map>
#include <unordered_set>

#include "extract/names.h"

namespace kg::extract {

namespace {

const std::unordered_map<std::string, int>& weekdays() {
  static const std::unordered_map<std::string, int> k = {
      {"sunday", 0}, {"monday", 1}, {"tuesday", 2}, {"wednesday", 3}, {"thursday", 4},
      {"friday", 5}, {"saturday", 6}};
  return k;
}

const std::unordered_map<std::string, int>& months() {
  static const std::unordered_map<std::string, int> k = {
      {"january", 1}, {"february", 2}, {"march", 3}, {"april", 4}, {"may", 5}, {"june", 6},
      {"july", 7}, {"august", 8}, {"september", 9}, {"october", 10}, {"november", 11},
      {"december", 12}, {"jan.", 1}, {"feb.", 2}, {"aug.", 8}, {"sept.", 9}, {"oct.", 10},
      {"nov.", 11}, {"dec.", 12}};
  return k;
}

bool isTimePreposition(const std::string& l) {
  static const std::unordered_set<std::string> k = {"on", "in", "last", "this", "next",
                                                    "since", "until", "by", "early", "late"};
  return k.count(l) > 0;
}

bool isNumber(const std::string& w) {
  if (w.empty()) return false;
  for (char c : w)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

// Days since 1970-01-01 (proleptic Gregorian), and back.
long daysFromCivil(int y, int m, int d) {
  y -= m <= 2;
  long era = (y >= 0 ? y : y - 399) / 400;
  long yoe = y - era * 400;
  long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void civilFromDays(long z, int& y, int& m, int& d) {
  z += 719468;
  long era = (z >= 0 ? z : z - 146096) / 146097;
  long doe = z - era * 146097;
  long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  long mp = (5 * doy + 2) / 153;
  d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  y = static_cast<int>(yoe + era * 400 + (m <= 2));
}

std::string format(int y, int m, int d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

bool parseIso(std::string_view s, int& y, int& m, int& d) {
  if (s.size() < 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  y = std::stoi(std::string(s.substr(0, 4)));
  m = std::stoi(std::string(s.substr(5, 2)));
  d = std::stoi(std::string(s.substr(8, 2)));
  if (m < 1 || m > 12 || d < 1 || d > 31) return false;
  int y2, m2, d2;
  civilFromDays(daysFromCivil(y, m, d), y2, m2, d2);
  return y2 == y && m2 == m && d2 == d;
}

std::vector<std::string> lowerWords(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == ' ' || c == ',') {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
    } else {
      cur.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

}  // namespace

size_t trailingTimePhrase(const std::vector<text::Token>& toks, const std::vector<int>& idx) {
  // walk back over numbers and commas to a time word, then over its preposition
  size_t i = idx.size();
  while (i > 0) {
    const std::string& w = toks[static_cast<size_t>(idx[i - 1])].text;
    if (isNumber(w) || w == ",") --i;
    else break;
  }
  if (i == 0 || !isTimeWord(text::lower(toks[static_cast<size_t>(idx[i - 1])].text))) return 0;
  --i;
  // "March 3", "Monday , March 3": another time word before
  while (i > 0) {
    const std::string& w = toks[static_cast<size_t>(idx[i - 1])].text;
    if (isTimeWord(text::lower(w)) || w == ",") --i;
    else break;
  }
  if (i > 0 && isTimePreposition(text::lower(toks[static_cast<size_t>(idx[i - 1])].text))) --i;
  return idx.size() - i;
}

bool isTimePhrase(std::string_view phrase) {
  auto w = lowerWords(phrase);
  bool timeWord = false;
  for (const auto& x : w) {
    if (isTimeWord(x)) timeWord = true;
    else if (!isNumber(x) && !isTimePreposition(x)) return false;
  }
  return timeWord;
}

std::string resolveDate(std::string_view phrase, std::string_view documentDate) {
  int y, m, d;
  if (!parseIso(documentDate, y, m, d)) return {};
  long day = daysFromCivil(y, m, d);
  auto w = lowerWords(phrase);
  int month = 0, dayOfMonth = 0, year = 0, weekday = -1;
  bool next = false, last = false;
  for (const auto& x : w) {
    if (x == "today" || x == "tonight") return format(y, m, d);
    if (x == "yesterday") {
      civilFromDays(day - 1, y, m, d);
      return format(y, m, d);
    }
    if (x == "tomorrow") {
      civilFromDays(day + 1, y, m, d);
      return format(y, m, d);
    }
    if (x == "next") next = true;
    if (x == "last") last = true;
    if (auto it = weekdays().find(x); it != weekdays().end()) weekday = it->second;
    if (auto it = months().find(x); it != months().end()) month = it->second;
    if (isNumber(x)) {
      int v = std::stoi(x.substr(0, 6));
      if (x.size() == 4) year = v;
      else if (v >= 1 && v <= 31) dayOfMonth = v;
    }
  }
  if (month > 0) {
    if (dayOfMonth == 0) return {};  // a whole month is not one day
    int yy = year > 0 ? year : y;
    int y2, m2, d2;
    civilFromDays(daysFromCivil(yy, month, dayOfMonth), y2, m2, d2);
    if (m2 != month) return {};
    return format(yy, month, dayOfMonth);
  }
  if (weekday >= 0) {
    int today = static_cast<int>(((day % 7) + 7 + 4) % 7);  // 1970-01-01 was a Thursday
    long target;
    if (next) {
      int ahead = (weekday - today + 7) % 7;
      target = day + (ahead == 0 ? 7 : ahead);
    } else {
      int back = (today - weekday + 7) % 7;
      if (last && back == 0) back = 7;
      target = day - back;
    }
    civilFromDays(target, y, m, d);
    return format(y, m, d);
  }
  return {};
}

std::string isoDate(std::string_view value) {
  int y, m, d;
  if (!parseIso(value, y, m, d)) return {};
  if (value.size() > 10 && value[10] != 'T' && value[10] != ' ') return {};
  return format(y, m, d);
}

}  // namespace kg::extract
