#include "storage/sorted_runs.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <queue>

#include "kg/error.h"

namespace kg::storage {
namespace fs = std::filesystem;
namespace {

void writeString(std::ofstream& out, const std::string& s) {
  uint32_t n = static_cast<uint32_t>(s.size());
  out.write(reinterpret_cast<const char*>(&n), sizeof n);
  out.write(s.data(), n);
}

bool readString(std::ifstream& in, std::string* s) {
  uint32_t n = 0;
  if (!in.read(reinterpret_cast<char*>(&n), sizeof n)) return false;
  s->resize(n);
  return static_cast<bool>(in.read(s->data(), n));
}

// Reads one run file back in order.
struct RunReader {
  std::ifstream in;
  std::string key, value;
  bool isDelete = false;
  uint64_t order = 0;
  bool next() {
    char flag = 0;
    if (!in.get(flag)) return false;
    isDelete = flag == 'D';
    if (!in.read(reinterpret_cast<char*>(&order), sizeof order)) return false;
    return readString(in, &key) && readString(in, &value);
  }
};

}  // namespace

SortedRuns::SortedRuns(std::string scratchDir, size_t memoryBudget)
    : scratchDir_(std::move(scratchDir)), budget_(memoryBudget) {}

SortedRuns::~SortedRuns() {
  std::error_code ec;
  for (const auto& run : runs_) fs::remove(run, ec);
}

void SortedRuns::add(std::string key, std::string value, bool isDelete) {
  bytes_ += key.size() + value.size() + sizeof(Entry);
  buffer_.push_back({std::move(key), std::move(value), isDelete, next_++});
  if (bytes_ > budget_) spill();
}

void SortedRuns::sortBuffer() {
  std::sort(buffer_.begin(), buffer_.end(), [](const Entry& a, const Entry& b) {
    return a.key != b.key ? a.key < b.key : a.order < b.order;
  });
}

void SortedRuns::spill() {
  sortBuffer();
  std::error_code ec;
  fs::create_directories(scratchDir_, ec);
  std::string path = (fs::path(scratchDir_) / ("run-" + std::to_string(runs_.size()))).string();
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  for (const auto& e : buffer_) {
    out.put(e.isDelete ? 'D' : 'P');
    out.write(reinterpret_cast<const char*>(&e.order), sizeof e.order);
    writeString(out, e.key);
    writeString(out, e.value);
  }
  out.close();
  if (!out) {
    // The failed write(2) left its reason in errno; a full disk is the usual one.
    int err = errno;
    std::string reason = err == ENOSPC ? "the disk is full" : err != 0 ? std::strerror(err) : "write failed";
    throw Error(ErrorCode::kStorage, "cannot write the sort run " + path + ": " + reason);
  }
  runs_.push_back(path);
  buffer_.clear();
  buffer_.shrink_to_fit();
  bytes_ = 0;
}

void SortedRuns::drainTo(WriteSink& sink) {
  if (runs_.empty()) {
    sortBuffer();
    for (size_t i = 0; i < buffer_.size(); ++i) {
      // Of equal keys, only the last added counts.
      if (i + 1 < buffer_.size() && buffer_[i + 1].key == buffer_[i].key) continue;
      const Entry& e = buffer_[i];
      if (e.isDelete) {
        sink.del(e.key);
      } else {
        sink.put(e.key, e.value);
      }
    }
    buffer_.clear();
    return;
  }
  if (!buffer_.empty()) spill();
  std::vector<std::unique_ptr<RunReader>> readers;
  for (const auto& run : runs_) {
    auto r = std::make_unique<RunReader>();
    r->in.open(run, std::ios::binary);
    if (!r->in) throw Error(ErrorCode::kStorage, "cannot read the sort run " + run);
    if (r->next()) readers.push_back(std::move(r));
  }
  auto later = [&](size_t a, size_t b) {
    const RunReader& x = *readers[a];
    const RunReader& y = *readers[b];
    return x.key != y.key ? x.key > y.key : x.order > y.order;
  };
  std::priority_queue<size_t, std::vector<size_t>, decltype(later)> heap(later);
  for (size_t i = 0; i < readers.size(); ++i) heap.push(i);
  while (!heap.empty()) {
    size_t i = heap.top();
    heap.pop();
    RunReader& r = *readers[i];
    std::string key = std::move(r.key), value = std::move(r.value);
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
