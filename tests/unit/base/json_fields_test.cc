// Tests for JsonFields: case-insensitive keys, typed reads, errors naming the key path, unknown keys.
#include "base/json_fields.h"

#include <gtest/gtest.h>

namespace dexcc::base {
namespace {

using nlohmann::json;

TEST(JsonFields, MatchesKeysCaseInsensitivelyPreferringExact) {
  json j = {{"File", "a"}, {"clientID", "x"}, {"clientId", "y"}};
  JsonFields f(j, "storage.config");
  EXPECT_EQ(f.string("file"), "a");
  EXPECT_EQ(f.string("clientId"), "y");
}

TEST(JsonFields, NullIsUnset) {
  json j = {{"file", nullptr}};
  JsonFields f(j, "c");
  EXPECT_EQ(f.string("file", "dflt"), "dflt");
  EXPECT_TRUE(f.unknown_keys().empty());
}

TEST(JsonFields, TypeErrorsNameTheKey) {
  json j = {{"file", 3}, {"on", "yes"}, {"n", "3"}};
  JsonFields f(j, "storage.config");
  try {
    f.string("file");
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_STREQ(e.what(), "config: storage.config.file: expected a string, got number");
  }
  EXPECT_THROW(f.boolean("on"), ConfigError);
  EXPECT_THROW(f.integer("n"), ConfigError);
}

TEST(JsonFields, ScalarsAsStringsLikeDexYamlLoader) {
  json j = {{"secret", 123}, {"flag", true}, {"list", {1, "b"}}};
  JsonFields f(j, "", true);
  EXPECT_EQ(f.string("secret"), "123");
  EXPECT_EQ(f.string("flag"), "true");
  EXPECT_EQ(f.strings("list"), (std::vector<std::string>{"1", "b"}));
}

TEST(JsonFields, Durations) {
  json j = {{"idTokens", "1x"}, {"authRequests", "10m"}};
  JsonFields f(j, "expiry");
  EXPECT_EQ(f.duration("authRequests", Duration(0)), std::chrono::minutes(10));
  EXPECT_EQ(f.duration("missing", std::chrono::hours(24)), std::chrono::hours(24));
  try {
    f.duration("idTokens", Duration(0));
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_STREQ(e.what(), "config: expiry.idTokens: \"1x\" is not a duration");
  }
}

TEST(JsonFields, ReportsUnknownKeys) {
  json j = {{"http", "0.0.0.0:5556"}, {"htp", "x"}};
  JsonFields f(j, "web");
  f.string("http");
  EXPECT_EQ(f.unknown_keys(), std::vector<std::string>{"web.htp"});
}

TEST(JsonFields, NestedObjectsAndMaps) {
  json j = {{"ssl", {{"mode", "disable"}}}, {"headers", {{"X-Frame-Options", "DENY"}}}};
  JsonFields f(j, "storage.config");
  auto ssl = f.object("ssl");
  EXPECT_EQ(ssl.string("mode"), "disable");
  EXPECT_EQ(ssl.path(), "storage.config.ssl");
  EXPECT_EQ(f.string_map("headers").at("X-Frame-Options"), "DENY");
  EXPECT_THROW(JsonFields(json::array(), "x"), ConfigError);
}

}  // namespace
}  // namespace dexcc::base
