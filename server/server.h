// kg serve: the SPARQL 1.1 Protocol (/sparql), the Graph Store HTTP Protocol (/store) and the
// web workbench (/), over Boost.Beast, as a client of kg::Database.
//
// Threads: one per connection (capped by maxConnections), blocking reads and writes on the
// socket. Queries run in parallel on snapshots (at most maxQueries at once; others wait up to
// the timeout, then get 503); writes take one writer lock (a second writer waits up to the
// timeout, then gets 503). stop() (or SIGINT/SIGTERM through run's flag) stops accepting, lets
// requests in progress finish, and returns from run() once every connection has closed.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "kg/database.h"

namespace kg::server {

struct ServerOptions {
  std::string bind = "127.0.0.1";
  uint16_t port = 7878;  // 0 = any free port (see Server::port())
  // Empty: the store is read-only over HTTP. Otherwise updates and /store writes need
  // "Authorization: Bearer <token>".
  std::string updateToken;
  // Value of Access-Control-Allow-Origin ("*" or an origin); empty = no CORS headers.
  std::string corsOrigin;
  std::chrono::milliseconds timeout{30000};  // per query or update; 0 = none
  unsigned maxQueries = 8;                   // queries running at once
  unsigned maxConnections = 256;             // open connections
  uint64_t maxRequestBytes = uint64_t{64} << 20;
  // The workbench's files, and the folders of the libraries it uses.
  std::string webRoot;
  std::string codemirrorDir;
  std::string d3Dir;
  // Where access-log lines go (one per request); default standard error.
  std::function<void(const std::string&)> accessLog;
};

class Server {
 public:
  Server(Database& db, ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens. Throws kg::Error(kIo) when the address is taken or invalid.
  void listen();
  // The port listened on (after listen()).
  uint16_t port() const;
  // Serves until stop() is called or *stopFlag becomes non-zero (a signal handler's flag),
  // then waits for the requests in progress.
  void run(const volatile int* stopFlag = nullptr);
  // Thread-safe.
  void stop();

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace kg::server
