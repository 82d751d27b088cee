// DexccInstance: the real dexcc binary running on a generated config in a temp folder, with free
// loopback ports, for end-to-end tests.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "support/http_client.h"
#include "support/process.h"
#include "support/temp_dir.h"

namespace dexcc::testing {

struct InstanceOptions {
  // YAML appended after the generated issuer, web and telemetry keys; "{{DIR}}" is the temp folder,
  // "{{ISSUER}}" the issuer URL this instance gets (a connector's redirectURI is built from it).
  std::string config_body;
  // YAML lines (indented two spaces) added inside the generated `web:` block.
  std::string web_extra;
  std::vector<std::string> env;  // NAME=value
  std::string issuer_path = "/dex";
  // Reuse this folder (restart on the same database); a fresh one when null.
  std::shared_ptr<TempDir> dir;
};

class DexccInstance {
 public:
  // Writes the config, starts the binary and waits until both ports accept.
  explicit DexccInstance(InstanceOptions options);
  explicit DexccInstance(const std::string& config_body) : DexccInstance(InstanceOptions{.config_body = config_body}) {}

  uint16_t port() const { return port_; }
  uint16_t telemetry_port() const { return telemetry_port_; }
  std::string issuer() const { return issuer_; }
  std::string path(const std::string& route) const { return issuer_path_ + route; }
  Process& process() { return *process_; }
  std::shared_ptr<TempDir> dir() const { return dir_; }
  bool started() const { return started_; }

  std::optional<HttpResult> get(const std::string& route, const std::string& headers = {}) const;
  std::optional<HttpResult> post_form(const std::string& route, const std::string& body,
                                      const std::string& headers = {}) const;

 private:

  std::shared_ptr<TempDir> dir_;
  std::string issuer_path_;
  uint16_t port_ = 0;
  uint16_t telemetry_port_ = 0;
  std::string issuer_;
  std::unique_ptr<Process> process_;
  bool started_ = false;
};

}  // namespace dexcc::testing
