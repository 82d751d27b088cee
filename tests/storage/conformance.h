// The storage conformance suite: one fixture, run against every backend (STYLE #11).
//
// A backend joins with one INSTANTIATE_TEST_SUITE_P line giving a factory that opens a fresh,
// empty storage (see memory_backend.cc, sqlite_backend.cc). Test names follow dex's
// storage/conformance subtests where dex has one.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "storage/storage.h"
#include "support/temp_dir.h"

namespace dexcc::storage::testing {

struct Backend {
  std::string name;
  // Opens a fresh empty storage; `scratch` is a folder that outlives it, for file-backed stores.
  std::function<std::unique_ptr<Storage>(const std::filesystem::path& scratch)> open;
  // For backends on a server: why it cannot run here (empty when it can); the test then skips.
  std::function<std::string()> unavailable;
  // The finest time the backend keeps (MySQL's datetime(3): milliseconds); sample times are cut to it.
  base::Duration time_precision = std::chrono::microseconds(1);
  // The backend sets Connector.resource_version itself (kubernetes: the object's resourceVersion,
  // as dex reads it) instead of keeping the value it was given.
  bool versions_connectors = false;
};

class StorageConformance : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override;
  Storage& s() { return *storage_; }
  // Replaces the storage under test (e.g. with a static overlay around it).
  void wrap(std::function<std::unique_ptr<Storage>(std::unique_ptr<Storage>)> wrapper) {
    storage_ = wrapper(std::move(storage_));
  }

  dexcc::testing::TempDir scratch_;
  std::unique_ptr<Storage> storage_;
};

std::string backend_name(const ::testing::TestParamInfo<Backend>& info);
inline void PrintTo(const Backend& b, std::ostream* os) {
  *os << b.name;
}

// `c` with resource_version cleared when the running backend versions connectors itself, so that
// comparisons look only at what every backend keeps.
Connector comparable(Connector c);

// The running backend's time_precision, and `t` cut down to it.
base::Duration time_precision();
Time precise(Time t);

// A far-future expiry (as dex's neverExpire) and a fixed instant with microseconds (cut to the
// backend's precision).
Time never_expire();
Time sample_time();

AuthRequest sample_auth_request(std::string client_id = "client1");
AuthCode sample_auth_code(std::string client_id = "client1");
RefreshToken sample_refresh_token(std::string client_id = "client_id");
Client sample_client();
Password sample_password(std::string email = "jane@example.com");
Connector sample_connector(std::string id = "static-connector");
Keys sample_keys();
DeviceRequest sample_device_request();
DeviceToken sample_device_token();
OfflineSessions sample_offline_sessions(std::string user_id = "user1", std::string conn_id = "Conn1");

// Assertions on storage results that print the storage error message when they fail.
template <class T>
::testing::AssertionResult storage_ok(const Result<T>& r) {
  if (r) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "storage error: " << r.error().message;
}

template <class T>
::testing::AssertionResult storage_error(const Result<T>& r, ErrorKind kind) {
  if (r) return ::testing::AssertionFailure() << "succeeded, expected an error";
  if (r.error().kind != kind) {
    return ::testing::AssertionFailure()
           << "error of kind " << static_cast<int>(r.error().kind) << " (expected " << static_cast<int>(kind)
           << "): " << r.error().message;
  }
  return ::testing::AssertionSuccess();
}

#define ASSERT_STORAGE_OK(expr) ASSERT_TRUE(::dexcc::storage::testing::storage_ok(expr)) << #expr
#define EXPECT_STORAGE_ERROR(expr, kind) \
  EXPECT_TRUE(::dexcc::storage::testing::storage_error((expr), kind)) << #expr

}  // namespace dexcc::storage::testing
