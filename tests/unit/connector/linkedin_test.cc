// The linkedin connector's pure parts: the profile and email answers, the name fallback, and
// the config keys (the connector opens with no network access).
#include <gtest/gtest.h>

#include "connector/linkedin/profile.h"
#include "connector/registry.h"

namespace dexcc::connector::linkedin {
namespace {

TEST(LinkedinProfile, ReadsMeAndEmails) {
  auto p =
      parse_me(R"({"id":"abc","localizedFirstName":"Jane","localizedLastName":"Doe","vanityName":"jd"})");
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_EQ(p->id, "abc");
  EXPECT_EQ(p->full_name(), "Jane Doe");
  EXPECT_FALSE(parse_me(R"({"id":7})"));
  // The last element wins, as in dex.
  auto email = parse_email(
      R"({"elements":[{"handle~":{"emailAddress":"a@x.org"}},{"handle":"urn:li:emailAddress:1","handle~":{"emailAddress":"b@x.org"}}]})");
  ASSERT_TRUE(email);
  EXPECT_EQ(*email, "b@x.org");
  for (const char* none :
       {R"({"elements":[]})", "{}", "not json", R"({"elements":[{"handle~":{"emailAddress":5}}]})"}) {
    auto e = parse_email(none);
    ASSERT_FALSE(e) << none;
    EXPECT_EQ(e.error().message, "email is not set");
  }
}

TEST(LinkedinProfile, NameFallsBackToEmail) {
  EXPECT_EQ((Profile{.first_name = "Jane", .last_name = ""}).full_name(), "Jane");
  EXPECT_EQ((Profile{.first_name = " ", .last_name = "\t", .email = "e@x.org"}).full_name(), "e@x.org");
}

TEST(LinkedinConnector, RefreshReadsDexConnectorData) {
  auto c = Registry::builtin().open(
      "linkedin", R"({"clientID":"id","clientSecret":"s","redirectURI":"https://dex.example/callback"})",
      {.id = "li"});
  ASSERT_TRUE(c) << c.error().message;
  const RefreshConnector* refresh = (*c)->capabilities().refresh;
  ASSERT_NE(refresh, nullptr);
  Identity empty;
  EXPECT_EQ(refresh->refresh({}, empty).error().message, "linkedin: no upstream access token found");
  Identity broken;
  broken.connector_data = R"({"accessToken":42})";
  EXPECT_TRUE(refresh->refresh({}, broken).error().message.starts_with("linkedin: unmarshal access token: "));
  auto url = (*c)->capabilities().callback->login_url({}, "https://other.example/callback", "s");
  ASSERT_FALSE(url);
  EXPECT_EQ(url.error().message,
            "expected callback URL \"https://other.example/callback\" did not match the URL in the config "
            "\"https://dex.example/callback\"");
}

}  // namespace
}  // namespace dexcc::connector::linkedin
