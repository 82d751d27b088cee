// The counters and labels as go-grpc-prometheus names them (histograms are off there by default).
#include "api/call_metrics.h"

#include <array>
#include <string>

namespace dexcc::api {
namespace {

constexpr char kService[] = "api.Dex";
constexpr char kUnary[] = "unary";

// Go's codes.Code.String(), which go-grpc-prometheus puts in grpc_code.
std::string code_name(int code) {
  static constexpr std::array<const char*, 17> kNames = {
      "OK",       "Canceled",       "Unknown",          "InvalidArgument",   "DeadlineExceeded",
      "NotFound", "AlreadyExists",  "PermissionDenied", "ResourceExhausted", "FailedPrecondition",
      "Aborted",  "OutOfRange",     "Unimplemented",    "Internal",          "Unavailable",
      "DataLoss", "Unauthenticated"};
  if (code >= 0 && code < static_cast<int>(kNames.size())) return kNames[static_cast<size_t>(code)];
  return "Code(" + std::to_string(code) + ")";
}

}  // namespace

CallMetrics::CallMetrics(telemetry::Registry& registry)
    : started_(std::make_shared<telemetry::CounterFamily>(
          "grpc_server_started_total", "Total number of RPCs started on the server.",
          std::vector<std::string>{"grpc_method", "grpc_service", "grpc_type"})),
      handled_(std::make_shared<telemetry::CounterFamily>(
          "grpc_server_handled_total",
          "Total number of RPCs completed on the server, regardless of success or failure.",
          std::vector<std::string>{"grpc_code", "grpc_method", "grpc_service", "grpc_type"})),
      received_(std::make_shared<telemetry::CounterFamily>(
          "grpc_server_msg_received_total", "Total number of RPC stream messages received on the server.",
          std::vector<std::string>{"grpc_method", "grpc_service", "grpc_type"})),
      sent_(std::make_shared<telemetry::CounterFamily>(
          "grpc_server_msg_sent_total", "Total number of gRPC stream messages sent by the server.",
          std::vector<std::string>{"grpc_method", "grpc_service", "grpc_type"})) {
  registry.add(started_);
  registry.add(handled_);
  registry.add(received_);
  registry.add(sent_);
}

void CallMetrics::started(std::string_view method) {
  telemetry::Labels labels{std::string(method), kService, kUnary};
  started_->inc(labels);
  received_->inc(labels);
}

void CallMetrics::handled(std::string_view method, int code) {
  // A unary call sends its one message only when it succeeds.
  if (code == 0) sent_->inc({std::string(method), kService, kUnary});
  handled_->inc({code_name(code), std::string(method), kService, kUnary});
}

}  // namespace dexcc::api
