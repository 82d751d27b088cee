// Signal handling for a multi-threaded server: block SIGINT/SIGTERM/SIGHUP everywhere, then wait
// for them synchronously on the main thread.
#pragma once

#include <functional>

namespace dexcc::cmd {

// Call before any thread starts, so every thread inherits the blocked mask.
void block_shutdown_signals();
// Blocks until SIGINT or SIGTERM arrives; returns its number. Each SIGHUP on the way runs
// `on_hangup` on this thread (dex reloads its TLS files then).
int wait_for_shutdown_signal(const std::function<void()>& on_hangup);

}  // namespace dexcc::cmd
