// Admission: the two steps a new connection passes before it is served, so that clients that hold
// connections without finishing requests cannot lock others out. First its client address's count
// of connections in progress (ActiveConnectionsPerAddress); then the connection cap, where the
// keep-alive connection idle the longest is closed to make room (IdleConnections, one list per I/O
// thread). No Asio here: the listener posts the claimed eviction to the I/O thread it names.
//
// Each listener has an Admission of its own: a flood that fills the public listener's cap or its
// addresses' counts leaves the telemetry listener's health probes and metrics scrapes answered at
// once, and its idle connections are never closed to make room on another listener.
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>
#include <optional>

#include "net/connections_per_address.h"
#include "net/idle_connections.h"

namespace dexcc::net {

// The cap of each of `listeners` listeners: `configured`, lowered so that all their connections
// together fit in what RLIMIT_NOFILE leaves. Past the limit accept() fails on every listener, and
// the server could neither admit a new connection nor close an idle one to make room for it.
size_t fit_to_open_file_limit(size_t configured, size_t listeners);

class Admission {
 public:
  Admission(size_t max_connections, size_t max_active_per_address, size_t io_threads);
  Admission(const Admission&) = delete;
  Admission& operator=(const Admission&) = delete;

  // Step 1, for a connection from `key` to live on I/O thread `io_thread`: nullopt when the
  // address already has its limit of connections in progress.
  std::optional<ActiveConnectionsPerAddress::Ticket> admit_address(const AddressKey& key, size_t io_thread) {
    return active_per_address_.admit(key, io_thread);
  }
  // Step 2: under the cap.
  bool has_room() const { return open_.load(std::memory_order_relaxed) < max_connections_; }
  // At the cap: claims the keep-alive connection idle the longest (of every I/O thread) and returns
  // its thread, where the caller runs idle(thread).evict_claimed(); nullopt when none is idle.
  // One thread (the listeners') claims.
  std::optional<size_t> claim_longest_idle();

  // The idle keep-alive connections on `io_thread`, touched only on that thread.
  IdleConnections& idle(size_t io_thread) { return idle_[io_thread]; }
  // Connections admitted and not yet closed, counted by the connections themselves. The count may
  // go over the cap by the evictions in flight, each of them an idle connection about to go.
  void opened() { open_.fetch_add(1, std::memory_order_relaxed); }
  void closed() { open_.fetch_sub(1, std::memory_order_relaxed); }
  size_t open() const { return open_.load(std::memory_order_relaxed); }

  size_t max_connections() const { return max_connections_; }
  // Before the server starts (the listeners read the cap on the I/O threads).
  void set_max_connections(size_t cap) { max_connections_ = cap; }
  size_t max_active_per_address() const { return max_active_per_address_; }

 private:
  size_t max_connections_;
  size_t max_active_per_address_;
  size_t io_threads_;
  std::atomic<size_t> open_{0};
  ActiveConnectionsPerAddress active_per_address_;
  std::unique_ptr<IdleConnections[]> idle_;  // one per I/O thread
};

}  // namespace dexcc::net
