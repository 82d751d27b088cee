// ServerState: building the I/O threads and tearing everything down in an order that is safe.
#include "net/server_state.h"

#include <algorithm>

namespace dexcc::net {

ServerState::ServerState(ServerLimits l) : limits(l), pool(l.workers, l.queue_limit) {
  for (size_t i = 0; i < std::max<size_t>(1, limits.io_threads); ++i) {
    io_threads.push_back(std::make_unique<IoThread>(i));
  }
}

ServerState::~ServerState() {
  pool.stop();  // before the io_contexts drop their handlers
  // Sockets and timers must go while their io_context still exists.
  acceptors.clear();
  work.clear();
  sweep.reset();
  // The first context goes first: a connection waiting there for room (in its listener) holds a
  // socket of another context. The connections leave their admission's idle lists as they go.
  for (auto& t : io_threads) t.reset();
}

size_t ServerState::open_connections() const {
  size_t open = 0;
  for (const auto& admission : admissions) open += admission->open();
  return open;
}

}  // namespace dexcc::net
