// Private keys in PEM (PKCS#8 "PRIVATE KEY", PKCS#1 "RSA PRIVATE KEY", SEC 1 "EC PRIVATE KEY"),
// the form Google service-account files carry theirs in.
#pragma once

#include <string>
#include <string_view>

#include "jose/error.h"
#include "jose/key.h"

namespace dexcc::jose {

// The first private key in `pem`; kMalformed when there is none or it does not parse, kUnsupported
// for key types jose::Key does not hold. Encrypted keys are refused (no passphrase is asked for).
Result<Key> parse_private_key_pem(std::string_view pem);

// The private key as unencrypted PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----"), the form Google
// writes into service-account files; kKeyMismatch for a public key.
Result<std::string> private_key_pem(const Key& key);

}  // namespace dexcc::jose
