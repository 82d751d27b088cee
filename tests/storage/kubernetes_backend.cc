// Runs the conformance suite against the kubernetes backend on a private kube-apiserver, each test
// in a fresh namespace (skipped when kube-apiserver is not built).
#include "storage/conformance.h"
#include "storage/kubernetes/connection.h"
#include "storage/kubernetes/kubernetes.h"
#include "support/kube_apiserver.h"

namespace dexcc::storage::testing {
namespace {

std::unique_ptr<Storage> open_kubernetes() {
  const std::string ns = dexcc::testing::unique_kube_namespace();
  auto connection = kubernetes::kubeconfig_connection(dexcc::testing::kube_admin_kubeconfig(ns));
  EXPECT_TRUE(connection.has_value()) << connection.error().message;
  if (!connection) return nullptr;
  kubernetes::Options o;
  o.connection = std::move(*connection);
  auto s = kubernetes::open(o);
  EXPECT_TRUE(s.has_value()) << s.error().message;
  return s ? std::move(*s) : nullptr;
}

std::string skip_without_kube_apiserver() {
  std::string why;
  return dexcc::testing::shared_kube_apiserver(&why) ? "" : why;
}

}  // namespace

INSTANTIATE_TEST_SUITE_P(Kubernetes, StorageConformance,
                         ::testing::Values(Backend{.name = "kubernetes",
                                                   .open = [](const auto&) { return open_kubernetes(); },
                                                   .unavailable = skip_without_kube_apiserver,
                                                   .versions_connectors = true}),
                         backend_name);

}  // namespace dexcc::storage::testing
