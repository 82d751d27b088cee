// Static overlays (reference dex-server.md §7.9): clients, passwords and connectors from the config
// file layered over a storage. Static entries shadow stored ones with the same key on get and
// list, and are read-only: creating, updating or deleting one fails with kReadOnly. Everything
// else passes through to the wrapped storage.
#pragma once

#include <memory>
#include <vector>

#include "storage/storage.h"

namespace dexcc::storage {

std::unique_ptr<Storage> with_static_clients(std::unique_ptr<Storage> inner, std::vector<Client> clients);
// Looked up by lower-cased email; a later entry with the same email replaces an earlier one (logged).
std::unique_ptr<Storage> with_static_passwords(std::unique_ptr<Storage> inner,
                                               std::vector<Password> passwords);
std::unique_ptr<Storage> with_static_connectors(std::unique_ptr<Storage> inner,
                                                std::vector<Connector> connectors);

}  // namespace dexcc::storage
