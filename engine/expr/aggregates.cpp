#include "expr/aggregates.h"

#include "expr/internal.h"
#include "expr/values.h"

namespace kg::expr {

std::optional<AggregateKind> aggregateKindFromName(std::string_view name) {
  std::string u(name);
  for (char& c : u) c = asciiUpper(c);
  if (u == "COUNT") return AggregateKind::kCount;
  if (u == "SUM") return AggregateKind::kSum;
  if (u == "AVG") return AggregateKind::kAvg;
  if (u == "MIN") return AggregateKind::kMin;
  if (u == "MAX") return AggregateKind::kMax;
  if (u == "SAMPLE") return AggregateKind::kSample;
  if (u == "GROUP_CONCAT") return AggregateKind::kGroupConcat;
  return std::nullopt;
}

Aggregator::Aggregator(AggregateKind kind, bool distinct, std::string separator)
    : kind_(kind), distinct_(distinct), separator_(std::move(separator)) {}

void Aggregator::addError() {
  switch (kind_) {
    case AggregateKind::kSum:
    case AggregateKind::kAvg:
    case AggregateKind::kGroupConcat: error_ = true; break;
    default: break;  // COUNT, SAMPLE, MIN, MAX skip errors
  }
}

void Aggregator::addRow(std::string_view solution) {
  if (distinct_) {
    if (!seenSolutions_.emplace(solution).second) return;
    seenBytes_ += solution.size();
  }
  ++count_;
}

void Aggregator::add(const Term* value) {
  if (!value) return;
  if (error_) return;
  if (distinct_) {
    if (!seen_.insert(*value).second) return;
    seenBytes_ += value->value.size() + value->datatype.size() + value->language.size();
  }
  switch (kind_) {
    case AggregateKind::kCount: ++count_; break;
    case AggregateKind::kSum:
    case AggregateKind::kAvg: {
      if (!acc_) acc_ = integerTerm(0);
      auto s = arithmetic('+', *acc_, *value);
      if (!s) {
        error_ = true;
        acc_.reset();
        return;
      }
      acc_ = std::move(s);
      ++count_;
      break;
    }
    case AggregateKind::kMin:
      if (!acc_ || orderCompare(value, &*acc_) < 0) acc_ = *value;
      break;
    case AggregateKind::kMax:
      if (!acc_ || orderCompare(value, &*acc_) > 0) acc_ = *value;
      break;
    case AggregateKind::kSample:
      if (!acc_) acc_ = *value;
      break;
    case AggregateKind::kGroupConcat:
      if (!(value->isLiteral() || value->isIri())) {
        error_ = true;
        return;
      }
      if (!first_) concat_ += separator_;
      concat_ += value->value;
      first_ = false;
      break;
  }
}

size_t Aggregator::memoryUsage() const {
  size_t bytes = sizeof(*this) + separator_.capacity() + concat_.capacity();
  if (acc_) bytes += acc_->value.capacity() + acc_->datatype.capacity() + acc_->language.capacity();
  // A node per distinct value (the term, a hash and a link) and a bucket slot.
  if (!seen_.empty()) bytes += seen_.size() * (sizeof(Term) + 32) + seen_.bucket_count() * 8;
  if (!seenSolutions_.empty()) {
    bytes += seenSolutions_.size() * (sizeof(std::string) + 32) + seenSolutions_.bucket_count() * 8;
  }
  bytes += seenBytes_;
  return bytes;
}

std::optional<Term> Aggregator::result() const {
  if (error_) return std::nullopt;
  switch (kind_) {
    case AggregateKind::kCount: return integerTerm(static_cast<long long>(count_));
    case AggregateKind::kSum: return acc_ ? acc_ : integerTerm(0);
    case AggregateKind::kAvg:
      if (count_ == 0) return integerTerm(0);
      return arithmetic('/', *acc_, integerTerm(static_cast<long long>(count_)));
    case AggregateKind::kMin:
    case AggregateKind::kMax:
    case AggregateKind::kSample: return acc_;
    case AggregateKind::kGroupConcat: return Term::literal(concat_);
  }
  return std::nullopt;
}

}  // namespace kg::expr
