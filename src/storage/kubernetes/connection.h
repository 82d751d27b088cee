// Where the API server is and who we are: from a pod's service account (inCluster) or from a
// kubeconfig file's current context (kubeConfigFile).
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "storage/error.h"
#include "storage/kubernetes/api_client.h"

namespace dexcc::storage::kubernetes {

// A whole file (a token, a PEM, a namespace), or nullopt when it cannot be read.
std::optional<std::string> read_whole_file(const std::string& path);
// `s` without leading and trailing white space (token and namespace files end in a newline).
std::string trimmed(std::string s);

// The standard in-cluster files (token, ca.crt, namespace) live here; tests point elsewhere.
inline constexpr const char* kServiceAccountDir = "/var/run/secrets/kubernetes.io/serviceaccount";

// https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT with the service account's token (re-read
// as it rotates) and CA. The namespace is $KUBERNETES_POD_NAMESPACE, else the namespace file.
Result<Connection> in_cluster_connection(const std::string& service_account_dir = kServiceAccountDir,
                                         const std::function<const char*(const char*)>& getenv = ::getenv);

// The current context's cluster (server, certificate-authority[-data], insecure-skip-tls-verify),
// user (token, tokenFile, client-certificate[-data] and client-key[-data], username/password) and
// namespace ("default" when the context names none). Relative file paths are relative to the
// kubeconfig's folder, as kubectl reads them.
Result<Connection> kubeconfig_connection(const std::string& path);

}  // namespace dexcc::storage::kubernetes
