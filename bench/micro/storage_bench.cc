// Micro-benchmarks: the storage calls one login and one refresh make (auth request create/get/
// delete, refresh token compare-and-swap), on memory and on SQLite in a temporary file.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "base/random.h"
#include "storage/registry.h"

namespace dexcc::bench {
namespace {

// A backend for one benchmark; the SQLite file lives in a temporary folder removed afterwards.
class Backend {
 public:
  explicit Backend(const std::string& type) {
    nlohmann::json config = nlohmann::json::object();
    if (type == "sqlite3") {
      std::string pattern = (std::filesystem::temp_directory_path() / "dexcc-micro.XXXXXX").string();
      dir_ = mkdtemp(pattern.data());
      config["file"] = dir_ + "/dex.db";
    }
    store_ = std::move(*storage::Registry::builtin().open(type, config));
  }
  ~Backend() {
    store_.reset();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }
  storage::Storage& operator*() { return *store_; }

 private:
  std::string dir_;
  std::unique_ptr<storage::Storage> store_;
};

storage::AuthRequest auth_request() {
  storage::AuthRequest ar;
  ar.id = base::new_id();
  ar.client_id = "example-app";
  ar.response_types = {"code"};
  ar.scopes = {"openid", "email", "profile", "groups", "offline_access"};
  ar.redirect_uri = "http://127.0.0.1:5555/callback";
  ar.state = "state";
  ar.expiry = std::chrono::time_point_cast<base::Duration>(std::chrono::system_clock::now()) + std::chrono::minutes(10);
  ar.connector_id = "mock";
  ar.hmac_key = base::new_hmac_key();
  return ar;
}

void BM_AuthRequestLifecycle(benchmark::State& state, const char* type) {
  Backend backend(type);
  for (auto _ : state) {
    storage::AuthRequest ar = auth_request();
    (void)(*backend).create_auth_request(ar);
    benchmark::DoNotOptimize((*backend).get_auth_request(ar.id));
    (void)(*backend).delete_auth_request(ar.id);
  }
}

void BM_RefreshTokenUpdate(benchmark::State& state, const char* type) {
  Backend backend(type);
  storage::RefreshToken token;
  token.id = base::new_id();
  token.token = base::new_id();
  token.client_id = "example-app";
  token.connector_id = "mock";
  token.scopes = {"openid", "offline_access"};
  token.claims = storage::Claims{.user_id = "0-385-28089-0", .email = "kilgore@kilgore.trout", .groups = {"authors"}};
  (void)(*backend).create_refresh_token(token);
  for (auto _ : state) {
    auto updated = (*backend).update_refresh_token(token.id, [](storage::RefreshToken t) -> storage::Result<storage::RefreshToken> {
      t.obsolete_token = t.token;
      t.token = base::new_id();
      return t;
    });
    benchmark::DoNotOptimize(updated);
  }
}

BENCHMARK_CAPTURE(BM_AuthRequestLifecycle, memory, "memory");
BENCHMARK_CAPTURE(BM_AuthRequestLifecycle, sqlite, "sqlite3");
BENCHMARK_CAPTURE(BM_RefreshTokenUpdate, memory, "memory");
BENCHMARK_CAPTURE(BM_RefreshTokenUpdate, sqlite, "sqlite3");

}  // namespace
}  // namespace dexcc::bench
