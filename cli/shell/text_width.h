// Display width of UTF-8 text in terminal columns, and cutting text to a width.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace kg::cli::shell {

// Columns `text` takes on a terminal: most code points 1, combining marks 0, East Asian wide
// characters and emoji 2.
size_t displayWidth(std::string_view text);

// `text` cut to at most `width` columns, ending in "…" when something was cut.
std::string truncateToWidth(std::string_view text, size_t width);

// `text` padded with spaces to `width` columns, on the right or (rightAlign) on the left.
std::string pad(std::string_view text, size_t width, bool rightAlign = false);

}  // namespace kg::cli::shell
