// Facts about the terminal: whether a stream is one, how wide it is, whether to use colour.
#pragma once

#include <cstddef>

namespace kg::cli::shell {

bool stdinIsTerminal();
bool stdoutIsTerminal();
// Columns of the terminal on stdout (0 when it is not a terminal).
size_t terminalWidth();
// Colour on stdout: a terminal, and NO_COLOR unset, and TERM not "dumb".
bool colorWanted();

}  // namespace kg::cli::shell
