#include "shell/session_store.h"

#include <filesystem>

namespace kg::cli::shell {

std::unique_ptr<SessionStore> SessionStore::open(const std::string& path, bool& created) {
  std::error_code ec;
  created = !std::filesystem::exists(path, ec) ||
            (std::filesystem::is_directory(path, ec) && std::filesystem::is_empty(path, ec));
  // Creating needs the writer's lock once; afterwards the session reads without it.
  if (created) Database::open(path).reset();
  std::unique_ptr<SessionStore> store(new SessionStore(path));
  store->reader();  // fails now (not at the first statement) for a store that cannot be read
  return store;
}

Database& SessionStore::reader() {
  if (!reader_ || stale_) {
    reader_.reset();
    OpenOptions options;
    options.readOnly = true;
    options.createIfMissing = false;
    reader_ = Database::open(path_, options);
    stale_ = false;
  }
  return *reader_;
}

Database& SessionStore::beginWrite() {
  try {
    writer_ = Database::open(path_);
  } catch (const Error& e) {
    if (e.code() != ErrorCode::kLocked) throw;
    throw Error(ErrorCode::kLocked, "another process is writing to the store '" + path_ +
                                        "': this session can write once it has finished (reading works now)");
  }
  return *writer_;
}

void SessionStore::finishWrite() {
  writer_.reset();
  stale_ = true;
}

}  // namespace kg::cli::shell
