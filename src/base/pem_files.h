// Reading PEM files and checking them as Go's os.ReadFile, tls.LoadX509KeyPair and
// x509.CertPool.AppendCertsFromPEM do, with Go's error texts (start-up checks of TLS material).
#pragma once

#include <string>

#include "base/result.h"

namespace dexcc::base {

// os.ReadFile: the bytes, or "open <path>: no such file or directory" (Go's *PathError text).
Result<std::string> read_file_go(const std::string& path);

// AppendCertsFromPEM: true when `pem` holds at least one certificate.
bool has_pem_certificate(const std::string& pem);

// tls.LoadX509KeyPair's checks on the two PEM texts: a certificate, a key, and the key belonging
// to the certificate ("tls: private key does not match public key").
Result<void> check_pem_key_pair(const std::string& cert_pem, const std::string& key_pem);

}  // namespace dexcc::base
