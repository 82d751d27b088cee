// etcd's v3 KV API through its JSON gateway (POST /v3/kv/*), over http_client: what the etcd
// backend needs and nothing more (range with paging, create-if-absent, compare-and-swap, delete).
//
// The gateway speaks proto3 JSON: keys and values are base64, int64 fields are strings, and fields
// at their default value are left out, so a failed txn has no "succeeded" at all (not false), an
// empty range has no "kvs" and no "count", and a delete of nothing has no "deleted".
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "http_client/client.h"
#include "storage/error.h"

namespace dexcc::storage::etcd {

struct KeyValue {
  std::string key;  // raw bytes, the full key (namespace included)
  std::string value;
  int64_t create_revision = 0;
  int64_t mod_revision = 0;
};

// One condition of a txn: the key's modification (or creation) revision equals `revision`;
// revision 0 means "the key does not exist".
struct Compare {
  enum class Target { kMod, kCreate };
  std::string key;
  Target target = Target::kMod;
  int64_t revision = 0;
};

struct Put {
  std::string key;
  std::string value;
};

struct GatewayOptions {
  std::vector<std::string> endpoints;  // "http://host:port" or "https://host:port"
  std::string username;                // empty: etcd auth off
  std::string password;
  http_client::ClientOptions client;
};

class Gateway {
 public:
  // Builds the HTTP client and, with a username, fetches a first auth token. Does not contact etcd
  // otherwise; call `ping` for that.
  static Result<std::unique_ptr<Gateway>> create(GatewayOptions options);

  // A cheap read that proves an endpoint answers (and that the credentials work).
  Result<void> ping();
  Result<std::optional<KeyValue>> get(std::string_view key);
  // Every key under `prefix`, in key order, read in pages at one revision so the list is a snapshot.
  Result<std::vector<KeyValue>> list(std::string_view prefix);
  // Writes `puts` when every compare holds; false (nothing written) when one does not.
  Result<bool> txn(const std::vector<Compare>& compares, const std::vector<Put>& puts);
  // How many keys were deleted (0 or 1).
  Result<int64_t> remove(std::string_view key);

 private:
  explicit Gateway(GatewayOptions options, http_client::Client client);
  // POSTs `body` to `path` on the endpoint that last answered, moving on to the next endpoint when
  // one cannot be reached; adds the auth token and renews it once when etcd refuses it.
  Result<nlohmann::json> call(std::string_view path, const nlohmann::json& body);
  Result<nlohmann::json> call_once(const std::string& endpoint, std::string_view path,
                                   const std::string& body, bool& token_refused);
  Result<void> authenticate();
  std::string token();

  GatewayOptions options_;
  http_client::Client client_;
  std::atomic<size_t> current_{0};  // index of the endpoint that answered last
  std::mutex token_mutex_;
  std::string token_;
};

// The first key after every key that starts with `prefix` (etcd's range_end for a prefix).
std::string prefix_end(std::string_view prefix);

}  // namespace dexcc::storage::etcd
