// Temporary files for operators that spill past the query's memory budget: sorted runs of
// ORDER BY, partitions of GROUP BY, DISTINCT and hash joins. A file is unlinked as soon as it
// is made, so it disappears when closed, and even when the process is killed.
#pragma once

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>

#include "kg/term.h"
#include "storage/store.h"

namespace kg::query {

using storage::TermId;

class SpillFile {
 public:
  // A new empty file in `directory` (empty: $TMPDIR, else /tmp). Throws Error(kStorage).
  explicit SpillFile(const std::string& directory);
  SpillFile(const SpillFile&) = delete;
  SpillFile& operator=(const SpillFile&) = delete;
  ~SpillFile();

  void write(const void* data, size_t bytes);
  void writeIds(const TermId* ids, size_t count) { write(ids, count * sizeof(TermId)); }
  void writeU64(uint64_t v) { write(&v, sizeof v); }
  // An optional term (a computed sort key), self-delimiting.
  void writeTerm(const std::optional<Term>& term);

  // Ends writing (or an earlier read) and reads from the start again.
  void rewind();
  // Reads exactly `bytes`; false at the end of the file (a partial record is an error).
  bool read(void* data, size_t bytes);
  bool readIds(TermId* ids, size_t count) { return read(ids, count * sizeof(TermId)); }
  bool readU64(uint64_t& v) { return read(&v, sizeof v); }
  std::optional<Term> readTerm();

  uint64_t bytesWritten() const { return written_; }

 private:
  [[noreturn]] void failed(const char* what) const;
  void writeString(const std::string& s);
  std::string readString();
  std::FILE* file_ = nullptr;
  std::string directory_;
  uint64_t written_ = 0;
  bool writing_ = false;
};

}  // namespace kg::query
