// Shared by the extraction calls of the API (internal).
#pragma once

#include <vector>

#include "kg/term.h"
#include "storage/transaction.h"

namespace kg {

// Adds extracted quads to a transaction (bulk inserts, folded at commit).
void insertQuads(storage::Transaction& tx, const std::vector<Quad>& quads);

}  // namespace kg
