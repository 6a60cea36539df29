#include <gtest/gtest.h>

#include <string>

#include "kg/error.h"

namespace kg {
namespace {

// The caret line's "^" sits under the given code point of the shown line.
char32_t pointedAt(const std::string& rendered) {
  size_t nl = rendered.find('\n');
  std::string shown = rendered.substr(2, nl - 2);
  std::string caret = rendered.substr(nl + 3);
  size_t column = caret.size() - 1;  // code points before the caret
  size_t i = 0;
  for (size_t n = 0; n < column; ++n) {
    do ++i;
    while (i < shown.size() && (static_cast<unsigned char>(shown[i]) & 0xC0) == 0x80);
  }
  return static_cast<unsigned char>(shown[i]);
}

TEST(RenderCaretTest, ShortLinesAreShownWhole) {
  EXPECT_EQ(renderCaret("SELECT ?x WHERE { ?x ?p }\n", 1, 24), "  SELECT ?x WHERE { ?x ?p }\n                         ^");
  EXPECT_EQ(renderCaret("a\nbb\tc\n", 2, 4), "  bb\tc\n    \t^");
  EXPECT_EQ(renderCaret("\xc3\xa9t\xc3\xa9 x", 1, 5), "  \xc3\xa9t\xc3\xa9 x\n      ^");
}

TEST(RenderCaretTest, LongLinesShowAWindowAroundTheColumn) {
  // A generated query of 200,000 characters on one line, the error near its middle.
  std::string line(100000, 'a');
  line += "\xc3\xa9Z";  // a two-byte character, then the one pointed at
  line += std::string(100000, 'b');
  std::string rendered = renderCaret(line, 1, 100002);
  EXPECT_LT(rendered.size(), 300u);
  EXPECT_EQ(rendered.substr(0, 5), "  ...");
  EXPECT_NE(rendered.find("...\n"), std::string::npos);
  EXPECT_EQ(pointedAt(rendered), U'Z');
  // At the start and at the end of a long line, one side has no "...".
  std::string start = renderCaret(std::string(500, 'x') + "Q", 1, 1);
  EXPECT_EQ(start.substr(0, 3), "  x");
  EXPECT_EQ(pointedAt(start), U'x');
  std::string end = renderCaret(std::string(500, 'x') + "Q", 1, 501);
  EXPECT_EQ(end.substr(0, 5), "  ...");
  EXPECT_EQ(pointedAt(end), U'Q');
}

}  // namespace
}  // namespace kg
