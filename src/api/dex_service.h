// DexService: the generated api.Dex service, each call handed to Handlers and its Outcome turned
// into dex's gRPC answer. Internal to api/ (it pulls in the gRPC headers).
#pragma once

#include "api/call_metrics.h"
#include "api/handlers.h"
#include "api/v2/api.grpc.pb.h"

namespace dexcc::api {

class DexService final : public pb::Dex::Service {
 public:
  // `metrics` may be null (no counting).
  DexService(Handlers& handlers, CallMetrics* metrics) : handlers_(handlers), metrics_(metrics) {}

#define DEXCC_API_RPC(Method, Req, Resp) \
  grpc::Status Method(grpc::ServerContext* context, const pb::Req* req, pb::Resp* resp) override;
  DEXCC_API_RPC(GetClient, GetClientReq, GetClientResp)
  DEXCC_API_RPC(CreateClient, CreateClientReq, CreateClientResp)
  DEXCC_API_RPC(UpdateClient, UpdateClientReq, UpdateClientResp)
  DEXCC_API_RPC(DeleteClient, DeleteClientReq, DeleteClientResp)
  DEXCC_API_RPC(ListClients, ListClientReq, ListClientResp)
  DEXCC_API_RPC(CreatePassword, CreatePasswordReq, CreatePasswordResp)
  DEXCC_API_RPC(UpdatePassword, UpdatePasswordReq, UpdatePasswordResp)
  DEXCC_API_RPC(DeletePassword, DeletePasswordReq, DeletePasswordResp)
  DEXCC_API_RPC(ListPasswords, ListPasswordReq, ListPasswordResp)
  DEXCC_API_RPC(VerifyPassword, VerifyPasswordReq, VerifyPasswordResp)
  DEXCC_API_RPC(CreateConnector, CreateConnectorReq, CreateConnectorResp)
  DEXCC_API_RPC(UpdateConnector, UpdateConnectorReq, UpdateConnectorResp)
  DEXCC_API_RPC(DeleteConnector, DeleteConnectorReq, DeleteConnectorResp)
  DEXCC_API_RPC(ListConnectors, ListConnectorReq, ListConnectorResp)
  DEXCC_API_RPC(GetVersion, VersionReq, VersionResp)
  DEXCC_API_RPC(GetDiscovery, DiscoveryReq, DiscoveryResp)
  DEXCC_API_RPC(ListRefresh, ListRefreshReq, ListRefreshResp)
  DEXCC_API_RPC(RevokeRefresh, RevokeRefreshReq, RevokeRefreshResp)
#undef DEXCC_API_RPC

 private:
  Handlers& handlers_;
  CallMetrics* metrics_;
};

}  // namespace dexcc::api
