// DexccInstance implementation: config generation, start-up wait, request helpers.
#include "support/dexcc_instance.h"

#include <fstream>

namespace dexcc::testing {
namespace {

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += to.size()) s.replace(pos, from.size(), to);
  return s;
}

}  // namespace

DexccInstance::DexccInstance(InstanceOptions o)
    : dir_(o.dir ? o.dir : std::make_shared<TempDir>()), issuer_path_(o.issuer_path) {
  // A free port can be taken by another test process between the probe and dexcc's bind: then
  // dexcc exits saying so, and it starts again on new ports.
  constexpr int kAttempts = 4;
  for (int attempt = 1; attempt <= kAttempts; ++attempt) {
    port_ = free_port();
    telemetry_port_ = free_port();
    issuer_ = "http://127.0.0.1:" + std::to_string(port_) + issuer_path_;
    std::string config =
        "issuer: " + issuer_ + "\nweb:\n  http: 127.0.0.1:" + std::to_string(port_) + "\n" + o.web_extra +
        "\ntelemetry:\n  http: 127.0.0.1:" + std::to_string(telemetry_port_) + "\n" +
        replace_all(replace_all(o.config_body, "{{DIR}}", dir_->path().string()), "{{ISSUER}}", issuer_);
    auto config_path = dir_->path() / "config.yaml";
    std::ofstream(config_path) << config;
    process_ = std::make_unique<Process>(std::vector<std::string>{dexcc_binary(), "serve", config_path.string()},
                                         dir_->path() / "dexcc.log", o.env);
    started_ =
        wait_for_port(port_, std::chrono::seconds(15)) && wait_for_port(telemetry_port_, std::chrono::seconds(5));
    if (started_ || attempt == kAttempts || process_->running() ||
        process_->output().find("already in use") == std::string::npos) {
      return;
    }
  }
}

std::optional<HttpResult> DexccInstance::get(const std::string& route, const std::string& headers) const {
  return http_request(port_, "GET", path(route), {}, headers);
}

std::optional<HttpResult> DexccInstance::post_form(const std::string& route, const std::string& body,
                                                   const std::string& headers) const {
  return http_request(port_, "POST", path(route), body,
                      "Content-Type: application/x-www-form-urlencoded\r\n" + headers);
}

}  // namespace dexcc::testing
