// Starts and stops a private etcd the way scripts/services.sh does, as a child of the test.
#include "support/etcd_server.h"

#include <signal.h>

#include <filesystem>
#include <thread>

#include "support/http_client.h"

namespace dexcc::testing {

namespace {
constexpr char kEtcd[] = "/usr/bin/etcd";
}

EtcdServer::EtcdServer(std::vector<std::string> extra_args, bool https)
    : client_port_(free_port()),
      peer_port_(free_port()),
      metrics_port_(free_port()),
      https_(https),
      extra_args_(std::move(extra_args)) {}

bool EtcdServer::available() {
  return std::filesystem::exists(kEtcd);
}

bool EtcdServer::start() {
  const std::string client = endpoint();
  const std::string peer = "http://127.0.0.1:" + std::to_string(peer_port_);
  ++runs_;
  std::vector<std::string> argv{kEtcd,
                                "--name",
                                "dexcc-test",
                                "--data-dir",
                                (dir_ / "data").string(),
                                "--listen-client-urls",
                                client,
                                "--advertise-client-urls",
                                client,
                                "--listen-peer-urls",
                                peer,
                                "--initial-advertise-peer-urls",
                                peer,
                                "--initial-cluster",
                                "dexcc-test=" + peer,
                                "--initial-cluster-state",
                                "new",
                                "--logger=zap",
                                "--log-outputs=stderr",
                                "--listen-metrics-urls",
                                "http://127.0.0.1:" + std::to_string(metrics_port_)};
  argv.insert(argv.end(), extra_args_.begin(), extra_args_.end());
  process_ = std::make_unique<Process>(argv, dir_ / ("etcd-" + std::to_string(runs_) + ".log"));
  // Generous: a loaded 2-core machine may take seconds to elect the single member.
  for (int i = 0; i < 600; ++i) {
    auto r = http_request(metrics_port_, "GET", "/health");
    if (r && r->status == 200) return true;
    if (!process_->running()) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

void EtcdServer::stop() {
  if (!process_) return;
  process_->signal(SIGTERM);
  process_->wait(std::chrono::seconds(30));
}

std::string EtcdServer::output() const {
  return process_ ? process_->output() : "";
}

int EtcdServer::post(const std::string& path, const std::string& json, const std::string& token) const {
  std::string headers = "Content-Type: application/json\r\n";
  if (!token.empty()) headers += "Authorization: " + token + "\r\n";
  auto r = http_request(client_port_, "POST", path, json, headers);
  return r ? r->status : 0;
}

}  // namespace dexcc::testing
