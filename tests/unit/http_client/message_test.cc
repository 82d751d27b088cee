// Headers: case-insensitive lookup, repeated fields, set and remove.
#include "http_client/message.h"

#include <gtest/gtest.h>

namespace dexcc::http_client {
namespace {

TEST(Headers, LooksUpNamesCaseInsensitively) {
  Headers headers{{"Content-Type", "application/json"}, {"Set-Cookie", "a=1"}, {"set-cookie", "b=2"}};
  EXPECT_EQ(headers.get("content-type"), "application/json");
  EXPECT_EQ(headers.get("SET-COOKIE"), "a=1");
  EXPECT_EQ(headers.get_all("Set-Cookie"), (std::vector<std::string_view>{"a=1", "b=2"}));
  EXPECT_FALSE(headers.get("Link").has_value());
  EXPECT_TRUE(headers.get_all("Link").empty());
  EXPECT_TRUE(headers.contains("CONTENT-type"));
}

TEST(Headers, SetReplacesEveryFieldOfThatName) {
  Headers headers{{"Accept", "text/html"}, {"X-Other", "1"}, {"accept", "text/plain"}};
  headers.set("ACCEPT", "application/json");
  EXPECT_EQ(headers.get_all("accept"), (std::vector<std::string_view>{"application/json"}));
  EXPECT_EQ(headers.fields().size(), 2u);
  headers.remove("x-other");
  EXPECT_FALSE(headers.contains("X-Other"));
}

TEST(Response, OkMeans2xx) {
  EXPECT_TRUE(Response{.status = 200}.ok());
  EXPECT_TRUE(Response{.status = 204}.ok());
  EXPECT_FALSE(Response{.status = 302}.ok());
  EXPECT_FALSE(Response{.status = 404}.ok());
}

}  // namespace
}  // namespace dexcc::http_client
