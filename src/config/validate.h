// Cross-field checks of a decoded config, as dex's Config.Validate and serve.go perform them.
#pragma once

#include "config/config.h"

namespace dexcc::config {

// Throws base::ConfigError listing every problem, one "config: <key>: <problem>" line each.
void validate(const Config& config);

}  // namespace dexcc::config
