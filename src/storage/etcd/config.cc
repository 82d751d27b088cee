// `storage.config` for etcd (dex's keys: endpoints, namespace, username, password, ssl) to Options.
#include <fmt/format.h>

#include "base/json_fields.h"
#include "base/log.h"
#include "storage/etcd/etcd.h"

namespace dexcc::storage::etcd {

Result<std::unique_ptr<Storage>> open_from_config(const nlohmann::json& config) {
  base::JsonFields f(config, "storage.config");
  Options o;
  o.endpoints = f.strings("endpoints");
  if (o.endpoints.empty()) f.fail("endpoints", "required: at least one etcd endpoint");
  o.ns = f.string("namespace");
  o.username = f.string("username");
  o.password = f.string("password");
  auto ssl = f.object("ssl");
  o.ssl.server_name = ssl.string("serverName");
  o.ssl.ca_file = ssl.string("caFile");
  o.ssl.key_file = ssl.string("keyFile");
  o.ssl.cert_file = ssl.string("certFile");
  if (o.ssl.key_file.empty() != o.ssl.cert_file.empty()) {
    f.fail("ssl", "keyFile and certFile go together");
  }
  for (const auto& key : f.unknown_keys()) log::warn("unknown config field ignored", {{"field", key}});
  for (const auto& key : ssl.unknown_keys()) log::warn("unknown config field ignored", {{"field", key}});
  return open(o);
}

}  // namespace dexcc::storage::etcd
