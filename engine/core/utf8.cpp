#include "core/utf8.h"

namespace kg {

void appendUtf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

size_t decodeUtf8(const char* p, const char* end, uint32_t* cp) {
  if (p >= end) return 0;
  unsigned char c = static_cast<unsigned char>(p[0]);
  if (c < 0x80) {
    *cp = c;
    return 1;
  }
  size_t len;
  uint32_t value, min;
  if (c >= 0xC2 && c < 0xE0) {
    len = 2, value = c & 0x1F, min = 0x80;
  } else if (c >= 0xE0 && c < 0xF0) {
    len = 3, value = c & 0x0F, min = 0x800;
  } else if (c >= 0xF0 && c < 0xF5) {
    len = 4, value = c & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  for (size_t k = 1; k < len; ++k) {
    if (p + k >= end) return 0;
    unsigned char d = static_cast<unsigned char>(p[k]);
    if ((d & 0xC0) != 0x80) return 0;
    value = (value << 6) | (d & 0x3F);
  }
  if (value < min || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return 0;
  *cp = value;
  return len;
}

}  // namespace kg
