// Every plain .yaml sample config shipped with dex v2.45.1 loads without error.
#include <gtest/gtest.h>

#include <filesystem>

#include "base/json_fields.h"
#include "config/load.h"

namespace dexcc::config {
namespace {

namespace fs = std::filesystem;

Getenv no_env() {
  return [](std::string_view) -> std::optional<std::string> { return std::nullopt; };
}

TEST(DexSampleConfigs, EveryPlainYamlFileLoads) {
  fs::path dir = fs::path(DEXCC_FIXTURES_DIR) / "dex-configs";
  int loaded = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".yaml") continue;
    SCOPED_TRACE(entry.path().filename().string());
    EXPECT_NO_THROW({
      try {
        load_file(entry.path(), no_env());
      } catch (const base::ConfigError& e) {
        ADD_FAILURE() << e.what();
      }
    });
    ++loaded;
  }
  EXPECT_GE(loaded, 5);
}

TEST(DexSampleConfigs, DevConfigHasItsParts) {
  auto c = load_file(fs::path(DEXCC_FIXTURES_DIR) / "dex-configs/examples_config-dev.yaml", no_env()).config;
  EXPECT_EQ(c.issuer, "http://127.0.0.1:5556/dex");
  EXPECT_EQ(c.storage.type, "sqlite3");
  EXPECT_EQ(c.storage.config["file"], "examples/dex.db");
  EXPECT_EQ(c.connectors.at(0).type, "mockCallback");
  EXPECT_EQ(c.static_passwords.at(0).email, "admin@example.com");
  EXPECT_EQ(c.signer.keys_rotation_period, std::chrono::hours(6));
}

}  // namespace
}  // namespace dexcc::config
