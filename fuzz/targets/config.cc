// Fuzz target: the config loader (YAML 1.1 -> JSON -> typed config) must refuse bad input with a
// ConfigError and never crash.
#include <cstdint>
#include <string>

#include "base/json_fields.h"
#include "config/load.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string in(reinterpret_cast<const char*>(data), size);
  auto no_env = [](std::string_view) -> std::optional<std::string> { return std::string("$X"); };
  try {
    (void)dexcc::config::load_text(in, no_env);
  } catch (const dexcc::base::ConfigError&) {
  }
  return 0;
}
