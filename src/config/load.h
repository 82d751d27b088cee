// Loading a dex configuration file: read, convert, expand, decode, apply defaults, validate.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "config/environment.h"

namespace dexcc::config {

struct Loaded {
  Config config;
  // Keys dex v2.45.1 would silently ignore, as full paths ("web.htp"); the caller logs them.
  std::vector<std::string> unknown_keys;
};

// The `dex serve` flags that replace file values (--web-http-addr, ...), applied before validation.
struct Overrides {
  std::optional<std::string> web_http;
  std::optional<std::string> web_https;
  std::optional<std::string> telemetry_http;
  std::optional<std::string> grpc_addr;
};

// Throws base::ConfigError with one line per problem, each "config: <key>: <problem>".
Loaded load_file(const std::filesystem::path& path, const Getenv& getenv, const Overrides& overrides = {});
Loaded load_text(std::string_view yaml_text, const Getenv& getenv, const Overrides& overrides = {});

// The connector types dex v2.45.1 knows. A type outside this list is a parse error, as in dex; a
// listed type that dexcc has not built yet fails when the connector is opened.
const std::vector<std::string>& known_connector_types();
// The storage types dex v2.45.1 knows (same rule).
const std::vector<std::string>& known_storage_types();

}  // namespace dexcc::config
