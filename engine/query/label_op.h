// LabelScanOp: `?entity kg:labelPrefix "Bache"` — entities whose rdfs:label or kg:alias has a
// word sequence starting with the text (case-insensitive, at any word start), ranked: labels
// that start with it first, then shorter labels. The lists bind the label and cap the count:
//
//   (?entity ?label) kg:labelPrefix ("Bache" 10)
//
// Read from the text index's label entries (storage/text/text_search.h), best first.
#pragma once

#include <optional>

#include "query/operator.h"
#include "storage/text/text_search.h"

namespace kg::query {

class LabelScanOp final : public Operator {
 public:
  LabelScanOp(QueryContext& ctx, int entityVar, int labelVar, std::string prefix, std::optional<size_t> top,
              std::string label);
  std::string describe() const override;

 protected:
  void openImpl(const Row& seed) override;
  bool nextImpl(Row& row) override;

 private:
  QueryContext& ctx_;
  int entityVar_, labelVar_;
  std::string prefix_;
  size_t limit_;
  std::string label_;
  std::optional<std::vector<storage::text::LabelMatch>> matches_;
  Row seed_;
  size_t index_ = 0;
};

}  // namespace kg::query
