#include "query/spill_file.h"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "kg/error.h"

namespace kg::query {

namespace {

std::string spillDirectory(const std::string& requested) {
  if (!requested.empty()) return requested;
  const char* tmp = std::getenv("TMPDIR");
  return tmp && *tmp ? tmp : "/tmp";
}

constexpr size_t kBufferBytes = 64 * 1024;

}  // namespace

SpillFile::SpillFile(const std::string& directory) : directory_(spillDirectory(directory)) {
  std::string pattern = directory_ + "/kg-spill-XXXXXX";
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  int fd = ::mkstemp(name.data());
  if (fd < 0) failed("cannot create a spill file");
  ::unlink(name.data());
  file_ = ::fdopen(fd, "w+b");
  if (!file_) {
    ::close(fd);
    failed("cannot open a spill file");
  }
  std::setvbuf(file_, nullptr, _IOFBF, kBufferBytes);
}

SpillFile::~SpillFile() {
  if (file_) std::fclose(file_);
}

void SpillFile::failed(const char* what) const {
  int err = errno;
  std::string message = std::string(what) + " in " + directory_ + ": " + std::strerror(err);
  if (err == ENOSPC) message += " (the disk is full; free space or set the spill directory elsewhere)";
  throw Error(ErrorCode::kStorage, message);
}

void SpillFile::write(const void* data, size_t bytes) {
  if (bytes == 0) return;
  writing_ = true;
  if (std::fwrite(data, 1, bytes, file_) != bytes) failed("cannot write a spill file");
  written_ += bytes;
}

void SpillFile::rewind() {
  if (writing_ && std::fflush(file_) != 0) failed("cannot write a spill file");
  writing_ = false;
  if (std::fseek(file_, 0, SEEK_SET) != 0) failed("cannot read a spill file");
}

bool SpillFile::read(void* data, size_t bytes) {
  if (bytes == 0) return true;
  size_t got = std::fread(data, 1, bytes, file_);
  if (got == bytes) return true;
  if (got == 0 && std::feof(file_)) return false;
  if (std::ferror(file_)) failed("cannot read a spill file");
  throw Error(ErrorCode::kStorage, "a spill file in " + directory_ + " ended inside a record");
}

void SpillFile::writeString(const std::string& s) {
  writeU64(s.size());
  write(s.data(), s.size());
}

std::string SpillFile::readString() {
  uint64_t size = 0;
  if (!readU64(size)) throw Error(ErrorCode::kStorage, "a spill file ended inside a term");
  std::string s(size, '\0');
  if (!read(s.data(), size)) throw Error(ErrorCode::kStorage, "a spill file ended inside a term");
  return s;
}

void SpillFile::writeTerm(const std::optional<Term>& term) {
  uint8_t kind = term ? static_cast<uint8_t>(term->kind) : 0;
  write(&kind, 1);
  if (!term) return;
  if (term->kind == TermKind::kTriple) {
    writeTerm(term->triple->subject);
    writeTerm(term->triple->predicate);
    writeTerm(term->triple->object);
    return;
  }
  writeString(term->value);
  writeString(term->datatype);
  writeString(term->language);
}

std::optional<Term> SpillFile::readTerm() {
  uint8_t kind = 0;
  if (!read(&kind, 1)) throw Error(ErrorCode::kStorage, "a spill file ended inside a term");
  if (kind == 0) return std::nullopt;
  if (kind == static_cast<uint8_t>(TermKind::kTriple)) {
    auto s = readTerm();
    auto p = readTerm();
    auto o = readTerm();
    if (!s || !p || !o) throw Error(ErrorCode::kStorage, "a spill file holds a broken quoted triple");
    return Term::quoted(std::move(*s), std::move(*p), std::move(*o));
  }
  Term t;
  t.kind = static_cast<TermKind>(kind);
  t.value = readString();
  t.datatype = readString();
  t.language = readString();
  return t;
}

}  // namespace kg::query
