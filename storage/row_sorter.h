// External sorting of index rows within a memory budget: rows gather in memory, each full
// buffer is sorted and written to a run file (delta-encoded), and the runs are merged into one
// sorted stream without duplicates. Bulk loads use it so that their memory does not grow with
// the size of the input.
#pragma once

#include <cstdio>
#include <exception>
#include <memory>
#include <thread>
#include <string>
#include <vector>

#include "storage/block_fold.h"

namespace kg::storage {

// A file of sorted rows, written and read sequentially.
class RowFileWriter {
 public:
  explicit RowFileWriter(std::string path);
  ~RowFileWriter();
  void add(const IndexRow& row);
  void finish();
  uint64_t rows() const { return rows_; }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::FILE* file_ = nullptr;
  std::string buffer_;
  IndexRow prev_{};
  uint64_t rows_ = 0;
};

class RowFileReader final : public SortedRows {
 public:
  explicit RowFileReader(std::string path);
  ~RowFileReader() override;
  const IndexRow* peek() override { return valid_ ? &row_ : nullptr; }
  void pop() override { advance(); }

 private:
  void advance();
  bool fill();
  uint64_t varint();
  std::string path_;
  std::FILE* file_ = nullptr;
  std::vector<char> buffer_;
  size_t pos_ = 0, end_ = 0;
  bool eof_ = false;
  IndexRow row_{};
  bool valid_ = false;
  bool first_ = true;
};

class RowSorter {
 public:
  // Run files go in `dir` (created when needed); `budgetBytes` bounds the rows held in memory.
  // `expectedRows`, when known, sizes the buffer once: growing a buffer of hundreds of
  // megabytes by doubling copies it and touches fresh pages each time.
  RowSorter(std::string dir, size_t budgetBytes, size_t expectedRows = 0);
  ~RowSorter();
  RowSorter(const RowSorter&) = delete;
  RowSorter& operator=(const RowSorter&) = delete;

  void add(const IndexRow& row) {
    buffer_.push_back(row);
    if (buffer_.size() >= capacity_) spill();
  }
  uint64_t added() const { return added_ + buffer_.size(); }
  bool spilled() const { return !runs_.empty(); }
  // Every row added, sorted, without duplicates. The sorter must outlive the stream; add no
  // more rows after this.
  std::unique_ptr<SortedRows> sorted();
  // Deletes the run files and forgets every row.
  void clear();

 private:
  // Hands the full buffer to a background thread that sorts it and writes a run, so that
  // parsing goes on meanwhile (two buffers of half the budget each).
  void spill();
  void waitForRun();  // rethrows what the background run failed with
  std::string dir_;
  size_t capacity_;
  std::vector<IndexRow> buffer_;
  std::vector<IndexRow> writing_;
  std::thread writer_;
  std::exception_ptr writeError_;
  std::vector<std::string> runs_;
  uint64_t added_ = 0;
  static inline int counter_ = 0;
};

}  // namespace kg::storage
