// IdleConnections: the longest-idle-first list of one I/O thread and the counts it publishes.
#include "http/idle_connections.h"

namespace dexcc::http {

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
  claimed_.fetch_sub(1, std::memory_order_relaxed);
  if (list_.empty()) return;
  IdleConnection& oldest = list_.front();
  remove(oldest);
  oldest.evict();
}

std::optional<IdleConnections::Clock::time_point> IdleConnections::oldest_unclaimed() const {
  if (size_.load(std::memory_order_relaxed) <= claimed_.load(std::memory_order_relaxed)) return std::nullopt;
  return Clock::time_point(Clock::duration(oldest_ns_.load(std::memory_order_relaxed)));
}

bool IdleConnections::try_claim() {
  if (size_.load(std::memory_order_relaxed) <= claimed_.load(std::memory_order_relaxed)) return false;
  claimed_.fetch_add(1, std::memory_order_relaxed);
  return true;
}

void IdleConnections::publish_oldest() {
  oldest_ns_.store(list_.empty() ? std::numeric_limits<Clock::rep>::max()
                                 : list_.front().idle_since_.time_since_epoch().count(),
                   std::memory_order_relaxed);
}

}  // namespace dexcc::http
