// Checking the PEM files with Go's error texts (os.ReadFile, tls.LoadX509KeyPair, AppendCertsFromPEM).
#include "api/tls_files.h"

#include "base/pem_files.h"
#include "base/secret_string.h"

namespace dexcc::api {

base::Result<void> check_tls_files(const config::Grpc& options) {
  auto failed = [](const std::string& why) { return base::fail("invalid config: get gRPC TLS: " + why); };
  auto cert = base::read_file_go(options.tls_cert);
  if (!cert) return failed("loading TLS keypair: " + cert.error().message);
  auto key = base::read_file_go(options.tls_key);
  if (!key) return failed("loading TLS keypair: " + key.error().message);
  base::SecretString key_pem(std::move(*key));
  auto pair = base::check_pem_key_pair(*cert, key_pem);
  if (!pair) return failed("loading TLS keypair: " + pair.error().message);
  if (!options.tls_client_ca.empty()) {
    auto ca = base::read_file_go(options.tls_client_ca);
    if (!ca) return failed("reading from client CA file: " + ca.error().message);
    if (!base::has_pem_certificate(*ca)) return failed("failed to parse client CA");
  }
  return {};
}

}  // namespace dexcc::api
