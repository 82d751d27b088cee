// The etcd storage backend (`storage.type: etcd`), sharing dex v2.45.1's etcd layout.
//
// dex and dexcc read each other's keys: the same prefixes (client/, auth_req/, auth_code/,
// refresh_token/, password/, offline_session/, connector/, device_req/, device_token/ and the
// openid-connect-keys singleton) under the optional namespace, with the same JSON values
// (codecs.h). etcd is reached through its v3 JSON gateway over http_client, not gRPC. Creates are
// transactions on create_revision == 0; updates are compare-and-swap transactions on the record's
// mod_revision, retried a bounded number of times when another writer won (dex gives up at once).
// dex uses no leases: expired records are removed by the garbage collector scanning expiry.
#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "storage/storage.h"

namespace dexcc::storage::etcd {

struct Options {
  std::vector<std::string> endpoints;  // "host:port" (http) or a full http:// or https:// URL
  std::string ns;                      // dex's `namespace`: a raw prefix before every key
  std::string username;
  std::string password;
  struct Ssl {
    std::string server_name;
    std::string ca_file;
    std::string key_file;
    std::string cert_file;
  } ssl;
  std::chrono::milliseconds dial_timeout{2000};     // dex's DialTimeout
  std::chrono::milliseconds request_timeout{5000};  // dex's per-call context timeout
};

// Connects and reads once, so a wrong endpoint or password fails at start-up with one line naming
// the endpoints and the reason (never the password).
Result<std::unique_ptr<Storage>> open(const Options& options);

// Opens from `storage.config`. Config mistakes throw base::ConfigError naming the key path.
Result<std::unique_ptr<Storage>> open_from_config(const nlohmann::json& config);

}  // namespace dexcc::storage::etcd
