#include "shell/line_editor.h"

#include <histedit.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <clocale>
#include <cstdlib>

#include "shell/interrupt.h"
#include "shell/terminal.h"
#include "shell/text_width.h"

namespace kg::cli::shell {

struct LineEditor::Impl {
  EditLine* el = nullptr;
  History* history = nullptr;
  std::string historyPath;
  Completer completer;
  std::string prompt;
};

namespace {

char* promptOf(EditLine* el) {
  void* data = nullptr;
  el_get(el, EL_CLIENTDATA, &data);
  auto* impl = static_cast<LineEditor::Impl*>(data);
  return const_cast<char*>(impl->prompt.c_str());
}

// The LineEditor for the Tab callback (EL_CLIENTDATA holds the Impl, for the prompt).
LineEditor* gEditor = nullptr;

unsigned char onTab(EditLine*, int) { return gEditor ? gEditor->complete() : CC_ERROR; }

// libedit's character source: waits for a key or Ctrl-C (through the interrupt pipe), so a
// Ctrl-C that lands between two reads is never lost. Decodes UTF-8.
int readKey(EditLine*, wchar_t* out) {
  auto readByte = [](unsigned char& c) -> int {
    for (;;) {
      ssize_t r = ::read(STDIN_FILENO, &c, 1);
      if (r >= 0) return static_cast<int>(r);
      if (errno != EINTR) return -1;
    }
  };
  for (;;) {
    struct pollfd fds[2] = {{STDIN_FILENO, POLLIN, 0}, {interruptFd(), POLLIN, 0}};
    int n = ::poll(fds, interruptFd() >= 0 ? 2 : 1, -1);
    if (n < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    if (interruptFd() >= 0 && (fds[1].revents & POLLIN)) {
      drainInterruptFd();
      errno = EINTR;
      return -1;
    }
    if (fds[0].revents == 0) continue;
    unsigned char c = 0;
    int r = readByte(c);
    if (r <= 0) return r;
    int extra = c < 0x80 ? 0 : (c >> 5) == 0x6 ? 1 : (c >> 4) == 0xE ? 2 : (c >> 3) == 0x1E ? 3 : 0;
    uint32_t cp = extra == 0 ? c : c & (0x3F >> extra);
    for (int k = 0; k < extra; ++k) {
      unsigned char next = 0;
      if (readByte(next) <= 0) break;
      cp = (cp << 6) | (next & 0x3F);
    }
    *out = static_cast<wchar_t>(cp);
    return 1;
  }
}

std::string commonPrefix(const std::vector<std::string>& words) {
  if (words.empty()) return {};
  std::string prefix = words.front();
  for (const auto& w : words) {
    size_t i = 0;
    while (i < prefix.size() && i < w.size() && prefix[i] == w[i]) ++i;
    prefix.resize(i);
  }
  // Do not end inside a UTF-8 sequence.
  while (!prefix.empty() && (static_cast<unsigned char>(prefix.back()) & 0xC0) == 0x80) prefix.pop_back();
  if (!prefix.empty() && (static_cast<unsigned char>(prefix.back()) & 0xC0) == 0xC0) prefix.pop_back();
  return prefix;
}

// Prints the candidates in columns below the line.
void listCandidates(const std::vector<std::string>& words) {
  size_t widest = 0;
  for (const auto& w : words) widest = std::max(widest, displayWidth(w));
  size_t width = terminalWidth();
  if (width == 0) width = 80;
  size_t perLine = std::max<size_t>(1, width / (widest + 2));
  std::string out = "\n";
  size_t shown = std::min<size_t>(words.size(), 200);
  for (size_t i = 0; i < shown; ++i) {
    out += pad(words[i], widest + 2);
    if ((i + 1) % perLine == 0 || i + 1 == shown) out += "\n";
  }
  if (shown < words.size()) out += "(" + std::to_string(words.size() - shown) + " more)\n";
  std::fwrite(out.data(), 1, out.size(), stdout);
  std::fflush(stdout);
}

}  // namespace

std::string defaultHistoryPath() {
  if (const char* env = std::getenv("KG_HISTORY"); env && *env) return env;
  if (const char* home = std::getenv("HOME"); home && *home) return std::string(home) + "/.kg_history";
  return {};
}

LineEditor::LineEditor(std::string historyPath, Completer completer) : impl_(new Impl) {
  // libedit handles UTF-8 when the locale says so; prefer a UTF-8 one.
  const char* locale = std::setlocale(LC_CTYPE, "");
  if (!locale || std::string(locale).find("UTF-8") == std::string::npos) {
    if (!std::setlocale(LC_CTYPE, "C.UTF-8")) std::setlocale(LC_CTYPE, locale ? locale : "C");
  }
  impl_->historyPath = std::move(historyPath);
  impl_->completer = std::move(completer);
  impl_->el = el_init("kg", stdin, stdout, stderr);
  impl_->history = history_init();
  HistEvent ev;
  history(impl_->history, &ev, H_SETSIZE, 2000);
  history(impl_->history, &ev, H_SETUNIQUE, 1);
  if (!impl_->historyPath.empty()) history(impl_->history, &ev, H_LOAD, impl_->historyPath.c_str());
  el_set(impl_->el, EL_CLIENTDATA, impl_);
  el_set(impl_->el, EL_EDITOR, "emacs");
  el_set(impl_->el, EL_PROMPT, promptOf);
  el_set(impl_->el, EL_HIST, history, impl_->history);
  el_set(impl_->el, EL_GETCFN, readKey);
  el_set(impl_->el, EL_ADDFN, "kg-complete", "complete a keyword, name or file", onTab);
  el_set(impl_->el, EL_BIND, "^I", "kg-complete", nullptr);
  // Word-wise movement as in other shells.
  el_set(impl_->el, EL_BIND, "\033[1;5C", "em-next-word", nullptr);
  el_set(impl_->el, EL_BIND, "\033[1;5D", "ed-prev-word", nullptr);
  el_source(impl_->el, nullptr);  // ~/.editrc
  gEditor = this;
}

LineEditor::~LineEditor() {
  if (gEditor == this) gEditor = nullptr;
  el_end(impl_->el);
  history_end(impl_->history);
  delete impl_;
}

LineEditor::Status LineEditor::read(const std::string& prompt, std::string& line) {
  impl_->prompt = prompt;
  el_resize(impl_->el);
  // Enter edit mode now: libedit skips it (and reads in cooked mode, echoing twice and losing
  // Ctrl-D) when keys typed ahead are already waiting.
  el_set(impl_->el, EL_PREP_TERM, 1);
  takeInterrupt();
  drainInterruptFd();
  int count = 0;
  errno = 0;
  const char* text = el_gets(impl_->el, &count);
  if (takeInterrupt() || (text == nullptr && count == -1 && errno == EINTR)) {
    el_reset(impl_->el);
    std::fputs("^C\n", stdout);
    std::fflush(stdout);
    return Status::kInterrupted;
  }
  if (text == nullptr || count <= 0) return Status::kEndOfInput;
  line.assign(text, static_cast<size_t>(count));
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
  return Status::kLine;
}

void LineEditor::addHistory(const std::string& entry) {
  if (entry.empty()) return;
  HistEvent ev;
  history(impl_->history, &ev, H_ENTER, entry.c_str());
  if (!impl_->historyPath.empty()) history(impl_->history, &ev, H_SAVE, impl_->historyPath.c_str());
}

unsigned char LineEditor::complete() {
  const LineInfo* li = el_line(impl_->el);
  std::string before(li->buffer, static_cast<size_t>(li->cursor - li->buffer));
  CompletionResult result = impl_->completer ? impl_->completer(before) : CompletionResult{};
  if (result.candidates.empty() || result.wordStart > before.size()) return CC_ERROR;
  std::string word = before.substr(result.wordStart);
  std::vector<std::string>& words = result.candidates;
  std::sort(words.begin(), words.end());
  words.erase(std::unique(words.begin(), words.end()), words.end());
  std::string common = commonPrefix(words);
  if (words.size() == 1) {
    std::string insert = words.front().substr(std::min(word.size(), words.front().size()));
    char last = words.front().empty() ? 0 : words.front().back();
    if (last != ':' && last != '/') insert += ' ';
    // The candidate may differ in case from what was typed: replace the word.
    if (words.front().compare(0, word.size(), word) != 0) {
      el_deletestr(impl_->el, static_cast<int>(word.size()));
      insert = words.front() + ((last != ':' && last != '/') ? " " : "");
    }
    el_insertstr(impl_->el, insert.c_str());
    return CC_REFRESH;
  }
  if (common.size() > word.size() && common.compare(0, word.size(), word) == 0) {
    el_insertstr(impl_->el, common.substr(word.size()).c_str());
    return CC_REFRESH;
  }
  listCandidates(words);
  return CC_REDISPLAY;
}

}  // namespace kg::cli::shell
