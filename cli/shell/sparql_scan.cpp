#include "shell/sparql_scan.h"

#include <algorithm>
#include <cctype>
#include <functional>

namespace kg::cli::shell {
namespace {

enum class Tok { kWord, kVar, kIri, kString, kPunct, kComment, kSpace };

// Calls `visit(kind, begin, end)` for each token of `text`. An unterminated long string
// runs to the end; `endsInLongString` reports it.
void tokenize(std::string_view text, const std::function<void(Tok, size_t, size_t)>& visit,
              bool* endsInLongString = nullptr) {
  size_t i = 0, n = text.size();
  if (endsInLongString) *endsInLongString = false;
  while (i < n) {
    char c = text[i];
    size_t start = i;
    if (std::isspace(static_cast<unsigned char>(c))) {
      while (i < n && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
      visit(Tok::kSpace, start, i);
    } else if (c == '#') {
      while (i < n && text[i] != '\n') ++i;
      visit(Tok::kComment, start, i);
    } else if (c == '"' || c == '\'') {
      bool isLong = i + 2 < n && text[i + 1] == c && text[i + 2] == c;
      if (isLong) {
        i += 3;
        bool closed = false;
        while (i < n) {
          if (text[i] == '\\') {
            i += 2;
            continue;
          }
          if (text[i] == c && i + 2 < n && text[i + 1] == c && text[i + 2] == c) {
            i += 3;
            closed = true;
            break;
          }
          ++i;
        }
        if (i > n) i = n;
        if (!closed && endsInLongString) *endsInLongString = true;
      } else {
        ++i;
        while (i < n && text[i] != c && text[i] != '\n') {
          if (text[i] == '\\' && i + 1 < n) ++i;
          ++i;
        }
        if (i < n && text[i] == c) ++i;
      }
      visit(Tok::kString, start, i);
    } else if (c == '<') {
      size_t j = i + 1;
      while (j < n && text[j] != '>' && !std::isspace(static_cast<unsigned char>(text[j])) &&
             std::string_view("<\"{}|^`").find(text[j]) == std::string_view::npos) {
        ++j;
      }
      if (j < n && text[j] == '>') {
        i = j + 1;
        visit(Tok::kIri, start, i);
      } else {
        ++i;
        visit(Tok::kPunct, start, i);
      }
    } else if ((c == '?' || c == '$') && i + 1 < n && isNameChar(text[i + 1])) {
      ++i;
      while (i < n && isNameChar(text[i]) && text[i] != ':') ++i;
      visit(Tok::kVar, start, i);
    } else if (isNameChar(c)) {
      while (i < n && isNameChar(text[i])) ++i;
      visit(Tok::kWord, start, i);
    } else {
      ++i;
      visit(Tok::kPunct, start, i);
    }
  }
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// Index of the first token after the prologue, with its word (upper-cased), or npos.
struct FirstKeyword {
  size_t begin = std::string_view::npos;
  size_t end = 0;
  std::string word;
};

std::vector<std::pair<Tok, std::pair<size_t, size_t>>> significantTokens(std::string_view text) {
  std::vector<std::pair<Tok, std::pair<size_t, size_t>>> out;
  tokenize(text, [&](Tok kind, size_t b, size_t e) {
    if (kind != Tok::kSpace && kind != Tok::kComment) out.push_back({kind, {b, e}});
  });
  return out;
}

// Skips PREFIX name: <iri> and BASE <iri>; returns the index of the first other token.
size_t skipPrologue(std::string_view text,
                    const std::vector<std::pair<Tok, std::pair<size_t, size_t>>>& toks) {
  size_t i = 0;
  while (i < toks.size()) {
    auto [kind, range] = toks[i];
    std::string w = kind == Tok::kWord ? upper(text.substr(range.first, range.second - range.first)) : "";
    if (w == "PREFIX") {
      i += 3;  // PREFIX name: <iri>
    } else if (w == "BASE") {
      i += 2;
    } else {
      break;
    }
  }
  return i;
}

}  // namespace

bool isNameChar(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  return std::isalnum(u) || c == '_' || c == '-' || c == ':' || u >= 0x80;
}

ScanState scanText(std::string_view text) {
  ScanState s;
  bool inLong = false;
  tokenize(text, [&](Tok kind, size_t b, size_t e) {
    if (kind == Tok::kSpace || kind == Tok::kComment) return;
    s.lastSignificant = text[e - 1];
    s.lastSignificantOffset = e - 1;
    if (kind != Tok::kPunct) return;
    switch (text[b]) {
      case '{': ++s.braceDepth; s.sawBrace = true; break;
      case '}': --s.braceDepth; break;
      case '(': ++s.parenDepth; break;
      case ')': --s.parenDepth; break;
      default: break;
    }
  }, &inLong);
  s.inLongString = inLong;
  return s;
}

StatementKind classifyStatement(std::string_view text) {
  auto toks = significantTokens(text);
  size_t i = skipPrologue(text, toks);
  if (i >= toks.size()) return StatementKind::kEmpty;
  auto [kind, range] = toks[i];
  std::string w = upper(text.substr(range.first, range.second - range.first));
  if (w == "EXPLAIN") {
    if (i + 1 < toks.size()) {
      auto r = toks[i + 1].second;
      if (upper(text.substr(r.first, r.second - r.first)) == "ANALYZE") return StatementKind::kExplainAnalyze;
    }
    return StatementKind::kExplain;
  }
  if (w == "SELECT" || w == "ASK" || w == "CONSTRUCT" || w == "DESCRIBE") return StatementKind::kQuery;
  return StatementKind::kUpdate;
}

std::string blankOutExplain(std::string_view text) {
  std::string out(text);
  auto toks = significantTokens(text);
  size_t i = skipPrologue(text, toks);
  for (int k = 0; k < 2 && i < toks.size(); ++k, ++i) {
    auto r = toks[i].second;
    std::string w = upper(text.substr(r.first, r.second - r.first));
    if (w != "EXPLAIN" && w != "ANALYZE") break;
    std::fill(out.begin() + static_cast<long>(r.first), out.begin() + static_cast<long>(r.second), ' ');
  }
  return out;
}

std::vector<std::string> variablesIn(std::string_view text) {
  std::vector<std::string> out;
  tokenize(text, [&](Tok kind, size_t b, size_t e) {
    if (kind != Tok::kVar) return;
    std::string name(text.substr(b + 1, e - b - 1));
    if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
  });
  return out;
}

std::vector<std::pair<std::string, std::string>> prefixesDeclaredIn(std::string_view text) {
  std::vector<std::pair<std::string, std::string>> out;
  auto toks = significantTokens(text);
  for (size_t i = 0; i + 2 < toks.size(); ++i) {
    auto r = toks[i].second;
    if (toks[i].first != Tok::kWord || upper(text.substr(r.first, r.second - r.first)) != "PREFIX") continue;
    auto nameRange = toks[i + 1].second;
    auto iriRange = toks[i + 2].second;
    std::string name(text.substr(nameRange.first, nameRange.second - nameRange.first));
    if (toks[i + 2].first != Tok::kIri || name.empty() || name.back() != ':') continue;
    name.pop_back();
    out.push_back({name, std::string(text.substr(iriRange.first + 1, iriRange.second - iriRange.first - 2))});
  }
  return out;
}

std::vector<std::string> iriTokensIn(std::string_view text) {
  std::vector<std::string> out;
  tokenize(text, [&](Tok kind, size_t b, size_t e) {
    std::string_view token = text.substr(b, e - b);
    bool prefixed = kind == Tok::kWord && token.find(':') != std::string_view::npos;
    if (kind == Tok::kIri || prefixed) out.emplace_back(token);
  });
  return out;
}

std::string toOneLine(std::string_view text) {
  std::string out;
  tokenize(text, [&](Tok kind, size_t b, size_t e) {
    if (kind == Tok::kComment) return;
    if (kind == Tok::kSpace) {
      if (!out.empty()) out += ' ';
      return;
    }
    out.append(text.substr(b, e - b));
  });
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace kg::cli::shell
