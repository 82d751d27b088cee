// Runs the conformance suite against the etcd backend, each test in a fresh namespace on the etcd
// that services.sh started (skipped when there is none).
#include "storage/conformance.h"
#include "storage/etcd/etcd.h"
#include "support/etcd_service.h"

namespace dexcc::storage::testing {
namespace {

std::unique_ptr<Storage> open_etcd() {
  etcd::Options o;
  o.endpoints = {*dexcc::testing::etcd_endpoint()};
  o.ns = dexcc::testing::unique_etcd_namespace();
  auto s = etcd::open(o);
  EXPECT_TRUE(s.has_value()) << s.error().message;
  return s ? std::move(*s) : nullptr;
}

std::string skip_without_etcd() {
  return dexcc::testing::etcd_endpoint() ? "" : dexcc::testing::etcd_skip_reason();
}

}  // namespace

INSTANTIATE_TEST_SUITE_P(Etcd, StorageConformance,
                         ::testing::Values(Backend{"etcd", [](const auto&) { return open_etcd(); },
                                                   skip_without_etcd}),
                         backend_name);

}  // namespace dexcc::storage::testing
