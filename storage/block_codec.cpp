#include "storage/block_codec.h"

#include "kg/error.h"
#include "storage/term_id.h"

namespace kg::storage {
namespace {

void putVarint(std::string& out, uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>(v | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

uint64_t zigzag(uint64_t delta) {
  int64_t d = static_cast<int64_t>(delta);
  return (static_cast<uint64_t>(d) << 1) ^ static_cast<uint64_t>(d >> 63);
}

uint64_t unzigzag(uint64_t v) { return (v >> 1) ^ (~(v & 1) + 1); }

[[noreturn]] void malformed() {
  throw Error(ErrorCode::kStorage, "corrupt store: malformed index block");
}

}  // namespace

namespace {

void putFixed32(std::string& out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

uint32_t getFixed32(const char* p) {
  uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(p[i]);
  return v;
}

}  // namespace

void encodeBlock(const IndexRow* rows, size_t n, std::string& out) {
  putVarint(out, n);
  size_t start = out.size();
  std::vector<uint32_t> offsets;
  for (size_t i = 0; i < n; ++i) {
    if (i % kSegmentRows == 0) {
      offsets.push_back(static_cast<uint32_t>(out.size() - start));
      for (uint64_t v : rows[i]) putVarint(out, v);
      continue;
    }
    const IndexRow& prev = rows[i - 1];
    const IndexRow& row = rows[i];
    int first = 0;
    while (first < 4 && row[first] == prev[first]) ++first;
    if (first == 4) first = 3;  // a repeated row (callers pass unique rows): encode a zero step
    out.push_back(static_cast<char>(first));
    putVarint(out, row[first] - prev[first]);
    for (int c = first + 1; c < 4; ++c) putVarint(out, zigzag(row[c] - prev[c]));
  }
  for (uint32_t offset : offsets) putFixed32(out, offset);
}

void decodeBlock(std::string_view data, std::vector<IndexRow>& out) {
  BlockReader reader;
  reader.load(data);
  size_t base = out.size();
  out.resize(base + reader.rows());
  for (size_t i = 0; i < reader.rows(); ++i) reader.next(&out[base + i]);
}

size_t blockRows(std::string_view data) {
  uint64_t n = 0;
  int shift = 0;
  for (size_t i = 0;; ++i) {
    if (i >= data.size() || shift > 63) malformed();
    auto byte = static_cast<uint8_t>(data[i]);
    n |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if (!(byte & 0x80)) break;
    shift += 7;
  }
  if (n == 0 || n > (uint64_t{1} << 24)) malformed();
  return n;
}

void BlockReader::load(std::string_view data) {
  owned_.assign(data.data(), data.size());
  data_ = owned_;
  parse();
}

void BlockReader::loadInPlace(std::string_view data) {
  data_ = data;
  parse();
}

void BlockReader::parse() {
  pos_ = 0;
  dataEnd_ = data_.size();
  uint64_t n = varint();
  if (n == 0 || n > (uint64_t{1} << 24)) malformed();
  rows_ = n;
  segments_ = (rows_ + kSegmentRows - 1) / kSegmentRows;
  size_t start = pos_;
  segmentBase_ = start;
  if (data_.size() < start + 4 * segments_) malformed();
  dataEnd_ = data_.size() - 4 * segments_;
  // Offsets are relative to the first segment; keep them absolute in the check below.
  if (getFixed32(data_.data() + dataEnd_) != 0) malformed();
  for (size_t s = 0; s < segments_; ++s) {
    if (start + getFixed32(data_.data() + dataEnd_ + 4 * s) >= dataEnd_) malformed();
  }
  startSegment(0);
  first_ = current_;
}

void BlockReader::startSegment(size_t segment) {
  pos_ = segmentBase_ + getFixed32(data_.data() + dataEnd_ + 4 * segment);
  index_ = segment * kSegmentRows;
  for (auto& v : current_) v = varint();
}

uint64_t BlockReader::varint() {
  // Most values (deltas, a row's later columns) take one byte.
  if (pos_ < dataEnd_) {
    uint8_t b = static_cast<uint8_t>(data_[pos_]);
    if (!(b & 0x80)) {
      ++pos_;
      return b;
    }
  }
  return longVarint();
}

uint64_t BlockReader::longVarint() {
  uint64_t v = 0;
  if (dataEnd_ - pos_ >= 10) {
    // Far enough from the end that no byte needs checking (a varint has at most 10).
    const uint8_t* p = reinterpret_cast<const uint8_t*>(data_.data()) + pos_;
    for (int i = 0; i < 10; ++i) {
      v |= static_cast<uint64_t>(p[i] & 0x7f) << (7 * i);
      if (!(p[i] & 0x80)) {
        pos_ += static_cast<size_t>(i) + 1;
        return v;
      }
    }
    malformed();
  }
  for (int shift = 0; shift < 64; shift += 7) {
    if (pos_ >= dataEnd_) malformed();
    uint8_t b = static_cast<uint8_t>(data_[pos_++]);
    v |= static_cast<uint64_t>(b & 0x7f) << shift;
    if (!(b & 0x80)) return v;
  }
  malformed();
}

void BlockReader::decodeRow() {
  if (pos_ >= dataEnd_) malformed();
  uint8_t first = static_cast<uint8_t>(data_[pos_++]);
  if (first > 3) malformed();
  current_[first] += varint();
  for (int c = first + 1; c < 4; ++c) current_[c] += unzigzag(varint());
}

void BlockReader::rewind() { startSegment(0); }

void BlockReader::seekForward(const IndexRow& target) {
  if (index_ >= rows_ || current_ >= target) return;
  seek(target);
}

void BlockReader::seek(const IndexRow& target) {
  size_t lo = 0, hi = segments_;
  if (index_ < rows_ && current_ <= target) {
    // Forward from the current row (probes in key order, a merge join's leaps): rows before
    // it are smaller, so the target is in its segment or a later one. When the next segment
    // starts past the target, the rows up to it are decoded from here, not from a new search.
    size_t segment = index_ / kSegmentRows;
    if (segment + 1 >= segments_ || !segmentStartsAtOrBefore(segment + 1, target)) {
      stepTo(target);
      return;
    }
    lo = segment + 1;
  }
  // The last segment whose first row is <= target (binary search over segment starts).
  while (hi - lo > 1) {
    size_t mid = (lo + hi) / 2;
    if (segmentStartsAtOrBefore(mid, target)) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  startSegment(lo);
  stepTo(target);
}

bool BlockReader::segmentStartsAtOrBefore(size_t segment, const IndexRow& target) {
  // Column by column, decoding only until a column differs (the cursor stays where it is).
  size_t pos = pos_;
  pos_ = segmentBase_ + getFixed32(data_.data() + dataEnd_ + 4 * segment);
  bool atOrBefore = true;
  for (int c = 0; c < 4; ++c) {
    uint64_t v = varint();
    if (v != target[c]) {
      atOrBefore = v < target[c];
      break;
    }
  }
  pos_ = pos;
  return atOrBefore;
}

void BlockReader::stepTo(const IndexRow& target) {
  while (index_ < rows_ && current_ < target) {
    ++index_;
    if (index_ == rows_) break;
    if (index_ % kSegmentRows == 0) {
      startSegment(index_ / kSegmentRows);
    } else {
      decodeRow();
    }
  }
}

bool BlockReader::next(IndexRow* row) {
  if (index_ >= rows_) return false;
  *row = current_;
  ++index_;
  if (index_ < rows_) {
    if (index_ % kSegmentRows == 0) {
      startSegment(index_ / kSegmentRows);
    } else {
      decodeRow();
    }
  }
  return true;
}

void blockKey(const IndexRow& first, char* out) {
  for (int i = 0; i < 4; ++i) putBigEndian64(out + 8 * i, first[i]);
}

std::string blockKey(const IndexRow& first) {
  std::string key(32, '\0');
  blockKey(first, key.data());
  return key;
}

IndexRow rowFromKey(const char* key) {
  IndexRow row;
  for (int i = 0; i < 4; ++i) row[i] = getBigEndian64(key + 8 * i);
  return row;
}

}  // namespace kg::storage
