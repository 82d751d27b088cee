// Root CAs in the forms dex's connector configs give them, turned into the PEM text
// ClientOptions::root_ca_pem takes. Used when a connector is opened, so errors are config errors.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace dexcc::http_client {

// dex's pkg/httpclient list (oidc and oauth `rootCAs`): each entry is read as a file path, else as
// base64 of PEM, else as PEM itself; empty entries are skipped. Every entry must hold at least one
// certificate. The certificates are added to the system roots (trust_system_roots stays on).
base::Result<std::string> root_cas_from_entries(const std::vector<std::string>& entries);

// One file of PEM certificates (github and openshift `rootCA`). github trusts only this file:
// pair it with trust_system_roots = false.
base::Result<std::string> root_ca_from_file(const std::string& path);

// True when `pem` holds at least one certificate Go's AppendCertsFromPEM would take.
bool has_certificate(std::string_view pem);

}  // namespace dexcc::http_client
