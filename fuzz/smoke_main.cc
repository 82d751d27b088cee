// A libFuzzer-compatible driver for CTest: replays the seed corpus, then runs byte-level mutations
// of it for a fixed number of iterations with a fixed seed, so sanitizer builds exercise each
// target on every CI run. Real coverage-guided sessions use AFL++ (scripts/fuzz.sh).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

std::string mutate(std::string s, std::mt19937& rng, const std::vector<std::string>& seeds) {
  static const char* const kTokens[] = {"%",   "%zz", "&",  "=", ";", "+", "\x00", "\xff", "..", "{", "}", "[",
                                        "\"", "\\",  ":",  "-", "9999999999999999999", "openid", "$", "*", "\n"};
  int edits = 1 + static_cast<int>(rng() % 8);
  for (int i = 0; i < edits; ++i) {
    size_t pos = s.empty() ? 0 : rng() % (s.size() + 1);
    switch (rng() % 6) {
      case 0: s.insert(pos, 1, static_cast<char>(rng() & 0xff)); break;
      case 1: if (!s.empty() && pos < s.size()) s.erase(pos, 1 + rng() % 4); break;
      case 2: if (!s.empty() && pos < s.size()) s[pos] = static_cast<char>(rng() & 0xff); break;
      case 3: s.insert(pos, kTokens[rng() % (sizeof kTokens / sizeof *kTokens)]); break;
      case 4: if (!seeds.empty()) { const auto& other = seeds[rng() % seeds.size()]; s.insert(pos, other.substr(0, rng() % (other.size() + 1))); } break;
      case 5: if (!s.empty()) s = s.substr(0, pos) + s.substr(0, pos); break;
    }
    if (s.size() > 64 * 1024) s.resize(64 * 1024);
  }
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> seeds;
  long iterations = 20000;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.starts_with("--iterations=")) {
      iterations = std::stol(arg.substr(13));
      continue;
    }
    std::filesystem::path p(arg);
    std::vector<std::filesystem::path> files;
    if (std::filesystem::is_directory(p)) {
      for (const auto& e : std::filesystem::directory_iterator(p)) files.push_back(e.path());
    } else {
      files.push_back(p);
    }
    for (const auto& f : files) {
      std::ifstream in(f, std::ios::binary);
      seeds.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
  }
  if (seeds.empty()) seeds.emplace_back();
  for (const auto& s : seeds) LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(s.data()), s.size());
  std::mt19937 rng(12345);
  for (long i = 0; i < iterations; ++i) {
    std::string input = mutate(seeds[rng() % seeds.size()], rng, seeds);
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(input.data()), input.size());
  }
  std::printf("%zu seeds, %ld mutations: no crash\n", seeds.size(), iterations);
  return 0;
}
