// The request after a redirect: Go's method and body rules, and credentials kept only on the same host.
#include "http_client/redirect.h"

#include <gtest/gtest.h>

namespace dexcc::http_client::detail {
namespace {

Request post_with_credentials(std::string url) {
  return Request{
      "POST",
      std::move(url),
      {{"Authorization", "Bearer t"}, {"Cookie", "s=1"}, {"Content-Type", "application/json"}, {"X-Id", "7"}},
      "{}"};
}

TEST(RedirectedRequest, SeeOtherAndFoundTurnPostIntoGetWithoutBody) {
  for (int status : {301, 302, 303}) {
    auto next =
        redirected_request(post_with_credentials("https://idp.example/a"), status, "https://idp.example/b");
    ASSERT_TRUE(next) << status;
    EXPECT_EQ(next->method, "GET");
    EXPECT_EQ(next->url, "https://idp.example/b");
    EXPECT_EQ(next->body, "");
    EXPECT_FALSE(next->headers.contains("Content-Type"));
    EXPECT_EQ(next->headers.get("X-Id"), "7");
  }
  auto head =
      redirected_request(Request{"HEAD", "https://idp.example/a", {}, ""}, 301, "https://idp.example/b");
  ASSERT_TRUE(head);
  EXPECT_EQ(head->method, "HEAD");
}

TEST(RedirectedRequest, TemporaryAndPermanentRedirectsKeepMethodAndBody) {
  for (int status : {307, 308}) {
    auto next =
        redirected_request(post_with_credentials("https://idp.example/a"), status, "https://idp.example/b");
    ASSERT_TRUE(next) << status;
    EXPECT_EQ(next->method, "POST");
    EXPECT_EQ(next->body, "{}");
    EXPECT_EQ(next->headers.get("Content-Type"), "application/json");
  }
}

TEST(RedirectedRequest, KeepsCredentialsOnTheSameHostOnly) {
  auto same =
      redirected_request(post_with_credentials("https://IDP.example/a"), 307, "https://idp.example:8443/b");
  ASSERT_TRUE(same);
  EXPECT_EQ(same->headers.get("Authorization"), "Bearer t");
  EXPECT_EQ(same->headers.get("Cookie"), "s=1");

  for (std::string_view target :
       {"https://other.example/b", "https://sub.idp.example/b", "http://idp.example/b"}) {
    auto next = redirected_request(post_with_credentials("https://idp.example/a"), 307, target);
    ASSERT_TRUE(next) << target;
    EXPECT_FALSE(next->headers.contains("Authorization")) << target;
    EXPECT_FALSE(next->headers.contains("Cookie")) << target;
    EXPECT_EQ(next->headers.get("X-Id"), "7") << target;
  }
}

TEST(RedirectedRequest, OtherStatusesAndMissingLocationAreFinal) {
  Request get{"GET", "https://idp.example/a", {}, ""};
  EXPECT_FALSE(redirected_request(get, 200, "https://idp.example/b"));
  EXPECT_FALSE(redirected_request(get, 304, "https://idp.example/b"));
  EXPECT_FALSE(redirected_request(get, 300, "https://idp.example/b"));
  EXPECT_FALSE(redirected_request(get, 302, ""));
}

}  // namespace
}  // namespace dexcc::http_client::detail
