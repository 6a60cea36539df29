#include "storage/text/text_layout.h"

namespace kg::storage::text {
namespace {

void putVarint(std::string& out, uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

bool getVarint(std::string_view& in, uint64_t* v) {
  uint64_t result = 0;
  for (int shift = 0; shift < 64 && !in.empty(); shift += 7) {
    auto byte = static_cast<unsigned char>(in.front());
    in.remove_prefix(1);
    result |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if (!(byte & 0x80)) {
      *v = result;
      return true;
    }
  }
  return false;
}

void appendId(std::string& out, TermId id) {
  char buf[8];
  putBigEndian64(buf, id);
  out.append(buf, 8);
}

}  // namespace

std::string prefixEnd(std::string prefix) {
  while (!prefix.empty()) {
    auto last = static_cast<unsigned char>(prefix.back());
    if (last < 0xff) {
      prefix.back() = static_cast<char>(last + 1);
      return prefix;
    }
    prefix.pop_back();
  }
  return std::string(1, '\xff');  // unreachable for tagged keys
}

std::string postingKey(std::string_view word, std::string_view stemmer, TermId literal) {
  std::string key;
  writePostingKey(word, stemmer, literal, &key);
  return key;
}

void writePostingKey(std::string_view word, std::string_view stemmer, TermId literal, std::string* out) {
  out->assign(1, kPostingTag);
  out->append(word);
  out->push_back('\0');
  out->append(stemmer);
  out->push_back('\0');
  appendId(*out, literal);
}

std::string postingStemmerBegin(std::string_view word, std::string_view stemmer) {
  std::string key = postingWordBegin(word);
  key.append(stemmer);
  key.push_back('\0');
  return key;
}

std::string postingWordBegin(std::string_view word) {
  std::string key(1, kPostingTag);
  key.append(word);
  key.push_back('\0');
  return key;
}

std::string postingPrefixEnd(std::string_view prefix) {
  return prefixEnd(std::string(1, kPostingTag) + std::string(prefix));
}

bool parsePostingKey(std::string_view key, std::string_view* word, std::string_view* stemmer,
                     TermId* literal) {
  if (key.size() < 11 || key[0] != kPostingTag || key[key.size() - 9] != '\0') return false;
  size_t wordEnd = key.find('\0', 1);
  if (wordEnd >= key.size() - 9) return false;
  *word = key.substr(1, wordEnd - 1);
  *stemmer = key.substr(wordEnd + 1, key.size() - 9 - wordEnd - 1);
  *literal = getBigEndian64(key.data() + key.size() - 8);
  return true;
}

std::string frequencyKey(std::string_view word) {
  std::string key(1, kFrequencyTag);
  key.append(word);
  return key;
}

std::string stemRangeBegin(std::string_view stemmer, std::string_view stem) {
  std::string key(1, kStemTag);
  key.append(stemmer);
  key.push_back('\0');
  key.append(stem);
  key.push_back('\0');
  return key;
}

std::string stemKey(std::string_view stemmer, std::string_view stem, std::string_view word) {
  std::string key = stemRangeBegin(stemmer, stem);
  key.append(word);
  return key;
}

std::string labelKey(std::string_view suffix, TermId label, TermId entity) {
  std::string key(1, kLabelTag);
  key.append(suffix);
  key.push_back('\0');
  appendId(key, label);
  appendId(key, entity);
  return key;
}

std::string encodePosting(uint32_t length, const std::vector<uint32_t>& positions) {
  std::string out;
  writePosting(length, positions, &out);
  return out;
}

void writePosting(uint32_t length, const std::vector<uint32_t>& positions, std::string* bytes) {
  std::string& out = *bytes;
  out.clear();
  putVarint(out, length);
  putVarint(out, positions.size());
  uint32_t last = 0;
  for (uint32_t p : positions) {
    putVarint(out, p - last);
    last = p;
  }
}

bool decodePosting(std::string_view bytes, Posting* out) {
  uint64_t length = 0, count = 0;
  if (!getVarint(bytes, &length) || !getVarint(bytes, &count)) return false;
  if (count > bytes.size()) return false;
  out->length = static_cast<uint32_t>(length);
  out->positions.clear();
  out->positions.reserve(count);
  uint64_t position = 0;
  for (uint64_t i = 0; i < count; ++i) {
    uint64_t delta = 0;
    if (!getVarint(bytes, &delta)) return false;
    position += delta;
    out->positions.push_back(static_cast<uint32_t>(position));
  }
  return bytes.empty();
}

std::string encodeCount(uint64_t n) {
  std::string out(8, '\0');
  putBigEndian64(&out[0], n);
  return out;
}

uint64_t decodeCount(std::string_view bytes) {
  return bytes.size() == 8 ? getBigEndian64(bytes.data()) : 0;
}

std::string TextConfig::encode() const {
  std::string out(1, enabled ? '1' : '0');
  for (const auto& p : predicates) {
    out.push_back('\n');
    out.append(p);
  }
  return out;
}

TextConfig TextConfig::decode(std::string_view bytes) {
  TextConfig config;
  if (bytes.empty()) return config;
  config.enabled = bytes[0] == '1';
  size_t at = 1;
  while (at < bytes.size() && bytes[at] == '\n') {
    size_t end = bytes.find('\n', at + 1);
    if (end == std::string_view::npos) end = bytes.size();
    config.predicates.emplace_back(bytes.substr(at + 1, end - at - 1));
    at = end;
  }
  return config;
}

}  // namespace kg::storage::text
