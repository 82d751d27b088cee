// Issuer::parse: the configured issuer read as Go's url.Parse reads it, origin and path kept as
// written (dex keeps a trailing slash), and refused when Go refuses it or it is not http(s).
#include "server/issuer.h"

#include <gtest/gtest.h>

#include <string>

namespace dexcc::server {
namespace {

TEST(Issuer, ParsesOriginAndPathAsWritten) {
  struct Case {
    std::string url, origin, path;
    bool https;
  };
  const Case cases[] = {
      {"https://dex.example", "https://dex.example", "", true},
      {"https://dex.example/", "https://dex.example", "/", true},
      {"https://dex.example/dex/", "https://dex.example", "/dex/", true},
      {"http://127.0.0.1:5556/a/b", "http://127.0.0.1:5556", "/a/b", false},
      {"http://[::1]:5556/dex", "http://[::1]:5556", "/dex", false},
      {"https://dex.example/dex?x=1#f", "https://dex.example", "/dex", true},
      {"https://dex.example?x=1", "https://dex.example", "", true},
      {"HTTPS://Dex.Example/dex", "https://Dex.Example", "/dex", true},  // Go lower-cases the scheme
  };
  for (const auto& c : cases) {
    auto issuer = Issuer::parse(c.url);
    ASSERT_TRUE(issuer) << c.url;
    EXPECT_EQ(issuer->url, c.url);
    EXPECT_EQ(issuer->origin, c.origin) << c.url;
    EXPECT_EQ(issuer->path, c.path) << c.url;
    EXPECT_EQ(issuer->https, c.https) << c.url;
  }
}

TEST(Issuer, RefusesWhatGoRefusesAndNonHttpUrls) {
  for (std::string url : {"dex.example", "/dex", "ftp://dex.example/", "https:///dex", "https:dex.example",
                          "https://dex.example\\@evil/", "https://dex .example/", "https://dex.example:x/",
                          "https://dex.example/%zz", "https://dex.example/\t", "https://[127.0.0.1]/"}) {
    EXPECT_FALSE(Issuer::parse(url).has_value()) << url;
  }
}

}  // namespace
}  // namespace dexcc::server
