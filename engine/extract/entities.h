// Entity table and simple coreference for one document (internal to kg_extract).
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "extract/extractor.h"
#include "extract/names.h"
#include "extract/text.h"

namespace kg::extract {

class EntityResolver {
 public:
  // aliases: a user alias table consulted before the built-in canonical names (may be null).
  explicit EntityResolver(const AliasTable* aliases = nullptr) : aliases_(aliases) {}
  // Sets the sentence the next mentions come from (tokens, link-grammar subscripts per token).
  void beginSentence(size_t index, const std::vector<text::Token>& toks,
                     const std::vector<std::string>& subscripts, std::string_view norm);
  // Resolves a noun-phrase mention (token indexes of its core) to an entity, creating one when
  // needed. Pronouns and definite descriptions ("the council") go to an earlier entity; returns
  // nullptr when a pronoun has no antecedent or the phrase is not an entity.
  const Entity* mention(const std::vector<int>& core, bool isSubject);
  void addAlias(const std::string& iri, const std::string& alias, const std::string& resolved);
  // A place named outside the grammar of a sentence (a dateline): the entity with that label,
  // made a place, or a new one; `surface` as written becomes an alias.
  const Entity* namedPlace(const std::string& label, const std::string& surface, size_t sentence);
  // Records every capitalized name in the current sentence as a mention (so that later
  // definite descriptions and pronouns can refer to it). common(w): w is an ordinary word.
  void noteNames(const std::function<bool(const std::string&)>& common);
  std::vector<Entity> entities() const;

 private:
  struct Ent {
    Entity e;
    std::vector<std::string> lowerForms;  // label and aliases, lower case, determiner-free
    // The label's words in lower case, kept for `wordsOf` (the label they were made from).
    std::string wordsOf;
    std::vector<std::string> labelWords;
  };
  // The lower-case words of an entity's label, made again only when the label changed.
  const std::vector<std::string>& labelWords(Ent& en);
  int findRecent(const std::vector<std::string>& words, bool definite) const;
  int create(const std::string& label, EntityType type);
  void note(int idx, bool isSubject);
  void addForm(Ent& en, const std::string& form);
  // The canonical label of a name, or empty: the user table, the built-in forms, and a
  // capital city standing for its government where the mention is an actor.
  std::string canonicalLabel(const std::string& label, int firstToken) const;

  std::vector<Ent> ents_;
  std::unordered_map<std::string, int> byKey_;
  std::vector<std::pair<int, bool>> recent_;  // (entity, was subject) in mention order
  // Each mentioned entity once, in the order of its latest mention (the latest last): name
  // lookups walk entities, not every mention, so a long document costs linear time.
  std::vector<int> byLatestMention_;
  size_t sentence_ = 0;
  const std::vector<text::Token>* toks_ = nullptr;
  const std::vector<std::string>* subs_ = nullptr;
  std::string_view norm_;
  const AliasTable* aliases_ = nullptr;
};

// Leading words of a phrase that are a title before a name ("Secretary", "Foreign Minister"):
// how many, or 0.
size_t titlePrefixLength(const std::vector<std::string>& words);
// A lower-case particle inside a personal name ("de" in "Niels de Boer", "bin", "van").
bool isNameParticle(const std::string& word);
// Names joined by and/or/commas ("Kenya and the U.S."), which are several entities.
bool isCoordination(const std::vector<std::string>& words);

// A description whose head noun is a position a person holds ("the union's chairman", "a
// former environment minister of Norway", "Trade Secretary"), not a kind of thing.
bool describesPosition(const std::vector<std::string>& words);

EntityType classifyName(const std::vector<std::string>& words, bool titled,
                        const std::vector<std::string>& subscripts);

}  // namespace kg::extract
