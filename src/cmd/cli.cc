// Command-line parsing with cobra's behaviour: flags as --name=value or --name value, -h/--help.
#include "cmd/cli.h"

#include <fmt/format.h>

#include "cmd/version.h"

namespace dexcc::cmd {
namespace {

constexpr char kRootHelp[] =
    "A drop-in replacement for Dex, the OpenID Connect identity and OAuth 2.0 provider\n"
    "\n"
    "Usage:\n"
    "  dexcc [command]\n"
    "\n"
    "Available Commands:\n"
    "  help        Help about any command\n"
    "  serve       Launch Dex\n"
    "  version     Print the version and exit\n"
    "\n"
    "Flags:\n"
    "  -h, --help   help for dexcc\n"
    "\n"
    "Use \"dexcc [command] --help\" for more information about a command.\n";

constexpr char kServeHelp[] =
    "Launch Dex\n"
    "\n"
    "Usage:\n"
    "  dexcc serve [flags] [config file]\n"
    "\n"
    "Examples:\n"
    "dexcc serve config.yaml\n"
    "\n"
    "Flags:\n"
    "      --grpc-addr string        gRPC API address\n"
    "  -h, --help                    help for serve\n"
    "      --telemetry-addr string   Telemetry address\n"
    "      --web-http-addr string    Web HTTP address\n"
    "      --web-https-addr string   Web HTTPS address\n";

constexpr char kVersionHelp[] =
    "Print the version and exit\n"
    "\n"
    "Usage:\n"
    "  dexcc version [flags]\n"
    "\n"
    "Flags:\n"
    "  -h, --help   help for version\n";

Invocation fail(std::string message, const char* usage) {
  Invocation inv;
  inv.exit_code = kExitError;
  inv.error = fmt::format("Error: {}\n{}", message, usage);
  return inv;
}

Invocation help(const char* text) {
  Invocation inv;
  inv.exit_code = kExitOk;
  inv.output = text;
  return inv;
}

Invocation parse_serve(const std::vector<std::string>& args) {
  Invocation inv;
  inv.command = Invocation::Command::kServe;
  std::vector<std::string> positional;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "-h" || a == "--help") return help(kServeHelp);
    if (a == "--") {
      positional.insert(positional.end(), args.begin() + static_cast<long>(i) + 1, args.end());
      break;
    }
    if (!a.starts_with("-")) {
      positional.push_back(a);
      continue;
    }
    std::string name = a, value;
    bool has_value = false;
    if (auto eq = a.find('='); eq != std::string::npos) {
      name = a.substr(0, eq);
      value = a.substr(eq + 1);
      has_value = true;
    }
    std::optional<std::string>* target = nullptr;
    if (name == "--web-http-addr") target = &inv.serve.overrides.web_http;
    if (name == "--web-https-addr") target = &inv.serve.overrides.web_https;
    if (name == "--telemetry-addr") target = &inv.serve.overrides.telemetry_http;
    if (name == "--grpc-addr") target = &inv.serve.overrides.grpc_addr;
    if (!target) return fail(fmt::format("unknown flag: {}", name), kServeHelp);
    if (!has_value) {
      if (i + 1 >= args.size()) return fail(fmt::format("flag needs an argument: {}", name), kServeHelp);
      value = args[++i];
    }
    *target = value;
  }
  if (positional.size() != 1)
    return fail(fmt::format("accepts 1 arg(s), received {}", positional.size()), kServeHelp);
  inv.serve.config_path = positional[0];
  return inv;
}

}  // namespace

Invocation parse_command_line(const std::vector<std::string>& args) {
  if (args.empty()) {
    Invocation inv = help(kRootHelp);
    inv.exit_code = kExitError;  // dex prints help and exits 2 without a subcommand
    return inv;
  }
  const std::string& sub = args[0];
  std::vector<std::string> rest(args.begin() + 1, args.end());
  if (sub == "-h" || sub == "--help" || sub == "help") return help(kRootHelp);
  if (sub == "serve") return parse_serve(rest);
  if (sub == "version") {
    for (const auto& a : rest) {
      if (a == "-h" || a == "--help") return help(kVersionHelp);
    }
    if (!rest.empty()) return fail(fmt::format("unknown command \"{}\" for \"dexcc version\"", rest[0]), kVersionHelp);
    Invocation inv;
    inv.command = Invocation::Command::kVersion;
    inv.exit_code = kExitOk;
    inv.output = version_text();
    return inv;
  }
  return fail(fmt::format("unknown command \"{}\" for \"dexcc\"", sub), kRootHelp);
}

std::string version_text() {
  return fmt::format("Dex Version: {}\nCompiler: gcc {}.{}.{}\nOS/ARCH: linux amd64\n", full_version(), __GNUC__,
                     __GNUC_MINOR__, __GNUC_PATCHLEVEL__);
}

}  // namespace dexcc::cmd
