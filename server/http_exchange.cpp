#include "server/http_exchange.h"

#include <boost/asio/write.hpp>

namespace kg::server {
namespace {

constexpr size_t kStreamBuffer = size_t{64} << 10;

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string decode(std::string_view text, bool plusIsSpace) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '+' && plusIsSpace) {
      out += ' ';
    } else if (c == '%' && i + 2 < text.size() && hexValue(text[i + 1]) >= 0 &&
               hexValue(text[i + 2]) >= 0) {
      out += static_cast<char>(hexValue(text[i + 1]) * 16 + hexValue(text[i + 2]));
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

std::string percentDecode(std::string_view text) { return decode(text, false); }

std::multimap<std::string, std::string> parseForm(std::string_view text) {
  std::multimap<std::string, std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t amp = text.find('&', start);
    std::string_view pair = text.substr(start, amp == std::string_view::npos ? std::string_view::npos : amp - start);
    start = amp == std::string_view::npos ? text.size() : amp + 1;
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    std::string key = decode(pair.substr(0, eq), true);
    std::string value = eq == std::string_view::npos ? std::string() : decode(pair.substr(eq + 1), true);
    out.emplace(std::move(key), std::move(value));
  }
  return out;
}

HttpExchange::HttpExchange(boost::asio::ip::tcp::socket& socket, const Request& request,
                           const Headers& common)
    : socket_(socket), request_(request), common_(common), keepAlive_(request.keep_alive()) {
  std::string_view target(request.target().data(), request.target().size());
  size_t question = target.find('?');
  path_ = percentDecode(target.substr(0, question));
  if (question != std::string_view::npos) query_ = parseForm(target.substr(question + 1));
}

template <class Message>
void HttpExchange::addCommonHeaders(Message& message) const {
  message.set(http::field::server, "kg");
  for (const auto& [name, value] : common_) message.set(name, value);
  message.keep_alive(keepAlive_);
}

void HttpExchange::send(http::status status, const std::string& contentType, std::string body,
                        const Headers& extra) {
  http::response<http::string_body> response(status, request_.version());
  addCommonHeaders(response);
  if (!contentType.empty()) response.set(http::field::content_type, contentType);
  for (const auto& [name, value] : extra) response.set(name, value);
  response.body() = std::move(body);
  response.prepare_payload();
  status_ = static_cast<unsigned>(status);
  boost::system::error_code ec;
  if (request_.method() == http::verb::head) {
    http::response_serializer<http::string_body> serializer(response);
    http::write_header(socket_, serializer, ec);
  } else {
    bytes_ += response.body().size();
    http::write(socket_, response, ec);
  }
  if (ec) broken_ = true;
}

void HttpExchange::sendError(http::status status, const std::string& message, const Headers& extra) {
  send(status, "text/plain; charset=utf-8", message + "\n", extra);
}

std::unique_ptr<ChunkedStreamBuf> HttpExchange::stream(http::status status, const std::string& contentType) {
  return std::make_unique<ChunkedStreamBuf>(*this, status, contentType);
}

void HttpExchange::writeRaw(const void* data, size_t size, bool last) {
  if (broken_ || request_.method() == http::verb::head) return;
  boost::system::error_code ec;
  if (size > 0) {
    boost::asio::write(socket_, http::make_chunk(boost::asio::const_buffer(data, size)), ec);
    bytes_ += size;
  }
  if (!ec && last) boost::asio::write(socket_, http::make_chunk_last(), ec);
  if (ec) broken_ = true;
}

ChunkedStreamBuf::ChunkedStreamBuf(HttpExchange& exchange, http::status status, std::string contentType)
    : exchange_(exchange), status_(status), contentType_(std::move(contentType)), buffer_(kStreamBuffer) {
  setp(buffer_.data(), buffer_.data() + buffer_.size());
}

ChunkedStreamBuf::~ChunkedStreamBuf() = default;

void ChunkedStreamBuf::flushChunk() {
  if (!committed_) {
    committed_ = true;
    http::response<http::empty_body> response(status_, exchange_.request_.version());
    exchange_.addCommonHeaders(response);
    response.set(http::field::content_type, contentType_);
    response.chunked(true);
    exchange_.status_ = static_cast<unsigned>(status_);
    http::response_serializer<http::empty_body> serializer(response);
    boost::system::error_code ec;
    http::write_header(exchange_.socket_, serializer, ec);
    if (ec) exchange_.broken_ = true;
  }
  size_t size = static_cast<size_t>(pptr() - pbase());
  exchange_.writeRaw(pbase(), size, false);
  setp(buffer_.data(), buffer_.data() + buffer_.size());
}

ChunkedStreamBuf::int_type ChunkedStreamBuf::overflow(int_type c) {
  flushChunk();
  if (exchange_.broken_) return traits_type::eof();
  if (!traits_type::eq_int_type(c, traits_type::eof())) {
    *pptr() = traits_type::to_char_type(c);
    pbump(1);
  }
  return traits_type::not_eof(c);
}

int ChunkedStreamBuf::sync() {
  // Flushing is ours to decide (to keep errors answerable): std::ostream::flush is ignored.
  return exchange_.broken_ ? -1 : 0;
}

void ChunkedStreamBuf::finish() {
  if (finished_) return;
  finished_ = true;
  if (!committed_ && !exchange_.responded()) {
    // Small result: one response with a length instead of chunks.
    exchange_.send(status_, contentType_, std::string(pbase(), pptr()));
    return;
  }
  flushChunk();
  exchange_.writeRaw(nullptr, 0, true);
}

void ChunkedStreamBuf::abort() {
  finished_ = true;
  exchange_.closeAfter();
  exchange_.broken_ = true;  // no last chunk: the client sees a truncated response
}

void ChunkedStreamBuf::discard() {
  finished_ = true;
  setp(buffer_.data(), buffer_.data() + buffer_.size());
}

}  // namespace kg::server
