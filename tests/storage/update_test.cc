// Conformance: update is an atomic compare-and-swap (dex's transaction tests, with real threads).
#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "storage/conformance.h"

namespace dexcc::storage::testing {
namespace {

constexpr int kThreads = 16;
constexpr int kUpdatesPerThread = 25;

// Every thread increments a counter kept in the record; a lost update would show as a short count.
// Every third attempt fails instead, and must leave no trace.
TEST_P(StorageConformance, RefreshTokenConcurrentUpdate) {
  RefreshToken r = sample_refresh_token();
  r.nonce = "0";
  ASSERT_STORAGE_OK(s().create_refresh_token(r));

  std::atomic<int> succeeded{0};
  std::atomic<int> failed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kUpdatesPerThread; ++i) {
        bool fail_this = (t * kUpdatesPerThread + i) % 3 == 0;
        auto result = s().update_refresh_token(r.id, [&](RefreshToken old) -> Result<RefreshToken> {
          if (fail_this) return fail("updater refused");
          old.nonce = std::to_string(std::stoi(old.nonce) + 1);
          old.scopes.push_back("s" + std::to_string(t));
          return old;
        });
        (result ? succeeded : failed)++;
        if (!result) {
          EXPECT_EQ(result.error().message, "updater refused");
        }
      }
    });
  }
  for (auto& t : threads) t.join();

  auto got = s().get_refresh_token(r.id);
  ASSERT_STORAGE_OK(got);
  EXPECT_EQ(succeeded + failed, kThreads * kUpdatesPerThread);
  EXPECT_GT(failed.load(), 0);
  EXPECT_EQ(got->nonce, std::to_string(succeeded.load()));
  EXPECT_EQ(got->scopes.size(), r.scopes.size() + static_cast<size_t>(succeeded.load()));
}

// Reads running alongside updates always see a whole record, never a half-written one.
TEST_P(StorageConformance, ReadsDuringUpdatesSeeWholeRecords) {
  Client c = sample_client();
  c.secret = "0";
  c.name = "0";
  ASSERT_STORAGE_OK(s().create_client(c));
  std::atomic<bool> done{false};
  std::thread writer([&] {
    for (int i = 1; i <= 200; ++i) {
      auto r = s().update_client(c.id, [&](Client old) -> Result<Client> {
        old.secret = old.name = std::to_string(i);
        return old;
      });
      EXPECT_TRUE(r.has_value());
    }
    done = true;
  });
  std::vector<std::thread> readers;
  for (int t = 0; t < 4; ++t) {
    readers.emplace_back([&] {
      int last = 0;
      while (!done) {
        auto got = s().get_client(c.id);
        ASSERT_TRUE(got.has_value()) << got.error().message;
        EXPECT_EQ(got->secret, got->name);
        int now = std::stoi(got->secret);
        EXPECT_GE(now, last) << "a reader went back in time";
        last = now;
      }
    });
  }
  writer.join();
  for (auto& t : readers) t.join();
  EXPECT_EQ(s().get_client(c.id)->secret, "200");
}

// Updates to different records in parallel all land.
TEST_P(StorageConformance, ClientConcurrentUpdate) {
  std::vector<Client> clients;
  for (int i = 0; i < kThreads; ++i) {
    clients.push_back(sample_client());
    clients.back().name = "0";
    ASSERT_STORAGE_OK(s().create_client(clients.back()));
  }
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kUpdatesPerThread; ++i) {
        // Each thread bumps its own client and, every other time, its neighbour's.
        for (int target : {t, (t + 1) % kThreads}) {
          if (target != t && i % 2 != 0) continue;
          auto r = s().update_client(clients[target].id, [](Client old) -> Result<Client> {
            old.name = std::to_string(std::stoi(old.name) + 1);
            return old;
          });
          EXPECT_TRUE(r.has_value());
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  int per_client = kUpdatesPerThread + (kUpdatesPerThread + 1) / 2;
  for (const auto& c : clients) EXPECT_EQ(s().get_client(c.id)->name, std::to_string(per_client));
}

TEST_P(StorageConformance, KeysConcurrentUpdate) {
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kUpdatesPerThread; ++i) {
        auto r = s().update_keys([](Keys old) -> Result<Keys> {
          old.verification_keys.push_back({R"({"kid":"x"})", sample_time()});
          return old;
        });
        EXPECT_TRUE(r.has_value());
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(s().get_keys()->verification_keys.size(), static_cast<size_t>(kThreads * kUpdatesPerThread));
}

// An updater's error is returned as it is and nothing is written, for every updatable entity.
TEST_P(StorageConformance, UpdaterErrorWritesNothing) {
  auto refuse = [](auto old) -> Result<decltype(old)> { return fail(ErrorKind::kConflict, "no thanks"); };
  auto expect_refused = [](const Result<void>& r) {
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().kind, ErrorKind::kConflict);
    EXPECT_EQ(r.error().message, "no thanks");
  };

  Client c = sample_client();
  ASSERT_STORAGE_OK(s().create_client(c));
  expect_refused(s().update_client(c.id, [&](Client old) -> Result<Client> {
    old.secret = "changed";
    return refuse(old);
  }));
  EXPECT_EQ(*s().get_client(c.id), c);

  AuthRequest a = sample_auth_request();
  ASSERT_STORAGE_OK(s().create_auth_request(a));
  expect_refused(s().update_auth_request(a.id, refuse));
  EXPECT_EQ(*s().get_auth_request(a.id), a);

  RefreshToken r = sample_refresh_token();
  ASSERT_STORAGE_OK(s().create_refresh_token(r));
  expect_refused(s().update_refresh_token(r.id, refuse));
  EXPECT_EQ(*s().get_refresh_token(r.id), r);

  OfflineSessions o = sample_offline_sessions();
  ASSERT_STORAGE_OK(s().create_offline_sessions(o));
  expect_refused(s().update_offline_sessions(o.user_id, o.conn_id, refuse));
  EXPECT_EQ(*s().get_offline_sessions(o.user_id, o.conn_id), o);

  Password p = sample_password();
  ASSERT_STORAGE_OK(s().create_password(p));
  expect_refused(s().update_password(p.email, refuse));
  EXPECT_EQ(*s().get_password(p.email), p);

  Connector conn = sample_connector();
  ASSERT_STORAGE_OK(s().create_connector(conn));
  expect_refused(s().update_connector(conn.id, refuse));
  EXPECT_EQ(comparable(*s().get_connector(conn.id)), comparable(conn));

  ASSERT_STORAGE_OK(s().update_keys([](Keys) -> Result<Keys> { return sample_keys(); }));
  expect_refused(s().update_keys(refuse));
  EXPECT_EQ(*s().get_keys(), sample_keys());

  DeviceToken d = sample_device_token();
  ASSERT_STORAGE_OK(s().create_device_token(d));
  expect_refused(s().update_device_token(d.device_code, refuse));
  EXPECT_EQ(*s().get_device_token(d.device_code), d);

  // The storage is still usable: no transaction was left open.
  ASSERT_STORAGE_OK(s().update_client(c.id, [](Client old) -> Result<Client> {
    old.secret = "after";
    return old;
  }));
  EXPECT_EQ(s().get_client(c.id)->secret, "after");
}

// An update never moves a record: key fields changed by the updater are ignored.
TEST_P(StorageConformance, UpdateKeepsKey) {
  Client c = sample_client();
  ASSERT_STORAGE_OK(s().create_client(c));
  ASSERT_STORAGE_OK(s().update_client(c.id, [](Client old) -> Result<Client> {
    old.id = "moved";
    old.name = "renamed";
    return old;
  }));
  EXPECT_EQ(s().get_client(c.id)->name, "renamed");
  EXPECT_EQ(s().get_client(c.id)->id, c.id);
  EXPECT_STORAGE_ERROR(s().get_client("moved"), ErrorKind::kNotFound);

  Password p = sample_password("Key@Example.com");
  ASSERT_STORAGE_OK(s().create_password(p));
  ASSERT_STORAGE_OK(s().update_password("KEY@example.com", [](Password old) -> Result<Password> {
    old.email = "other@example.com";
    return old;
  }));
  EXPECT_EQ(s().get_password("key@example.com")->email, "key@example.com");
  EXPECT_STORAGE_ERROR(s().get_password("other@example.com"), ErrorKind::kNotFound);

  OfflineSessions o = sample_offline_sessions("u", "c");
  ASSERT_STORAGE_OK(s().create_offline_sessions(o));
  ASSERT_STORAGE_OK(s().update_offline_sessions("u", "c", [](OfflineSessions old) -> Result<OfflineSessions> {
    old.user_id = "v";
    return old;
  }));
  ASSERT_STORAGE_OK(s().get_offline_sessions("u", "c"));
  EXPECT_STORAGE_ERROR(s().get_offline_sessions("v", "c"), ErrorKind::kNotFound);
}

// A refresh updates its token and the offline session together, or neither.
TEST_P(StorageConformance, RefreshAndSessionUpdateTogetherOrNotAtAll) {
  RefreshToken r = sample_refresh_token();
  ASSERT_STORAGE_OK(s().create_refresh_token(r));
  OfflineSessions o = sample_offline_sessions("u", "c");
  o.refresh[r.client_id] = RefreshTokenRef{r.id, r.client_id, sample_time(), sample_time()};
  ASSERT_STORAGE_OK(s().create_offline_sessions(o));
  auto rotate = [](RefreshToken old, const OfflineSessions&) -> Result<RefreshToken> {
    old.obsolete_token = old.token;
    old.token = "rotated";
    old.id = "ignored";  // the key stays
    return old;
  };

  // Both written; the token updater sees the session, the session updater what the token updater did.
  std::string seen_token;
  OfflineSessions seen_session;
  auto record_use = [&](OfflineSessions old) -> Result<OfflineSessions> {
    old.connector_data = "used";
    old.user_id = "moved";  // the key stays
    return old;
  };
  ASSERT_STORAGE_OK(s().update_refresh_token_and_offline_sessions(
      r.id,
      [&](RefreshToken old, const OfflineSessions& session) {
        seen_session = session;
        auto n = rotate(old, session);
        seen_token = n->token;
        return n;
      },
      "u", "c", record_use));
  EXPECT_EQ(seen_token, "rotated");
  EXPECT_EQ(seen_session, o);
  EXPECT_EQ(s().get_refresh_token(r.id)->token, "rotated");
  EXPECT_EQ(s().get_offline_sessions("u", "c")->connector_data, "used");
  RefreshToken after_first = *s().get_refresh_token(r.id);
  OfflineSessions session_after_first = *s().get_offline_sessions("u", "c");

  // The session updater refuses: the token is as it was.
  auto refused = s().update_refresh_token_and_offline_sessions(
      r.id, rotate, "u", "c",
      [](OfflineSessions) -> Result<OfflineSessions> { return fail(ErrorKind::kConflict, "no thanks"); });
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().message, "no thanks");
  EXPECT_EQ(*s().get_refresh_token(r.id), after_first);
  EXPECT_EQ(*s().get_offline_sessions("u", "c"), session_after_first);

  // The token updater refuses: the session updater never runs.
  bool session_called = false;
  auto token_refused = s().update_refresh_token_and_offline_sessions(
      r.id,
      [](RefreshToken, const OfflineSessions&) -> Result<RefreshToken> {
        return fail(ErrorKind::kConflict, "token says no");
      },
      "u",
      "c", [&](OfflineSessions old) -> Result<OfflineSessions> {
        session_called = true;
        return old;
      });
  ASSERT_FALSE(token_refused.has_value());
  EXPECT_EQ(token_refused.error().message, "token says no");
  EXPECT_FALSE(session_called);

  // No session: kNotFound, and the token updater is not even asked.
  bool token_called = false;
  EXPECT_STORAGE_ERROR(s().update_refresh_token_and_offline_sessions(
                           r.id,
                           [&](RefreshToken old, const OfflineSessions&) -> Result<RefreshToken> {
                             token_called = true;
                             return old;
                           },
                           "u", "other-connector", record_use),
                       ErrorKind::kNotFound);
  EXPECT_FALSE(token_called);
  EXPECT_EQ(*s().get_refresh_token(r.id), after_first);

  // No token: kNotFound, nothing written.
  EXPECT_STORAGE_ERROR(s().update_refresh_token_and_offline_sessions("missing", rotate, "u", "c", record_use),
                       ErrorKind::kNotFound);
  EXPECT_EQ(*s().get_offline_sessions("u", "c"), session_after_first);
  EXPECT_STORAGE_ERROR(s().get_refresh_token("ignored"), ErrorKind::kNotFound);
  EXPECT_STORAGE_ERROR(s().get_offline_sessions("moved", "c"), ErrorKind::kNotFound);
}

}  // namespace
}  // namespace dexcc::storage::testing
