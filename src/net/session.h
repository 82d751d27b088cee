// Starting one accepted connection's session: the reads of its requests in timed phases, their
// dispatch to the router (inline or on the worker pool) and the writes of the answers.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <memory>
#include <string>

#include "http/router.h"
#include "net/admission.h"
#include "net/connections_per_address.h"
#include "net/server_state.h"

namespace dexcc::net {

// A connection past both admission steps, on its way to becoming a session.
struct AdmittedConnection {
  boost::asio::ip::tcp::socket socket;
  IoThread& thread;  // the socket's
  ActiveConnectionsPerAddress::Ticket ticket;
  std::string remote;  // the peer as "1.2.3.4:5678" or "[::1]:5678"
};

// Serves `connection` with `router` on its own I/O thread, as plain HTTP or, with `tls_context`,
// HTTPS (the connection keeps that context for its life). `admission` is where it was admitted.
void start_session(ServerState& server, Admission& admission, const http::Router& router,
                   AdmittedConnection connection, std::shared_ptr<boost::asio::ssl::context> tls_context);

}  // namespace dexcc::net
