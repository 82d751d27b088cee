// The gRPC server's certificate, key and client CA read and checked at start-up, so a bad file
// stops dexcc with dex's text instead of a later handshake failure. Internal to api/.
#pragma once

#include "base/result.h"
#include "config/config.h"

namespace dexcc::api {

// Reads grpc.tlsCert, tlsKey and (when set) tlsClientCA and checks them as Go's tls.LoadX509KeyPair
// and AppendCertsFromPEM do. Fails with dex's start-up text, e.g. "invalid config: get gRPC TLS:
// loading TLS keypair: open /x/cert.pem: no such file or directory".
base::Result<void> check_tls_files(const config::Grpc& options);

}  // namespace dexcc::api
