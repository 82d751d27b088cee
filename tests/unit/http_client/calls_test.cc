// get_json, post_form, require_success, decode_json and has_json_content_type against a loopback server.
#include "http_client/calls.h"

#include <gtest/gtest.h>

#include "client_test_support.h"

namespace dexcc::http_client {
namespace {

using testing::FakeResponse;
using testing::FakeUpstream;
using testing::ReceivedRequest;

class CallsTest : public ::testing::Test {
 protected:
  static FakeResponse answer(const ReceivedRequest& request) {
    if (request.target == "/keys")
      return FakeResponse{200, {{"Content-Type", "application/json"}}, R"({"keys":[]})"};
    if (request.target == "/missing?token=abc")
      return FakeResponse{404, {}, R"({"error":"token abc unknown"})"};
    if (request.target == "/html") return FakeResponse{200, {{"Content-Type", "text/html"}}, "<html>"};
    if (request.target == "/token") {
      return FakeResponse{400, {{"Content-Type", "application/json"}}, R"({"error":"invalid_grant"})"};
    }
    return text(200, "");
  }

  Client client_ = make_client(test_options());
  FakeUpstream server_{&CallsTest::answer};
};

TEST_F(CallsTest, GetJsonParsesASuccessfulAnswer) {
  auto json = get_json(client_, server_.url("/keys"), {{"Authorization", "Bearer t"}});
  ASSERT_TRUE(json) << json.error().message;
  EXPECT_EQ((*json)["keys"], nlohmann::json::array());
  const ReceivedRequest received = server_.exchanges().at(0).request;
  EXPECT_EQ(received.header("Accept"), "application/json");
  EXPECT_EQ(received.header("Authorization"), "Bearer t");
}

TEST_F(CallsTest, GetJsonReportsStatusWithoutBodyOrQuery) {
  auto json = get_json(client_, server_.url("/missing?token=abc"));
  ASSERT_FALSE(json);
  EXPECT_EQ(json.error().kind, ErrorKind::kStatus);
  EXPECT_EQ(json.error().status, 404);
  EXPECT_EQ(json.error().message, "GET " + server_.url("/missing") + ": unexpected status 404");
}

TEST_F(CallsTest, GetJsonReportsABodyThatIsNotJson) {
  auto json = get_json(client_, server_.url("/html"));
  ASSERT_FALSE(json);
  EXPECT_EQ(json.error().kind, ErrorKind::kDecode);
  EXPECT_EQ(json.error().message.find("<html>"), std::string::npos);
}

TEST_F(CallsTest, PostFormEncodesLikeGoAndReturnsAnyStatus) {
  auto response =
      post_form(client_, server_.url("/token"), {{"grant_type", "authorization_code"}, {"code", "a b&c"}},
                {{"Authorization", basic_auth("client", "secret")}});
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->status, 400);
  EXPECT_TRUE(has_json_content_type(*response));
  auto error = decode_json(*response);
  ASSERT_TRUE(error);
  EXPECT_EQ((*error)["error"], "invalid_grant");
  auto success = require_success(*response);
  ASSERT_FALSE(success);
  EXPECT_EQ(success.error().status, 400);

  const ReceivedRequest received = server_.exchanges().at(0).request;
  EXPECT_EQ(received.method, "POST");
  EXPECT_EQ(received.body, "code=a+b%26c&grant_type=authorization_code");
  EXPECT_EQ(received.header("Content-Type"), "application/x-www-form-urlencoded");
  EXPECT_EQ(received.header("Authorization"), basic_auth("client", "secret"));
}

TEST(HasJsonContentType, AcceptsJsonMediaTypesOnly) {
  const auto with = [](std::string value) {
    return Response{.status = 200, .headers = {{"Content-Type", value}}};
  };
  EXPECT_TRUE(has_json_content_type(with("application/json")));
  EXPECT_TRUE(has_json_content_type(with("Application/JSON; charset=utf-8")));
  EXPECT_TRUE(has_json_content_type(with("application/jwk-set+json")));
  EXPECT_FALSE(has_json_content_type(with("application/x-www-form-urlencoded")));
  EXPECT_FALSE(has_json_content_type(with("text/plain")));
  EXPECT_FALSE(has_json_content_type(with("+json")));
  EXPECT_FALSE(has_json_content_type(Response{.status = 200}));
}

}  // namespace
}  // namespace dexcc::http_client
