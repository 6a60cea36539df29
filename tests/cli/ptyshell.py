"""Drives an interactive program through a pseudo-terminal (for the REPL's end-to-end tests).

Everything waits for text to appear (with generous timeouts for loaded CI machines) rather
than sleeping for fixed times.
"""
import fcntl
import os
import pty
import re
import select
import signal
import struct
import termios
import time

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Za-z0-9]|\x1b[=>]|\x07")


def clean(text):
    """Terminal output without escape sequences and carriage returns."""
    return ANSI.sub("", text).replace("\r", "")


class PtyProcess:
    def __init__(self, argv, env=None, cwd=None, cols=110, rows=40):
        self.argv = argv
        pid, fd = pty.fork()
        if pid == 0:  # child: the terminal is set up; size it, then run the program
            try:
                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
                if cwd:
                    os.chdir(cwd)
                os.execve(argv[0], argv, env if env is not None else os.environ)
            finally:
                os._exit(127)
        self.pid = pid
        self.fd = fd
        self.raw = ""       # everything read so far
        self.mark = 0       # start of the text not yet consumed by expect()
        self.exit_status = None

    def _read(self, timeout):
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return False
        try:
            data = os.read(self.fd, 65536)
        except OSError:  # EIO: the child closed the terminal
            data = b""
        if not data:
            raise EOFError("the program closed its terminal")
        self.raw += data.decode("utf-8", errors="replace")
        return True

    def expect(self, pattern, timeout=60):
        """Waits until `pattern` (a regex or plain string) appears in the cleaned output after
        the mark; moves the mark past it; returns the cleaned text up to and including it."""
        regex = re.compile(pattern if isinstance(pattern, re.Pattern) else re.escape(pattern))
        deadline = time.monotonic() + timeout
        while True:
            text = clean(self.raw[self.mark:])
            m = regex.search(text)
            if m:
                # Move the mark in raw text: find how much raw text produces the match end.
                self._advance_to(m.end())
                return text[:m.end()]
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"timed out after {timeout}s waiting for {regex.pattern!r}; "
                                     f"output since last match:\n{text[-3000:]}")
            try:
                self._read(min(remaining, 0.5))
            except EOFError:
                text = clean(self.raw[self.mark:])
                if regex.search(text):
                    continue
                raise AssertionError(f"program ended while waiting for {regex.pattern!r}; "
                                     f"output:\n{text[-3000:]}")

    def _advance_to(self, clean_end):
        # Find the smallest raw prefix whose cleaned form reaches clean_end characters.
        lo, hi = self.mark, len(self.raw)
        while lo < hi:
            mid = (lo + hi) // 2
            if len(clean(self.raw[self.mark:mid])) >= clean_end:
                hi = mid
            else:
                lo = mid + 1
        self.mark = lo

    def send(self, text):
        os.write(self.fd, text.encode("utf-8"))

    def sendline(self, text=""):
        self.send(text + "\r")

    def wait(self, timeout=60):
        """Waits for the program to end (draining its output); returns its exit code."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.exit_status = os.waitstatus_to_exitcode(status)
                return self.exit_status
            try:
                self._read(0.2)
            except EOFError:
                time.sleep(0.05)
        raise AssertionError(f"the program did not exit; output:\n{clean(self.raw)[-2000:]!r}")

    def close(self):
        if self.exit_status is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
            self.exit_status = -9
        try:
            os.close(self.fd)
        except OSError:
            pass
