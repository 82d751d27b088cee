// SqliteStorage: Storage over one write connection and a pool of read connections (internal).
#pragma once

#include <memory>
#include <vector>

#include "storage/sqlite/connection.h"
#include "storage/storage.h"

namespace dexcc::storage::sqlite {

// `writer` must already be migrated. With no readers, reads go through the writer.
std::unique_ptr<Storage> make_storage(std::unique_ptr<Connection> writer,
                                      std::vector<std::unique_ptr<Connection>> readers);

}  // namespace dexcc::storage::sqlite
