// Small helpers shared by the kg_expr sources (not part of the library's interface).
#pragma once

#include <string>
#include <string_view>

namespace kg::expr {

inline char asciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }
inline char asciiUpper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c; }
// Case-insensitive (ASCII) equality, as language tags compare.
bool langEqual(std::string_view a, std::string_view b);
std::string asciiLowerStr(std::string_view s);

}  // namespace kg::expr
