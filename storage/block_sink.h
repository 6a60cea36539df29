// Internal to storage/: where a commit's writes to one column family go — a WriteBatch for
// small commits, or a sorted SST file that is ingested with the others in one atomic call.
#pragma once

#include <rocksdb/db.h>
#include <rocksdb/sst_file_writer.h>
#include <rocksdb/write_batch.h>

#include <memory>
#include <string>
#include <vector>

namespace kg::storage {

class WriteSink {
 public:
  virtual ~WriteSink() = default;
  // Keys must come in increasing order for SST sinks.
  virtual void put(const rocksdb::Slice& key, const rocksdb::Slice& value) = 0;
  virtual void del(const rocksdb::Slice& key) = 0;
};

class BatchSink final : public WriteSink {
 public:
  BatchSink(rocksdb::WriteBatch& batch, rocksdb::ColumnFamilyHandle* cf) : batch_(batch), cf_(cf) {}
  void put(const rocksdb::Slice& key, const rocksdb::Slice& value) override;
  void del(const rocksdb::Slice& key) override;

 private:
  rocksdb::WriteBatch& batch_;
  rocksdb::ColumnFamilyHandle* cf_;
};

// Writes one SST file for a column family; the file is created on the first entry, so a sink
// that receives nothing leaves nothing to ingest.
class SstSink final : public WriteSink {
 public:
  SstSink(rocksdb::ColumnFamilyHandle* cf, std::string path);
  ~SstSink() override;
  void put(const rocksdb::Slice& key, const rocksdb::Slice& value) override;
  void del(const rocksdb::Slice& key) override;
  // Finishes the file; adds its ingestion to `args` when it has entries.
  void finish(std::vector<rocksdb::IngestExternalFileArg>& args);
  uint64_t entries() const { return entries_; }

 private:
  void openIfNeeded();
  rocksdb::ColumnFamilyHandle* cf_;
  std::string path_;
  std::unique_ptr<rocksdb::SstFileWriter> writer_;
  uint64_t entries_ = 0;
};

}  // namespace kg::storage
