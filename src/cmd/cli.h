// The command line: `dexcc serve [flags] CONFIG`, `dexcc version`, help texts and dex's exit codes.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "config/load.h"

namespace dexcc::cmd {

// dex (cobra) exits 2 on any command error and when run without a subcommand.
constexpr int kExitOk = 0;
constexpr int kExitError = 2;

struct ServeArgs {
  std::string config_path;
  config::Overrides overrides;
};

// What the command line asks for; `exit_code` set means "print `output` and exit".
struct Invocation {
  enum class Command { kServe, kVersion, kNone } command = Command::kNone;
  ServeArgs serve;
  std::optional<int> exit_code;
  std::string output;    // to stdout (help, version)
  std::string error;     // to stderr
};

Invocation parse_command_line(const std::vector<std::string>& args);

// `dexcc version`: dex's three lines, with dexcc's identity where dex names Go.
std::string version_text();

}  // namespace dexcc::cmd
