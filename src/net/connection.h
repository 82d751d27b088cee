// Connection: what the deadline sweep, shutdown and eviction see of one connection, whatever its
// stream; OpenConnections: the server's connections, found by the sweep and by shutdown.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <limits>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "net/idle_connections.h"

namespace dexcc::net {

using SteadyClock = std::chrono::steady_clock;

// A connection's deadline for its current phase (idle wait, header, body, write, linger) is a time
// the connection stores; one sweep timer checks them all a few times a second. Beast's timed
// streams armed and cancelled a timer for every read and write instead, which cost a timer-queue
// update, a cancelled-handler completion and often a timerfd_settime call each time.
class Connection : public IdleConnection {
 public:
  virtual ~Connection() = default;
  // Closes the connection unless a request is being handled or written.
  virtual void close_if_idle() = 0;
  // Closes the connection if its deadline has passed (posted to its thread by the sweep).
  virtual void close_if_expired() = 0;
  bool expired(SteadyClock::time_point now) const {
    return deadline_ns_.load(std::memory_order_relaxed) <= now.time_since_epoch().count();
  }

 protected:
  void set_deadline(std::chrono::nanoseconds after) { set_deadline_at(SteadyClock::now() + after); }
  void set_deadline_at(SteadyClock::time_point deadline) {
    deadline_ns_.store(deadline.time_since_epoch().count(), std::memory_order_relaxed);
  }
  // While a handler runs nothing is read or written, and the handler may take as long as it needs.
  void clear_deadline() { deadline_ns_.store(kNoDeadline, std::memory_order_relaxed); }

 private:
  static constexpr int64_t kNoDeadline = std::numeric_limits<int64_t>::max();
  std::atomic<int64_t> deadline_ns_{kNoDeadline};
};

// Every connection of a server, by id, held weakly: a connection registers when it starts and
// leaves when it is destroyed. Touched once per connection, not per request.
class OpenConnections {
 public:
  uint64_t next_id() { return next_id_++; }
  void add(uint64_t id, std::weak_ptr<Connection> connection);
  void remove(uint64_t id);
  // The connections still alive now.
  std::vector<std::shared_ptr<Connection>> live();

 private:
  std::atomic<uint64_t> next_id_{1};
  std::mutex mu_;
  std::unordered_map<uint64_t, std::weak_ptr<Connection>> connections_;
};

}  // namespace dexcc::net
