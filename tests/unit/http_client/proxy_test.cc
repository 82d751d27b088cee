// proxy_for against the behaviour of Go's http.ProxyFromEnvironment (golang.org/x/net/http/httpproxy
// and its tests): which variable applies, scheme defaults, the CGI rule, loopback, and NO_PROXY.
#include "http_client/proxy.h"

#include <gtest/gtest.h>

#include <map>

namespace dexcc::http_client {
namespace {

// "" for a direct connection, "error: ..." for a refusal, else the proxy URL.
std::string decide(std::string_view url, const ProxyEnv& env) {
  auto proxy = proxy_for(url, env);
  if (!proxy) return "error: " + proxy.error();
  return proxy->value_or("");
}

TEST(ProxyFor, PicksTheVariableByScheme) {
  struct Case {
    ProxyEnv env;
    std::string_view url;
    std::string_view want;
  };
  const Case cases[] = {
      {{.http_proxy = "127.0.0.1:8080"}, "http://example.com/", "http://127.0.0.1:8080"},
      {{.http_proxy = "cache.corp.example.com:1234"},
       "http://example.com/",
       "http://cache.corp.example.com:1234"},
      {{.http_proxy = "cache.corp.example.com"}, "http://example.com/", "http://cache.corp.example.com"},
      {{.http_proxy = "https://cache.corp.example.com"},
       "http://example.com/",
       "https://cache.corp.example.com"},
      {{.http_proxy = "http://127.0.0.1:8080"}, "http://example.com/", "http://127.0.0.1:8080"},
      {{.http_proxy = "HTTP://Proxy.Example:3128"}, "http://example.com/", "http://Proxy.Example:3128"},
      {{.http_proxy = "http://user:pw@proxy:3128"}, "http://example.com/", "http://user:pw@proxy:3128"},
      // Go's SOCKS5 dialer sends the name to the proxy: libcurl's socks5h.
      {{.http_proxy = "socks5://127.0.0.1"}, "http://example.com/", "socks5h://127.0.0.1"},
      {{.http_proxy = "socks5h://127.0.0.1:1080"}, "http://example.com/", "socks5h://127.0.0.1:1080"},
      // http URLs use HTTP_PROXY only, https URLs HTTPS_PROXY only.
      {{.http_proxy = "http.proxy.tld", .https_proxy = "secure.proxy.tld"},
       "http://insecure.tld/",
       "http://http.proxy.tld"},
      {{.http_proxy = "http.proxy.tld", .https_proxy = "secure.proxy.tld"},
       "https://secure.tld/",
       "http://secure.proxy.tld"},
      {{.http_proxy = "http.proxy.tld", .https_proxy = "https://secure.proxy.tld"},
       "https://secure.tld/",
       "https://secure.proxy.tld"},
      {{.http_proxy = "http.proxy.tld"}, "https://secure.tld/", ""},
      {{.https_proxy = "secure.proxy.tld"}, "http://insecure.tld/", ""},
      {{.http_proxy = "http.proxy.tld"}, "ftp://insecure.tld/", ""},
      {{}, "https://example.com/", ""},
      // A value that does not parse even with "http://" in front is ignored, as Go ignores it.
      {{.http_proxy = "[::1"}, "http://example.com/", ""},
      {{.http_proxy = "ftp://proxy.tld"}, "http://example.com/", "error: unsupported proxy scheme \"ftp\""},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(decide(c.url, c.env), c.want)
        << c.url << " http_proxy=" << c.env.http_proxy << " https_proxy=" << c.env.https_proxy;
  }
}

TEST(ProxyFor, RefusesHttpProxyInCgiButKeepsHttpsProxy) {
  ProxyEnv env{.http_proxy = "http://10.1.2.3:8080", .https_proxy = "https://secure.tld/", .cgi = true};
  EXPECT_EQ(decide("http://example.com/", env),
            "error: refusing to use HTTP_PROXY value in CGI environment; see golang.org/s/cgihttpproxy");
  EXPECT_EQ(decide("https://secure.tld/", env), "https://secure.tld/");
  EXPECT_EQ(decide("http://example.com/", ProxyEnv{.cgi = true}), "");
}

TEST(ProxyFor, NeverProxiesLocalhostOrLoopback) {
  ProxyEnv env{.http_proxy = "proxy", .https_proxy = "proxy"};
  for (std::string_view url :
       {"http://localhost/", "http://localhost:8080/x", "https://127.0.0.1/", "http://127.0.0.2:9/",
        "http://[::1]/", "https://[::1]:8443/", "http://[::ffff:127.0.0.1]/"}) {
    EXPECT_EQ(decide(url, env), "") << url;
  }
  // Go compares "localhost" before lower-casing, so other spellings go through the proxy.
  EXPECT_EQ(decide("http://LOCALHOST/", env), "http://proxy");
  EXPECT_EQ(decide("http://[::2]/", env), "http://proxy");
  EXPECT_EQ(decide("http://localhost.net/", env), "http://proxy");
}

// Go's TestUseProxy table, with its NO_PROXY list.
TEST(ProxyFor, NoProxyMatchesLikeGo) {
  ProxyEnv env{.http_proxy = "proxy",
               .no_proxy =
                   "foobar.com, .barbaz.net, *.wildcard.io, 192.168.1.1, 192.168.1.2:81, 192.168.1.3:80, "
                   "10.0.0.0/30, 2001:db8::52:0:1, [2001:db8::52:0:2]:443, [2001:db8::52:0:3]:80, "
                   "2002:db8:a::45/64"};
  const std::map<std::string_view, bool> uses_proxy = {
      {"192.168.1.1", false},                 // exact IPv4
      {"192.168.1.2", true},                  // the entry's port is 81
      {"192.168.1.3", false},                 // exact IPv4 and port
      {"192.168.1.4", true},                  // no entry
      {"10.0.0.2", false},                    // CIDR
      {"10.0.0.4", true},                     // outside the CIDR
      {"[2001:db8::52:0:1]", false},          // exact IPv6
      {"[2001:db8::52:0:2]", true},           // the entry's port is 443
      {"[2001:db8::52:0:3]", false},          // exact [IPv6]:port
      {"[2002:db8:a::123]", false},           // IPv6 CIDR
      {"[fe80::424b:c8be:1643:a1b6]", true},  // no entry
      {"barbaz.net", true},                   // ".barbaz.net" is subdomains only
      {"www.barbaz.net", false},
      {"foobar.com", false},  // "foobar.com" is the name and its subdomains
      {"www.foobar.com", false},
      {"WWW.FOOBAR.COM", false},
      {"foofoobar.com", true},  // not a subdomain
      {"baz.com", true},
      {"localhost.net", true},
      {"local.localhost", true},
      {"barbarbaz.net", true},
      {"wildcard.io", true},  // "*.wildcard.io" is subdomains only
      {"nested.wildcard.io", false},
      {"awildcard.io", true},
  };
  for (const auto& [host, proxied] : uses_proxy) {
    std::string url = "http://" + std::string(host) + "/";
    EXPECT_EQ(decide(url, env), proxied ? "http://proxy" : "") << host;
  }
}

TEST(ProxyFor, NoProxyPortsAndSpecialEntries) {
  ProxyEnv env{.http_proxy = "proxy", .https_proxy = "proxy", .no_proxy = "example.com:8080, .internal:443"};
  EXPECT_EQ(decide("http://example.com:8080/", env), "");
  EXPECT_EQ(decide("http://example.com/", env), "http://proxy");  // port 80
  EXPECT_EQ(decide("https://a.internal/", env), "");              // 443 by default
  EXPECT_EQ(decide("http://a.internal/", env), "http://proxy");

  EXPECT_EQ(decide("http://anything.example/", ProxyEnv{.http_proxy = "proxy", .no_proxy = "*"}), "");
  EXPECT_EQ(decide("http://anything.example/", ProxyEnv{.http_proxy = "proxy", .no_proxy = " , ,"}),
            "http://proxy");
  // A name entry never matches an IP literal, and an IP entry never matches a name.
  EXPECT_EQ(decide("http://10.0.0.1/", ProxyEnv{.http_proxy = "proxy", .no_proxy = ".0.0.1"}),
            "http://proxy");
  EXPECT_EQ(decide("http://[fe80::1%25eth0]/", ProxyEnv{.http_proxy = "proxy", .no_proxy = "fe80::1"}), "");
  // IPv4-mapped addresses are IPv4.
  EXPECT_EQ(decide("http://[::ffff:10.1.2.3]/", ProxyEnv{.http_proxy = "proxy", .no_proxy = "10.1.0.0/16"}),
            "");
  EXPECT_EQ(decide("http://10.1.2.3/", ProxyEnv{.http_proxy = "proxy", .no_proxy = "::ffff:10.1.2.3"}), "");
}

TEST(ProxyEnv, ReadsUpperCaseFirstAndSkipsEmptyValues) {
  std::map<std::string, std::string> vars = {
      {"HTTP_PROXY", "upper"},        {"http_proxy", "lower"},   {"HTTPS_PROXY", ""},
      {"https_proxy", "lower-https"}, {"no_proxy", "a.example"},
  };
  const auto getenv = [&](const char* name) -> const char* {
    auto it = vars.find(name);
    return it == vars.end() ? nullptr : it->second.c_str();
  };
  ProxyEnv env = ProxyEnv::from(getenv);
  EXPECT_EQ(env.http_proxy, "upper");
  EXPECT_EQ(env.https_proxy, "lower-https");
  EXPECT_EQ(env.no_proxy, "a.example");
  EXPECT_FALSE(env.cgi);
  vars["REQUEST_METHOD"] = "GET";
  EXPECT_TRUE(ProxyEnv::from(getenv).cgi);
  vars["REQUEST_METHOD"] = "";
  EXPECT_FALSE(ProxyEnv::from(getenv).cgi);
}

}  // namespace
}  // namespace dexcc::http_client
