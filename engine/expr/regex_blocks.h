#pragma once
// XML Schema block escapes in XPath regular expressions: \p{IsBasicLatin}, \P{IsGreek}.

#include <optional>
#include <string>
#include <string_view>

namespace kg::expr {

// The code points of the Unicode block `name` (XML Schema's form: "BasicLatin",
// "Latin-1Supplement"; matched as Unicode's property value names are, ignoring case, spaces,
// hyphens and underscores), or of its complement when `negated`, as ranges for the inside of a
// Boost regex bracket ("\x{0}-\x{7F}"). nullopt when no block has that name.
std::optional<std::string> blockRanges(std::string_view name, bool negated);

}  // namespace kg::expr
