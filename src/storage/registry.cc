// The built-in backend table and the open call that turns every failure into an error value.
#include "storage/registry.h"

#include <fmt/format.h>

#include "base/json_fields.h"
#include "storage/etcd/etcd.h"
#include "storage/kubernetes/kubernetes.h"
#include "storage/memory/memory.h"
#include "storage/mysql/mysql.h"
#include "storage/postgres/postgres.h"
#include "storage/sqlite/sqlite.h"

namespace dexcc::storage {
namespace {

Result<std::unique_ptr<Storage>> open_memory(const nlohmann::json&) {
  return memory::open();
}

}  // namespace

const Registry& Registry::builtin() {
  static const Registry kBuiltin({
      {"memory", &open_memory},
      {"sqlite3", &sqlite::open_from_config},
      {"postgres", &postgres::open_from_config},
      {"mysql", &mysql::open_from_config},
      {"etcd", &etcd::open_from_config},
      {"kubernetes", &kubernetes::open_from_config},
  });
  return kBuiltin;
}

Result<std::unique_ptr<Storage>> Registry::open(std::string_view type, const nlohmann::json& config) const {
  for (const auto& b : backends_) {
    if (b.type != type) continue;
    try {
      auto s = b.open(config);
      if (!s) return fail(s.error().kind, "storage: " + s.error().message);
      return s;
    } catch (const base::ConfigError& e) {
      return fail(e.what());
    }
  }
  return fail(fmt::format("storage: unknown storage type \"{}\"", type));
}

}  // namespace dexcc::storage
