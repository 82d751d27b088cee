// The connector type table: one explicit line per type (no static registration), injected into the
// server so tests can pass their own.
#pragma once

#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "connector/connector.h"
#include "storage/storage.h"

namespace dexcc::connector {

// What a connector may use besides its own config.
struct OpenContext {
  std::string id;  // the connector's ID, for logs
  const base::Clock* clock = nullptr;
  storage::PasswordStore* passwords = nullptr;  // the local password database
};

// Opens a connector from its decoded `config` JSON. May throw base::ConfigError for a malformed
// config (Registry::open turns it into an error value).
using OpenConnector = Result<std::unique_ptr<Connector>> (*)(const OpenContext& context, const nlohmann::json& config);

struct ConnectorType {
  std::string_view type;
  OpenConnector open;
};

class Registry {
 public:
  explicit Registry(std::vector<ConnectorType> types) : types_(std::move(types)) {}

  // Every type dexcc implements, plus dex's alias samlExperimental -> saml.
  static const Registry& builtin();

  bool has(std::string_view type) const {
    for (const auto& t : types_) {
      if (t.type == type) return true;
    }
    return false;
  }

  // `config` is the raw JSON text stored with the connector (empty means {}). Errors read like dex's:
  // `unknown connector type "x"`, or the config problem.
  Result<std::unique_ptr<Connector>> open(std::string_view type, const std::string& config,
                                          const OpenContext& context) const;

 private:
  std::vector<ConnectorType> types_;
};

}  // namespace dexcc::connector
