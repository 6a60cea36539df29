#include "storage/row_sorter.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <queue>

#include "kg/error.h"

namespace kg::storage {
namespace {

namespace fs = std::filesystem;

constexpr size_t kIoBuffer = 1 << 20;

[[noreturn]] void ioFailure(const std::string& what, const std::string& path) {
  int err = errno;
  std::string reason = err == ENOSPC ? "the disk is full" : std::strerror(err);
  throw Error(ErrorCode::kStorage, what + " '" + path + "': " + reason);
}

void putVarint(std::string& out, uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>(v | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

// Rows in one sorted, duplicate-free order from several sorted streams.
class MergedRows final : public SortedRows {
 public:
  MergedRows(std::vector<std::unique_ptr<SortedRows>> inputs) : inputs_(std::move(inputs)) {
    for (size_t i = 0; i < inputs_.size(); ++i) {
      if (inputs_[i]->peek()) heap_.push({*inputs_[i]->peek(), i});
    }
    advance();
  }
  const IndexRow* peek() override { return valid_ ? &row_ : nullptr; }
  void pop() override { advance(); }

 private:
  void advance() {
    valid_ = false;
    while (!heap_.empty()) {
      auto [row, i] = heap_.top();
      heap_.pop();
      inputs_[i]->pop();
      if (inputs_[i]->peek()) heap_.push({*inputs_[i]->peek(), i});
      if (haveLast_ && row == last_) continue;  // a duplicate
      row_ = row;
      last_ = row;
      haveLast_ = true;
      valid_ = true;
      return;
    }
  }
  struct Entry {
    IndexRow row;
    size_t input;
    bool operator<(const Entry& o) const { return o.row < row; }  // min-heap
  };
  std::vector<std::unique_ptr<SortedRows>> inputs_;
  std::priority_queue<Entry> heap_;
  IndexRow row_{}, last_{};
  bool valid_ = false, haveLast_ = false;
};

// The in-memory buffer, sorted, as a stream.
class BufferRows final : public SortedRows {
 public:
  explicit BufferRows(std::vector<IndexRow> rows) : rows_(std::move(rows)) {}
  const IndexRow* peek() override { return i_ < rows_.size() ? &rows_[i_] : nullptr; }
  void pop() override { ++i_; }

 private:
  std::vector<IndexRow> rows_;
  size_t i_ = 0;
};

}  // namespace

// ---------------------------------------------------------------------------------------------
// Run files: per row, the first differing column (one byte), then varint deltas as in blocks.

RowFileWriter::RowFileWriter(std::string path) : path_(std::move(path)) {
  file_ = std::fopen(path_.c_str(), "wb");
  if (!file_) ioFailure("cannot create", path_);
}

RowFileWriter::~RowFileWriter() {
  if (file_) std::fclose(file_);
}

void RowFileWriter::add(const IndexRow& row) {
  int first = 0;
  if (rows_ == 0) {
    first = 0;
    buffer_.push_back(0);
    for (uint64_t v : row) putVarint(buffer_, v);
  } else {
    while (first < 4 && row[first] == prev_[first]) ++first;
    if (first == 4) return;  // a duplicate
    buffer_.push_back(static_cast<char>(first));
    putVarint(buffer_, row[first] - prev_[first]);
    for (int c = first + 1; c < 4; ++c) putVarint(buffer_, row[c]);
  }
  prev_ = row;
  ++rows_;
  if (buffer_.size() >= kIoBuffer) {
    if (std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size()) ioFailure("cannot write", path_);
    buffer_.clear();
  }
}

void RowFileWriter::finish() {
  if (!file_) return;
  if (!buffer_.empty() && std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size()) {
    ioFailure("cannot write", path_);
  }
  buffer_.clear();
  if (std::fclose(file_) != 0) {
    file_ = nullptr;
    ioFailure("cannot write", path_);
  }
  file_ = nullptr;
}

RowFileReader::RowFileReader(std::string path) : path_(std::move(path)), buffer_(kIoBuffer) {
  file_ = std::fopen(path_.c_str(), "rb");
  if (!file_) ioFailure("cannot open", path_);
  advance();
}

RowFileReader::~RowFileReader() {
  if (file_) std::fclose(file_);
}

bool RowFileReader::fill() {
  if (eof_) return false;
  // Keep the unread tail, read more after it.
  size_t tail = end_ - pos_;
  std::memmove(buffer_.data(), buffer_.data() + pos_, tail);
  pos_ = 0;
  end_ = tail;
  size_t n = std::fread(buffer_.data() + end_, 1, buffer_.size() - end_, file_);
  if (n == 0) {
    if (std::ferror(file_)) ioFailure("cannot read", path_);
    eof_ = true;
    return false;
  }
  end_ += n;
  return true;
}

uint64_t RowFileReader::varint() {
  uint64_t v = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (pos_ == end_ && !fill()) throw Error(ErrorCode::kStorage, "truncated run file '" + path_ + "'");
    uint8_t b = static_cast<uint8_t>(buffer_[pos_++]);
    v |= static_cast<uint64_t>(b & 0x7f) << shift;
    if (!(b & 0x80)) return v;
  }
  throw Error(ErrorCode::kStorage, "corrupt run file '" + path_ + "'");
}

void RowFileReader::advance() {
  if (pos_ == end_ && !fill()) {
    valid_ = false;
    return;
  }
  uint8_t first = static_cast<uint8_t>(buffer_[pos_++]);
  if (first > 3) throw Error(ErrorCode::kStorage, "corrupt run file '" + path_ + "'");
  if (first_) {
    for (auto& v : row_) v = varint();
    first_ = false;
  } else {
    row_[first] += varint();
    for (int c = first + 1; c < 4; ++c) row_[c] = varint();
  }
  valid_ = true;
}

// ---------------------------------------------------------------------------------------------
// RowSorter

RowSorter::RowSorter(std::string dir, size_t budgetBytes, size_t expectedRows)
    : dir_(std::move(dir)), capacity_(std::max<size_t>(1024, budgetBytes / 2 / sizeof(IndexRow))) {
  // Unknown: start at a few million rows (virtual memory until touched), then grow.
  constexpr size_t kInitialRows = size_t{4} << 20;
  buffer_.reserve(std::min(capacity_, expectedRows ? expectedRows : kInitialRows));
}

RowSorter::~RowSorter() { clear(); }

void RowSorter::waitForRun() {
  if (writer_.joinable()) writer_.join();
  writing_.clear();
  if (writeError_) {
    std::exception_ptr error = writeError_;
    writeError_ = nullptr;
    std::rethrow_exception(error);
  }
}

void RowSorter::spill() {
  waitForRun();
  std::error_code ec;
  fs::create_directories(dir_, ec);
  std::string path = (fs::path(dir_) / ("run-" + std::to_string(counter_++) + ".rows")).string();
  runs_.push_back(path);
  added_ += buffer_.size();
  writing_.swap(buffer_);
  buffer_.reserve(writing_.size());
  writer_ = std::thread([this, path] {
    try {
      std::sort(writing_.begin(), writing_.end());
      RowFileWriter writer(path);
      for (const auto& row : writing_) writer.add(row);
      writer.finish();
    } catch (...) {
      writeError_ = std::current_exception();
    }
  });
}

std::unique_ptr<SortedRows> RowSorter::sorted() {
  waitForRun();
  std::sort(buffer_.begin(), buffer_.end());
  buffer_.erase(std::unique(buffer_.begin(), buffer_.end()), buffer_.end());
  std::vector<std::unique_ptr<SortedRows>> inputs;
  for (const auto& run : runs_) inputs.push_back(std::make_unique<RowFileReader>(run));
  added_ += buffer_.size();
  inputs.push_back(std::make_unique<BufferRows>(std::move(buffer_)));
  buffer_ = {};
  return std::make_unique<MergedRows>(std::move(inputs));
}

void RowSorter::clear() {
  try {
    waitForRun();
  } catch (...) {
    // Forgetting the rows anyway: a failed run matters only to sorted(), which reports it.
  }
  std::error_code ec;
  for (const auto& run : runs_) fs::remove(run, ec);
  runs_.clear();
  buffer_.clear();
  buffer_.shrink_to_fit();
  writing_.shrink_to_fit();
  added_ = 0;
}

}  // namespace kg::storage
