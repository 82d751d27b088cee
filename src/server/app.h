// App: the OpenID Connect server assembled from the configuration: signer, connectors, flows,
// grants and the endpoints, mounted on the web router. cmd/serve owns the listeners; App owns
// everything the endpoints need.
#pragma once

#include <memory>
#include <string>

#include "base/clock.h"
#include "config/config.h"
#include "connector/registry.h"
#include "http/router.h"
#include "storage/storage.h"
#include "telemetry/health.h"

namespace dexcc::server {

class App {
 public:
  // Opens connectors, starts the signer (first key rotation) and builds every endpoint. Throws
  // std::runtime_error (or base::ConfigError) with one clear line when that cannot be done.
  static std::unique_ptr<App> build(const config::Config& config, storage::Storage& store, const base::Clock& clock,
                                    const connector::Registry& connectors, const telemetry::HealthCheck& health);
  ~App();

  // Mounts every route under the issuer path.
  void mount(http::Router& router) const;
  // The discovery document /.well-known/openid-configuration serves (the gRPC API's GetDiscovery).
  std::shared_ptr<const std::string> discovery_document() const;
  // Background work: key rotation checks.
  void start();
  void stop();

  struct Parts;

 private:
  explicit App(std::unique_ptr<Parts> parts);
  std::unique_ptr<Parts> parts_;
};

}  // namespace dexcc::server
