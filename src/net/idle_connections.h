// IdleConnections: one I/O thread's keep-alive connections waiting for their next request, the
// longest-idle first, so that a new connection at the connection cap can take the place of one.
//
// The list is touched only on its I/O thread (the connections on it are handled there). The
// acceptor runs on another thread: it reads the counts published here, claims an eviction with
// try_claim() and posts evict_claimed() to the list's thread.
#pragma once

#include <atomic>
#include <boost/intrusive/list.hpp>
#include <chrono>
#include <cstdint>
#include <limits>
#include <optional>

namespace dexcc::net {

class IdleConnections;

// A connection that can wait on an IdleConnections list. The list links it in place (no allocation
// per request), so the connection must leave the list before it is destroyed.
class IdleConnection {
 public:
  // Closes the connection to make room for a new one; called on its I/O thread, after it has left
  // the list.
  virtual void evict() = 0;

 protected:
  IdleConnection() = default;
  ~IdleConnection() = default;

 private:
  friend class IdleConnections;
  boost::intrusive::list_member_hook<> idle_hook_;
  std::chrono::steady_clock::time_point idle_since_;
};

class IdleConnections {
 public:
  using Clock = std::chrono::steady_clock;

  IdleConnections() = default;
  IdleConnections(const IdleConnections&) = delete;
  IdleConnections& operator=(const IdleConnections&) = delete;

  // On the list's I/O thread. `now` is when `connection` became idle (a clock read the caller has).
  void add(IdleConnection& connection, Clock::time_point now);
  // Does nothing when `connection` is not on the list.
  void remove(IdleConnection& connection);
  // Evicts the longest-idle connection for one claim. There may be none left: the connections
  // counted when the claim was made may have received a request since.
  void evict_claimed();

  // From any thread; the list's I/O thread may change the answers at any moment.
  // When the longest-idle connection became idle (whether claimed or not); nullopt when no idle
  // connection is left unclaimed.
  std::optional<Clock::time_point> oldest_unclaimed() const;
  // Claims one connection for evict_claimed(); false when every idle connection is claimed. One
  // thread claims (the acceptor's): the check and the claim are not one atomic step.
  bool try_claim();

 private:
  using List = boost::intrusive::list<
      IdleConnection, boost::intrusive::member_hook<IdleConnection, boost::intrusive::list_member_hook<>,
                                                    &IdleConnection::idle_hook_>>;
  void publish_oldest();
  // Idle connections not claimed yet (negative when claimed ones got a request before eviction).
  int64_t unclaimed() const;

  List list_;
  // Published for the acceptor: written by the list's thread (size_, oldest_ns_) or both (claimed_).
  std::atomic<int64_t> size_{0};
  std::atomic<int64_t> claimed_{0};
  std::atomic<Clock::rep> oldest_ns_{std::numeric_limits<Clock::rep>::max()};
};

}  // namespace dexcc::net
