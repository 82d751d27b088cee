// Opening, caching and lazy reopening of connectors.
#include "connector/manager.h"

#include <fmt/format.h>

#include "base/log.h"

namespace dexcc::connector {

Manager::Manager(const Registry& registry, storage::ConnectorStore& store, OpenContext context)
    : registry_(registry), store_(store), context_(std::move(context)) {}

Result<std::shared_ptr<const Opened>> Manager::open_one(const storage::Connector& info) {
  OpenContext ctx = context_;
  ctx.id = info.id;
  auto impl = registry_.open(info.type, info.config, ctx);
  if (!impl) return std::unexpected(impl.error());
  auto opened = std::make_shared<Opened>();
  opened->info = info;
  opened->caps = (*impl)->capabilities();
  opened->impl = std::move(*impl);
  std::lock_guard lock(mu_);
  opened_[info.id] = opened;
  return std::shared_ptr<const Opened>(opened);
}

Result<size_t> Manager::open_all(bool continue_on_failure) {
  auto all = store_.list_connectors();
  if (!all) return failed("list connectors: " + all.error().message);
  if (all->empty()) return failed("server: no connectors specified");
  size_t failures = 0;
  for (const auto& info : *all) {
    auto r = open_one(info);
    if (r) continue;
    ++failures;
    if (!continue_on_failure) return failed(fmt::format("server: Failed to open connector {}: {}", info.id, r.error().message));
    log::error("server: failed to open connector", {{"connector_id", info.id}, {"error", r.error().message}});
  }
  if (failures == all->size()) return failed("server: failed to open all connectors (" + std::to_string(failures) + "/" +
                                             std::to_string(all->size()) + ")");
  return all->size() - failures;
}

Result<std::shared_ptr<const Opened>> Manager::get(std::string_view id) {
  auto info = store_.get_connector(id);
  if (!info) {
    if (info.error().not_found()) return failed("connector not found");
    return failed("get connector: " + info.error().message);
  }
  {
    std::lock_guard lock(mu_);
    auto it = opened_.find(id);
    if (it != opened_.end() && it->second->info.resource_version == info->resource_version) return it->second;
  }
  return open_one(*info);
}

size_t Manager::open_count() const {
  std::lock_guard lock(mu_);
  return opened_.size();
}

}  // namespace dexcc::connector
