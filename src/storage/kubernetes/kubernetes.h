// The Kubernetes storage backend (`storage.type: kubernetes`), sharing dex v2.45.1's custom resources.
//
// dex and dexcc read each other's objects: group dex.coreos.com, version v1, dex's kinds and plural
// names (names.h), dex's object names and fields (codecs.h), in the namespace of the service
// account or kubeconfig context. The CRDs are created at start-up when missing (crdHandling:
// ensure) or only checked (check). Updates are PUTs carrying the resourceVersion that was read and
// are retried on 409 Conflict a bounded number of times; the garbage collector lists and deletes
// through the API. Every request has a timeout; 401/403 answers become errors that name the verb
// and the resource an RBAC rule must grant.
#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <memory>
#include <string>

#include "storage/kubernetes/api_client.h"
#include "storage/kubernetes/crds.h"
#include "storage/storage.h"

namespace dexcc::storage::kubernetes {

struct Options {
  Connection connection;
  CrdHandling crd_handling = CrdHandling::kEnsure;
  std::chrono::milliseconds request_timeout{10000};
  std::chrono::milliseconds crd_wait{30000};  // until created CRDs are served
};

// Connects, prepares the CRDs and returns the storage; any failure is one line naming the server.
Result<std::unique_ptr<Storage>> open(const Options& options);

// Opens from `storage.config` (inCluster, kubeConfigFile, crdHandling). Config mistakes throw
// base::ConfigError naming the key.
Result<std::unique_ptr<Storage>> open_from_config(const nlohmann::json& config);

}  // namespace dexcc::storage::kubernetes
