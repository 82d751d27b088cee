// OpenConnections: the registry of a server's connections.
#include "net/connection.h"

namespace dexcc::net {

void OpenConnections::add(uint64_t id, std::weak_ptr<Connection> connection) {
  std::lock_guard lock(mu_);
  connections_.emplace(id, std::move(connection));
}

void OpenConnections::remove(uint64_t id) {
  std::lock_guard lock(mu_);
  connections_.erase(id);
}

std::vector<std::shared_ptr<Connection>> OpenConnections::live() {
  std::vector<std::shared_ptr<Connection>> live;
  std::lock_guard lock(mu_);
  live.reserve(connections_.size());
  for (auto& [id, weak] : connections_) {
    if (auto p = weak.lock()) live.push_back(std::move(p));
  }
  return live;
}

}  // namespace dexcc::net
