// Runs statements and dot-commands read from a stream (a script file, or stdin when it is
// not a terminal): no prompts, errors as file:line, stop at the first error unless told to
// keep going.
#pragma once

#include <istream>
#include <string>

#include "shell/session.h"

namespace kg::cli::shell {

// Returns 0, or the exit code of the first failure (after running everything when
// `keepGoing`).
int runScriptStream(Session& session, std::istream& in, const std::string& name, bool keepGoing);
// Opens `path` and runs it; a file that cannot be read is exit code 3.
int runScriptFile(Session& session, const std::string& path, bool keepGoing);

}  // namespace kg::cli::shell
