#include "fuzz_support.h"

#include <system_error>
#include <unistd.h>
#include <vector>

namespace kg::fuzz {
namespace {

// Removes the scratch directories when the process ends normally.
struct ScratchCleaner {
  std::vector<std::filesystem::path> paths;
  ~ScratchCleaner() {
    std::error_code ec;
    for (const auto& p : paths) std::filesystem::remove_all(p, ec);
  }
};
ScratchCleaner& cleaner() {
  static ScratchCleaner c;
  return c;
}

}  // namespace

std::string scratchDirectory(const char* name) {
  auto dir = std::filesystem::temp_directory_path() /
             ("kg-fuzz-" + std::string(name) + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  cleaner().paths.push_back(dir);
  return dir.string();
}

}  // namespace kg::fuzz
