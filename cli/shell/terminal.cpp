#include "shell/terminal.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

namespace kg::cli::shell {

bool stdinIsTerminal() { return ::isatty(STDIN_FILENO) == 1; }
bool stdoutIsTerminal() { return ::isatty(STDOUT_FILENO) == 1; }

size_t terminalWidth() {
  struct winsize ws {};
  if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
  if (!stdoutIsTerminal()) return 0;
  if (const char* cols = std::getenv("COLUMNS"); cols && std::atoi(cols) > 0) {
    return static_cast<size_t>(std::atoi(cols));
  }
  return 80;
}

bool colorWanted() {
  if (!stdoutIsTerminal()) return false;
  if (const char* nc = std::getenv("NO_COLOR"); nc && *nc) return false;
  const char* term = std::getenv("TERM");
  return !(term && std::strcmp(term, "dumb") == 0);
}

}  // namespace kg::cli::shell
