// A listener: its socket bound to a "host:port" address, and the accept loop that admits each new
// connection (Admission) and starts its session on the next I/O thread.
#pragma once

#include <cstdint>
#include <string_view>

#include "http/router.h"
#include "net/server_state.h"
#include "net/tls_context.h"

namespace dexcc::net {

// Binds `address` now (throws std::runtime_error naming it on failure) and starts accepting on the
// server's main context, admitting connections on a budget of the listener's own (an Admission
// added to the server's): they are served with `router`, over TLS when `tls` is given. Returns the
// bound port.
uint16_t open_listener(ServerState& server, std::string_view name, std::string_view address,
                       const http::Router& router, ReloadableTlsContext* tls);

}  // namespace dexcc::net
