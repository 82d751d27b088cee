// The memory storage backend (`storage.type: memory`): maps under one mutex, gone on exit.
#pragma once

#include <memory>

#include "storage/storage.h"

namespace dexcc::storage::memory {

std::unique_ptr<Storage> open();

}  // namespace dexcc::storage::memory
