// sigwait-based signal handling: no async-signal-safety concerns, no handler functions.
#include "cmd/signals.h"

#include <pthread.h>
#include <signal.h>

#include "base/log.h"

namespace dexcc::cmd {
namespace {

sigset_t shutdown_set() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGHUP);
  return set;
}

}  // namespace

void block_shutdown_signals() {
  sigset_t set = shutdown_set();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  // A peer closing a socket mid-write must not kill the process.
  signal(SIGPIPE, SIG_IGN);
}

int wait_for_shutdown_signal(const std::function<void()>& on_hangup) {
  sigset_t set = shutdown_set();
  while (true) {
    int sig = 0;
    if (sigwait(&set, &sig) != 0) continue;
    if (sig == SIGHUP) {
      log::info("SIGHUP received");
      on_hangup();
      continue;
    }
    return sig;
  }
}

}  // namespace dexcc::cmd
