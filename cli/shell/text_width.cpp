#include "shell/text_width.h"

#include <cstdint>

namespace kg::cli::shell {
namespace {

// Decodes the code point at `i` and advances `i`; invalid bytes count as one code point.
uint32_t nextCodePoint(std::string_view s, size_t& i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  int extra = c < 0x80 ? 0 : (c >> 5) == 0x6 ? 1 : (c >> 4) == 0xE ? 2 : (c >> 3) == 0x1E ? 3 : -1;
  if (extra <= 0 || i + static_cast<size_t>(extra) >= s.size()) {
    ++i;  // ASCII, a stray byte or a sequence cut short: one code point
    return c;
  }
  uint32_t cp = extra == 0 ? c : c & (0x3F >> extra);
  for (int k = 1; k <= extra; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  i += static_cast<size_t>(extra) + 1;
  return cp;
}

int codePointWidth(uint32_t cp) {
  if (cp == 0) return 0;
  if ((cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x200B && cp <= 0x200F) || cp == 0xFE0F ||
      (cp >= 0x1AB0 && cp <= 0x1AFF) || (cp >= 0x20D0 && cp <= 0x20FF)) {
    return 0;
  }
  if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
      (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
      (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
      (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1F64F) ||
      (cp >= 0x1F900 && cp <= 0x1F9FF) || (cp >= 0x20000 && cp <= 0x3FFFD)) {
    return 2;
  }
  return 1;
}

}  // namespace

size_t displayWidth(std::string_view text) {
  size_t width = 0;
  for (size_t i = 0; i < text.size();) width += static_cast<size_t>(codePointWidth(nextCodePoint(text, i)));
  return width;
}

std::string truncateToWidth(std::string_view text, size_t width) {
  if (displayWidth(text) <= width) return std::string(text);
  if (width == 0) return {};
  size_t used = 0, i = 0;
  while (i < text.size()) {
    size_t start = i;
    int w = codePointWidth(nextCodePoint(text, i));
    if (used + static_cast<size_t>(w) > width - 1) {
      i = start;
      break;
    }
    used += static_cast<size_t>(w);
  }
  return std::string(text.substr(0, i)) + "\xE2\x80\xA6";  // …
}

std::string pad(std::string_view text, size_t width, bool rightAlign) {
  size_t w = displayWidth(text);
  std::string spaces(w < width ? width - w : 0, ' ');
  return rightAlign ? spaces + std::string(text) : std::string(text) + spaces;
}

}  // namespace kg::cli::shell
