// dexcc's entry point: parse the command line and run the chosen command.
#include <iostream>
#include <string>
#include <vector>

#include "cmd/cli.h"
#include "cmd/serve.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  dexcc::cmd::Invocation inv = dexcc::cmd::parse_command_line(args);
  if (inv.exit_code) {
    std::cout << inv.output;
    std::cerr << inv.error;
    return *inv.exit_code;
  }
  return dexcc::cmd::serve(inv.serve);
}
