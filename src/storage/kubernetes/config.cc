// `storage.config` for kubernetes (dex's keys: inCluster, kubeConfigFile, crdHandling) to Options.
#include <fmt/format.h>

#include "base/json_fields.h"
#include "base/log.h"
#include "storage/kubernetes/connection.h"
#include "storage/kubernetes/kubernetes.h"

namespace dexcc::storage::kubernetes {

Result<std::unique_ptr<Storage>> open_from_config(const nlohmann::json& config) {
  base::JsonFields f(config, "storage.config");
  const bool in_cluster = f.boolean("inCluster");
  const std::string kubeconfig = f.string("kubeConfigFile");
  // dex's two mistakes, in its words.
  if (in_cluster && !kubeconfig.empty())
    f.fail("inCluster", "cannot specify both 'inCluster' and 'kubeConfigFile'");
  if (!in_cluster && kubeconfig.empty())
    f.fail("inCluster", "must specify either 'inCluster' or 'kubeConfigFile'");
  Options o;
  const std::string handling = f.string("crdHandling", "ensure");
  if (handling == "ensure") {
    o.crd_handling = CrdHandling::kEnsure;
  } else if (handling == "check") {
    o.crd_handling = CrdHandling::kCheck;
  } else {
    f.fail("crdHandling", fmt::format("unknown value \"{}\" (ensure or check)", handling));
  }
  for (const auto& key : f.unknown_keys()) log::warn("unknown config field ignored", {{"field", key}});
  auto connection = in_cluster ? in_cluster_connection() : kubeconfig_connection(kubeconfig);
  if (!connection) return std::unexpected(connection.error());
  o.connection = std::move(*connection);
  return open(o);
}

}  // namespace dexcc::storage::kubernetes
