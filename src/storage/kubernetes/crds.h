// dex's CustomResourceDefinitions: created at start-up when missing (crdHandling: ensure, dex's
// default) or only checked (crdHandling: check), then waited for until the API server serves them.
#pragma once

#include <chrono>

#include "storage/error.h"
#include "storage/kubernetes/api_client.h"

namespace dexcc::storage::kubernetes {

enum class CrdHandling { kEnsure, kCheck };

// The CRD object dex v2.45.1 creates for `r` (apiextensions.k8s.io/v1, namespaced, version v1
// served and stored, a schema that keeps every field: the objects carry no schema of their own).
nlohmann::ordered_json crd_object(const Resource& r);

// Creates the missing CRDs (kEnsure) and waits up to `wait` until each kind answers a list in the
// namespace. A CRD we may not create but that exists is fine; one that is missing is an error
// naming it. 401/403 errors name the verb and resource.
Result<void> prepare_crds(ApiClient& api, CrdHandling handling, std::chrono::milliseconds wait);

}  // namespace dexcc::storage::kubernetes
