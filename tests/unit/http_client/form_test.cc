// Go's url.Values.Encode and oauth2's Basic client authentication, byte for byte.
#include "http_client/form.h"

#include <gtest/gtest.h>

#include "base/base64.h"

namespace dexcc::http_client {
namespace {

TEST(FormEncode, SortsNamesAndKeepsValueOrder) {
  EXPECT_EQ(form_encode({}), "");
  EXPECT_EQ(
      form_encode({{"grant_type", "authorization_code"},
                   {"code", "a b"},
                   {"redirect_uri", "https://dex.example/callback"},
                   {"b", "2"},
                   {"b", "1"}}),
      "b=2&b=1&code=a+b&grant_type=authorization_code&redirect_uri=https%3A%2F%2Fdex.example%2Fcallback");
  EXPECT_EQ(form_encode({{"", ""}, {"k", ""}}), "=&k=");
}

TEST(BasicAuth, EscapesBothHalvesBeforeBase64) {
  EXPECT_EQ(basic_auth("client", "secret"), "Basic " + base::base64_encode("client:secret"));
  // Go's oauth2: SetBasicAuth(url.QueryEscape(id), url.QueryEscape(secret)).
  EXPECT_EQ(basic_auth("my:client", "s3cr%t w/+"),
            "Basic " + base::base64_encode("my%3Aclient:s3cr%25t+w%2F%2B"));
}

}  // namespace
}  // namespace dexcc::http_client
