// Library log lines in dexcc's format instead of gRPC's and protobuf's own lines on stderr.
#include "api/library_logs.h"

#include <google/protobuf/stubs/logging.h>
#include <grpc/support/log.h>

#include <string>

#include "base/log.h"

namespace dexcc::api {
namespace {

// gRPC's own log lines (a refused TLS handshake, say) go through dexcc's logger, in its format,
// instead of gRPC's lines on stderr; they are about clients, so an error of gRPC's is a warning here.
void grpc_log(gpr_log_func_args* args) {
  if (args->severity == GPR_LOG_SEVERITY_ERROR) {
    log::warn("grpc", {{"detail", std::string(args->message)}});
  } else {
    log::debug("grpc", {{"detail", std::string(args->message)}});
  }
}

// protobuf's lines (invalid UTF-8 in a request's string field, say) likewise.
void protobuf_log(google::protobuf::LogLevel level, const char*, int, const std::string& message) {
  if (level >= google::protobuf::LOGLEVEL_WARNING) {
    log::warn("protobuf", {{"detail", message}});
  } else {
    log::debug("protobuf", {{"detail", message}});
  }
}

}  // namespace

void route_library_logs() {
  gpr_set_log_function(grpc_log);
  google::protobuf::SetLogHandler(protobuf_log);
}

}  // namespace dexcc::api
