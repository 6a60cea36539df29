// The one UTF-8 encoder and decoder (core/utf8.h) the parsers, functions and text pipeline use.
#include <gtest/gtest.h>

#include <string>

#include "core/utf8.h"

namespace {

size_t decode(const std::string& s, uint32_t* cp) {
  return kg::decodeUtf8(s.data(), s.data() + s.size(), cp);
}

TEST(Utf8, EveryLengthRoundTrips) {
  for (uint32_t cp : {0x41u, 0x7Fu, 0x80u, 0x7FFu, 0x800u, 0xFFFDu, 0x10000u, 0x1F600u, 0x10FFFFu}) {
    std::string s;
    kg::appendUtf8(s, cp);
    uint32_t back = 0;
    EXPECT_EQ(decode(s, &back), s.size()) << std::hex << cp;
    EXPECT_EQ(back, cp);
  }
  std::string s;
  kg::appendUtf8(s, 0xE9);
  EXPECT_EQ(s, "\xC3\xA9");
}

TEST(Utf8, InvalidSequencesAreRejected) {
  uint32_t cp = 0;
  EXPECT_EQ(decode("\x80", &cp), 0u);              // stray continuation
  EXPECT_EQ(decode("\xC0\xAF", &cp), 0u);          // overlong '/'
  EXPECT_EQ(decode("\xE0\x80\xAF", &cp), 0u);      // overlong, three bytes
  EXPECT_EQ(decode("\xED\xA0\x80", &cp), 0u);      // surrogate U+D800
  EXPECT_EQ(decode("\xF4\x90\x80\x80", &cp), 0u);  // past U+10FFFF
  EXPECT_EQ(decode("\xF8\x88\x80\x80", &cp), 0u);  // five-byte lead
  EXPECT_EQ(decode("\xC3" "A", &cp), 0u);          // continuation missing
  EXPECT_EQ(decode("\xE2\x82", &cp), 0u);          // cut off by the end
  EXPECT_EQ(decode("", &cp), 0u);
}

TEST(Utf8, ReadsNoFurtherThanEnd) {
  // A valid sequence whose last byte lies past `end` is invalid, not read.
  const char bytes[] = "\xE2\x82\xAC";  // U+20AC
  uint32_t cp = 0;
  EXPECT_EQ(kg::decodeUtf8(bytes, bytes + 2, &cp), 0u);
  EXPECT_EQ(kg::decodeUtf8(bytes, bytes + 3, &cp), 3u);
  EXPECT_EQ(cp, 0x20ACu);
}

}  // namespace
