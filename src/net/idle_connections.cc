// IdleConnections: the longest-idle-first list of one I/O thread and the counts it publishes.
#include "net/idle_connections.h"

namespace dexcc::net {

void IdleConnections::add(IdleConnection& connection, Clock::time_point now) {
  connection.idle_since_ = now;
  list_.push_back(connection);
  size_.store(size_.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
  if (list_.size() == 1) publish_oldest();
}

void IdleConnections::remove(IdleConnection& connection) {
  if (!connection.idle_hook_.is_linked()) return;
  bool was_oldest = &list_.front() == &connection;
  list_.erase(list_.iterator_to(connection));
  size_.store(size_.load(std::memory_order_relaxed) - 1, std::memory_order_relaxed);
  if (was_oldest) publish_oldest();
}

void IdleConnections::evict_claimed() {
  IdleConnection* oldest = list_.empty() ? nullptr : &list_.front();
  if (oldest) remove(*oldest);
  // The claim goes after the connection has left the count (release, with the acquire in
  // unclaimed()): the acceptor must never see the evicted connection as one still unclaimed.
  claimed_.fetch_sub(1, std::memory_order_release);
  if (oldest) oldest->evict();
}

std::optional<IdleConnections::Clock::time_point> IdleConnections::oldest_unclaimed() const {
  if (unclaimed() <= 0) return std::nullopt;
  return Clock::time_point(Clock::duration(oldest_ns_.load(std::memory_order_relaxed)));
}

bool IdleConnections::try_claim() {
  if (unclaimed() <= 0) return false;
  claimed_.fetch_add(1, std::memory_order_relaxed);
  return true;
}

int64_t IdleConnections::unclaimed() const {
  int64_t claimed = claimed_.load(std::memory_order_acquire);
  return size_.load(std::memory_order_relaxed) - claimed;
}

void IdleConnections::publish_oldest() {
  oldest_ns_.store(list_.empty() ? std::numeric_limits<Clock::rep>::max()
                                 : list_.front().idle_since_.time_since_epoch().count(),
                   std::memory_order_relaxed);
}

}  // namespace dexcc::net
