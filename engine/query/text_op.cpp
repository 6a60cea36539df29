#include "query/text_op.h"

#include <cstdio>

#include "storage/text/text_index_writer.h"
#include "storage/text/text_match.h"

namespace kg::query {

namespace text = storage::text;

TextScanOp::TextScanOp(QueryContext& ctx, Slot textSlot, int scoreVar, text::TextQuery search,
                       std::optional<size_t> top, std::string label)
    : ctx_(ctx), text_(std::move(textSlot)), scoreVar_(scoreVar), search_(std::move(search)),
      top_(top), label_(std::move(label)) {
  seedable = true;
  if (text_.kind == Slot::Kind::kVar) {
    maybe.insert(text_.var);
    certain.insert(text_.var);
  }
  if (scoreVar_ >= 0) {
    maybe.insert(scoreVar_);
    certain.insert(scoreVar_);
  }
  const text::TextSource* source = ctx_.reader().textSource();
  estimate = source ? text::estimateMatches(*source, search_) : 0;
  if (top_) estimate = std::min(estimate, static_cast<double>(*top_));
  if (text_.kind == Slot::Kind::kConst) estimate = std::min(estimate, 1.0);
}

std::string TextScanOp::describe() const {
  std::string out = "TextScan " + label_ + "  [text index: " + search_.toString();
  if (scoreVar_ >= 0) out += ", BM25 score";
  if (top_) out += ", best " + std::to_string(*top_);
  return out + "]";
}

double TextScanOp::probeEstimate(const std::set<int>& bound) const {
  // With the literal bound, a probe reads that literal alone.
  if (text_.kind == Slot::Kind::kVar && bound.count(text_.var)) return 1;
  return Operator::probeEstimate(bound);
}

void TextScanOp::searchOnce() {
  if (hits_) return;
  const text::TextSource* source = ctx_.reader().textSource();
  std::vector<text::TextHit> hits;
  if (source) hits = text::searchText(*source, search_);
  if (top_) hits = text::topHits(std::move(hits), *top_);
  for (const auto& h : hits) scoreOf_[h.literal] = h.score;
  hits_ = std::move(hits);
}

bool TextScanOp::matchesBound(TermId literal) {
  const text::TextSource* source = ctx_.reader().textSource();
  if (!source) return false;
  Term term = ctx_.decode(literal);
  if (!text::isTextLiteral(term)) return false;
  return text::matchesText(search_, term.value, term.language) &&
         text::isIndexed(*source, literal, term.value, term.language);
}

void TextScanOp::openImpl(const Row& seed) {
  seed_ = seed;
  index_ = 0;
  singleMode_ = false;
  single_ = kUnbound;
  TermId bound = text_.kind == Slot::Kind::kConst ? text_.id
                 : text_.kind == Slot::Kind::kVar ? seed[text_.var]
                                                  : kUnbound;
  if (text_.kind == Slot::Kind::kConst && text_.id == storage::kAny) {
    singleMode_ = true;  // a literal the store does not know
    return;
  }
  if (bound == kUnbound) return;
  singleMode_ = true;
  if (scoreVar_ < 0 && !top_) {
    if (matchesBound(bound)) single_ = bound;
    return;
  }
  searchOnce();
  auto found = scoreOf_.find(bound);
  if (found == scoreOf_.end()) return;
  single_ = bound;
  singleScore_ = found->second;
}

void TextScanOp::emit(Row& row, TermId literal, double score) {
  row = seed_;
  if (text_.kind == Slot::Kind::kVar) row[text_.var] = literal;
  if (scoreVar_ >= 0) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", score);
    row[scoreVar_] = ctx_.encode(Term::literal(buf, std::string(vocab::kXsdDouble)));
  }
}

bool TextScanOp::nextImpl(Row& row) {
  if (singleMode_) {
    if (single_ == kUnbound) return false;
    TermId literal = single_;
    single_ = kUnbound;
    if (scoreVar_ >= 0 && seed_[scoreVar_] != kUnbound) {
      // A bound score must equal the computed one.
      Row probe;
      emit(probe, literal, singleScore_);
      if (probe[scoreVar_] != seed_[scoreVar_]) return false;
    }
    emit(row, literal, singleScore_);
    return true;
  }
  searchOnce();
  while (index_ < hits_->size()) {
    ctx_.checkInterrupt();
    const auto& hit = (*hits_)[index_++];
    if (scoreVar_ >= 0 && seed_[scoreVar_] != kUnbound) {
      Row probe;
      emit(probe, hit.literal, hit.score);
      if (probe[scoreVar_] != seed_[scoreVar_]) continue;
    }
    emit(row, hit.literal, hit.score);
    return true;
  }
  return false;
}

}  // namespace kg::query
