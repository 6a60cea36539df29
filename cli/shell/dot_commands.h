// The REPL's dot-commands (.help, .load, .mode, ...): a table of names, arguments and help,
// and the dispatcher that suggests the nearest name for a misspelled one.
#pragma once

#include <string>
#include <vector>

#include "shell/session.h"

namespace kg::cli::shell {

// Runs one dot-command line (starting with '.'). Returns an exit code.
int runDotCommand(Session& session, const std::string& line, const Location& where);

// The names of all dot-commands (".help", ...), for completion.
std::vector<std::string> dotCommandNames();

// The closest name to `name` among `names` (edit distance), or empty when none is close.
std::string nearestName(const std::string& name, const std::vector<std::string>& names);

}  // namespace kg::cli::shell
