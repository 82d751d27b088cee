// The gRPC admin API server (dex's api.Dex on `grpc.addr`): the one header of api/ that other
// modules include. It includes no gRPC or protobuf header, so cmd/ compiles without them.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "config/config.h"
#include "storage/storage.h"
#include "telemetry/metrics.h"

namespace dexcc::api {

// What the service answers besides storage: GetVersion and GetDiscovery, and the connector flag.
struct ServiceInfo {
  std::string version;  // the text `dexcc version` prints as the version
  // The current /.well-known/openid-configuration document (JSON text).
  std::function<std::shared_ptr<const std::string>()> discovery;
  bool connectors_crud = false;  // DEX_API_CONNECTORS_CRUD
  // Where the grpc_server_* counters go; null for none (dex counts only under mutual TLS).
  telemetry::Registry* metrics = nullptr;
};

class Server {
 public:
  // Reads the TLS files, binds `grpc.addr` and starts serving. Throws std::runtime_error with dex's
  // start-up text when a file is unreadable or invalid or the address cannot be bound.
  static std::unique_ptr<Server> start(const config::Grpc& options, storage::Storage& store,
                                       ServiceInfo info);
  ~Server();

  // The bound port (useful when `addr` asked for port 0).
  int port() const;
  // Stops accepting calls, lets running calls finish for up to `grace`, then cancels the rest.
  void shutdown(std::chrono::milliseconds grace);

  struct Impl;

 private:
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace dexcc::api
