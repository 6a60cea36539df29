// The full-text index seen from the store: a ReadView's text source (the "text" column family
// at the view's snapshot), the index configuration, and rebuilding the index.
#include <rocksdb/db.h>

#include <filesystem>

#include "kg/error.h"
#include "storage/block_sink.h"
#include "storage/store.h"
#include "storage/store_layout.h"
#include "storage/text/text_changes.h"

namespace kg::storage {

using namespace layout;
namespace fs = std::filesystem;

class ViewTextSource final : public text::TextSource {
 public:
  ViewTextSource(rocksdb::DB& db, rocksdb::ColumnFamilyHandle* cf, const rocksdb::Snapshot* snapshot)
      : db_(db), cf_(cf), snapshot_(snapshot) {}

  void scan(std::string_view begin, std::string_view end,
            const std::function<bool(std::string_view, std::string_view)>& visit) const override {
    rocksdb::ReadOptions ro;
    ro.snapshot = snapshot_;
    rocksdb::Slice upper(end.data(), end.size());
    ro.iterate_upper_bound = &upper;
    std::unique_ptr<rocksdb::Iterator> it(db_.NewIterator(ro, cf_));
    for (it->Seek(rocksdb::Slice(begin.data(), begin.size())); it->Valid(); it->Next()) {
      if (!visit(std::string_view(it->key().data(), it->key().size()),
                 std::string_view(it->value().data(), it->value().size()))) {
        return;
      }
    }
    check(it->status(), "cannot read the text index");
  }

  std::optional<std::string> get(std::string_view key) const override {
    rocksdb::ReadOptions ro;
    ro.snapshot = snapshot_;
    std::string value;
    rocksdb::Status status = db_.Get(ro, cf_, rocksdb::Slice(key.data(), key.size()), &value);
    if (status.IsNotFound()) return std::nullopt;
    check(status, "cannot read the text index");
    return value;
  }

 private:
  rocksdb::DB& db_;
  rocksdb::ColumnFamilyHandle* cf_;
  const rocksdb::Snapshot* snapshot_;
};

const text::TextSource* ReadView::textSource() const {
  std::lock_guard<std::mutex> lock(pointMutex_);
  if (!textSource_) {
    textSource_ = std::make_unique<ViewTextSource>(*store_.db_, store_.handles_[kCfText], snapshot_);
  }
  return textSource_.get();
}

text::TextConfig Store::textConfig() const {
  std::lock_guard<std::mutex> lock(publishMutex_);
  return textConfig_;
}

void Store::loadTextConfig() {
  if (!options_.readOnly) {
    // Leftovers of a commit or rebuild that was killed.
    std::error_code ec;
    fs::remove_all(fs::path(options_.path) / "kg-text-runs", ec);  // see StoreWriter::textScratch
    fs::remove_all(fs::path(options_.path) / "kg-text-staging", ec);
  }
  std::string value;
  rocksdb::Status status = db_->Get({}, handles_[kCfText], text::kConfigKey, &value);
  if (status.IsNotFound()) {
    // A store from before the text index, or a new one: build it (nothing to do when empty).
    if (!options_.readOnly) rebuildTextIndex(text::TextConfig{});
    return;
  }
  check(status, "cannot read the text index configuration");
  textConfig_ = text::TextConfig::decode(value);
}

uint64_t Store::rebuildTextIndex(const text::TextConfig& config) {
  if (options_.readOnly) throw Error(ErrorCode::kUsage, "the store is open read-only");
  auto view = readView();
  const text::TextSource& before = *view->textSource();
  fs::path staging = fs::path(options_.path) / "kg-text-staging";
  std::error_code ec;
  fs::remove_all(staging, ec);
  fs::create_directories(staging, ec);
  if (ec) throw Error(ErrorCode::kStorage, "cannot create " + staging.string() + ": " + ec.message());
  struct Cleanup {
    fs::path dir;
    ~Cleanup() {
      std::error_code e;
      fs::remove_all(dir, e);
    }
  } cleanup{staging};
  text::TextIndexWriter writer(before, (staging / "runs").string());
  writer.resetCounters();
  // Every old key goes unless written again (a later put of the same key wins).
  before.scan(std::string(1, '\0'), std::string(1, '\x7f'), [&](std::string_view key, std::string_view) {
    writer.eraseKey(std::string(key));
    return true;
  });
  writer.setConfig(config);
  text::collectWholeIndex(*view, config, writer);
  SstSink sink(handles_[kCfText], (staging / "text.sst").string());
  writer.finish(sink);
  std::vector<rocksdb::IngestExternalFileArg> args;
  sink.finish(args);
  std::lock_guard<std::mutex> lock(publishMutex_);
  if (!args.empty()) check(db_->IngestExternalFiles(args), "cannot ingest the text index");
  textConfig_ = config;
  return writer.literalsIndexed();
}

}  // namespace kg::storage
