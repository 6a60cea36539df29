// What a document puts into the graph, read back the way a user would query it: one row per
// evidence node (a fact triple read in one sentence) with the labels of its subject, relation
// and object, and the line of the article its source sentence starts on. Scoring these rows
// against gold facts measures the graph, not the extractor's intermediate readings.
#pragma once

#include <string_view>
#include <vector>

#include "gold_scorer.h"
#include "kg/term.h"

namespace kg::extract::eval {

// quads: toQuads() of one document; text: the document (for byte offset -> 1-based line).
std::vector<SystemFact> graphFacts(const std::vector<kg::Quad>& quads, std::string_view text);

}  // namespace kg::extract::eval
