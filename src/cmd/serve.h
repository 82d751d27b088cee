// `dexcc serve`: load the config, open storage, build the listeners, run until SIGINT/SIGTERM.
#pragma once

#include "cmd/cli.h"

namespace dexcc::cmd {

// Returns the process exit code: 0 after a graceful shutdown, 2 when start-up fails.
int serve(const ServeArgs& args);

}  // namespace dexcc::cmd
