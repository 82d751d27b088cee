// CreateConnector, UpdateConnector, DeleteConnector, ListConnectors: refused unless
// DEX_API_CONNECTORS_CRUD=true, as in dex. The config is checked to be JSON only; the connector is
// opened (or reopened, after an update bumps its resource version) on its next use.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <charconv>

#include "api/handlers.h"
#include "base/log.h"

namespace dexcc::api {
namespace {

// Go's json.Valid: one JSON value, surrounding whitespace allowed; empty input is invalid.
bool valid_json(const std::string& bytes) {
  return nlohmann::json::accept(bytes);
}

// dex: strconv.Atoi(ResourceVersion, "0" when empty) + 1; a version that is no integer stays.
std::string next_resource_version(const std::string& current) {
  std::string_view text = current;
  if (text.empty()) text = "0";
  if (text.front() == '+') text.remove_prefix(1);
  long long value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return current;
  return std::to_string(value + 1);
}

}  // namespace

Outcome Handlers::connectors_enabled() const {
  if (!info_.connectors_crud) return base::fail("api_connectors_crud feature flag is not enabled");
  return {};
}

Outcome Handlers::create_connector(const pb::CreateConnectorReq& req, pb::CreateConnectorResp& resp) {
  if (auto ok = connectors_enabled(); !ok) return ok;
  // dex v2.45.1 dereferences the missing message and crashes; newer dex answers this error.
  if (!req.has_connector()) return base::fail("no connector supplied");
  const pb::Connector& c = req.connector();
  if (c.id().empty()) return base::fail("no id supplied");
  if (c.type().empty()) return base::fail("no type supplied");
  if (c.name().empty()) return base::fail("no name supplied");
  if (c.config().empty()) return base::fail("no config supplied");
  if (!valid_json(c.config())) return base::fail("invalid config supplied");

  storage::Connector record{
      .id = c.id(), .type = c.type(), .name = c.name(), .resource_version = "1", .config = c.config()};
  if (auto r = stores_.connectors.create_connector(record); !r) {
    return write_failed(
        r.error(), storage::ErrorKind::kAlreadyExists, [&] { resp.set_already_exists(true); },
        "create connector");
  }
  return {};
}

Outcome Handlers::update_connector(const pb::UpdateConnectorReq& req, pb::UpdateConnectorResp& resp) {
  if (auto ok = connectors_enabled(); !ok) return ok;
  // dex's text for a missing ID here, a copy-paste slip kept so clients see the same answer.
  if (req.id().empty()) return base::fail("no email supplied");
  if (req.new_config().empty() && req.new_name().empty() && req.new_type().empty())
    return base::fail("nothing to update");
  // dex v2.45.1 checks the config even when none is given, so every update must carry one.
  if (!valid_json(req.new_config())) return base::fail("invalid config supplied");

  auto r = stores_.connectors.update_connector(
      req.id(), [&req](storage::Connector old) -> storage::Result<storage::Connector> {
        if (!req.new_type().empty()) old.type = req.new_type();
        if (!req.new_name().empty()) old.name = req.new_name();
        if (!req.new_config().empty()) old.config = req.new_config();
        // A new resource version makes every server reopen the connector on its next use.
        old.resource_version = next_resource_version(old.resource_version);
        return old;
      });
  if (!r) {
    return write_failed(
        r.error(), storage::ErrorKind::kNotFound, [&] { resp.set_not_found(true); }, "update connector");
  }
  return {};
}

Outcome Handlers::delete_connector(const pb::DeleteConnectorReq& req, pb::DeleteConnectorResp& resp) {
  if (auto ok = connectors_enabled(); !ok) return ok;
  if (req.id().empty()) return base::fail("no id supplied");
  if (auto r = stores_.connectors.delete_connector(req.id()); !r) {
    return write_failed(
        r.error(), storage::ErrorKind::kNotFound, [&] { resp.set_not_found(true); }, "delete connector");
  }
  return {};
}

Outcome Handlers::list_connectors(const pb::ListConnectorReq&, pb::ListConnectorResp& resp) {
  if (auto ok = connectors_enabled(); !ok) return ok;
  auto all = stores_.connectors.list_connectors();
  if (!all) {
    log::error("api: failed to list connectors", {{"err", all.error().message}});
    return base::fail(fmt::format("list connectors: {}", all.error().message));
  }
  for (const auto& c : *all) {
    pb::Connector* out = resp.add_connectors();
    out->set_id(c.id);
    out->set_type(c.type);
    out->set_name(c.name);
    out->set_config(c.config);
  }
  return {};
}

}  // namespace dexcc::api
