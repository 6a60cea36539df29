// Ctrl-C in the REPL: while a statement runs, SIGINT cancels it through its kg::CancelToken
// (the engine checks the token regularly); at the prompt it interrupts the line being typed.
#pragma once

#include <memory>

#include "kg/query.h"

namespace kg::cli::shell {

// Installs the SIGINT handler (without SA_RESTART, so a read at the prompt is interrupted).
void installInterruptHandler();
// Puts back the handler that was there before.
void removeInterruptHandler();

// While alive, SIGINT cancels `token`; with no token (an operation that cannot be
// cancelled), the third Ctrl-C ends the program.
class CancelScope {
 public:
  explicit CancelScope(std::shared_ptr<CancelToken> token);
  ~CancelScope();
  CancelScope(const CancelScope&) = delete;
  CancelScope& operator=(const CancelScope&) = delete;

 private:
  std::shared_ptr<CancelToken> token_;
};

// True (once) when SIGINT arrived since the last call.
bool takeInterrupt();

// A descriptor that becomes readable when SIGINT arrives (the handler writes to a pipe), so
// that a wait for input can also wait for Ctrl-C without racing it.
int interruptFd();
// Empties that pipe (before waiting for a new line).
void drainInterruptFd();

}  // namespace kg::cli::shell
