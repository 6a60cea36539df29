#include "storage/store_layout.h"

#include <rocksdb/db.h>

namespace kg::storage::layout {

std::vector<std::string> columnFamilyNames() {
  std::vector<std::string> names = {rocksdb::kDefaultColumnFamilyName, "id2term", "term2id"};
  for (const auto& l : kIndexLayouts) names.push_back(l.name);
  names.push_back("delta");
  names.push_back("stats");
  names.push_back("meta");
  names.push_back("text");
  return names;
}

std::string encodeU64(uint64_t v) {
  std::string s(8, '\0');
  putBigEndian64(&s[0], v);
  return s;
}

uint64_t decodeU64(const rocksdb::Slice& s) {
  if (s.size() != 8) throw Error(ErrorCode::kStorage, "corrupt store: bad counter value");
  return getBigEndian64(s.data());
}

std::string statsTotalKey() { return "t"; }
std::string statsGraphKey(TermId g) { return "g" + encodeU64(g); }
std::string statsGraphPredicateKey(TermId g, TermId p) { return "p" + encodeU64(g) + encodeU64(p); }

std::string encodePredicateStats(const PredicateStats& st) {
  return encodeU64(st.quads) + encodeU64(st.distinctSubjects) + encodeU64(st.distinctObjects);
}

void throwStatus(const rocksdb::Status& status, const std::string& what) {
  if (status.IsNoSpace() || status.ToString().find("No space left") != std::string::npos) {
    throw Error(ErrorCode::kStorage, what + ": the disk is full (" + status.ToString() + ")");
  }
  throw Error(ErrorCode::kStorage, what + ": " + status.ToString());
}

}  // namespace kg::storage::layout
