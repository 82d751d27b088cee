// gRPC's and protobuf's own log lines routed through dexcc's logger. Internal to api/.
#pragma once

namespace dexcc::api {

// Installs the handlers (process-wide; call before the server starts).
void route_library_logs();

}  // namespace dexcc::api
