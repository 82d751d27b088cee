// The refresh-token rotation rule as a table: rotate on/off x reuse window x presented secret.
#include "server/grants/refresh_rotation.h"

#include <gtest/gtest.h>

namespace dexcc::server::grants {
namespace {

using namespace std::chrono_literals;

const base::Time kLastUsed = base::Time{} + std::chrono::hours(24 * 365 * 50);

storage::RefreshToken stored_token() {
  storage::RefreshToken t;
  t.id = "rt-1";
  t.client_id = "app";
  t.token = "current";
  t.obsolete_token = "obsolete";
  t.last_used = kLastUsed;
  t.created_at = kLastUsed - 1h;
  t.connector_data = "legacy";
  t.claims.user_id = "u1";
  t.claims.email = "old@example.com";
  return t;
}

enum class Outcome { kRefused, kReused, kUsed };

struct Case {
  const char* name;
  bool rotate;
  base::Duration reuse_interval;
  base::Duration since_last_use;
  const char* presented;
  Outcome outcome;
  const char* answer;  // the secret handed back
  const char* stored;  // the token's secret afterwards
  const char* obsolete;
};

class RotationTable : public ::testing::TestWithParam<Case> {};

TEST_P(RotationTable, DecidesAsDex) {
  const Case& c = GetParam();
  RefreshPolicy policy{.rotate = c.rotate, .reuse_interval = c.reuse_interval};
  base::Time now = kLastUsed + c.since_last_use;
  auto r = rotate_refresh_token(stored_token(), c.presented, now, policy, "fresh");
  if (c.outcome == Outcome::kRefused) {
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, "invalid_request");
    EXPECT_EQ(r.error().description, kInvalidRefreshToken);
    return;
  }
  ASSERT_TRUE(r) << r.error().description;
  EXPECT_EQ(r->answer_secret, c.answer);
  EXPECT_EQ(r->token.token, c.stored);
  EXPECT_EQ(r->token.obsolete_token, c.obsolete);
  EXPECT_EQ(r->refresh_upstream, c.outcome == Outcome::kUsed);
  EXPECT_EQ(r->token.last_used, c.outcome == Outcome::kUsed ? now : kLastUsed);
  // The legacy per-token connector data always leaves the token, and is handed to the upstream.
  EXPECT_TRUE(r->token.connector_data.empty());
  EXPECT_EQ(r->legacy_connector_data, "legacy");
}

INSTANTIATE_TEST_SUITE_P(
    Refresh, RotationTable,
    ::testing::Values(
        Case{"RotateCurrent", true, 0s, 10s, "current", Outcome::kUsed, "fresh", "fresh", "current"},
        Case{"RotateObsoleteRefused", true, 0s, 10s, "obsolete", Outcome::kRefused},
        Case{"RotateWrongRefused", true, 0s, 10s, "guess", Outcome::kRefused},
        Case{"RotateReuseCurrent", true, 30s, 10s, "current", Outcome::kReused, "current", "current",
             "obsolete"},
        Case{"RotateReuseObsolete", true, 30s, 10s, "obsolete", Outcome::kReused, "current", "current",
             "obsolete"},
        Case{"RotateReuseWrongRefused", true, 30s, 10s, "guess", Outcome::kRefused},
        Case{"RotateReuseEdgeIsReuse", true, 30s, 30s, "obsolete", Outcome::kReused, "current", "current",
             "obsolete"},
        Case{"RotateAfterReuseWindow", true, 30s, 31s, "current", Outcome::kUsed, "fresh", "fresh",
             "current"},
        Case{"RotateAfterReuseWindowObsoleteRefused", true, 30s, 31s, "obsolete", Outcome::kRefused},
        Case{"NoRotateUse", false, 0s, 10s, "current", Outcome::kUsed, "current", "current", "obsolete"},
        Case{"NoRotateUseAnySecret", false, 0s, 10s, "whatever", Outcome::kUsed, "current", "current",
             "obsolete"},
        Case{"NoRotateReuseAnswersPresented", false, 30s, 10s, "obsolete", Outcome::kReused, "obsolete",
             "current", "obsolete"}),
    [](const ::testing::TestParamInfo<Case>& info) { return std::string(info.param.name); });

TEST(RefreshRotation, EmptyObsoleteSecretMatchesNothing) {
  storage::RefreshToken t = stored_token();
  t.obsolete_token.clear();
  RefreshPolicy policy{.rotate = true, .reuse_interval = 30s};
  EXPECT_FALSE(rotate_refresh_token(t, "", kLastUsed + 1s, policy, "fresh"));
  EXPECT_FALSE(check_presented_refresh(t, "", kLastUsed + 1s, policy));
}

TEST(RefreshRotation, UpstreamIdentityPrefersTheLegacyData) {
  auto r = rotate_refresh_token(stored_token(), "current", kLastUsed + 1h, RefreshPolicy{}, "fresh");
  ASSERT_TRUE(r);
  storage::OfflineSessions session{.user_id = "u1", .conn_id = "c", .connector_data = "session"};
  connector::Identity id = upstream_identity(*r, session);
  EXPECT_EQ(id.connector_data, "legacy");
  EXPECT_EQ(id.user_id, "u1");
  r->legacy_connector_data.clear();
  EXPECT_EQ(upstream_identity(*r, session).connector_data, "session");
}

TEST(RefreshRotation, RefreshedClaimsKeepTheUserId) {
  storage::RefreshToken t = stored_token();
  connector::Identity refreshed{{.user_id = "someone-else", .email = "new@example.com", .groups = {"g"}},
                                "d"};
  apply_refreshed_claims(t, refreshed);
  EXPECT_EQ(t.claims.user_id, "u1");
  EXPECT_EQ(t.claims.email, "new@example.com");
  EXPECT_EQ(t.claims.groups, std::vector<std::string>{"g"});
}

TEST(RefreshRotation, PresentedChecksLifetimes) {
  storage::RefreshToken t = stored_token();
  RefreshPolicy absolute{.absolute_lifetime = 2h};
  EXPECT_TRUE(check_presented_refresh(t, "current", t.created_at + 2h, absolute));
  auto expired = check_presented_refresh(t, "current", t.created_at + 2h + 1s, absolute);
  ASSERT_FALSE(expired);
  EXPECT_EQ(expired.error().description, "Refresh token expired.");
  RefreshPolicy idle{.valid_if_not_used_for = 1h};
  EXPECT_TRUE(check_presented_refresh(t, "current", kLastUsed + 1h, idle));
  EXPECT_FALSE(check_presented_refresh(t, "current", kLastUsed + 1h + 1s, idle));
  EXPECT_FALSE(check_presented_refresh(t, "obsolete", kLastUsed + 1s, RefreshPolicy{}));
  EXPECT_TRUE(check_presented_refresh(t, "obsolete", kLastUsed + 1s, RefreshPolicy{.reuse_interval = 2s}));
}

}  // namespace
}  // namespace dexcc::server::grants
