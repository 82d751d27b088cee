// Redirects: not followed by default; when enabled, Go's method rules, at most 10 hops, and no
// credentials sent to another host.
#include <gtest/gtest.h>

#include "client_test_support.h"

namespace dexcc::http_client {
namespace {

using testing::FakeResponse;
using testing::FakeUpstream;
using testing::ReceivedRequest;

FakeResponse redirect(int status, std::string location) {
  return FakeResponse{status, {{"Location", std::move(location)}}, ""};
}

class ClientRedirectTest : public ::testing::Test {
 protected:
  FakeResponse answer(const ReceivedRequest& request) {
    const std::string target = request.target.substr(0, request.target.find('?'));
    if (target == "/found") return redirect(302, "/ok");
    if (target == "/see-other") return redirect(303, "/ok");
    if (target == "/temporary") return redirect(307, "/ok");
    if (target == "/loop") return redirect(302, "/loop");
    if (target == "/elsewhere") return redirect(307, other_.url("/ok", "localhost"));
    if (target == "/no-location") return FakeResponse{302, {}, "stay"};
    return text(200, request.method + " " + target + " " + request.body);
  }

  FakeUpstream other_{[](const ReceivedRequest&) { return text(200, "other"); }};
  FakeUpstream server_{[this](const ReceivedRequest& request) { return answer(request); }};
};

TEST_F(ClientRedirectTest, NotFollowedByDefault) {
  auto response = get(make_client(test_options()), server_.url("/found"));
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->status, 302);
  EXPECT_EQ(response->headers.get("Location"), "/ok");
  EXPECT_EQ(server_.exchanges().size(), 1u);
}

TEST_F(ClientRedirectTest, FollowedWhenEnabled) {
  ClientOptions options = test_options();
  options.follow_redirects = true;
  Client client = make_client(options);

  auto found = get(client, server_.url("/found"));
  ASSERT_TRUE(found) << found.error().message;
  EXPECT_EQ(found->status, 200);
  EXPECT_EQ(found->body, "GET /ok ");
  EXPECT_EQ(found->url, server_.url("/ok"));

  auto see_other =
      client.send(Request{"POST", server_.url("/see-other"), {{"Content-Type", "text/plain"}}, "data"});
  ASSERT_TRUE(see_other) << see_other.error().message;
  EXPECT_EQ(see_other->body, "GET /ok ");
  EXPECT_EQ(see_other->method, "GET");

  auto temporary = client.send(Request{"POST", server_.url("/temporary"), {}, "data"});
  ASSERT_TRUE(temporary) << temporary.error().message;
  EXPECT_EQ(temporary->body, "POST /ok data");

  auto no_location = get(client, server_.url("/no-location"));
  ASSERT_TRUE(no_location) << no_location.error().message;
  EXPECT_EQ(no_location->status, 302);
  EXPECT_EQ(no_location->body, "stay");
}

TEST_F(ClientRedirectTest, StopsAfterTenRedirects) {
  ClientOptions options = test_options();
  options.follow_redirects = true;
  auto response = get(make_client(options), server_.url("/loop?code=secret"));
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().kind, ErrorKind::kTooManyRedirects);
  EXPECT_EQ(response.error().message, "GET " + server_.url("/loop") + ": stopped after 10 redirects");
  EXPECT_EQ(server_.exchanges().size(), 11u);
}

TEST_F(ClientRedirectTest, CredentialsStayWithTheOriginalHost) {
  ClientOptions options = test_options();
  options.follow_redirects = true;
  Client client = make_client(options);
  Headers credentials{{"Authorization", "Bearer upstream-token"}, {"Cookie", "session=1"}, {"X-Trace", "t"}};

  ASSERT_TRUE(get(client, server_.url("/temporary"), credentials));
  const ReceivedRequest same_host = server_.exchanges().back().request;
  EXPECT_EQ(same_host.target, "/ok");
  EXPECT_EQ(same_host.header("Authorization"), "Bearer upstream-token");

  auto response = get(client, server_.url("/elsewhere"), credentials);
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->body, "other");
  const ReceivedRequest other_host = other_.exchanges().at(0).request;
  EXPECT_FALSE(other_host.has_header("Authorization"));
  EXPECT_FALSE(other_host.has_header("Cookie"));
  EXPECT_EQ(other_host.header("X-Trace"), "t");
}

}  // namespace
}  // namespace dexcc::http_client
