// The accept loop and one thread per connection: read a request (Beast's parser, with the
// size limit), route it, log it, repeat while the connection is kept alive.
#include "server/server.h"

#include <poll.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <condition_variable>
#include <ctime>
#include <iostream>
#include <mutex>
#include <thread>

#include "server/server_state.h"

namespace kg::server {

namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

constexpr int kPollMillis = 200;
constexpr auto kIdleTimeout = std::chrono::seconds(60);

// Waits until the socket has data; false when the server stops or the wait times out.
bool waitReadable(int fd, const std::atomic<bool>& stopping, std::chrono::steady_clock::duration limit) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (!stopping.load()) {
    pollfd p{fd, POLLIN, 0};
    int n = ::poll(&p, 1, kPollMillis);
    if (n > 0) return true;
    if (n < 0 && errno != EINTR) return false;
    if (std::chrono::steady_clock::now() > deadline) return false;
  }
  return false;
}

std::string utcNow() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string shortened(std::string_view s, size_t limit) {
  std::string out(s.substr(0, limit));
  if (s.size() > limit) out += "...";
  for (char& c : out) {
    if (c == '"' || static_cast<unsigned char>(c) < 0x20) c = '_';
  }
  return out;
}

}  // namespace

struct Server::Impl {
  Impl(Database& db, ServerOptions options) : state(db, std::move(options)), acceptor(io) {}
  ServerState state;
  net::io_context io;
  tcp::acceptor acceptor;
  std::mutex mutex;
  std::condition_variable connectionsDone;
  unsigned connections = 0;

  Headers commonHeaders() const {
    Headers headers;
    if (!state.options.corsOrigin.empty()) {
      headers.emplace_back("Access-Control-Allow-Origin", state.options.corsOrigin);
      headers.emplace_back("Access-Control-Expose-Headers", "Content-Type, Content-Length");
      if (state.options.corsOrigin != "*") headers.emplace_back("Vary", "Origin");
    }
    return headers;
  }

  void log(const std::string& line) {
    if (state.options.accessLog) {
      state.options.accessLog(line);
    } else {
      std::lock_guard<std::mutex> lock(mutex);
      std::cerr << line << "\n";
    }
  }

  void route(HttpExchange& exchange) {
    const std::string& path = exchange.path();
    if (exchange.request().method() == http::verb::options) {
      Headers extra;
      if (!state.options.corsOrigin.empty()) {
        extra = {{"Access-Control-Allow-Methods", "GET, HEAD, POST, PUT, DELETE, OPTIONS"},
                 {"Access-Control-Allow-Headers", "Accept, Authorization, Content-Type"},
                 {"Access-Control-Max-Age", "600"}};
      }
      extra.emplace_back("Allow", "GET, HEAD, POST, PUT, DELETE, OPTIONS");
      return exchange.send(http::status::no_content, "", "", extra);
    }
    if (path == "/sparql") return handleSparql(state, exchange);
    if (path == "/store") return handleGraphStore(state, exchange);
    if (path == "/prefixes") return handlePrefixes(state, exchange);
    handleWorkbench(state, exchange);
  }

  void serveConnection(tcp::socket socket) {
    boost::system::error_code ec;
    std::string remote = socket.remote_endpoint(ec).address().to_string();
    Headers common = commonHeaders();
    boost::beast::flat_buffer buffer;
    for (;;) {
      http::request_parser<http::string_body> parser;
      parser.body_limit(state.options.maxRequestBytes);
      parser.header_limit(64 * 1024);
      if (buffer.size() == 0 && !waitReadable(socket.native_handle(), state.stopping, kIdleTimeout)) break;
      auto started = std::chrono::steady_clock::now();
      http::read_header(socket, buffer, parser, ec);
      if (!ec) {
        auto length = parser.content_length();
        if (length && *length > state.options.maxRequestBytes) {
          ec = http::error::body_limit;  // answered at once, without reading the body
        } else if (parser.get()[http::field::expect] == "100-continue") {
          net::write(socket, net::buffer(std::string_view("HTTP/1.1 100 Continue\r\n\r\n")), ec);
        }
      }
      if (!ec && !parser.is_done()) http::read(socket, buffer, parser, ec);
      if (ec == http::error::end_of_stream || ec == net::error::eof) break;
      if (ec) {
        Request bad(http::verb::unknown, "-", 11);
        HttpExchange exchange(socket, bad, common);
        exchange.closeAfter();
        if (ec == http::error::body_limit) {
          exchange.sendError(http::status::payload_too_large,
                             "the request is larger than the limit of " +
                                 std::to_string(state.options.maxRequestBytes) + " bytes");
        } else if (ec != net::error::connection_reset) {
          exchange.sendError(http::status::bad_request, "malformed HTTP request: " + ec.message());
        }
        log(remote + " - [" + utcNow() + "] \"-\" " + std::to_string(exchange.status()) + " 0 0ms");
        break;
      }
      const Request& request = parser.get();
      HttpExchange exchange(socket, request, common);
      if (state.stopping.load()) exchange.closeAfter();
      try {
        route(exchange);
      } catch (const std::exception& e) {
        if (!exchange.responded()) {
          exchange.sendError(http::status::internal_server_error, std::string("internal error: ") + e.what());
        }
        exchange.closeAfter();
      }
      double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
      char took[32];
      std::snprintf(took, sizeof took, "%.1fms", ms);
      log(remote + " - [" + utcNow() + "] \"" + std::string(request.method_string()) + " " +
          shortened(std::string_view(request.target().data(), request.target().size()), 300) + "\" " +
          std::to_string(exchange.status()) + " " + std::to_string(exchange.bytesSent()) + " " + took);
      if (!exchange.keepAlive() || state.stopping.load()) break;
    }
    socket.shutdown(tcp::socket::shutdown_both, ec);
    socket.close(ec);
  }

  void refuse(tcp::socket socket) {
    Headers common = commonHeaders();
    Request none(http::verb::unknown, "-", 11);
    HttpExchange exchange(socket, none, common);
    exchange.closeAfter();
    exchange.sendError(http::status::service_unavailable, "too many connections; try again",
                       {{"Retry-After", "1"}});
    boost::system::error_code ec;
    socket.shutdown(tcp::socket::shutdown_both, ec);
  }
};

Server::Server(Database& db, ServerOptions options) : impl_(std::make_unique<Impl>(db, std::move(options))) {}

Server::~Server() { stop(); }

void Server::listen() {
  boost::system::error_code ec;
  auto address = net::ip::make_address(impl_->state.options.bind, ec);
  if (ec) throw Error(ErrorCode::kUsage, "invalid bind address '" + impl_->state.options.bind + "'");
  tcp::endpoint endpoint(address, impl_->state.options.port);
  impl_->acceptor.open(endpoint.protocol(), ec);
  if (!ec) impl_->acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) impl_->acceptor.bind(endpoint, ec);
  if (!ec) impl_->acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    throw Error(ErrorCode::kIo, "cannot listen on " + impl_->state.options.bind + ":" +
                                    std::to_string(impl_->state.options.port) + ": " + ec.message());
  }
}

uint16_t Server::port() const { return impl_->acceptor.local_endpoint().port(); }

void Server::run(const volatile int* stopFlag) {
  Impl& impl = *impl_;
  int fd = impl.acceptor.native_handle();
  while (!impl.state.stopping.load()) {
    if (stopFlag && *stopFlag) break;
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, kPollMillis) <= 0) continue;
    boost::system::error_code ec;
    tcp::socket socket(impl.io);
    impl.acceptor.accept(socket, ec);
    if (ec) continue;
    socket.set_option(tcp::no_delay(true), ec);
    {
      std::lock_guard<std::mutex> lock(impl.mutex);
      if (impl.connections >= impl.state.options.maxConnections) {
        impl.refuse(std::move(socket));
        continue;
      }
      ++impl.connections;
    }
    std::thread([&impl, s = std::move(socket)]() mutable {
      impl.serveConnection(std::move(s));
      std::lock_guard<std::mutex> lock(impl.mutex);
      if (--impl.connections == 0) impl.connectionsDone.notify_all();
    }).detach();
  }
  impl.state.stopping.store(true);
  boost::system::error_code ec;
  impl.acceptor.close(ec);
  // Requests in progress finish; idle connections notice `stopping` within kPollMillis.
  std::unique_lock<std::mutex> lock(impl.mutex);
  impl.connectionsDone.wait(lock, [&] { return impl.connections == 0; });
}

void Server::stop() { impl_->state.stopping.store(true); }

}  // namespace kg::server
