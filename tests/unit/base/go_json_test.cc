// go_json: output must match Go's encoding/json byte for byte (expected strings taken from Go's rules).
#include "base/go_json.h"

#include <gtest/gtest.h>

namespace dexcc::base {
namespace {

TEST(GoJson, EscapesLikeEncodingJson) {
  struct Case {
    std::string in;
    std::string want;
  };
  for (const auto& c : std::vector<Case>{
           {"plain", R"("plain")"},
           {"a<b>&c", R"("a\u003cb\u003e\u0026c")"},
           {"quote\" back\\slash /", R"("quote\" back\\slash /")"},
           {"\n\r\t\b\f", R"("\n\r\t\b\f")"},
           {std::string("\x00\x01\x1f\x7f", 4), "\"\\u0000\\u0001\\u001f\x7f\""},
           {"\xe2\x80\xa8\xe2\x80\xa9", R"("\u2028\u2029")"},
           {"é ü 日本 😀", "\"é ü 日本 😀\""},
           {"bad \xff byte", R"("bad \ufffd byte")"},
           {"\xc0\xaf overlong", R"("\ufffd\ufffd overlong")"},
           {"\xed\xa0\x80 surrogate", R"("\ufffd\ufffd\ufffd surrogate")"},
       }) {
    EXPECT_EQ(go_json_string(c.in), c.want) << c.in;
  }
}

TEST(GoJson, DumpsCompactInContainerOrder) {
  nlohmann::ordered_json jwk = nlohmann::ordered_json::parse(
      R"({ "use": "sig", "kty": "RSA", "kid": "k<1>", "alg": "RS256", "n": "AQ", "e": "AQAB" })");
  EXPECT_EQ(go_json_dump(jwk),
            R"({"use":"sig","kty":"RSA","kid":"k\u003c1\u003e","alg":"RS256","n":"AQ","e":"AQAB"})");

  // nlohmann::json sorts keys byte-wise, which is the order Go gives map keys.
  nlohmann::json map = {{"b", 1}, {"a", {true, false, nullptr}}, {"B", -2}, {"c", 1.5}};
  EXPECT_EQ(go_json_dump(map), R"({"B":-2,"a":[true,false,null],"b":1,"c":1.5})");
  EXPECT_EQ(go_json_dump(nlohmann::json::array()), "[]");
  EXPECT_EQ(go_json_dump(nlohmann::json::object()), "{}");
}

}  // namespace
}  // namespace dexcc::base
