// Signal handling for a multi-threaded server: block SIGINT/SIGTERM/SIGHUP everywhere, then wait
// for them synchronously on the main thread.
#pragma once

namespace dexcc::cmd {

// Call before any thread starts, so every thread inherits the blocked mask.
void block_shutdown_signals();
// Blocks until SIGINT or SIGTERM arrives; returns its number. SIGHUP is logged and ignored.
int wait_for_shutdown_signal();

}  // namespace dexcc::cmd
