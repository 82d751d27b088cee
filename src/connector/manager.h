// Manager: the server's opened connectors, keyed by ID, opened from storage (static connectors are
// layered in by storage::with_static_connectors) and reopened when a stored connector's resource
// version changes, as dex does.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "connector/registry.h"

namespace dexcc::connector {

struct Opened {
  storage::Connector info;  // id, type, name, resource version, config
  std::unique_ptr<Connector> impl;
  Capabilities caps;
};

class Manager {
 public:
  // `context` supplies the clock and password store; its `id` is set per connector.
  Manager(const Registry& registry, storage::ConnectorStore& store, OpenContext context);

  // Opens every stored connector. Fails when there are none, or when one fails and
  // `continue_on_failure` is off, or when all fail (dex's DEX_CONTINUE_ON_CONNECTOR_FAILURE rules).
  Result<size_t> open_all(bool continue_on_failure);

  // The opened connector for `id`; opened or reopened now if it is new, changed, or failed before.
  // kNotFound-style failures read "connector not found".
  Result<std::shared_ptr<const Opened>> get(std::string_view id);

  // How many connectors are open right now (dex shows the "back" link only when more than one is).
  size_t open_count() const;

 private:
  Result<std::shared_ptr<const Opened>> open_one(const storage::Connector& info);

  const Registry& registry_;
  storage::ConnectorStore& store_;
  OpenContext context_;
  mutable std::mutex mu_;
  std::map<std::string, std::shared_ptr<const Opened>, std::less<>> opened_;
};

}  // namespace dexcc::connector
