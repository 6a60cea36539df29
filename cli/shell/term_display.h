// How a kg::Term looks in the REPL's tables: IRIs shortened with declared prefixes, literals
// shown plainly (their language, or a datatype that is not obvious from the value, added),
// control characters made visible.
#pragma once

#include <optional>
#include <string>

#include "kg/term.h"
#include "shell/prefixes.h"

namespace kg::cli::shell {

enum class CellStyle { kNull, kIri, kBlank, kString, kNumber, kOther, kTriple };

struct Cell {
  std::string text;
  CellStyle style = CellStyle::kNull;
  bool rightAlign() const { return style == CellStyle::kNumber; }
};

Cell displayCell(const std::optional<Term>& term, const PrefixTable& prefixes);

// An IRI as a prefixed name where possible, else <iri>.
std::string displayIri(const std::string& iri, const PrefixTable& prefixes);

}  // namespace kg::cli::shell
