// Tests for os.ExpandEnv semantics, JSON expansion scope, and DEX_* flag parsing.
#include "config/environment.h"

#include <gtest/gtest.h>

#include <map>

namespace dexcc::config {
namespace {

Getenv fake_env(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](std::string_view name) -> std::optional<std::string> {
    auto it = vars.find(std::string(name));
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

TEST(ExpandEnv, FollowsGoOsExpandEnv) {
  auto env = fake_env({{"HOME", "/home/u"}, {"A_1", "x"}, {"1", "one"}});
  const std::pair<const char*, const char*> cases[] = {
      {"$HOME/.kube", "/home/u/.kube"},
      {"${HOME}x", "/home/ux"},
      {"$A_1-$A_1", "x-x"},
      {"$UNSET", ""},
      {"a$", "a$"},
      {"$ b", "$ b"},
      {"${}", ""},
      {"a${b", "ab"},
      {"$$", ""},
      {"$1x", "onex"},
      {"${1}", "one"},
      {"pa$$word", "paword"},
      {"no dollars", "no dollars"},
      {"$-x", "x"},
  };
  for (auto [in, want] : cases) EXPECT_EQ(expand_env(in, env), want) << in;
}

TEST(ExpandEnv, JsonExpansionScope) {
  auto env = fake_env({{"PW", "secret"}});
  nlohmann::json j = {{"bindPW", "$PW"},
                      {"port", 389},
                      {"nested", {{"k", "${PW}"}}},
                      {"list", {"$PW", {{"m", "$PW"}}, {"$PW"}}}};
  expand_env_in_json(j, env);
  EXPECT_EQ(j["bindPW"], "secret");
  EXPECT_EQ(j["port"], 389);
  EXPECT_EQ(j["nested"]["k"], "secret");
  EXPECT_EQ(j["list"][0], "secret");
  EXPECT_EQ(j["list"][1]["m"], "secret");
  EXPECT_EQ(j["list"][2][0], "$PW");  // arrays of arrays are left alone
}

TEST(Features, ParsesGoBooleansAndKeepsDefaultsOnJunk) {
  auto f = read_features(fake_env({{"DEX_EXPAND_ENV", "false"},
                                   {"DEX_CONTINUE_ON_CONNECTOR_FAILURE", "nope"},
                                   {"DEX_API_CONNECTORS_CRUD", "T"}}));
  EXPECT_FALSE(f.expand_env);
  EXPECT_TRUE(f.continue_on_connector_failure);
  EXPECT_TRUE(f.api_connectors_crud);
  EXPECT_FALSE(f.config_disallow_unknown_fields);
}

}  // namespace
}  // namespace dexcc::config
