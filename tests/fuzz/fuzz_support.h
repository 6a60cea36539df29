// Shared pieces of the fuzz targets: scratch stores and the rule for exceptions.
//
// Every target defines LLVMFuzzerTestOneInput. Built with -DKG_FUZZ=ON (clang) it links
// libFuzzer; in the ordinary build it links replay_main.cpp, which feeds it the files of
// tests/fuzz/regressions/ so every input that once crashed kg is replayed by ctest.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>

#include "kg/error.h"

namespace kg::fuzz {

// A fresh empty directory under the system's temporary directory, removed at exit.
std::string scratchDirectory(const char* name);

// The input as text (the bytes as they are; parsers must cope with invalid UTF-8).
inline std::string_view asText(const uint8_t* data, size_t size) {
  return std::string_view(reinterpret_cast<const char*>(data), size);
}

// A property of kg that the input broke: report it and abort, so the fuzzer keeps the input.
[[noreturn]] inline void broken(const std::string& what) {
  std::fprintf(stderr, "fuzz: property broken: %s\n", what.c_str());
  std::abort();
}

// Every failure kg reports is a kg::Error; anything else escaping the library is a bug the
// fuzzer should keep (the exception escapes LLVMFuzzerTestOneInput and aborts).
template <class F>
void expectOnlyKgErrors(F&& body) {
  try {
    body();
  } catch (const kg::Error&) {
  }
}

}  // namespace kg::fuzz
