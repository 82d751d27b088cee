// Opening a storage by its `storage.type`: one explicit table line per backend, no static
// registration (STYLE #2). Tests build a Registry with their own entries.
#pragma once

#include <nlohmann/json.hpp>

#include <memory>
#include <string_view>
#include <vector>

#include "storage/storage.h"

namespace dexcc::storage {

// Opens a backend from its `storage.config` block (env-expanded). May throw base::ConfigError for
// a malformed block; Registry::open turns that into an error value.
using OpenBackend = Result<std::unique_ptr<Storage>> (*)(const nlohmann::json& config);

struct Backend {
  std::string_view type;
  OpenBackend open;
};

class Registry {
 public:
  explicit Registry(std::vector<Backend> backends) : backends_(std::move(backends)) {}

  // memory, sqlite3, postgres, mysql and etcd; kubernetes answers "not supported yet".
  static const Registry& builtin();

  // Errors read `storage: ...`: `unknown storage type "x"`, a config problem with its key path, or
  // why the backend could not open.
  Result<std::unique_ptr<Storage>> open(std::string_view type, const nlohmann::json& config) const;

 private:
  std::vector<Backend> backends_;
};

}  // namespace dexcc::storage
