#include "query/label_op.h"

namespace kg::query {

namespace {
// Without a count: as many as a search box could show, and then some.
constexpr size_t kDefaultLimit = 1000;
}  // namespace

LabelScanOp::LabelScanOp(QueryContext& ctx, int entityVar, int labelVar, std::string prefix,
                         std::optional<size_t> top, std::string label)
    : ctx_(ctx), entityVar_(entityVar), labelVar_(labelVar), prefix_(std::move(prefix)),
      limit_(top.value_or(kDefaultLimit)), label_(std::move(label)) {
  seedable = true;
  maybe.insert(entityVar_);
  certain.insert(entityVar_);
  if (labelVar_ >= 0) {
    maybe.insert(labelVar_);
    certain.insert(labelVar_);
  }
  estimate = static_cast<double>(std::min<size_t>(limit_, 100));
}

std::string LabelScanOp::describe() const {
  return "LabelScan " + label_ + "  [text index: labels starting with \"" + prefix_ + "\", best " +
         std::to_string(limit_) + "]";
}

void LabelScanOp::openImpl(const Row& seed) {
  seed_ = seed;
  index_ = 0;
  if (!matches_) {
    const storage::text::TextSource* source = ctx_.reader().textSource();
    matches_ = source ? storage::text::lookupLabels(*source, prefix_, limit_)
                      : std::vector<storage::text::LabelMatch>{};
  }
}

bool LabelScanOp::nextImpl(Row& row) {
  while (index_ < matches_->size()) {
    const auto& m = (*matches_)[index_++];
    if (seed_[entityVar_] != kUnbound && seed_[entityVar_] != m.entity) continue;
    if (labelVar_ >= 0 && seed_[labelVar_] != kUnbound && seed_[labelVar_] != m.label) continue;
    row = seed_;
    row[entityVar_] = m.entity;
    if (labelVar_ >= 0) row[labelVar_] = m.label;
    return true;
  }
  return false;
}

}  // namespace kg::query
