// Blocks of index rows. An index order's rows (four ids each, in the order's key layout) are
// kept in runs of up to kMaxBlockRows sorted rows; each run is one RocksDB value, keyed by its
// last row, so that a forward Seek to a row finds the block that holds it. A scan decodes
// whole blocks into arrays instead of stepping a RocksDB iterator once per quad, which is
// what made long scans and merge joins slow.
//
// Encoding: varint row count, then the rows in segments of kSegmentRows, then one fixed 4-byte
// offset per segment (from the start of the first segment; the segment count follows from the row
// count). A segment starts with its first row as four varints; each following row is one byte
// naming the first column that differs from the previous row, the (positive) difference in that
// column as a varint, and every later column as a zigzag varint of its difference from the
// previous row's value. Sorted rows share leading columns, and ids of one kind share their tag
// byte, so most rows take a few bytes before RocksDB compresses the block. Segments let a reader
// find a row by binary search over segment starts and decode at most one segment to reach it: a
// probe of a nested-loop join decodes a few rows, not the whole block.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kg::storage {

// One index row: four ids in the index order's layout (not natural s p o g order).
using IndexRow = std::array<uint64_t, 4>;

inline constexpr size_t kMaxBlockRows = 256;
inline constexpr size_t kSegmentRows = 16;

// Appends the encoding of rows[0..n) (sorted, unique, n >= 1) to out.
void encodeBlock(const IndexRow* rows, size_t n, std::string& out);

// Appends the rows of an encoded block to out. Throws Error(kStorage) on a malformed block.
void decodeBlock(std::string_view data, std::vector<IndexRow>& out);

// The number of rows of an encoded block, from its header alone. Throws Error(kStorage) on a
// malformed header.
size_t blockRows(std::string_view data);

// Reads one encoded block lazily: seek to the first row at or after a target, then step.
// Holds a copy of the block's bytes, or (loadInPlace) reads them where they are.
class BlockReader {
 public:
  BlockReader() = default;
  BlockReader(const BlockReader&) = delete;  // the bytes may be its own: a copy would point into them
  BlockReader& operator=(const BlockReader&) = delete;
  // Takes a copy of the block's bytes. Throws Error(kStorage) on a malformed header.
  void load(std::string_view data);
  // Reads the bytes in place: they must stay valid while the reader is used (a RocksDB
  // iterator's value does until the iterator moves). Saves a copy of the block per probe.
  void loadInPlace(std::string_view data);
  size_t rows() const { return rows_; }
  const IndexRow& first() const { return first_; }
  // Positions on the first row >= target (or the end).
  void seek(const IndexRow& target);
  // Like seek, but never moves back: stays put when the current row is already >= target.
  void seekForward(const IndexRow& target);
  // Positions on the first row.
  void rewind();
  // The current row; false at the end. Advances.
  bool next(IndexRow* row);

 private:
  void startSegment(size_t segment);
  void decodeRow();
  uint64_t varint();
  [[gnu::noinline]] uint64_t longVarint();
  // True when the segment's first row is <= target.
  bool segmentStartsAtOrBefore(size_t segment, const IndexRow& target);
  // Decodes forward from the current row to the first row >= target (or the end).
  void stepTo(const IndexRow& target);
  void parse();
  std::string owned_;
  std::string_view data_;
  size_t rows_ = 0;
  size_t segments_ = 0;
  size_t dataEnd_ = 0;  // where the offset table starts
  size_t segmentBase_ = 0;  // where the first segment starts
  IndexRow first_{};
  // Cursor: index of the current row (== rows_ at the end), its value, byte position after it.
  size_t index_ = 0;
  IndexRow current_{};
  size_t pos_ = 0;
};

// The 32-byte RocksDB key of a block whose last row is `last` (also used for delta entries).
std::string blockKey(const IndexRow& last);
void blockKey(const IndexRow& last, char* out);
IndexRow rowFromKey(const char* key);

}  // namespace kg::storage
