// The etcd that scripts/services.sh started for this test run, found through DEXCC_SERVICES_DIR.
#pragma once

#include <optional>
#include <string>

namespace dexcc::testing {

// "http://127.0.0.1:<port>", or nothing when no etcd runs for this run (a bare `ctest`): tests
// then GTEST_SKIP with etcd_skip_reason().
std::optional<std::string> etcd_endpoint();
std::string etcd_skip_reason();

// A key namespace no other test (or parallel run) uses, e.g. "dexcc-test/k3v.../": every test
// gets a fresh, empty keyspace on the one shared etcd.
std::string unique_etcd_namespace();

}  // namespace dexcc::testing
