// What the dex-compatibility tests share: reading a dex fixture dump, spelling fixture times, and
// the identity-update check every SQL flavour runs on the fixture rows.
#pragma once

#include <chrono>
#include <functional>
#include <fstream>
#include <sstream>
#include <string>

#include "storage/conformance.h"
#include "storage/entities.h"
#include "storage/storage.h"

namespace dexcc::storage::testing {

// The SQL of tests/storage/fixtures/<name> (e.g. "dex-v2.45.1-postgres.sql").
inline std::string read_fixture(const std::string& name) {
  std::ifstream in(std::string(DEXCC_STORAGE_FIXTURES) + "/" + name);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A UTC time as the fixtures write it, down to microseconds.
inline Time fixture_time(int y, unsigned mo, unsigned d, int h, int mi, int s, int64_t us = 0) {
  using namespace std::chrono;
  return Time(sys_days(year(y) / mo / d)) + hours(h) + minutes(mi) + seconds(s) + microseconds(us);
}

// Reads rows dex wrote (present in every fixture) through `s`, writes each back unchanged and
// expects `snapshot(table, where)`, the row as the database holds it, not to move. Rows holding
// JSON times with nanoseconds (keys, the ldap offline session) are left out: dexcc keeps
// microseconds (docs/compatibility.md, Timestamps).
inline void expect_identity_updates_keep_dex_rows(
    Storage& s, const std::function<std::string(const std::string& table, const std::string& where)>& snapshot) {
  struct Row {
    std::string table, where;
    std::function<Result<void>()> update;
  };
  std::vector<Row> rows = {
      {"client", "id = 'example-app'",
       [&] { return s.update_client("example-app", [](Client c) -> Result<Client> { return c; }); }},
      {"client", "id = 'public-cli'",
       [&] { return s.update_client("public-cli", [](Client c) -> Result<Client> { return c; }); }},
      {"refresh_token", "id = 'c3xu4o2lzcsvzl5xqgdrbm7yk'",
       [&] {
         return s.update_refresh_token("c3xu4o2lzcsvzl5xqgdrbm7yk", [](RefreshToken r) -> Result<RefreshToken> { return r; });
       }},
      {"password", "email = 'admin@example.com'",
       [&] { return s.update_password("admin@example.com", [](Password p) -> Result<Password> { return p; }); }},
      {"password", "email = 'nil-groups@example.com'",
       [&] { return s.update_password("nil-groups@example.com", [](Password p) -> Result<Password> { return p; }); }},
      {"offline_session", "user_id = 'local-user'",
       [&] {
         return s.update_offline_sessions("local-user", "local", [](OfflineSessions o) -> Result<OfflineSessions> { return o; });
       }},
      {"connector", "id = 'github'",
       [&] { return s.update_connector("github", [](Connector c) -> Result<Connector> { return c; }); }},
      {"device_token", "status = 'complete'",
       [&] {
         return s.update_device_token("f4gpqjptkrzeiatxb6ro5ujwnztsmbmh2pvhvxtqbs6c4vw5pgnvr",
                                      [](DeviceToken t) -> Result<DeviceToken> { return t; });
       }},
  };
  for (const auto& r : rows) {
    std::string before = snapshot(r.table, r.where);
    ASSERT_STORAGE_OK(r.update());
    EXPECT_EQ(snapshot(r.table, r.where), before) << r.table << " " << r.where;
  }
}

}  // namespace dexcc::storage::testing
