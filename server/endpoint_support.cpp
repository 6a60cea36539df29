// Limits, authorisation and error answers shared by the endpoints.
#include <boost/beast/http.hpp>

#include "server/server_state.h"

namespace kg::server {

bool Gate::enter(std::chrono::milliseconds wait) {
  std::unique_lock<std::mutex> lock(mutex_);
  if (!released_.wait_for(lock, wait, [&] { return active_ < limit_; })) return false;
  ++active_;
  return true;
}

void Gate::leave() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    --active_;
  }
  released_.notify_one();
}

http::status statusFor(const Error& e) {
  switch (e.code()) {
    case ErrorCode::kSyntax:
    case ErrorCode::kInvalidInput:
    case ErrorCode::kQuery:
    case ErrorCode::kUsage:
      return http::status::bad_request;
    case ErrorCode::kTimeout:
    case ErrorCode::kCancelled:
    case ErrorCode::kLocked:
    case ErrorCode::kLimit:  // the query's memory budget or row cap
      return http::status::service_unavailable;
    case ErrorCode::kStorage:
    case ErrorCode::kIo:
    case ErrorCode::kVersion:
      return http::status::internal_server_error;
  }
  return http::status::internal_server_error;
}

std::string errorMessage(const Error& e) {
  if (auto* positioned = dynamic_cast<const PositionedError*>(&e)) {
    std::string where = positioned->file().empty() ? "" : positioned->file() + ": ";
    std::string kind = e.code() == ErrorCode::kSyntax ? "syntax error at " : "error at ";
    return where + kind + "line " + std::to_string(positioned->line()) + ", column " +
           std::to_string(positioned->column()) + ": " + positioned->message();
  }
  if (e.code() == ErrorCode::kTimeout) return std::string("timeout: ") + e.what();
  return e.what();
}

void sendEngineError(HttpExchange& exchange, const Error& e) {
  exchange.sendError(statusFor(e), errorMessage(e));
}

bool authorizeWrite(ServerState& state, HttpExchange& exchange) {
  if (state.options.updateToken.empty()) {
    exchange.sendError(http::status::forbidden,
                       "this kg serve is read-only: start it with --update-token TOKEN (or "
                       "KG_UPDATE_TOKEN) to allow updates");
    return false;
  }
  auto header = exchange.request()[http::field::authorization];
  std::string expected = "Bearer " + state.options.updateToken;
  if (std::string_view(header.data(), header.size()) != expected) {
    exchange.sendError(http::status::unauthorized,
                       "updates need the header 'Authorization: Bearer <token>'",
                       {{"WWW-Authenticate", "Bearer realm=\"kg\""}});
    return false;
  }
  return true;
}

}  // namespace kg::server
