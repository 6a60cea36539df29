// Corrections to a sentence's fact readings before entities are resolved (internal to
// kg_extract): reported speech hidden in a subject, coordinated names, time phrases.
#pragma once

#include <string>
#include <vector>

#include "extract/facts.h"
#include "extract/text.h"

namespace kg::extract {

// "Paulo Mendes said Brazil would file ..." read as the subject "Paulo Mendes said Brazil":
// the speaker's statement is added ("Paulo Mendes | said | Brazil would file ...") and the
// clause's subject becomes "Brazil". Readings that took a word before the speech verb as the
// subject of a verb after it are dropped.
void splitSpeechInSubjects(const std::vector<text::Token>& toks, std::vector<FactT>& facts);

// Reported speech with the speaker after the clause, without quotation marks: "The U.S.
// imposed new tariffs, officials said (on Tuesday)." / "..., said Paulo Mendes." gives
// "officials | said | The U.S. imposed new tariffs"; "..., according to X" gives "X | said |
// ...". The clause's own facts stay. A verb in the would-be speaker (", said farmers had not
// been consulted") makes it no attribution. subs: link-grammar subscripts per token (may be
// empty).
void addTrailingSpeakers(const std::vector<text::Token>& toks, const std::vector<std::string>& subs,
                         std::vector<FactT>& facts);

// "According to police, the suspects fled ..." and "The suspects, according to police, fled
// ...": "police | said | the suspects fled ..." in the graph, "According to | the suspects fled
// ... | police" for open IE (as CaRB writes it). The trailing form is read by
// addTrailingSpeakers.
void addAccordingTo(const std::vector<text::Token>& toks, std::vector<FactT>& facts);

// Reported speech with the speaker first, read from the words when the linkage missed it:
// "Diplomats said the letter provided ...", "Mr. Mwangi told reporters that ...". Readings of
// the speech verb that are not statements ("the letter | said in | Xinjiang") are dropped.
// subs: link-grammar subscripts per token (may be empty).
void addLeadingSpeakers(const std::vector<text::Token>& toks, const std::vector<std::string>& subs,
                        std::vector<FactT>& facts);

// "estimate that China has detained X and has imposed Y": a statement whose clause joins two
// verb phrases with "and" + auxiliary is two statements in the graph (open IE keeps one).
void splitCoordinatedStatements(const std::vector<text::Token>& toks, std::vector<FactT>& facts);

// "Kenya, Uganda and Tanzania, as well as Rwanda, signed ..." / "was signed by Kenya as well
// as Uganda": the name after "as well as" (which the linkage hangs off the phrase as a
// modifier) takes part in the fact too: a graph fact with it as the subject or object.
void splitAsWellAs(const std::vector<text::Token>& toks, std::vector<FactT>& facts);

// "Kenya and the U.S. signed ...": one graph fact per coordinated name (subject and object);
// the original reading stays for open IE (CaRB) only.
void splitCoordinatedNames(const std::vector<text::Token>& toks, std::vector<FactT>& facts);

// "arrived in | Nairobi on Monday": the time phrase leaves the object and becomes a time
// argument; "said on | Tuesday" becomes "said" with the time argument.
void splitTimePhrases(const std::vector<text::Token>& toks, std::vector<FactT>& facts);

}  // namespace kg::extract
