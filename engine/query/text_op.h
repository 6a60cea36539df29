// TextScanOp: `?text kg:matches "search"` — the literals of the full-text index that match a
// search, optionally with their BM25 score and only the k best:
//
//   ?text kg:matches "detention camp*"
//   (?text ?score) kg:matches "detention camp*"          binds the score (xsd:double)
//   (?text ?score) kg:matches ("detention camp*" 10)     the 10 best, best first
//
// Run unbound, it reads the posting lists once per query and keeps the answer. Opened with
// ?text already bound (an index nested-loop join from the graph side) and no score asked, it
// decides on that literal's own text (storage/text/text_match.h) without the posting lists.
#pragma once

#include <optional>
#include <unordered_map>

#include "query/operator.h"
#include "storage/text/text_query.h"
#include "storage/text/text_search.h"

namespace kg::query {

class TextScanOp final : public Operator {
 public:
  TextScanOp(QueryContext& ctx, Slot text, int scoreVar, storage::text::TextQuery search,
             std::optional<size_t> top, std::string label);
  std::string describe() const override;
  double probeEstimate(const std::set<int>& bound) const override;

 protected:
  void openImpl(const Row& seed) override;
  bool nextImpl(Row& row) override;

 private:
  void searchOnce();
  bool matchesBound(TermId literal);
  void emit(Row& row, TermId literal, double score);

  QueryContext& ctx_;
  Slot text_;
  int scoreVar_;
  storage::text::TextQuery search_;
  std::optional<size_t> top_;
  std::string label_;
  // The whole answer, once computed: in literal order, or best first with top_.
  std::optional<std::vector<storage::text::TextHit>> hits_;
  std::unordered_map<TermId, double> scoreOf_;
  // Iteration state
  Row seed_;
  size_t index_ = 0;
  TermId single_ = kUnbound;  // the bound literal, when it matched
  bool singleMode_ = false;
  double singleScore_ = 0;
};

}  // namespace kg::query
