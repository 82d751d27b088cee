// The gRPC server's certificate, key and client CA read and checked at start-up, so a bad file
// stops dexcc with dex's text instead of a later handshake failure. Internal to api/.
#pragma once

#include <string>

#include "base/result.h"
#include "config/config.h"

namespace dexcc::api {

struct TlsFiles {
  std::string cert_pem;
  std::string key_pem;
  std::string client_ca_pem;  // empty: no client certificates asked for
};

// Fails with dex's start-up text, e.g. "invalid config: get gRPC TLS: loading TLS keypair: open
// /x/cert.pem: no such file or directory".
base::Result<TlsFiles> load_tls_files(const config::Grpc& options);

}  // namespace dexcc::api
