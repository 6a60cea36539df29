// StatementBuffer's questions (is this cut short? may more follow?) answered by the engine's
// parser, with the declarations in force prepended.
#pragma once

#include <functional>
#include <string>

#include "shell/statement_buffer.h"

namespace kg::cli::shell {

// `prologue` returns the PREFIX declarations in force when a question is asked.
StatementBuffer::Grammar parserGrammar(std::function<std::string()> prologue);

}  // namespace kg::cli::shell
