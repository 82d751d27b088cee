// Conformance: garbage collection removes what expired before `now`, and only that (§7.4).
#include <chrono>

#include "base/clock.h"
#include "storage/conformance.h"
#include "storage/gc.h"

namespace dexcc::storage::testing {
namespace {

using std::chrono::hours;
using std::chrono::microseconds;
using std::chrono::minutes;

TEST_P(StorageConformance, GarbageCollection) {
  base::FakeClock clock(sample_time());
  Time expiry = clock.now() + minutes(1);

  AuthCode code = sample_auth_code();
  code.expiry = expiry;
  ASSERT_STORAGE_OK(s().create_auth_code(code));
  AuthRequest request = sample_auth_request();
  request.expiry = expiry;
  ASSERT_STORAGE_OK(s().create_auth_request(request));
  DeviceRequest device_request = sample_device_request();
  device_request.expiry = expiry;
  ASSERT_STORAGE_OK(s().create_device_request(device_request));
  DeviceToken device_token = sample_device_token();
  device_token.expiry = expiry;
  ASSERT_STORAGE_OK(s().create_device_token(device_token));
  // Never collected, whatever their times say.
  RefreshToken refresh = sample_refresh_token();
  refresh.created_at = refresh.last_used = kZeroTime;
  ASSERT_STORAGE_OK(s().create_refresh_token(refresh));
  ASSERT_STORAGE_OK(s().create_offline_sessions(sample_offline_sessions()));

  // Before expiry, and exactly at it (dex deletes only expiry < now), nothing goes.
  for (Time now : {clock.now(), expiry - microseconds(1), expiry}) {
    auto r = s().garbage_collect(now);
    ASSERT_STORAGE_OK(r);
    EXPECT_TRUE(r->empty()) << "collected at " << base::unix_seconds(now);
  }
  ASSERT_STORAGE_OK(s().get_auth_code(code.id));
  ASSERT_STORAGE_OK(s().get_device_token(device_token.device_code));

  clock.advance(hours(1));
  auto r = s().garbage_collect(clock.now());
  ASSERT_STORAGE_OK(r);
  EXPECT_EQ(*r, (GcResult{1, 1, 1, 1}));

  EXPECT_STORAGE_ERROR(s().get_auth_code(code.id), ErrorKind::kNotFound);
  EXPECT_STORAGE_ERROR(s().get_auth_request(request.id), ErrorKind::kNotFound);
  EXPECT_STORAGE_ERROR(s().get_device_request(device_request.user_code), ErrorKind::kNotFound);
  EXPECT_STORAGE_ERROR(s().get_device_token(device_token.device_code), ErrorKind::kNotFound);
  ASSERT_STORAGE_OK(s().get_refresh_token(refresh.id));
  ASSERT_STORAGE_OK(s().get_offline_sessions("user1", "Conn1"));

  r = s().garbage_collect(clock.now());
  ASSERT_STORAGE_OK(r);
  EXPECT_TRUE(r->empty());
}

TEST_P(StorageConformance, GarbageCollectorRunsOnItsInterval) {
  base::FakeClock clock(sample_time() + hours(1));
  AuthCode code = sample_auth_code();
  code.expiry = sample_time();
  ASSERT_STORAGE_OK(s().create_auth_code(code));

  GarbageCollector gc(s(), clock, std::chrono::milliseconds(5));
  gc.start();
  for (int i = 0; i < 400 && s().get_auth_code(code.id).has_value(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  gc.stop();
  EXPECT_STORAGE_ERROR(s().get_auth_code(code.id), ErrorKind::kNotFound);
}

}  // namespace
}  // namespace dexcc::storage::testing
