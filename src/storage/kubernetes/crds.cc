// CRD creation through /apis/apiextensions.k8s.io/v1 and the wait until dex.coreos.com serves them.
#include "storage/kubernetes/crds.h"

#include <fmt/format.h>

#include <thread>

#include "base/log.h"

namespace dexcc::storage::kubernetes {
namespace {

constexpr std::string_view kCrdPath = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";

std::string crd_name(const Resource& r) {
  return fmt::format("{}.{}", r.plural, kGroup);
}

// Whether the kind is served in the namespace yet: a one-item list answers 200 once it is, 404
// before. Errors other than 404 (a 403 above all) end the wait at once.
Result<bool> served(ApiClient& api, const Resource& r) {
  const std::string path =
      fmt::format("/apis/{}/{}/namespaces/{}/{}?limit=1", kGroup, kVersion, api.ns(), r.plural);
  auto response = api.call("GET", path, {}, "list", crd_name(r), {404});
  if (!response) return std::unexpected(response.error());
  return response->status != 404;
}

}  // namespace

nlohmann::ordered_json crd_object(const Resource& r) {
  using J = nlohmann::ordered_json;
  J schema{{"openAPIV3Schema", J{{"type", "object"}, {"x-kubernetes-preserve-unknown-fields", true}}}};
  return J{{"apiVersion", "apiextensions.k8s.io/v1"},
           {"kind", "CustomResourceDefinition"},
           {"metadata", J{{"name", crd_name(r)}}},
           {"spec",
            J{{"group", kGroup},
              {"names", J{{"plural", r.plural}, {"singular", r.singular}, {"kind", r.kind}}},
              {"scope", "Namespaced"},
              {"versions",
               J::array({J{{"name", kVersion}, {"served", true}, {"storage", true}, {"schema", schema}}})}}}};
}

Result<void> prepare_crds(ApiClient& api, CrdHandling handling, std::chrono::milliseconds wait) {
  if (handling == CrdHandling::kEnsure) {
    for (const auto& r : kAllResources) {
      auto created = api.call("POST", std::string(kCrdPath), crd_object(r).dump(), "create",
                              "customresourcedefinitions.apiextensions.k8s.io", {409, 403});
      if (!created) return std::unexpected(created.error());
      if (created->status == 403) {
        // Clusters often keep CRD creation to administrators who install them beforehand; the
        // wait below tells whether they did.
        log::warn("kubernetes: not allowed to create CRDs; expecting them to exist", {{"crd", crd_name(r)}});
      } else if (created->status != 409) {
        log::info("kubernetes: created CRD", {{"crd", crd_name(r)}});
      }
    }
  }
  const auto deadline = std::chrono::steady_clock::now() + wait;
  for (const auto& r : kAllResources) {
    while (true) {
      auto ok = served(api, r);
      if (!ok) return std::unexpected(ok.error());
      if (*ok) break;
      if (std::chrono::steady_clock::now() >= deadline) {
        return fail(fmt::format(
            "kubernetes: the API server does not serve {} (the CRD is missing{})", crd_name(r),
            handling == CrdHandling::kCheck ? " and crdHandling is \"check\"" : " or not established yet"));
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
  }
  return {};
}

}  // namespace dexcc::storage::kubernetes
