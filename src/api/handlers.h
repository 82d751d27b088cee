// Handlers: dex's api.Dex semantics over the storage interfaces, one method per RPC, on the
// generated protobuf messages but without gRPC itself (dex_service.cc adapts them), so the rules
// are tested without a server. Internal to api/.
#pragma once

#include <functional>
#include <string_view>

#include "api/server.h"
#include "api/v2/api.pb.h"
#include "base/result.h"

namespace dexcc::api {

namespace pb = ::api;

// A failed call: dex answers it with gRPC status UNKNOWN and the message (its plain Go error text).
using Outcome = base::Result<void>;

// The stores the API reaches, nothing else of storage.
struct Stores {
  storage::ClientStore& clients;
  storage::PasswordStore& passwords;
  storage::ConnectorStore& connectors;
  storage::OfflineSessionStore& offline_sessions;
  storage::RefreshStore& refresh_tokens;
};

// How dex answers a failed storage write: the expected refusal (`soft`: kNotFound for an update or
// delete, kAlreadyExists for a create) only sets the response's flag and succeeds; anything else is
// logged and fails as "<action>: <storage error>", e.g. "update client: static clients: read-only
// cannot update client".
Outcome write_failed(const storage::Error& error, storage::ErrorKind soft,
                     const std::function<void()>& set_flag, std::string_view action);

// dex v2.45.1's API number (HEAD's 4 adds session RPCs dexcc does not serve).
inline constexpr int kApiVersion = 3;

class Handlers {
 public:
  Handlers(Stores stores, ServiceInfo info);

  Outcome get_client(const pb::GetClientReq& req, pb::GetClientResp& resp);
  Outcome create_client(const pb::CreateClientReq& req, pb::CreateClientResp& resp);
  Outcome update_client(const pb::UpdateClientReq& req, pb::UpdateClientResp& resp);
  Outcome delete_client(const pb::DeleteClientReq& req, pb::DeleteClientResp& resp);
  Outcome list_clients(const pb::ListClientReq& req, pb::ListClientResp& resp);

  Outcome create_password(const pb::CreatePasswordReq& req, pb::CreatePasswordResp& resp);
  Outcome update_password(const pb::UpdatePasswordReq& req, pb::UpdatePasswordResp& resp);
  Outcome delete_password(const pb::DeletePasswordReq& req, pb::DeletePasswordResp& resp);
  Outcome list_passwords(const pb::ListPasswordReq& req, pb::ListPasswordResp& resp);
  Outcome verify_password(const pb::VerifyPasswordReq& req, pb::VerifyPasswordResp& resp);

  Outcome create_connector(const pb::CreateConnectorReq& req, pb::CreateConnectorResp& resp);
  Outcome update_connector(const pb::UpdateConnectorReq& req, pb::UpdateConnectorResp& resp);
  Outcome delete_connector(const pb::DeleteConnectorReq& req, pb::DeleteConnectorResp& resp);
  Outcome list_connectors(const pb::ListConnectorReq& req, pb::ListConnectorResp& resp);

  Outcome get_version(const pb::VersionReq& req, pb::VersionResp& resp);
  Outcome get_discovery(const pb::DiscoveryReq& req, pb::DiscoveryResp& resp);

  Outcome list_refresh(const pb::ListRefreshReq& req, pb::ListRefreshResp& resp);
  Outcome revoke_refresh(const pb::RevokeRefreshReq& req, pb::RevokeRefreshResp& resp);

 private:
  Outcome connectors_enabled() const;

  Stores stores_;
  ServiceInfo info_;
};

}  // namespace dexcc::api
