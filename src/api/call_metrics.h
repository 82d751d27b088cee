// CallMetrics: the go-grpc-prometheus server counters dex exports for its API (grpc_server_*),
// which dex installs only with mutual TLS; cmd/ passes a registry in exactly that case.
#pragma once

#include <memory>
#include <string_view>

#include "telemetry/metrics.h"

namespace dexcc::api {

class CallMetrics {
 public:
  explicit CallMetrics(telemetry::Registry& registry);

  // A unary call of api.Dex/<method> reached its handler (its request parsed).
  void started(std::string_view method);
  // It ended with gRPC status `code` (grpc::StatusCode's number).
  void handled(std::string_view method, int code);

 private:
  std::shared_ptr<telemetry::CounterFamily> started_, handled_, received_, sent_;
};

}  // namespace dexcc::api
