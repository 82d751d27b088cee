// Plain TCP pieces for test proxies: a connection to a loopback port, and copying bytes both ways
// between two sockets (a CONNECT tunnel).
#pragma once

#include <cstdint>

namespace dexcc::testing {

// A connected socket to 127.0.0.1:`port`, or -1.
int connect_loopback(uint16_t port);

// Copies bytes both ways until either side closes or 10 s pass without traffic.
void relay(int a, int b);

}  // namespace dexcc::testing
