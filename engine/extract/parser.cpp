#include "extract/parser.h"

#include <link-grammar/dict-api.h>
#include <link-grammar/link-includes.h>

#include <algorithm>
#include <cctype>
#include <clocale>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>

namespace kg::extract {

namespace {

void silentHandler(lg_errinfo*, void*) {}

// An inverted comment in mid-sentence ("The economy, said the minister, is growing") is closed
// by a comma: its verb links the comma after its subject (Xc). A linkage whose comment verb
// reaches the main verb (Eq) without one has read a reporting clause as a comment: in "Its
// foreign minister, Dariusz Vell, said the journalists had broken ..." the subject of "said"
// becomes the subject of "had broken" and the statement is lost.
using Lk = Linkage;

bool unclosedInvertedComment(Lk lk) {
  size_t nl = linkage_get_num_links(lk);
  for (size_t l = 0; l < nl; ++l) {
    const char* lab = linkage_get_link_label(lk, l);
    if (!lab || std::strncmp(lab, "Eq", 2) != 0) continue;
    size_t verb = linkage_get_link_lword(lk, l);
    bool closed = false;
    for (size_t m = 0; m < nl && !closed; ++m) {
      const char* x = linkage_get_link_label(lk, m);
      closed = x && std::strncmp(x, "Xc", 2) == 0 && linkage_get_link_lword(lk, m) == verb;
    }
    if (!closed) return true;
  }
  return false;
}

// A comma read as the conjunction of a list (",.j") belongs to a list that a real conjunction
// closes ("Tanzania, Uganda and Rwanda": the comma's list is a member of "and"'s). A comma
// list without one has read an apposition or an aside as a list ("the Blue Harbour Alliance,
// a network of port authorities that ...").
bool commaListWithoutConjunction(Lk lk) {
  size_t nw = linkage_get_num_words(lk);
  size_t nl = linkage_get_num_links(lk);
  for (size_t w = 0; w < nw; ++w) {
    const char* word = linkage_get_word(lk, w);
    if (!word || std::strncmp(word, ",.j", 3) != 0) continue;
    bool joined = false;
    for (size_t l = 0; l < nl && !joined; ++l) {
      const char* lab = linkage_get_link_label(lk, l);
      if (!lab || lab[0] == '\0' || lab[1] != 'J') continue;  // SJ, VJ, MJ, AJ, RJ, ...
      size_t a = linkage_get_link_lword(lk, l), b = linkage_get_link_rword(lk, l);
      if (a != w && b != w) continue;
      const char* other = linkage_get_word(lk, a == w ? b : a);
      joined = other && std::strstr(other, ".j") && std::strncmp(other, ",.j", 3) != 0;
    }
    if (!joined) return true;
  }
  return false;
}

// A misreading passed over for a lower-ranked linkage; a cheap-disjunct linkage is also
// refused for a comma list without a conjunction (the full parse then decides).
bool misreading(Lk lk, bool cheap) {
  return unclosedInvertedComment(lk) || (cheap && commaListWithoutConjunction(lk));
}

// How many of the ranked linkages are looked at for one without a misreading.
constexpr int kRankedAlternatives = 40;

Dictionary sharedDictionary() {
  static std::once_flag once;
  static Dictionary dict = nullptr;
  std::call_once(once, [] {
    lg_error_set_handler(silentHandler, nullptr);
    // link-grammar wants a UTF-8 locale; it picks C.UTF-8 itself when none is set.
    dict = dictionary_create_lang("en");
  });
  return dict;
}

}  // namespace

LgParser::LgParser(const Options& o, int minNullCount) {
  Dictionary d = sharedDictionary();
  dict_ = d;
  if (!d) return;
  Parse_Options po = parse_options_create();
  parse_options_set_verbosity(po, 0);
  parse_options_set_linkage_limit(po, std::max(1, o.linkageLimit));
  parse_options_set_max_parse_time(po, std::max(1, o.parseTimeoutSeconds));
  int maxNull = std::max(0, o.maxNullCount);
  parse_options_set_min_null_count(po, std::min(std::max(0, minNullCount), maxNull));
  parse_options_set_max_null_count(po, maxNull);
  parse_options_set_spell_guess(po, 0);
  parse_options_set_islands_ok(po, false);
  parse_options_set_short_length(po, o.shortLength);
  parse_options_set_all_short_connectors(po, o.allShortConnectors);
  parse_options_set_disjunct_cost(po, static_cast<float>(o.disjunctCost));
  // only complete linkages are looked for among cheap disjuncts first
  if (minNullCount == 0 && maxNull == 0 && o.cheapDisjunctCost > 0 &&
      o.cheapDisjunctCost < o.disjunctCost)
    cheapCost_ = o.cheapDisjunctCost;
  cheapMaxTokens_ = o.cheapMaxTokens;
  parse_options_set_repeatable_rand(po, true);
  parse_options_set_display_morphology(po, 0);
  opts_ = po;
}

bool LgParser::inDictionary(const std::string& word) const {
  if (!dict_) return false;
  if (auto it = known_.find(word); it != known_.end()) return it->second;
  Dictionary dict = static_cast<Dictionary>(dict_);
  Dict_node* dn = dictionary_lookup_list(dict, word.c_str());
  bool found = dn != nullptr;
  if (dn) free_lookup_list(dict, dn);
  if (known_.size() > 200000) known_.clear();  // bounded on long runs
  known_.emplace(word, found);
  return found;
}

LgParser::~LgParser() {
  if (opts_) parse_options_delete(static_cast<Parse_Options>(opts_));
}

LgParse LgParser::parse(const std::vector<text::Token>& toks, bool wantDiagram) {
  LgParse out;
  if (!dict_ || !opts_ || toks.empty()) return out;
  Dictionary dict = static_cast<Dictionary>(dict_);
  Parse_Options po = static_cast<Parse_Options>(opts_);
  // Build the parser input and remember where each token starts.
  std::string input;
  std::vector<size_t> starts, ends;
  bool sentenceStart = true;
  for (const auto& t : toks) {
    if (!input.empty() && !t.attach) input.push_back(' ');
    starts.push_back(input.size());
    std::string form = t.lg;
    // A capitalized first word ("Diplomats", "The") is looked up in lower case when only the
    // lower-case form is in the dictionary; names ("Britain", "China") keep their capital.
    if (sentenceStart && !form.empty() && std::isupper(static_cast<unsigned char>(form[0]))) {
      std::string low = form;
      low[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(low[0])));
      if (!inDictionary(form) && inDictionary(low)) form = low;
    }
    bool quoteOrBracket = t.lg == "\"" || t.lg == "(" || t.lg == "'" || t.lg == "--";
    if (!quoteOrBracket) sentenceStart = false;
    input += form;
    ends.push_back(input.size());
  }
  parse_options_reset_resources(po);
  ::Sentence sent = sentence_create(input.c_str(), dict);
  if (!sent) return out;
  // The best-ranked linkage, unless it misreads a reporting clause or an apposition and a
  // lower-ranked one does not (null when there is none at all).
  auto choose = [&](::Sentence sent, int found, bool cheap) -> Linkage {
    if (found <= 0) return nullptr;
    Linkage best = linkage_create(0, sent, po);
    if (!best || !misreading(best, cheap)) return best;
    int valid = std::min(sentence_num_valid_linkages(sent), kRankedAlternatives);
    for (int k = 1; k < valid; ++k) {
      Linkage alt = linkage_create(k, sent, po);
      if (!alt) continue;
      if (!misreading(alt, cheap)) {
        linkage_delete(best);
        return alt;
      }
      linkage_delete(alt);
    }
    return best;
  };
  Linkage lk = nullptr;
  ::Sentence full = nullptr;  // the sentence parsed again with all disjuncts
  if (cheapCost_ > 0 && toks.size() <= cheapMaxTokens_) {
    // Linkages made of cheap disjuncts first. link-grammar ranks all linkages by cost only when
    // there are at most linkage_limit of them; past that it ranks a random sample, and the
    // best-cost linkage is often not in it. Far fewer linkages use only cheap disjuncts, so
    // they are more often all ranked, and a sample of them holds no costly reading. When none
    // of them is a complete reading without a misreading, all disjuncts are tried.
    float fullCost = parse_options_get_disjunct_cost(po);
    parse_options_set_disjunct_cost(po, static_cast<float>(cheapCost_));
    lk = choose(sent, sentence_parse(sent, po), true);
    parse_options_set_disjunct_cost(po, fullCost);
    if ((!lk || misreading(lk, true)) && !parse_options_timer_expired(po)) {
      full = sentence_create(input.c_str(), dict);
      Linkage other = full ? choose(full, sentence_parse(full, po), false) : nullptr;
      if (other) {
        lk = other;
        std::swap(sent, full);  // the linkage read below is the full parse's
      }
    }
  } else {
    lk = choose(sent, sentence_parse(sent, po), false);
  }
  out.timedOut = parse_options_timer_expired(po) != 0;
  {
    if (lk) {
      out.ok = true;
      out.nullCount = sentence_null_count(sent);
      out.cost = linkage_disjunct_cost(lk);
      size_t nw = linkage_get_num_words(lk);
      out.words.resize(nw);
      for (size_t w = 0; w < nw; ++w) {
        LgWord& lw = out.words[w];
        const char* s = linkage_get_word(lk, w);
        std::string word = s ? s : "";
        if (word == "LEFT-WALL" || word == "RIGHT-WALL") {
          lw.base = word;
          continue;
        }
        if (word.size() >= 2 && word.front() == '[' && word.back() == ']') {
          lw.isNull = true;
          word = word.substr(1, word.size() - 2);
        }
        size_t br = word.find("[!");
        if (br == std::string::npos) br = word.find("[~");
        if (br != std::string::npos && br > 0) {
          lw.guessed = true;
          word = word.substr(0, br);
        }
        size_t dot = word.rfind('.');
        if (dot != std::string::npos && dot > 0 && dot + 1 < word.size()) {
          bool sub = true;
          for (size_t k = dot + 1; k < word.size(); ++k) {
            char c = word[k];
            if (!(std::islower(static_cast<unsigned char>(c)) || c == '-' || c == '#' || c == '_' ||
                  std::isdigit(static_cast<unsigned char>(c))))
              sub = false;
          }
          if (sub && std::isalpha(static_cast<unsigned char>(word[dot + 1]))) {
            lw.subscript = word.substr(dot + 1);
            word = word.substr(0, dot);
          }
        }
        lw.base = word;
        size_t b = linkage_get_word_byte_start(lk, w);
        size_t e = linkage_get_word_byte_end(lk, w);
        // token containing byte b, and the last token starting before e
        auto it = std::upper_bound(starts.begin(), starts.end(), b);
        if (it != starts.begin()) {
          size_t ti = static_cast<size_t>(it - starts.begin()) - 1;
          if (b < ends[ti] || b == starts[ti]) {
            lw.token = static_cast<int>(ti);
            lw.tokenLast = lw.token;
            auto jt = std::lower_bound(starts.begin(), starts.end(), e);
            if (jt != starts.begin()) {
              int tj = static_cast<int>(jt - starts.begin()) - 1;
              if (tj > lw.token) lw.tokenLast = tj;
            }
          }
        }
      }
      size_t nl = linkage_get_num_links(lk);
      out.links.reserve(nl);
      for (size_t l = 0; l < nl; ++l) {
        LgLink link;
        link.left = static_cast<int>(linkage_get_link_lword(lk, l));
        link.right = static_cast<int>(linkage_get_link_rword(lk, l));
        const char* lab = linkage_get_link_label(lk, l);
        link.label = lab ? lab : "";
        out.links.push_back(std::move(link));
      }
      if (wantDiagram) {
        char* d = linkage_print_diagram(lk, false, 200);
        if (d) {
          out.diagram = d;
          linkage_free_diagram(d);
        }
      }
      linkage_delete(lk);
    }
  }
  sentence_delete(sent);
  if (full) sentence_delete(full);
  return out;
}

}  // namespace kg::extract
