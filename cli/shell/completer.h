// What Tab offers: dot-commands and their arguments, file paths after .load/.read/.extract,
// SPARQL keywords, declared prefixes, predicates of the store as prefixed names or IRIs, and
// variables already used in the statement, and entities whose rdfs:label or kg:alias starts
// with the word typed (`Norv` -> `kg:e.Norvania`).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "shell/line_editor.h"
#include "shell/prefixes.h"

namespace kg::cli::shell {

struct CompletionContext {
  std::string pendingText;               // earlier lines of the statement being typed
  const PrefixTable* prefixes = nullptr;
  const std::vector<std::string>* predicates = nullptr;  // IRIs, most frequent first
  std::vector<std::string> dotCommands;  // ".help", ".load", ...
  // Entity IRIs whose label starts with a word (best first), for names typed as labels.
  std::function<std::vector<std::string>(const std::string& word)> entitiesByLabel;
};

CompletionResult completeInput(const CompletionContext& context, const std::string& lineBeforeCursor);

// File names that complete `word` (directories end in '/').
std::vector<std::string> completePath(const std::string& word);

}  // namespace kg::cli::shell
