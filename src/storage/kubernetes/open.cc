// Opening the backend: the API client, the CRDs, and one first read so that a wrong server, CA or
// token is a start-up error rather than a failure on the first login.
#include <fmt/format.h>

#include "storage/kubernetes/kube_storage.h"
#include "storage/kubernetes/kubernetes.h"

namespace dexcc::storage::kubernetes {

Result<std::unique_ptr<Storage>> open(const Options& o) {
  auto api = ApiClient::create(o.connection, o.request_timeout);
  if (!api) return std::unexpected(api.error());
  const std::string where =
      fmt::format("kubernetes API server {} (namespace \"{}\")", (*api)->server(), (*api)->ns());
  auto unusable = [&where](const Error& e) {
    std::string_view reason = e.message;
    if (reason.starts_with("kubernetes: ")) reason.remove_prefix(12);
    return fail(fmt::format("{}: {}", where, reason));
  };
  if (auto crds = prepare_crds(**api, o.crd_handling, o.crd_wait); !crds) return unusable(crds.error());
  auto storage = std::make_unique<KubeStorage>(std::move(*api));
  if (auto keys = storage->get_keys(); !keys) return unusable(keys.error());
  return std::unique_ptr<Storage>(std::move(storage));
}

}  // namespace dexcc::storage::kubernetes
