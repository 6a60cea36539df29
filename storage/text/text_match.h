// Whether one text matches a search, decided on the text itself (tokenize, fold, stem,
// compare): the definition the index's answers follow. Used for a literal that is already
// bound when the search runs, where reading it beats reading posting lists.
#pragma once

#include <string_view>

#include "storage/text/text_query.h"

namespace kg::storage::text {

bool matchesText(const TextQuery& query, std::string_view text, std::string_view language);

}  // namespace kg::storage::text
