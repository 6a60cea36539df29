// Input sources: plain files, gzip files (zlib), stdin, istreams, strings.
#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <istream>
#include <vector>

#include "ingest/ingest.h"

namespace kg::ingest {
namespace {

bool endsWithGz(const std::string& path) {
  if (path.size() < 3) return false;
  std::string ext = path.substr(path.size() - 3);
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext == ".gz";
}

class FileSource : public InputSource {
 public:
  FileSource(std::FILE* f, std::string name, bool owned) : f_(f), owned_(owned) {
    name_ = std::move(name);
    if (owned_) {
      if (std::fseek(f_, 0, SEEK_END) == 0) {
        long size = std::ftell(f_);
        if (size >= 0) total_ = static_cast<uint64_t>(size);
        std::fseek(f_, 0, SEEK_SET);
      }
    }
  }
  ~FileSource() override {
    if (owned_) std::fclose(f_);
  }
  size_t read(char* buf, size_t n) override {
    size_t got = std::fread(buf, 1, n, f_);
    if (got == 0 && std::ferror(f_)) {
      throw IoError(name_ + ": read error: " + std::strerror(errno));
    }
    consumed_ += got;
    return got;
  }

 private:
  std::FILE* f_;
  bool owned_;
};

class GzipSource : public InputSource {
 public:
  GzipSource(std::unique_ptr<InputSource> raw) : raw_(std::move(raw)), in_(1 << 16) {
    name_ = raw_->name();
    total_ = raw_->totalBytes();
    std::memset(&z_, 0, sizeof z_);
    if (inflateInit2(&z_, 16 + MAX_WBITS) != Z_OK) throw IoError(name_ + ": zlib init failed");
  }
  ~GzipSource() override { inflateEnd(&z_); }

  size_t read(char* buf, size_t n) override {
    if (done_) return 0;
    z_.next_out = reinterpret_cast<Bytef*>(buf);
    z_.avail_out = static_cast<uInt>(n);
    while (z_.avail_out == n) {
      if (z_.avail_in == 0) {
        size_t got = raw_->read(in_.data(), in_.size());
        consumed_ = raw_->bytesConsumed();
        if (got == 0) {
          if (!atMemberStart_) throw IoError(name_ + ": truncated gzip data");
          done_ = true;
          return 0;
        }
        z_.next_in = reinterpret_cast<Bytef*>(in_.data());
        z_.avail_in = static_cast<uInt>(got);
      }
      atMemberStart_ = false;
      int rc = inflate(&z_, Z_NO_FLUSH);
      if (rc == Z_STREAM_END) {
        // Another gzip member may follow (concatenated .gz files).
        if (inflateReset(&z_) != Z_OK) throw IoError(name_ + ": zlib reset failed");
        atMemberStart_ = true;
      } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
        throw IoError(name_ + ": corrupt gzip data" + (z_.msg ? std::string(" (") + z_.msg + ")" : ""));
      }
    }
    return n - z_.avail_out;
  }

 private:
  std::unique_ptr<InputSource> raw_;
  std::vector<char> in_;
  z_stream z_;
  bool atMemberStart_ = true;
  bool done_ = false;
};

class StreamSource : public InputSource {
 public:
  StreamSource(std::istream& in, std::string name) : in_(in) { name_ = std::move(name); }
  size_t read(char* buf, size_t n) override {
    if (!in_) return 0;
    in_.read(buf, static_cast<std::streamsize>(n));
    size_t got = static_cast<size_t>(in_.gcount());
    if (got == 0 && in_.bad()) throw IoError(name_ + ": read error");
    consumed_ += got;
    return got;
  }

 private:
  std::istream& in_;
};

class StringSource : public InputSource {
 public:
  StringSource(std::string text, std::string name) : text_(std::move(text)) {
    name_ = std::move(name);
    total_ = text_.size();
  }
  size_t read(char* buf, size_t n) override {
    size_t k = std::min(n, text_.size() - pos_);
    std::memcpy(buf, text_.data() + pos_, k);
    pos_ += k;
    consumed_ = pos_;
    return k;
  }

 private:
  std::string text_;
  size_t pos_ = 0;
};

}  // namespace

std::unique_ptr<InputSource> openInput(const std::string& path) {
  std::unique_ptr<InputSource> raw;
  if (path == "-") {
    raw = std::make_unique<FileSource>(stdin, "<stdin>", false);
  } else {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) throw IoError(path + ": cannot open: " + std::strerror(errno));
    raw = std::make_unique<FileSource>(f, path, true);
  }
  if (path != "-" && endsWithGz(path)) return std::make_unique<GzipSource>(std::move(raw));
  return raw;
}

std::unique_ptr<InputSource> inputFromStream(std::istream& in, std::string name) {
  return std::make_unique<StreamSource>(in, std::move(name));
}

std::unique_ptr<InputSource> inputFromString(std::string text, std::string name) {
  return std::make_unique<StringSource>(std::move(text), std::move(name));
}

}  // namespace kg::ingest
