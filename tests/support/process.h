// Process: starts a program (the real dexcc binary) for an end-to-end test, captures its output in
// a file, signals it and waits for it with a timeout. The child is killed when the object dies.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace dexcc::testing {

class Process {
 public:
  // Starts `argv` with `env` added to the current environment (replacing variables of the same
  // name); stdout+stderr go to `log_file`.
  Process(std::vector<std::string> argv, const std::filesystem::path& log_file,
          std::vector<std::string> env = {});
  ~Process();
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  pid_t pid() const { return pid_; }
  void signal(int sig);
  // The exit code (or 128+signal), or nullopt if still running after `timeout`.
  std::optional<int> wait(std::chrono::milliseconds timeout);
  bool running();
  // What the process has written so far.
  std::string output() const;

 private:
  pid_t pid_ = -1;
  std::filesystem::path log_file_;
  std::optional<int> exit_code_;
};

// The path of the dexcc binary under test: $DEXCC_BINARY, else the build tree's.
std::string dexcc_binary();

// Polls until `port` on 127.0.0.1 accepts connections or `timeout` passes.
bool wait_for_port(uint16_t port, std::chrono::milliseconds timeout);

}  // namespace dexcc::testing
