// Loading RDF files into a transaction: parsing, blank node scoping, dictionary encoding.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "kg/database.h"
#include "storage/transaction.h"

namespace kg::detail {

// Parses each input and adds its quads to the transaction (bulk mode). Throws
// PositionedError for malformed input and Error(kIo) for unreadable files; the caller rolls
// the transaction back. Returns the number of statements read.
uint64_t loadInto(storage::Transaction& tx, const std::vector<std::string>& paths,
                  const LoadOptions& options);
uint64_t loadTextInto(storage::Transaction& tx, std::string_view text, const LoadOptions& options);

// The memory budget of a load: the option, or a quarter of the machine's memory, at most 2 GiB.
size_t loadMemoryBudget(const LoadOptions& options);

// Blank node label for a label read in load number `load`: distinct per load.
std::string scopedBlankLabel(uint64_t load, const std::string& label);

}  // namespace kg::detail
