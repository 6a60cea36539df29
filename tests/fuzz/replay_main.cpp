// Replays inputs through a fuzz target without libFuzzer: each argument is a file, or a
// directory whose files (recursively, in name order) are replayed; `--ext=.rq,.ru` keeps
// only files of a directory with those endings. Used by ctest to run the regression inputs
// in tests/fuzz/regressions/ in the ordinary build.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);
// Optional in a target; run first, as libFuzzer does, so that ctest exercises it too.
extern "C" __attribute__((weak)) int LLVMFuzzerInitialize(int* argc, char*** argv);

int main(int argc, char** argv) {
  if (LLVMFuzzerInitialize) LLVMFuzzerInitialize(&argc, &argv);
  std::vector<std::filesystem::path> files;
  std::vector<std::string> endings;
  auto wanted = [&](const std::filesystem::path& p) {
    if (endings.empty()) return true;
    std::string name = p.filename().string();
    for (const auto& e : endings) {
      if (name.size() >= e.size() && name.compare(name.size() - e.size(), e.size(), e) == 0) return true;
    }
    return false;
  };
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.rfind("--ext=", 0) == 0) {
      std::string list = arg.substr(6);
      for (size_t start = 0; start <= list.size();) {
        size_t comma = std::min(list.find(',', start), list.size());
        if (comma > start) endings.push_back(list.substr(start, comma - start));
        start = comma + 1;
      }
      continue;
    }
    std::filesystem::path p = arg;
    if (std::filesystem::is_directory(p)) {
      for (const auto& e : std::filesystem::recursive_directory_iterator(p)) {
        if (e.is_regular_file() && wanted(e.path())) files.push_back(e.path());
      }
    } else if (std::filesystem::exists(p)) {
      files.push_back(p);
    } else {
      std::fprintf(stderr, "replay: no such file or directory: %s\n", argv[i]);
      return 2;
    }
  }
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::fprintf(stderr, "replay: %s (%zu bytes)\n", f.c_str(), bytes.size());
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
  }
  std::printf("replayed %zu inputs\n", files.size());
  return 0;
}
