// Static files: the workbench (webRoot) and the libraries it uses, from where the system
// installed them (CodeMirror, d3). Paths never leave those folders.
#include <fstream>
#include <sstream>

#include "server/server_state.h"

namespace kg::server {
namespace {

std::string contentTypeOf(const std::string& path) {
  auto ends = [&](const char* suffix) {
    std::string s(suffix);
    return path.size() >= s.size() && path.compare(path.size() - s.size(), s.size(), s) == 0;
  };
  if (ends(".html")) return "text/html; charset=utf-8";
  if (ends(".js")) return "text/javascript; charset=utf-8";
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".svg")) return "image/svg+xml";
  if (ends(".png")) return "image/png";
  if (ends(".json")) return "application/json";
  return "application/octet-stream";
}

bool safeRelativePath(const std::string& path) {
  if (path.empty() || path.front() == '/') return false;
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    std::string part = path.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    if (part.empty() || part == "." || part == "..") return false;
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return path.find('\0') == std::string::npos;
}

void sendFile(HttpExchange& exchange, const std::string& root, const std::string& relative) {
  if (root.empty() || !safeRelativePath(relative)) {
    return exchange.sendError(http::status::not_found, "not found: " + exchange.path());
  }
  std::ifstream in(root + "/" + relative, std::ios::binary);
  if (!in) return exchange.sendError(http::status::not_found, "not found: " + exchange.path());
  std::ostringstream content;
  content << in.rdbuf();
  exchange.send(http::status::ok, contentTypeOf(relative), content.str(),
                {{"Cache-Control", "no-cache"}});
}

bool startsWith(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

}  // namespace

void handleWorkbench(ServerState& state, HttpExchange& exchange) {
  auto method = exchange.request().method();
  if (method != http::verb::get && method != http::verb::head) {
    return exchange.sendError(http::status::method_not_allowed, "use GET",
                              {{"Allow", "GET, HEAD"}});
  }
  const std::string& path = exchange.path();
  if (path == "/") return sendFile(exchange, state.options.webRoot, "index.html");
  if (startsWith(path, "/lib/codemirror/")) {
    return sendFile(exchange, state.options.codemirrorDir, path.substr(16));
  }
  if (startsWith(path, "/lib/d3/")) return sendFile(exchange, state.options.d3Dir, path.substr(8));
  sendFile(exchange, state.options.webRoot, path.substr(1));
}

}  // namespace kg::server
