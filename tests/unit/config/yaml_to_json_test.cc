// Tests that YAML scalars resolve the way dex's yaml.v2-based loader resolves them.
#include "config/yaml_to_json.h"

#include <gtest/gtest.h>

#include "base/json_fields.h"

namespace dexcc::config {
namespace {

using nlohmann::json;

TEST(YamlToJson, ResolvesPlainScalarsByYaml11Rules) {
  json j = yaml_to_json(R"(
a: yes
b: Off
c: ~
d: 0x1F
e: 010
f: 1.5
g: "yes"
h: '12'
i: hello world
j: -3
k: 1_000
l: .5
m:
n: 1e3
)");
  EXPECT_EQ(j["a"], true);
  EXPECT_EQ(j["b"], false);
  EXPECT_TRUE(j["c"].is_null());
  EXPECT_EQ(j["d"], 31);
  EXPECT_EQ(j["e"], 8);
  EXPECT_EQ(j["f"], 1.5);
  EXPECT_EQ(j["g"], "yes");
  EXPECT_EQ(j["h"], "12");
  EXPECT_EQ(j["i"], "hello world");
  EXPECT_EQ(j["j"], -3);
  EXPECT_EQ(j["k"], 1000);
  EXPECT_EQ(j["l"], 0.5);
  EXPECT_TRUE(j["m"].is_null());
  EXPECT_EQ(j["n"], 1000.0);
}

TEST(YamlToJson, StringifiesKeysAndKeepsStructure) {
  json j = yaml_to_json("1: one\nlist:\n- a\n- {b: 2}\nanchor: &x [1, 2]\nalias: *x\n");
  EXPECT_EQ(j["1"], "one");
  EXPECT_EQ(j["list"][1]["b"], 2);
  EXPECT_EQ(j["alias"], json({1, 2}));
}

TEST(YamlToJson, SyntaxErrorsNameTheLine) {
  try {
    yaml_to_json("a: b\n  c: [d\n");
    FAIL();
  } catch (const base::ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("config: line"), std::string::npos) << e.what();
  }
}

TEST(YamlToJson, EmptyDocumentIsNull) { EXPECT_TRUE(yaml_to_json("").is_null()); }

}  // namespace
}  // namespace dexcc::config
