// The operator base: row helpers, timing and EXPLAIN output.
#include "query/operator.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "expr/expr.h"
#include "kg/error.h"
#include "sparql/parser.h"

namespace kg::query {

using storage::IndexOrder;
using storage::kAny;
using storage::QuadIds;

bool compatible(const Row& a, const Row& b) {
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i] != kUnbound && b[i] != kUnbound && a[i] != b[i]) return false;
  }
  return true;
}

void merge(Row& a, const Row& b) {
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i] == kUnbound) a[i] = b[i];
  }
}

namespace {

std::string formatEstimate(double rows) {
  char buf[32];
  if (rows >= 100 || rows == std::floor(rows)) {
    std::snprintf(buf, sizeof buf, "%.0f", rows);
  } else {
    std::snprintf(buf, sizeof buf, "%.1f", rows);
  }
  return buf;
}

}  // namespace

void Operator::enableTiming() {
  timing_ = true;
  for (const Operator* child : children()) const_cast<Operator*>(child)->enableTiming();
}

void Operator::explain(std::string& out, int depth, const ExplainOptions& options) const {
  out += std::string(depth * 2, ' ') + describe();
  out += "  (est. " + formatEstimate(estimate) + " rows";
  if (options.analyze) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "; actual %llu rows in %llu opens, %.3f ms",
                  static_cast<unsigned long long>(rowsOut_), static_cast<unsigned long long>(opens_),
                  seconds_ * 1000);
    out += buf;
  }
  out += ")\n";
  for (const Operator* child : children()) child->explain(out, depth + 1, options);
}

}  // namespace kg::query
