// Datelines: "ROTTERDAM, Netherlands — Dock workers ..." opens a wire story with the place it
// was written (internal to kg_extract). The dateline is not part of the sentence's grammar:
// left in, the parser reads "Netherlands | Dock | workers ..." and a capital in it becomes
// an alias of its country.
#pragma once

#include <string>
#include <vector>

#include "extract/text.h"

namespace kg::extract {

struct Dateline {
  size_t tokens = 0;    // leading tokens that make the dateline, its dash included (0: none)
  std::string place;    // the place, in title case: "Rotterdam", "New York", "St. Louis"
  std::string placeWritten;  // the place as written: "ROTTERDAM"
  std::string surface;  // as written, without the dash: "ROTTERDAM, Netherlands"
};

// The dateline that opens `toks`, if any: one to four words in capitals (the first of three
// letters or more, and not a known acronym such as NATO), then optionally ", Region" parts
// ("Netherlands", "Calif.", "D.C.") and a parenthesized agency ("(Reuters)"), then a dash,
// with at least three tokens after it.
Dateline findDateline(const std::vector<text::Token>& toks);

}  // namespace kg::extract
