// EtcdServer: a private etcd (Debian's /usr/bin/etcd) in a temp folder on free loopback ports, for
// tests that must stop, restart or reconfigure it (the shared one from services.sh stays untouched).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "support/process.h"
#include "support/temp_dir.h"

namespace dexcc::testing {

class EtcdServer {
 public:
  // Picks the ports; call start(). `extra_args` go to every start (e.g. "--auth-token-ttl=1").
  // With `https`, clients speak TLS (pass --cert-file etc. in extra_args); health is then read on
  // a plain metrics port.
  explicit EtcdServer(std::vector<std::string> extra_args = {}, bool https = false);

  // Whether an etcd binary exists here (tests skip otherwise).
  static bool available();

  // Starts (or restarts, on the same data and ports) and waits until /health answers; false on
  // timeout, with the log in output().
  bool start();
  // SIGTERM and wait for the exit.
  void stop();
  std::string endpoint() const {
    return (https_ ? "https://127.0.0.1:" : "http://127.0.0.1:") + std::to_string(client_port_);
  }
  uint16_t client_port() const { return client_port_; }
  std::string output() const;

  // POSTs JSON to the gateway (plain HTTP only) (e.g. /v3/auth/enable); returns the status, 0 when nothing
  // answered.
  int post(const std::string& path, const std::string& json, const std::string& token = {}) const;

 private:
  TempDir dir_;
  uint16_t client_port_ = 0;
  uint16_t peer_port_ = 0;
  uint16_t metrics_port_ = 0;
  bool https_ = false;
  std::vector<std::string> extra_args_;
  std::unique_ptr<Process> process_;
  int runs_ = 0;
};

}  // namespace dexcc::testing
