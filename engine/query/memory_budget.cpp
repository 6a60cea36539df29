#include "query/memory_budget.h"

#include <cctype>
#include <cstdio>

#include "kg/error.h"
#include "kg/query.h"

namespace kg::query {

std::string formatBytes(uint64_t bytes) {
  char buf[64];
  const double mb = 1024.0 * 1024.0;
  if (bytes >= (uint64_t{1} << 30) && bytes % (uint64_t{1} << 30) == 0) {
    std::snprintf(buf, sizeof buf, "%llu GB", static_cast<unsigned long long>(bytes >> 30));
  } else if (bytes >= (uint64_t{1} << 20) && bytes % (uint64_t{1} << 20) == 0) {
    std::snprintf(buf, sizeof buf, "%llu MB", static_cast<unsigned long long>(bytes >> 20));
  } else if (bytes >= (uint64_t{1} << 20)) {
    std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(bytes) / mb);
  } else {
    std::snprintf(buf, sizeof buf, "%llu bytes", static_cast<unsigned long long>(bytes));
  }
  return buf;
}

void MemoryBudget::exceeded() const {
  throw Error(ErrorCode::kLimit, "query exceeded its memory budget (" + formatBytes(limit_) +
                                     "); raise it with --memory-limit (QueryOptions::memoryLimit)");
}

}  // namespace kg::query

namespace kg {

std::optional<uint64_t> parseByteSize(std::string_view text) {
  size_t i = 0;
  uint64_t value = 0;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
    uint64_t next = value * 10 + static_cast<uint64_t>(text[i] - '0');
    if (next / 10 != value) return std::nullopt;  // overflow
    value = next;
    ++i;
  }
  if (i == 0) return std::nullopt;
  std::string_view unit = text.substr(i);
  if (!unit.empty() && (unit.back() == 'B' || unit.back() == 'b') && unit.size() > 1) {
    unit.remove_suffix(1);  // "256MB", "2GiB" -> "256M", "2Gi"
  }
  if (unit.size() == 2 && (unit[1] == 'i' || unit[1] == 'I')) unit.remove_suffix(1);
  int shift = 0;
  if (unit.empty() || unit == "B" || unit == "b") {
    shift = 0;
  } else if (unit.size() == 1) {
    switch (std::toupper(static_cast<unsigned char>(unit[0]))) {
      case 'K': shift = 10; break;
      case 'M': shift = 20; break;
      case 'G': shift = 30; break;
      case 'T': shift = 40; break;
      default: return std::nullopt;
    }
  } else {
    return std::nullopt;
  }
  if (shift && value > (~uint64_t{0} >> shift)) return std::nullopt;
  return value << shift;
}

}  // namespace kg
