// What the endpoints share: the database, the options, and the limits on concurrent work.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>

#include "kg/database.h"
#include "server/http_exchange.h"
#include "server/server.h"

namespace kg::server {

// A counting gate: at most `limit` holders at once; enter() waits up to a deadline.
class Gate {
 public:
  explicit Gate(unsigned limit) : limit_(limit ? limit : 1) {}
  bool enter(std::chrono::milliseconds wait);
  void leave();

 private:
  std::mutex mutex_;
  std::condition_variable released_;
  unsigned active_ = 0;
  unsigned limit_;
};

struct ServerState {
  ServerState(Database& db_, ServerOptions options_)
      : db(db_), options(std::move(options_)), queries(options.maxQueries) {}
  Database& db;
  ServerOptions options;
  Gate queries;
  std::timed_mutex writer;
  std::atomic<bool> stopping{false};

  // How long to wait for a query slot or the writer lock before answering 503.
  std::chrono::milliseconds queueWait() const {
    return options.timeout.count() > 0 ? options.timeout : std::chrono::milliseconds(30000);
  }
};

// Holds a query slot for its lifetime.
class QuerySlot {
 public:
  explicit QuerySlot(ServerState& state) : state_(state), held_(state.queries.enter(state.queueWait())) {}
  ~QuerySlot() {
    if (held_) state_.queries.leave();
  }
  bool held() const { return held_; }

 private:
  ServerState& state_;
  bool held_;
};

// The HTTP status for an engine error, and its message for the response body (a syntax
// error names line and column: "line 3, column 7: expected ...").
http::status statusFor(const Error& e);
std::string errorMessage(const Error& e);
// Answers the exchange for an engine error.
void sendEngineError(HttpExchange& exchange, const Error& e);

// Checks that writes are allowed and authorised; answers 403 or 401 and returns false if not.
bool authorizeWrite(ServerState& state, HttpExchange& exchange);

// The endpoints.
void handleSparql(ServerState& state, HttpExchange& exchange);
void handleGraphStore(ServerState& state, HttpExchange& exchange);
void handleWorkbench(ServerState& state, HttpExchange& exchange);
// GET /prefixes: the store's prefixes as a JSON object.
void handlePrefixes(ServerState& state, HttpExchange& exchange);
// The SPARQL service description (Turtle, sd: vocabulary) of the endpoint at `endpointIri`.
std::string serviceDescription(ServerState& state, const std::string& endpointIri);

}  // namespace kg::server
