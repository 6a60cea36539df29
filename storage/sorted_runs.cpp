#include "storage/sorted_runs.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <queue>

#include "kg/error.h"

namespace kg::storage {
namespace fs = std::filesystem;
namespace {

constexpr size_t kFileBuffer = size_t{1} << 20;

uint64_t prefixOf(std::string_view key) {
  unsigned char bytes[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  std::memcpy(bytes, key.data(), std::min<size_t>(8, key.size()));
  uint64_t v = 0;
  for (unsigned char b : bytes) v = (v << 8) | b;
  return v;
}

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

// Reads one run file back in order: (key size, value size | delete bit, key, value) records.
struct RunReader {
  File file;
  std::vector<char> buffer;
  std::string key, value;
  bool isDelete = false;

  bool next() {
    uint32_t sizes[2];
    if (std::fread(sizes, sizeof sizes, 1, file.get()) != 1) return false;
    isDelete = (sizes[1] & 0x80000000u) != 0;
    key.resize(sizes[0]);
    value.resize(sizes[1] & ~0x80000000u);
    if (!key.empty() && std::fread(key.data(), key.size(), 1, file.get()) != 1) return false;
    if (!value.empty() && std::fread(value.data(), value.size(), 1, file.get()) != 1) return false;
    return true;
  }
};

}  // namespace

SortedRuns::SortedRuns(std::string scratchDir, size_t memoryBudget)
    : scratchDir_(std::move(scratchDir)), budget_(memoryBudget) {}

SortedRuns::~SortedRuns() {
  std::error_code ec;
  for (const auto& run : runs_) fs::remove(run, ec);
}

void SortedRuns::add(std::string_view key, std::string_view value, bool isDelete) {
  Entry e{prefixOf(key), arena_.size(), static_cast<uint32_t>(key.size()),
          static_cast<uint32_t>(value.size()) | (isDelete ? kDeleteBit : 0)};
  arena_.insert(arena_.end(), key.begin(), key.end());
  arena_.insert(arena_.end(), value.begin(), value.end());
  entries_.push_back(e);
  if (arena_.size() + entries_.size() * sizeof(Entry) > budget_) spill();
}

void SortedRuns::sortBuffer() {
  // Equal keys keep the order they were added in (their arena offsets increase with it).
  std::sort(entries_.begin(), entries_.end(), [this](const Entry& a, const Entry& b) {
    if (a.prefix != b.prefix) return a.prefix < b.prefix;
    if (a.keySize > 8 || b.keySize > 8) {
      int c = keyOf(a).compare(keyOf(b));
      if (c != 0) return c < 0;
    } else if (a.keySize != b.keySize) {
      return a.keySize < b.keySize;
    }
    return a.offset < b.offset;
  });
}

void SortedRuns::spill() {
  sortBuffer();
  size_t i = 0;
  writeRun([&](uint32_t sizes[2], std::string_view* key, std::string_view* value) {
    if (i == entries_.size()) return false;
    const Entry& e = entries_[i++];
    sizes[0] = e.keySize;
    sizes[1] = e.valueSize;
    *key = keyOf(e);
    *value = valueOf(e);
    return true;
  });
  // The buffers keep their capacity for the next run.
  arena_.clear();
  entries_.clear();
}

void SortedRuns::addSortedRun(const SortedSource& next) {
  // What was added before goes to an earlier run, so that the order of addition holds.
  if (!entries_.empty()) spill();
  writeRun([&](uint32_t sizes[2], std::string_view* key, std::string_view* value) {
    if (!next(key, value)) return false;
    sizes[0] = static_cast<uint32_t>(key->size());
    sizes[1] = static_cast<uint32_t>(value->size());
    return true;
  });
}

void SortedRuns::writeRun(
    const std::function<bool(uint32_t sizes[2], std::string_view* key, std::string_view* value)>& next) {
  std::error_code ec;
  fs::create_directories(scratchDir_, ec);
  std::string path = (fs::path(scratchDir_) / ("run-" + std::to_string(runs_.size()))).string();
  File out(std::fopen(path.c_str(), "wb"));
  bool ok = out != nullptr;
  std::vector<char> buffer(ok ? kFileBuffer : 0);
  if (ok) std::setvbuf(out.get(), buffer.data(), _IOFBF, buffer.size());
  uint32_t sizes[2];
  std::string_view key, value;
  while (ok && next(sizes, &key, &value)) {
    ok = std::fwrite(sizes, sizeof sizes, 1, out.get()) == 1 &&
         (key.empty() || std::fwrite(key.data(), key.size(), 1, out.get()) == 1) &&
         (value.empty() || std::fwrite(value.data(), value.size(), 1, out.get()) == 1);
  }
  if (out) ok = std::fclose(out.release()) == 0 && ok;
  if (!ok) {
    // The failed write(2) left its reason in errno; a full disk is the usual one.
    int err = errno;
    std::string reason = err == ENOSPC ? "the disk is full" : err != 0 ? std::strerror(err) : "write failed";
    fs::remove(path, ec);
    throw Error(ErrorCode::kStorage, "cannot write the sort run " + path + ": " + reason);
  }
  runs_.push_back(path);
}

void SortedRuns::drainTo(WriteSink& sink) {
  if (runs_.empty()) {
    sortBuffer();
    for (size_t i = 0; i < entries_.size(); ++i) {
      const Entry& e = entries_[i];
      // Of equal keys, only the last added counts.
      if (i + 1 < entries_.size() && keyOf(entries_[i + 1]) == keyOf(e)) continue;
      if (e.valueSize & kDeleteBit) {
        sink.del(rocksdb::Slice(keyOf(e).data(), e.keySize));
      } else {
        std::string_view v = valueOf(e);
        sink.put(rocksdb::Slice(keyOf(e).data(), e.keySize), rocksdb::Slice(v.data(), v.size()));
      }
    }
    arena_ = {};
    entries_ = {};
    return;
  }
  if (!entries_.empty()) spill();
  arena_ = {};
  entries_ = {};
  std::vector<std::unique_ptr<RunReader>> readers;
  for (const auto& run : runs_) {
    auto r = std::make_unique<RunReader>();
    r->file.reset(std::fopen(run.c_str(), "rb"));
    if (!r->file) throw Error(ErrorCode::kStorage, "cannot read the sort run " + run);
    r->buffer.resize(kFileBuffer / 4);
    std::setvbuf(r->file.get(), r->buffer.data(), _IOFBF, r->buffer.size());
    readers.push_back(std::move(r));
  }
  // A run holds entries added after those of every earlier run: of equal keys, the higher
  // run index is the later addition.
  auto later = [&](size_t a, size_t b) {
    int c = readers[a]->key.compare(readers[b]->key);
    return c != 0 ? c > 0 : a > b;
  };
  std::priority_queue<size_t, std::vector<size_t>, decltype(later)> heap(later);
  for (size_t i = 0; i < readers.size(); ++i) {
    if (readers[i]->next()) heap.push(i);
  }
  std::string key, value;
  while (!heap.empty()) {
    size_t i = heap.top();
    heap.pop();
    RunReader& r = *readers[i];
    key.swap(r.key);
    value.swap(r.value);
    bool isDelete = r.isDelete;
    if (r.next()) heap.push(i);
    // Of equal keys, only the last added counts.
    if (!heap.empty() && readers[heap.top()]->key == key) continue;
    if (isDelete) {
      sink.del(key);
    } else {
      sink.put(key, value);
    }
  }
}

}  // namespace kg::storage
