// KubeApiServer: a private kube-apiserver (built by scripts/build-kube-apiserver.sh) on loopback
// over a private etcd, with token and client-certificate auth and RBAC, for the kubernetes storage
// tests. Tests skip when the binary is not built.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "support/etcd_server.h"
#include "support/process.h"
#include "support/temp_dir.h"
#include "support/test_pki.h"

namespace dexcc::testing {

class KubeApiServer {
 public:
  // Bearer tokens it accepts: an administrator (system:masters), a user with no RBAC grants, and
  // "reader" (what grant_reader gives it).
  static constexpr const char* kAdminToken = "admin-token";
  static constexpr const char* kNobodyToken = "nobody-token";
  static constexpr const char* kReaderToken = "reader-token";

  KubeApiServer();
  ~KubeApiServer();
  // The one scripts/services.sh started (DIR/kube-apiserver/{server,ca.crt}), or null. It cannot be
  // stopped or restarted from here, and ca() cannot sign for it (its client CA is not ours).
  static std::unique_ptr<KubeApiServer> from_services();

  // $DEXCC_KUBE_APISERVER, else the build script's cache path; nullopt when neither exists.
  static std::optional<std::string> binary();
  // Why the tests skip, with the command that builds the binary.
  static std::string skip_reason();

  // Starts etcd (the first time) and kube-apiserver, and waits for /readyz; false on timeout
  // (output() has the log). A restart keeps etcd, the data and the port.
  bool start();
  // Stops kube-apiserver (etcd keeps running).
  void stop();

  std::string server() const {
    return external_server_.empty() ? "https://127.0.0.1:" + std::to_string(port_) : external_server_;
  }
  const std::string& ca_pem() const { return external_server_.empty() ? ca_.cert_pem() : external_ca_; }
  const TestCa& ca() const { return ca_; }
  std::string output() const;

  // A kubeconfig file whose current context uses `token` in `ns`; returns its path.
  std::string write_kubeconfig(const std::string& token, const std::string& ns, const std::string& file_name);
  // The same with a client certificate (from ca()) inline as -data, for user `common_name`.
  std::string write_cert_kubeconfig(const std::string& common_name, const std::string& ns,
                                    const std::string& file_name);

  // One call as the administrator; returns the status (0 when nothing answered) and the body.
  int admin(const std::string& method, const std::string& path, const std::string& body = {},
            std::string* response = nullptr) const;
  bool create_namespace(const std::string& ns) const;
  // Grants "reader" get, list and create (not update or delete) on dex's resources in `ns`.
  bool grant_reader(const std::string& ns) const;
  // Binds `user` to cluster-admin.
  bool make_admin(const std::string& user) const;

 private:
  TempDir dir_;
  TestCa ca_;
  EtcdServer etcd_;
  bool etcd_started_ = false;
  uint16_t port_ = 0;
  std::unique_ptr<Process> process_;
  int runs_ = 0;
  std::string external_server_;  // set for the services.sh server
  std::string external_ca_;
};

// The services.sh kube-apiserver when there is one; else, with DEXCC_KUBE_PRIVATE_SERVER=1, one
// private to this test process, started on first use (about 10 s); nullptr with `why` set when
// neither can run here.
KubeApiServer* shared_kube_apiserver(std::string* why);

// A fresh namespace on the shared server (created), e.g. "dexcc-k3v...".
std::string unique_kube_namespace();

// A kubeconfig with the admin token for a fresh namespace on the shared server; its path.
std::string kube_admin_kubeconfig(const std::string& ns);

}  // namespace dexcc::testing
