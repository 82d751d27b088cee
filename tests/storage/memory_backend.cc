// Runs the conformance suite against the memory backend.
#include "storage/conformance.h"
#include "storage/memory/memory.h"

namespace dexcc::storage::testing {

INSTANTIATE_TEST_SUITE_P(Backends, StorageConformance,
                         ::testing::Values(Backend{"memory", [](const auto&) { return memory::open(); }}),
                         backend_name);

}  // namespace dexcc::storage::testing
