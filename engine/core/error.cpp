#include "kg/error.h"

namespace kg {

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
  // Tabs keep their width in the caret line so the caret lines up.
  std::string caret;
  uint64_t codePoint = 1;
  for (size_t i = 0; i < text.size() && codePoint < column; ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if ((c & 0xC0) == 0x80) continue;  // UTF-8 continuation byte
    caret += c == '\t' ? '\t' : ' ';
    ++codePoint;
  }
  return "  " + text + "\n  " + caret + "^";
}

}  // namespace kg
