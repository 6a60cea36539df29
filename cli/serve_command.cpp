// kg serve [--db DIR] [--bind ADDR] [--port N] [--update-token TOKEN] [--cors ORIGIN] ...
// The SPARQL 1.1 Protocol, the Graph Store Protocol and the workbench over HTTP, until
// SIGINT or SIGTERM; then requests in progress finish and the store closes cleanly.
#include <csignal>
#include <cstdlib>
#include <iostream>

#include "cli_common.h"
#include "server/server.h"
#include "serve_paths.h"

namespace kg::cli {
namespace {

volatile int gStopSignal = 0;

extern "C" void onStopSignal(int signal) { gStopSignal = signal; }

}  // namespace

int runServe(const std::vector<std::string>& args) {
  po::options_description desc(
      "kg serve [--db DIR] [--bind 127.0.0.1] [--port 7878] [--update-token TOKEN] [--cors ORIGIN]");
  addStoreOptions(desc, false);
  desc.add_options()
      ("bind", po::value<std::string>()->default_value("127.0.0.1"), "address to listen on")
      ("port", po::value<unsigned>()->default_value(7878), "port to listen on (0: any free port)")
      ("update-token", po::value<std::string>(),
       "allow updates and /store writes with 'Authorization: Bearer TOKEN' (also $KG_UPDATE_TOKEN); "
       "without it the store is served read-only")
      ("cors", po::value<std::string>(), "allow browser pages from ORIGIN (or *) to use the endpoints")
      ("timeout", po::value<double>()->default_value(30), "seconds a query or update may run (0: no limit)")
      ("max-queries", po::value<unsigned>()->default_value(8), "queries running at once; more wait, then get 503")
      ("max-connections", po::value<unsigned>()->default_value(256), "open connections; more get 503")
      ("max-request-size", po::value<double>()->default_value(64), "largest request body in MiB (413 beyond)")
      ("web-root", po::value<std::string>()->default_value(KG_WEB_ROOT), "folder of the workbench's files");
  auto vm = parseArgs(args, desc);

  server::ServerOptions options;
  options.bind = vm["bind"].as<std::string>();
  unsigned port = vm["port"].as<unsigned>();
  if (port > 65535) throw UsageError("--port must be at most 65535");
  options.port = static_cast<uint16_t>(port);
  if (vm.count("update-token")) {
    options.updateToken = vm["update-token"].as<std::string>();
  } else if (const char* token = std::getenv("KG_UPDATE_TOKEN")) {
    options.updateToken = token;
  }
  if (vm.count("cors")) options.corsOrigin = vm["cors"].as<std::string>();
  double timeout = vm["timeout"].as<double>();
  if (timeout < 0) throw UsageError("--timeout must not be negative");
  options.timeout = std::chrono::milliseconds(static_cast<int64_t>(timeout * 1000));
  options.maxQueries = vm["max-queries"].as<unsigned>();
  options.maxConnections = vm["max-connections"].as<unsigned>();
  if (options.maxQueries == 0 || options.maxConnections == 0) {
    throw UsageError("--max-queries and --max-connections must be at least 1");
  }
  double megabytes = vm["max-request-size"].as<double>();
  if (megabytes <= 0) throw UsageError("--max-request-size must be positive");
  options.maxRequestBytes = static_cast<uint64_t>(megabytes * 1024 * 1024);
  options.webRoot = vm["web-root"].as<std::string>();
  options.codemirrorDir = KG_CODEMIRROR_DIR;
  options.d3Dir = KG_D3_DIR;

  // Without an update token nothing writes: open read-only, so `kg load` can run beside it.
  auto db = openDatabase(vm, options.updateToken.empty());
  server::Server server(*db, options);
  server.listen();
  std::signal(SIGINT, onStopSignal);
  std::signal(SIGTERM, onStopSignal);
  std::signal(SIGPIPE, SIG_IGN);
  std::cerr << "kg serve: " << db->path() << " on http://" << options.bind << ":" << server.port()
            << "/ (SPARQL at /sparql, graph store at /store; "
            << (options.updateToken.empty() ? "read-only" : "updates need the token") << ")"
            << std::endl;
  server.run(&gStopSignal);
  std::cerr << "kg serve: stopped" << (gStopSignal ? " by a signal" : "") << "; store closed" << std::endl;
  return kOk;
}

}  // namespace kg::cli
