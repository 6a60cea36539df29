#include "extract/text.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <unordered_set>

#include "core/utf8.h"

namespace kg::extract::text {

namespace {

const std::unordered_set<std::string>& abbreviations() {
  static const std::unordered_set<std::string> k = {
      "mr.",    "mrs.",  "ms.",   "dr.",   "prof.", "st.",   "jr.",   "sr.",   "gen.",  "gov.",
      "sen.",   "rep.",  "rev.",  "lt.",   "col.",  "capt.", "sgt.",  "maj.",  "adm.",  "cmdr.",
      "inc.",   "corp.", "ltd.",  "co.",   "bros.", "vs.",   "v.",    "e.g.",  "i.e.",  "cf.",
      "no.",    "nos.",  "vol.",  "pp.",   "p.",    "fig.",  "approx.", "est.", "dept.", "univ.",
      "jan.",   "feb.",  "mar.",  "apr.",  "jun.",  "jul.",  "aug.",  "sep.",  "sept.", "oct.",
      "nov.",   "dec.",  "mt.",   "ft.",   "ave.",  "blvd.", "u.s.",  "u.n.",  "u.k.",  "e.u.",
      "a.m.",   "p.m.",  "ph.d.", "b.c.",  "a.d.",  "d.c.",  "pres.", "sec.",  "amb.",  "hon.",
      "messrs.", "mme.", "mlle.", "gov.", "atty.", "supt.", "insp.", "det.", "pvt.", "cpl."};
  return k;
}

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

}  // namespace

std::string lower(std::string_view s) {
  std::string r(s);
  for (auto& c : r) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return r;
}

Normalized normalize(std::string_view s) {
  Normalized out;
  out.norm.reserve(s.size());
  out.origin.reserve(s.size() + 1);
  auto emit = [&](std::string_view txt, size_t orig) {
    for (char c : txt) {
      out.norm.push_back(c);
      out.origin.push_back(orig);
    }
  };
  size_t i = 0;
  while (i < s.size()) {
    uint32_t cp = 0;
    size_t len = decodeUtf8(s.data() + i, s.data() + s.size(), &cp);
    if (len == 0) {
      ++out.invalidBytes;
      emit("\xEF\xBF\xBD", i);
      ++i;
      continue;
    }
    if (cp == 0) ++out.nulBytes;
    if (cp == '\r') {
      emit(" ", i);
    } else if (cp == '\n' || cp == '\t') {
      emit(cp == '\n' ? "\n" : " ", i);
    } else if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0)) {
      ++out.controlBytes;
      emit(" ", i);
    } else if (cp == 0x201C || cp == 0x201D || cp == 0x201E || cp == 0x201F || cp == 0x00AB ||
               cp == 0x00BB || cp == 0x2033) {
      emit("\"", i);
    } else if (cp == 0x2018 || cp == 0x2019 || cp == 0x201A || cp == 0x201B || cp == 0x2032) {
      emit("'", i);
    } else if (cp == 0x2014 || cp == 0x2015) {
      emit("--", i);
    } else if (cp == 0x2013 || cp == 0x2010 || cp == 0x2011 || cp == 0x2012 || cp == 0x2212) {
      emit("-", i);
    } else if (cp == 0x2026) {
      emit("...", i);
    } else if (cp == 0x00A0 || cp == 0x2007 || cp == 0x202F || (cp >= 0x2000 && cp <= 0x200A) ||
               cp == 0x3000) {
      emit(" ", i);
    } else if (cp == 0x200B || cp == 0xFEFF || cp == 0x00AD) {
      // zero-width / BOM / soft hyphen: dropped (no normalized byte)
    } else {
      emit(s.substr(i, len), i);
    }
    i += len;
  }
  out.origin.push_back(s.size());
  return out;
}

bool looksBinary(const Normalized& n, size_t originalSize) {
  if (originalSize == 0) return false;
  if (n.nulBytes > 0) return true;
  size_t bad = n.controlBytes + n.invalidBytes;
  return bad * 10 > originalSize && bad > 8;
}

bool isAbbreviation(std::string_view w) {
  if (w.empty() || w.back() != '.') return false;
  std::string l = lower(w);
  if (abbreviations().count(l)) return true;
  // Single-letter initials ("J.") and dotted acronyms ("U.S.A.").
  if (w.size() == 2 && std::isupper(static_cast<unsigned char>(w[0]))) return true;
  bool dotted = w.size() >= 4;
  for (size_t i = 0; i + 1 < w.size() && dotted; i += 2)
    dotted = std::isalpha(static_cast<unsigned char>(w[i])) && w[i + 1] == '.';
  return dotted && (w.size() % 2 == 0);
}

bool isUpperInitial(std::string_view w) {
  return !w.empty() && std::isupper(static_cast<unsigned char>(w[0]));
}

bool isPunct(std::string_view w) {
  if (w.empty()) return false;
  if (w == "-LRB-" || w == "-RRB-" || w == "-LSB-" || w == "-RSB-" || w == "-LCB-" ||
      w == "-RCB-" || w == "``" || w == "''")
    return true;
  for (char c : w)
    if (std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80)
      return false;
  return true;
}

namespace {

// A line that opens with a dateline ("GENEVA -- ...", "ROTTERDAM, Netherlands -- ...", "NEW
// YORK (Reuters) - ..."): a word of three or more capitals, then at most 50 bytes of a region
// or an agency, then a dash between spaces. The line before it ends, whatever its punctuation
// (a headline has none).
bool opensWithDateline(std::string_view line) {
  size_t i = 0;
  while (i < line.size() && isSpace(line[i])) ++i;
  size_t caps = 0;
  while (i < line.size() && (std::isupper(static_cast<unsigned char>(line[i])) || line[i] == ' ' ||
                             line[i] == '.' || line[i] == '\'' || line[i] == '-')) {
    if (line[i] == '-' && i + 1 < line.size() && (line[i + 1] == '-' || line[i + 1] == ' ')) break;
    if (std::isupper(static_cast<unsigned char>(line[i]))) ++caps;
    ++i;
  }
  if (caps < 3) return false;
  // an upper-case word must not run into lower case ("GENEVAn" or "The")
  if (i < line.size() && std::islower(static_cast<unsigned char>(line[i]))) return false;
  size_t limit = std::min(line.size(), i + 50);
  for (size_t k = i; k < limit; ++k) {
    char c = line[k];
    if (c == '-' && k > 0 && line[k - 1] == ' ') return true;
    if (c == '!' || c == '?' || c == '"') return false;
  }
  return false;
}

}  // namespace

std::vector<SentenceSpan> splitSentences(std::string_view t, bool perLine, size_t maxBytes) {
  std::vector<SentenceSpan> out;
  if (maxBytes < 64) maxBytes = 64;
  auto push = [&](size_t b, size_t e) {
    while (b < e && isSpace(t[b])) ++b;
    while (e > b && isSpace(t[e - 1])) --e;
    while (e > b) {
      if (e - b <= maxBytes) {
        out.push_back({b, e});
        return;
      }
      // Cut a long piece at the last whitespace before maxBytes (or hard, on a UTF-8 boundary).
      size_t cut = b + maxBytes;
      size_t ws = cut;
      while (ws > b + maxBytes / 2 && !isSpace(t[ws])) --ws;
      if (ws > b + maxBytes / 2) {
        cut = ws;
      } else {
        while (cut > b + 1 && (static_cast<unsigned char>(t[cut]) & 0xC0) == 0x80) --cut;
      }
      out.push_back({b, cut});
      b = cut;
      while (b < e && isSpace(t[b])) ++b;
    }
  };
  // Paragraphs / lines first.
  size_t pos = 0;
  std::vector<SentenceSpan> blocks;
  while (pos < t.size()) {
    size_t nl = t.find('\n', pos);
    if (nl == std::string_view::npos) nl = t.size();
    blocks.push_back({pos, nl});
    pos = nl + 1;
  }
  if (perLine) {
    for (auto& b : blocks) push(b.begin, b.end);
    return out;
  }
  // Join lines that are hard-wrapped (a line that does not end a sentence continues).
  std::vector<SentenceSpan> paras;
  for (size_t i = 0; i < blocks.size(); ++i) {
    size_t b = blocks[i].begin, e = blocks[i].end;
    auto trimmedEmpty = [&](SentenceSpan s) {
      for (size_t k = s.begin; k < s.end; ++k)
        if (!isSpace(t[k])) return false;
      return true;
    };
    if (trimmedEmpty(blocks[i])) continue;
    while (i + 1 < blocks.size() && !trimmedEmpty(blocks[i + 1])) {
      // last non-space char of the current line
      size_t k = e;
      while (k > b && isSpace(t[k - 1])) --k;
      char last = k > b ? t[k - 1] : '.';
      size_t lineLen = e - blocks[i].begin;
      bool ends = last == '.' || last == '!' || last == '?' || last == '"' || last == '\'' ||
                  last == ':' || last == ')' || lineLen < 60 ||
                  opensWithDateline(t.substr(blocks[i + 1].begin, blocks[i + 1].end - blocks[i + 1].begin));
      if (ends) break;
      ++i;
      e = blocks[i].end;
    }
    paras.push_back({b, e});
  }
  for (auto& p : paras) {
    size_t start = p.begin;
    bool inQuote = false;
    size_t i = p.begin;
    while (i < p.end) {
      char c = t[i];
      if (c == '"') {
        inQuote = !inQuote;
        ++i;
        continue;
      }
      if (c != '.' && c != '!' && c != '?') {
        ++i;
        continue;
      }
      // Find the word containing this terminal char.
      size_t ws = i;
      while (ws > start && !isSpace(t[ws - 1])) --ws;
      size_t j = i + 1;
      while (j < p.end && (t[j] == '.' || t[j] == '!' || t[j] == '?')) ++j;
      // closing quotes and brackets
      size_t k = j;
      bool closedQuote = false;
      while (k < p.end && (t[k] == '"' || t[k] == '\'' || t[k] == ')' || t[k] == ']')) {
        if (t[k] == '"') {
          closedQuote = true;
          inQuote = !inQuote;
        }
        ++k;
      }
      if (k < p.end && !isSpace(t[k])) {  // "4.25", "U.S.", "e.g.x": not an end
        i = k;
        continue;
      }
      size_t n = k;
      while (n < p.end && isSpace(t[n])) ++n;
      if (n >= p.end) break;
      std::string_view word = t.substr(ws, j - ws);
      while (!word.empty() && (word.front() == '"' || word.front() == '(' || word.front() == '\''))
        word.remove_prefix(1);
      bool abbrev = c == '.' && j == i + 1 && isAbbreviation(word);
      unsigned char next = static_cast<unsigned char>(t[n]);
      bool nextStarts = std::isupper(next) || std::isdigit(next) || next == '"' || next == '(' ||
                        next == '\'' || next >= 0x80;
      if (abbrev && c == '.') {
        // "U.S." at the end of a sentence followed by a capitalized function word still splits.
        std::string lw = lower(word);
        size_t we = n;
        while (we < p.end && std::isalpha(static_cast<unsigned char>(t[we]))) ++we;
        std::string nw = lower(t.substr(n, we - n));
        bool titleLike = lw == "mr." || lw == "mrs." || lw == "ms." || lw == "dr." ||
                         lw == "prof." || lw == "st." || lw == "gen." || lw == "gov." ||
                         lw == "sen." || lw == "rep." || lw == "rev." || lw == "no." ||
                         (word.size() == 2);
        if (titleLike || !(isFunctionWord(nw) && std::isupper(next))) {
          i = k;
          continue;
        }
      }
      if (!nextStarts) {  // ("Really?" he asked) or lowercase continuation
        i = k;
        continue;
      }
      if (inQuote && !closedQuote) {
        // Inside a quotation: keep going when the quote closes soon in this paragraph.
        size_t close = t.find('"', k);
        if (close != std::string_view::npos && close < p.end && close - start < 600) {
          i = k;
          continue;
        }
        inQuote = false;
      }
      push(start, k);
      start = n;
      i = n;
    }
    push(start, p.end);
  }
  return out;
}

std::vector<Token> tokenize(std::string_view t, size_t begin, size_t end) {
  std::vector<Token> out;
  auto add = [&](size_t b, size_t e) {
    if (e <= b) return;
    Token tok;
    tok.begin = b;
    tok.end = e;
    tok.text = std::string(t.substr(b, e - b));
    out.push_back(std::move(tok));
  };
  size_t i = begin;
  while (i < end) {
    while (i < end && isSpace(t[i])) ++i;
    if (i >= end) break;
    size_t j = i;
    while (j < end && !isSpace(t[j])) ++j;
    // chunk [i, j)
    std::string_view w = t.substr(i, j - i);
    if (w == "``" || w == "''" || w == "-LRB-" || w == "-RRB-" || w == "-LSB-" ||
        w == "-RSB-" || w == "-LCB-" || w == "-RCB-") {
      add(i, j);
      i = j;
      continue;
    }
    size_t b = i, e = j;
    std::vector<std::pair<size_t, size_t>> trail;
    // leading punctuation
    while (b < e) {
      char c = t[b];
      if (c == '"' || c == '(' || c == '[' || c == '{' || c == '`' ||
          (c == '\'' && b + 1 < e && !(t[b + 1] == 's' && b + 2 == e)) || c == '$' ||
          c == '#') {
        add(b, b + 1);
        ++b;
      } else if (c == '-' && b + 1 < e && t[b + 1] == '-') {
        add(b, b + 2);
        b += 2;
      } else {
        break;
      }
    }
    // trailing punctuation
    while (e > b) {
      char c = t[e - 1];
      if (c == ',' || c == ';' || c == ':' || c == '"' || c == ')' || c == ']' || c == '}' ||
          c == '!' || c == '?' ||
          (c == '\'' && !(e - b >= 2 && (t[e - 2] == 's' || t[e - 2] == 'S') && e - b > 2))) {
        trail.push_back({e - 1, e});
        --e;
      } else if (c == '-' && e - 1 > b && t[e - 2] == '-') {
        trail.push_back({e - 2, e});
        e -= 2;
      } else if (c == '.') {
        std::string_view word = t.substr(b, e - b);
        bool keep = isAbbreviation(word);
        // "..." ellipsis
        if (!keep) {
          size_t d = e;
          while (d > b && t[d - 1] == '.') --d;
          trail.push_back({d, e});
          e = d;
        } else {
          // Abbreviation at the very end of the sentence keeps its dot (Mr., U.S.).
          break;
        }
      } else {
        break;
      }
    }
    // Clitics: 's n't 're 've 'll 'd 'm and plural possessive '
    if (e > b) {
      std::string_view w2 = t.substr(b, e - b);
      std::string lw = lower(w2);
      size_t cut = std::string::npos;
      auto ends = [&](std::string_view suf) {
        return lw.size() > suf.size() && lw.compare(lw.size() - suf.size(), suf.size(), suf) == 0;
      };
      if (ends("n't")) cut = lw.size() - 3;
      else if (ends("'s") || ends("'d") || ends("'m")) cut = lw.size() - 2;
      else if (ends("'re") || ends("'ve") || ends("'ll")) cut = lw.size() - 3;
      else if (lw.size() > 2 && lw.back() == '\'' && lw[lw.size() - 2] == 's') cut = lw.size() - 1;
      if (lw == "can't") cut = 2;
      if (cut != std::string::npos && cut > 0) {
        // Split inner hyphens/slashes are kept inside the word.
        add(b, b + cut);
        add(b + cut, e);
        out.back().attach = true;
      } else {
        // Split a word from internal punctuation like "word,word"? Keep as one token.
        add(b, e);
      }
    }
    for (auto it = trail.rbegin(); it != trail.rend(); ++it) add(it->first, it->second);
    i = j;
  }
  for (auto& tok : out) {
    const std::string& x = tok.text;
    if (x == "``" || x == "''") tok.lg = "\"";
    else if (x == "-LRB-") tok.lg = "(";
    else if (x == "-RRB-") tok.lg = ")";
    else if (x == "-LSB-") tok.lg = "[";
    else if (x == "-RSB-") tok.lg = "]";
    else if (x == "-LCB-") tok.lg = "{";
    else if (x == "-RCB-") tok.lg = "}";
    else if (x == "`") tok.lg = "'";
    else tok.lg = x;
    // PTB-style pre-tokenized clitics ("China 's", "did n't") attach to the previous word.
    std::string l = lower(x);
    if (l == "'s" || l == "n't" || l == "'re" || l == "'ve" || l == "'ll" || l == "'d" ||
        l == "'m")
      tok.attach = true;
    // PTB hyphens "flex - time" are one word for the parser ("flex-time").
    if (x == "-" && &tok != &out.front() && &tok != &out.back()) {
      const Token& prev = *(&tok - 1);
      const Token& next = *(&tok + 1);
      auto wordy = [](const std::string& w) {
        return !w.empty() && (std::isalnum(static_cast<unsigned char>(w[0])) ||
                              static_cast<unsigned char>(w[0]) >= 0x80);
      };
      if (wordy(prev.text) && wordy(next.text)) {
        tok.attach = true;
        (&tok + 1)->attach = true;
      }
    }
    if (l == "'" && !out.empty() && &tok != &out.front()) {
      const Token& prev = *(&tok - 1);
      if (!prev.text.empty() && (prev.text.back() == 's' || prev.text.back() == 'S') &&
          prev.end == tok.begin)
        tok.attach = true;
    }
  }
  return out;
}

bool isFunctionWord(std::string_view w) {
  static const std::unordered_set<std::string_view> k = {
      "the",  "a",     "an",    "of",    "to",    "in",    "and",   "or",   "is",    "are",
      "was",  "were",  "be",    "been",  "has",   "have",  "had",   "it",   "he",    "she",
      "they", "we",    "i",     "you",   "that",  "this",  "with",  "for",  "on",    "at",
      "by",   "from",  "as",    "but",   "not",   "his",   "her",   "its",  "their", "which",
      "who",  "will",  "would", "can",   "could", "there", "said",  "also", "than",  "into",
      "about", "after", "before", "over", "under", "if", "when", "while", "these", "those",
      "our",  "my",    "your",  "them",  "him",   "all",   "more",  "most", "some",  "no",
      "do",   "does",  "did",   "so",    "because", "what", "where", "how", "why",  "such",
      "then", "other", "any",   "may",   "might", "should", "must", "up",   "out",   "only"};
  return k.count(w) > 0;
}

bool looksNonEnglish(const std::vector<Token>& toks,
                     const std::function<bool(const std::string&)>& known) {
  size_t words = 0, func = 0, nonLatinLetters = 0, letters = 0, lowerWords = 0, lowerKnown = 0;
  for (const auto& t : toks) {
    bool hasAlpha = false;
    for (unsigned char c : t.text) {
      if (std::isalpha(c)) {
        hasAlpha = true;
        ++letters;
      } else if (c >= 0xC0) {
        // lead byte of a non-ASCII character
        ++letters;
        ++nonLatinLetters;
        hasAlpha = true;
      }
    }
    if (!hasAlpha) continue;
    ++words;
    if (isFunctionWord(lower(t.text))) ++func;
    if (known && std::islower(static_cast<unsigned char>(t.text[0]))) {
      ++lowerWords;
      if (known(t.text)) ++lowerKnown;
    }
  }
  if (letters == 0) return true;  // nothing to read
  if (nonLatinLetters * 2 > letters) return true;
  if (known && lowerWords >= 3) return lowerKnown * 10 < lowerWords * 6;
  if (words >= 8 && func == 0) return true;
  if (words >= 12 && func * 20 < words) return true;
  return false;
}

}  // namespace kg::extract::text
