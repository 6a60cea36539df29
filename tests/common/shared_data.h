// Tests that need the shared data folder (../shared) skip with a message when it is absent,
// unless KG_REQUIRE_SHARED=1 (set by .ci/run): then its absence is a failure, so CI cannot
// pass by skipping.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>

namespace kg::testing {

inline bool sharedRequired() {
  const char* v = std::getenv("KG_REQUIRE_SHARED");
  return v && std::strcmp(v, "1") == 0;
}

}  // namespace kg::testing

// Use in a test body (or a void helper) instead of GTEST_SKIP() when shared data is missing.
#define KG_SKIP_WITHOUT_SHARED(message)                                                   \
  do {                                                                                    \
    if (::kg::testing::sharedRequired()) {                                                \
      FAIL() << message << " (KG_REQUIRE_SHARED=1: the shared data folder is required)"; \
    }                                                                                     \
    GTEST_SKIP() << message;                                                              \
  } while (0)
