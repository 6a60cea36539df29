// Database::dumpFile: a dump written beside its target and renamed over it once complete.
#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <ostream>
#include <streambuf>
#include <string>
#include <system_error>
#include <vector>

#include "kg/database.h"
#include "kg/error.h"

namespace kg {

DumpFormat dumpFormatNamed(std::string_view name) {
  if (name.empty() || name == "nquads" || name == "nq") return DumpFormat::kNQuads;
  if (name == "ntriples" || name == "nt") return DumpFormat::kNTriples;
  if (name == "turtle" || name == "ttl") return DumpFormat::kTurtle;
  if (name == "trig") return DumpFormat::kTriG;
  throw Error(ErrorCode::kUsage, "unknown dump format '" + std::string(name) +
                                     "' (use nquads, ntriples, turtle or trig)");
}

namespace {

Error writeError(const std::string& path, int error) {
  return Error(ErrorCode::kIo,
               "cannot write " + path + ": " + std::generic_category().message(error));
}

// An output buffer straight on a file descriptor, so that a failed write keeps its errno
// (std::ofstream would only report "failed").
class FdBuf : public std::streambuf {
 public:
  explicit FdBuf(int fd) : fd_(fd), buffer_(size_t{1} << 16) { reset(); }
  int error() const { return error_; }

 protected:
  int_type overflow(int_type c) override {
    if (sync() != 0) return traits_type::eof();
    if (!traits_type::eq_int_type(c, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(c);
      pbump(1);
    }
    return traits_type::not_eof(c);
  }
  int sync() override {
    for (const char* p = pbase(); p < pptr();) {
      ssize_t n = ::write(fd_, p, static_cast<size_t>(pptr() - p));
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        error_ = errno;
        return -1;
      }
      p += n;
    }
    reset();
    return 0;
  }

 private:
  void reset() { setp(buffer_.data(), buffer_.data() + buffer_.size()); }
  int fd_;
  int error_ = 0;
  std::vector<char> buffer_;
};

// Dumps into a new file next to `path` and renames it over `path` once complete: nobody ever
// sees a partial dump under that name, and a failed dump leaves no file behind.
}  // namespace

uint64_t Database::dumpFile(const std::string& path, DumpFormat format) const {
  static std::atomic<unsigned> counter{0};
  std::string temp;
  int fd = -1;
  for (int attempt = 0; fd < 0; ++attempt) {
    temp = path + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
    // O_EXCL: never reuse someone else's file; mode 0666 so the umask applies as usual.
    fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0 && (errno != EEXIST || attempt >= 100)) throw writeError(path, errno);
  }
  try {
    FdBuf buffer(fd);
    std::ostream out(&buffer);
    uint64_t written = 0;
    try {
      written = dump(out, format);
    } catch (const Error&) {
      if (buffer.error() != 0) throw writeError(path, buffer.error());
      throw;
    }
    // Data on disk before the rename: a crash must not leave a truncated file under `path`.
    if (::fsync(fd) != 0) throw writeError(path, errno);
    int closed = ::close(fd);
    fd = -1;
    if (closed != 0) throw writeError(path, errno);
    if (std::rename(temp.c_str(), path.c_str()) != 0) throw writeError(path, errno);
    return written;
  } catch (...) {
    if (fd >= 0) ::close(fd);
    ::unlink(temp.c_str());
    throw;
  }
}


}  // namespace kg
