#include "shell/interrupt.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>

namespace kg::cli::shell {
namespace {

std::atomic<CancelToken*> gActive{nullptr};
std::atomic<bool> gInterrupted{false};
std::atomic<int> gIdlePresses{0};
std::atomic<bool> gBusy{false};
struct sigaction gPrevious {};
bool gInstalled = false;
int gPipe[2] = {-1, -1};

void onSigint(int) {
  int savedErrno = errno;
  gInterrupted.store(true);
  if (gPipe[1] >= 0) {
    char byte = 1;
    ssize_t ignored = ::write(gPipe[1], &byte, 1);
    (void)ignored;
  }
  errno = savedErrno;
  if (CancelToken* token = gActive.load()) {
    token->cancel();
    return;
  }
  // Something that cannot be cancelled is running (a load): a third Ctrl-C leaves.
  if (gBusy.load() && gIdlePresses.fetch_add(1) >= 2) {
    const char msg[] = "\nkg: interrupted\n";
    ssize_t ignored = ::write(STDERR_FILENO, msg, sizeof msg - 1);
    (void)ignored;
    ::_exit(130);
  }
}

}  // namespace

void installInterruptHandler() {
  if (gInstalled) return;
  if (gPipe[0] < 0 && ::pipe(gPipe) == 0) {
    for (int fd : gPipe) {
      ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
      ::fcntl(fd, F_SETFD, FD_CLOEXEC);
    }
  }
  struct sigaction sa {};
  sa.sa_handler = onSigint;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;  // no SA_RESTART: interrupt the read at the prompt
  ::sigaction(SIGINT, &sa, &gPrevious);
  gInstalled = true;
}

void removeInterruptHandler() {
  if (!gInstalled) return;
  ::sigaction(SIGINT, &gPrevious, nullptr);
  gInstalled = false;
}

CancelScope::CancelScope(std::shared_ptr<CancelToken> token) : token_(std::move(token)) {
  if (token_) token_->reset();
  gInterrupted.store(false);
  gIdlePresses.store(0);
  gBusy.store(true);
  gActive.store(token_.get());
}

CancelScope::~CancelScope() {
  gActive.store(nullptr);
  gBusy.store(false);
  gIdlePresses.store(0);
}

bool takeInterrupt() {
  gIdlePresses.store(0);
  return gInterrupted.exchange(false);
}

}  // namespace kg::cli::shell

namespace kg::cli::shell {

int interruptFd() { return gPipe[0]; }

void drainInterruptFd() {
  if (gPipe[0] < 0) return;
  char buf[64];
  while (::read(gPipe[0], buf, sizeof buf) > 0) {
  }
}

}  // namespace kg::cli::shell
