// The store a REPL or script session works on. Between writes it is open read-only, without
// the writer's lock: `kg load` or `kg extract` from another terminal can write meanwhile, and
// each statement sees what they wrote (the read handle is reopened for every statement). A
// write (an update, .load, .extract) opens the store for writing only while it runs.
#pragma once

#include <memory>
#include <string>

#include "kg/database.h"

namespace kg::cli::shell {

class SessionStore {
 public:
  // Opens the store in `path`; one that does not exist yet is created empty (`created`).
  static std::unique_ptr<SessionStore> open(const std::string& path, bool& created);

  const std::string& path() const { return path_; }
  // The store for reading, as it was when this statement began.
  Database& reader();
  // The next reader() sees the store as it is then (called before each statement).
  void refresh() { stale_ = true; }
  // The store opened for writing; closed again by finishWrite(). Throws Error(kLocked) with
  // a message naming the store when another process is writing to it.
  Database& beginWrite();
  void finishWrite();

 private:
  explicit SessionStore(std::string path) : path_(std::move(path)) {}

  std::string path_;
  std::unique_ptr<Database> reader_;
  std::unique_ptr<Database> writer_;
  bool stale_ = true;
};

// Opens the session's store for writing for the lifetime of the scope.
class WriteScope {
 public:
  explicit WriteScope(SessionStore& store) : store_(store), db_(store.beginWrite()) {}
  ~WriteScope() { store_.finishWrite(); }
  WriteScope(const WriteScope&) = delete;
  WriteScope& operator=(const WriteScope&) = delete;
  Database& db() { return db_; }

 private:
  SessionStore& store_;
  Database& db_;
};

}  // namespace kg::cli::shell
