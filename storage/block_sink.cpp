#include "storage/block_sink.h"

#include "storage/store_layout.h"

namespace kg::storage {

using layout::check;

void BatchSink::put(const rocksdb::Slice& key, const rocksdb::Slice& value) {
  check(batch_.Put(cf_, key, value), "cannot build write batch");
}

void BatchSink::del(const rocksdb::Slice& key) {
  check(batch_.Delete(cf_, key), "cannot build write batch");
}

SstSink::SstSink(rocksdb::ColumnFamilyHandle* cf, std::string path) : cf_(cf), path_(std::move(path)) {}

SstSink::~SstSink() = default;

void SstSink::openIfNeeded() {
  if (writer_) return;
  rocksdb::Options options;
  options.compression = rocksdb::kLZ4Compression;
  writer_ = std::make_unique<rocksdb::SstFileWriter>(rocksdb::EnvOptions(), options, cf_);
  check(writer_->Open(path_), "cannot create SST file");
}

void SstSink::put(const rocksdb::Slice& key, const rocksdb::Slice& value) {
  openIfNeeded();
  check(writer_->Put(key, value), "cannot write SST file");
  ++entries_;
}

void SstSink::del(const rocksdb::Slice& key) {
  openIfNeeded();
  check(writer_->Delete(key), "cannot write SST file");
  ++entries_;
}

void SstSink::finish(std::vector<rocksdb::IngestExternalFileArg>& args) {
  if (!writer_) return;
  check(writer_->Finish(), "cannot finish SST file");
  writer_.reset();
  rocksdb::IngestExternalFileArg arg;
  arg.column_family = cf_;
  arg.external_files.push_back(path_);
  arg.options.move_files = true;
  arg.options.snapshot_consistency = true;
  arg.options.allow_global_seqno = true;
  arg.options.allow_blocking_flush = true;
  args.push_back(std::move(arg));
}

}  // namespace kg::storage
