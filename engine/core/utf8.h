// UTF-8 encoding and strict decoding, shared by the parsers, the SPARQL functions and the text
// pipeline.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace kg {

// Appends the UTF-8 encoding of code point cp (at most U+10FFFF).
void appendUtf8(std::string& out, uint32_t cp);

// Decodes the sequence at p, reading no further than end. Returns its length (1-4) and sets
// *cp, or 0 for an invalid sequence: a stray continuation byte, an overlong form, a surrogate,
// a value past U+10FFFF, or a sequence cut off by end or by a byte that is not a continuation.
// Bytes are read in order and reading stops at the first bad one.
size_t decodeUtf8(const char* p, const char* end, uint32_t* cp);

}  // namespace kg
