#include "storage/text/text_query.h"

#include "kg/error.h"
#include "storage/text/tokenizer.h"

namespace kg::storage::text {
namespace {

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// A piece of the search as written: a bare run of characters or a quoted phrase.
struct Piece {
  std::string text;
  bool quoted = false;
  bool minus = false;
  size_t column = 0;  // 1-based, in bytes of the search
};

std::vector<Piece> splitPieces(std::string_view text) {
  std::vector<Piece> pieces;
  size_t i = 0;
  while (i < text.size()) {
    if (isSpace(text[i])) {
      ++i;
      continue;
    }
    Piece piece;
    piece.column = i + 1;
    if (text[i] == '-' && i + 1 < text.size() && !isSpace(text[i + 1])) {
      piece.minus = true;
      ++i;
    }
    if (text[i] == '"') {
      size_t close = text.find('"', i + 1);
      if (close == std::string_view::npos) {
        throw Error(ErrorCode::kQuery, "text search, column " + std::to_string(i + 1) +
                                           ": the phrase's quote is not closed");
      }
      piece.text = std::string(text.substr(i + 1, close - i - 1));
      piece.quoted = true;
      i = close + 1;
    } else {
      size_t end = i;
      while (end < text.size() && !isSpace(text[end]) && text[end] != '"') ++end;
      piece.text = std::string(text.substr(i, end - i));
      i = end;
    }
    pieces.push_back(std::move(piece));
  }
  return pieces;
}

// A prefix keeps what was written between its last word and the '*': in "30,*" the comma
// (which the tokenizer drops after a word) belongs to the prefix, so it finds "30,000" and not
// "30". `chunk` ends at the star; `lastWord` is its last word as tokenized.
std::string prefixThroughStar(std::string_view chunk, const std::string& lastWord) {
  size_t runStart = chunk.size();
  while (runStart > 0 && !isSpace(chunk[runStart - 1])) --runStart;
  // The first position in the run from which the folded text starts with the word.
  for (size_t p = runStart; p < chunk.size(); ++p) {
    if ((static_cast<unsigned char>(chunk[p]) & 0xC0) == 0x80) continue;  // not a character start
    std::string folded = fold(chunk.substr(p));
    if (folded.compare(0, lastWord.size(), lastWord) == 0) return folded;
  }
  return lastWord;
}

// The units of a bare piece or a phrase: its words, a '*' right after a word makes it a prefix.
std::vector<TextUnit> unitsOf(const std::string& text) {
  std::vector<TextUnit> units;
  size_t start = 0;
  while (start <= text.size()) {
    size_t star = text.find('*', start);
    std::string_view chunk = std::string_view(text).substr(start, star == std::string::npos ? std::string::npos : star - start);
    for (auto& word : tokenize(chunk)) units.push_back({std::move(word), false});
    if (star == std::string::npos) break;
    // A '*' right after a word (no space between) ends a prefix.
    if (!units.empty() && star > 0 && !isSpace(text[star - 1]) && text[star - 1] != '*') {
      units.back().prefix = true;
      units.back().word = prefixThroughStar(chunk, units.back().word);
    }
    start = star + 1;
  }
  return units;
}

}  // namespace

TextQuery parseTextQuery(std::string_view text) {
  TextQuery query;
  std::vector<Piece> pieces = splitPieces(text);
  bool pendingOr = false;
  size_t orColumn = 0;
  for (const Piece& piece : pieces) {
    if (!piece.quoted && !piece.minus && piece.text == "OR") {
      if (query.clauses.empty() || pendingOr) {
        throw Error(ErrorCode::kQuery, "text search, column " + std::to_string(piece.column) +
                                           ": OR needs a word or phrase on each side");
      }
      pendingOr = true;
      orColumn = piece.column;
      continue;
    }
    TextAlternative alternative{unitsOf(piece.text)};
    if (alternative.units.empty()) {
      if (pendingOr) {
        throw Error(ErrorCode::kQuery, "text search, column " + std::to_string(piece.column) +
                                           ": OR needs a word or phrase on each side");
      }
      continue;  // punctuation only: nothing to match
    }
    if (pendingOr) {
      if (piece.minus) {
        throw Error(ErrorCode::kQuery, "text search, column " + std::to_string(piece.column) +
                                           ": an excluded word cannot follow OR");
      }
      query.clauses.back().alternatives.push_back(std::move(alternative));
      pendingOr = false;
      continue;
    }
    TextClause clause;
    clause.excluded = piece.minus;
    clause.alternatives.push_back(std::move(alternative));
    query.clauses.push_back(std::move(clause));
  }
  if (pendingOr) {
    throw Error(ErrorCode::kQuery, "text search, column " + std::to_string(orColumn) +
                                       ": OR needs a word or phrase on each side");
  }
  bool anyIncluded = false;
  for (const auto& c : query.clauses) anyIncluded = anyIncluded || !c.excluded;
  if (!anyIncluded) {
    throw Error(ErrorCode::kQuery,
                "text search \"" + std::string(text) +
                    "\": nothing to search for (give at least one word that is not excluded)");
  }
  return query;
}

std::string TextQuery::toString() const {
  std::string out;
  for (const auto& clause : clauses) {
    if (!out.empty()) out += ' ';
    if (clause.excluded) out += '-';
    bool first = true;
    for (const auto& alt : clause.alternatives) {
      if (!first) out += " OR ";
      first = false;
      if (alt.isPhrase()) out += '"';
      for (size_t i = 0; i < alt.units.size(); ++i) {
        if (i) out += ' ';
        out += alt.units[i].word;
        if (alt.units[i].prefix) out += '*';
      }
      if (alt.isPhrase()) out += '"';
    }
  }
  return out;
}

}  // namespace kg::storage::text
