// YAML to JSON the way dex's loader (ghodss/yaml over yaml.v2) converts its config file.
#pragma once

#include <nlohmann/json.hpp>

#include <string_view>

namespace dexcc::config {

// Plain scalars resolve by YAML 1.1 rules (yes/no/on/off are booleans, ~ is null, 0x1F is an
// integer); quoted scalars are always strings; non-string keys are stringified. Throws
// base::ConfigError with the line and column of a syntax error.
nlohmann::json yaml_to_json(std::string_view yaml_text);

}  // namespace dexcc::config
