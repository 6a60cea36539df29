#include "kg/error.h"

namespace kg {
namespace {
// Code points shown on either side of the column in a long line.
constexpr size_t kCaretContext = 60;
}  // namespace

std::string renderCaret(const std::string& source, uint64_t line, uint64_t column) {
  if (line == 0) return {};
  size_t start = 0;
  for (uint64_t l = 1; l < line; ++l) {
    size_t nl = source.find('\n', start);
    if (nl == std::string::npos) return {};
    start = nl + 1;
  }
  size_t end = source.find('\n', start);
  std::string text = source.substr(start, end == std::string::npos ? std::string::npos : end - start);
  if (!text.empty() && text.back() == '\r') text.pop_back();
  // A long line (a generated query, a one-line file) shows a window around the column.
  auto isContinuation = [&](size_t i) { return (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80; };
  size_t at = 0;  // byte offset of the column
  for (uint64_t codePoint = 1; at < text.size() && codePoint < column; ++codePoint) {
    do ++at;
    while (at < text.size() && isContinuation(at));
  }
  size_t from = 0, to = text.size();
  if (text.size() > 2 * kCaretContext + 20) {
    from = at;
    for (size_t n = 0; from > 0 && n < kCaretContext; ++n) {
      do --from;
      while (from > 0 && isContinuation(from));
    }
    to = at;
    for (size_t n = 0; to < text.size() && n < kCaretContext; ++n) {
      do ++to;
      while (to < text.size() && isContinuation(to));
    }
  }
  std::string shown = (from > 0 ? "..." : "") + text.substr(from, to - from) + (to < text.size() ? "..." : "");
  // Tabs keep their width in the caret line so the caret lines up.
  std::string caret(from > 0 ? 3 : 0, ' ');
  for (size_t i = from; i < at; ++i) {
    if (isContinuation(i)) continue;
    caret += text[i] == '\t' ? '\t' : ' ';
  }
  return "  " + shown + "\n  " + caret + "^";
}

}  // namespace kg
