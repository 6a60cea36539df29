#include "expr/regex_blocks.h"

#include <cstdio>

#include <unicode/uchar.h>
#include <unicode/uniset.h>

namespace kg::expr {

std::optional<std::string> blockRanges(std::string_view name, bool negated) {
  std::string key(name);
  int32_t block = u_getPropertyValueEnum(UCHAR_BLOCK, key.c_str());
  // (ICU knows "No_Block" as a value name; XML Schema has no such block)
  if (block == UCHAR_INVALID_CODE || block == UBLOCK_NO_BLOCK) return std::nullopt;
  icu::UnicodeSet set;
  UErrorCode status = U_ZERO_ERROR;
  set.applyIntPropertyValue(UCHAR_BLOCK, block, status);
  if (U_FAILURE(status)) return std::nullopt;
  if (negated) set.complement();
  std::string out;
  char buf[32];
  for (int32_t i = 0; i < set.getRangeCount(); ++i) {
    std::snprintf(buf, sizeof buf, "\\x{%X}-\\x{%X}", static_cast<unsigned>(set.getRangeStart(i)),
                  static_cast<unsigned>(set.getRangeEnd(i)));
    out += buf;
  }
  if (out.empty()) return std::nullopt;
  return out;
}

}  // namespace kg::expr
