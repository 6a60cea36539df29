// One HTTP request and the means to answer it on its connection: a whole response at once,
// or a streamed one (chunked transfer coding) that holds back its first 64 KiB so that an
// error early in a query can still be answered with a proper status.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/http.hpp>
#include <map>
#include <memory>
#include <ostream>
#include <streambuf>
#include <string>
#include <vector>

namespace kg::server {

namespace http = boost::beast::http;
using Request = http::request<http::string_body>;
using Headers = std::vector<std::pair<std::string, std::string>>;

class HttpExchange;

// A streambuf that sends what is written as HTTP chunks. The status line and headers go out
// with the first chunk; until then (the first 64 KiB) the exchange may still send an error
// response instead.
class ChunkedStreamBuf : public std::streambuf {
 public:
  ChunkedStreamBuf(HttpExchange& exchange, http::status status, std::string contentType);
  ~ChunkedStreamBuf() override;
  // True once the headers are on the wire (no other status can be sent any more).
  bool committed() const { return committed_; }
  // Sends what is buffered and the last chunk.
  void finish();
  // Drops what is buffered (nothing sent yet): the caller answers with an error instead.
  void discard();
  // After a failure past the first chunk: ends the connection without the last chunk.
  void abort();

 protected:
  int_type overflow(int_type c) override;
  int sync() override;

 private:
  void flushChunk();
  HttpExchange& exchange_;
  http::status status_;
  std::string contentType_;
  std::vector<char> buffer_;
  bool committed_ = false;
  bool finished_ = false;
};

class HttpExchange {
 public:
  HttpExchange(boost::asio::ip::tcp::socket& socket, const Request& request, const Headers& common);

  const Request& request() const { return request_; }
  // The path without the query string, and the decoded query-string parameters.
  const std::string& path() const { return path_; }
  const std::multimap<std::string, std::string>& query() const { return query_; }

  // Sends a whole response (for HEAD: the headers only, with the body's length).
  void send(http::status status, const std::string& contentType, std::string body,
            const Headers& extra = {});
  // Plain-text error response.
  void sendError(http::status status, const std::string& message, const Headers& extra = {});
  // Starts a streamed response; write to the returned stream, then call finish() on its buffer.
  std::unique_ptr<ChunkedStreamBuf> stream(http::status status, const std::string& contentType);

  bool responded() const { return status_ != 0; }
  unsigned status() const { return status_; }
  uint64_t bytesSent() const { return bytes_; }
  // Whether the connection can serve another request after this one.
  bool keepAlive() const { return keepAlive_ && !broken_; }
  void closeAfter() { keepAlive_ = false; }

 private:
  friend class ChunkedStreamBuf;
  template <class Message>
  void addCommonHeaders(Message& message) const;
  void writeRaw(const void* data, size_t size, bool last);

  boost::asio::ip::tcp::socket& socket_;
  const Request& request_;
  const Headers& common_;
  std::string path_;
  std::multimap<std::string, std::string> query_;
  unsigned status_ = 0;
  uint64_t bytes_ = 0;
  bool keepAlive_;
  bool broken_ = false;
};

// application/x-www-form-urlencoded (also query strings): '+' is a space, %XX a byte.
std::multimap<std::string, std::string> parseForm(std::string_view text);
std::string percentDecode(std::string_view text);

}  // namespace kg::server
