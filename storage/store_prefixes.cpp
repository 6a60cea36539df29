// ReadView::prefixes: the prefixes loads recorded in the meta column family.
#include <rocksdb/db.h>

#include "storage/store.h"
#include "storage/store_layout.h"

namespace kg::storage {

std::map<std::string, std::string> ReadView::prefixes() const {
  using namespace layout;
  rocksdb::ReadOptions options;
  options.snapshot = snapshot_;
  std::unique_ptr<rocksdb::Iterator> it(store_.db_->NewIterator(options, store_.handles_[kCfMeta]));
  std::map<std::string, std::string> out;
  const rocksdb::Slice start(kMetaPrefix);
  for (it->Seek(start); it->Valid() && it->key().starts_with(start); it->Next()) {
    out.emplace(it->key().ToString().substr(start.size()), it->value().ToString());
  }
  check(it->status(), "cannot read the store's prefixes");
  return out;
}

}  // namespace kg::storage
