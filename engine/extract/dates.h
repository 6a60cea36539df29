// Time phrases in news text ("on Monday", "in March", "yesterday") and their resolution
// against the document's date (internal to kg_extract).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "extract/text.h"

namespace kg::extract {

// Number of trailing tokens of idx (sorted token indexes) that form a time phrase: a
// preposition or "last"/"this"/"next" and a weekday, month (with day/year numbers) or a
// relative day word ("on Monday", "in March 2019", "yesterday"). 0 when there is none.
size_t trailingTimePhrase(const std::vector<text::Token>& toks, const std::vector<int>& idx);

// True when every word of the phrase is a time word, a number or a time preposition.
bool isTimePhrase(std::string_view phrase);

// The calendar date a time phrase names, given the document date (YYYY-MM-DD), as
// YYYY-MM-DD; empty when the phrase names no single day or the document date is unknown.
// A weekday is the latest such day on or before the document date (news reports the past);
// "on March 3" takes the document's year.
std::string resolveDate(std::string_view phrase, std::string_view documentDate);

// A date from a JSON/user value: YYYY-MM-DD (a longer ISO timestamp is cut to its date);
// empty when it is not one.
std::string isoDate(std::string_view value);

}  // namespace kg::extract
