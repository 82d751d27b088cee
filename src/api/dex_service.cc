// The gRPC side of each call: dex answers every failure with status UNKNOWN and its error text
// (plain Go errors); dexcc does the same, and turns an unexpected exception into INTERNAL rather
// than letting it reach gRPC's thread.
#include "api/dex_service.h"

#include "base/log.h"

namespace dexcc::api {
namespace {

template <class Req, class Resp>
grpc::Status call(const char* method, Outcome (Handlers::*handler)(const Req&, Resp&), Handlers& handlers,
                  const Req* req, Resp* resp) {
  try {
    Outcome outcome = (handlers.*handler)(*req, *resp);
    if (!outcome) {
      resp->Clear();
      return grpc::Status(grpc::StatusCode::UNKNOWN, outcome.error().message);
    }
    return grpc::Status::OK;
  } catch (const std::exception& e) {
    log::error("api: call failed", {{"method", method}, {"err", e.what()}});
    resp->Clear();
    return grpc::Status(grpc::StatusCode::INTERNAL, "internal error");
  }
}

template <class Req, class Resp>
grpc::Status answer(const char* method, Outcome (Handlers::*handler)(const Req&, Resp&), Handlers& handlers,
                    CallMetrics* metrics, const Req* req, Resp* resp) {
  if (metrics) metrics->started(method);
  grpc::Status status = call(method, handler, handlers, req, resp);
  if (metrics) metrics->handled(method, static_cast<int>(status.error_code()));
  return status;
}

}  // namespace

#define DEXCC_API_RPC(Method, Req, Resp, handler)                                             \
  grpc::Status DexService::Method(grpc::ServerContext*, const pb::Req* req, pb::Resp* resp) { \
    return answer(#Method, &Handlers::handler, handlers_, metrics_, req, resp);               \
  }
DEXCC_API_RPC(GetClient, GetClientReq, GetClientResp, get_client)
DEXCC_API_RPC(CreateClient, CreateClientReq, CreateClientResp, create_client)
DEXCC_API_RPC(UpdateClient, UpdateClientReq, UpdateClientResp, update_client)
DEXCC_API_RPC(DeleteClient, DeleteClientReq, DeleteClientResp, delete_client)
DEXCC_API_RPC(ListClients, ListClientReq, ListClientResp, list_clients)
DEXCC_API_RPC(CreatePassword, CreatePasswordReq, CreatePasswordResp, create_password)
DEXCC_API_RPC(UpdatePassword, UpdatePasswordReq, UpdatePasswordResp, update_password)
DEXCC_API_RPC(DeletePassword, DeletePasswordReq, DeletePasswordResp, delete_password)
DEXCC_API_RPC(ListPasswords, ListPasswordReq, ListPasswordResp, list_passwords)
DEXCC_API_RPC(VerifyPassword, VerifyPasswordReq, VerifyPasswordResp, verify_password)
DEXCC_API_RPC(CreateConnector, CreateConnectorReq, CreateConnectorResp, create_connector)
DEXCC_API_RPC(UpdateConnector, UpdateConnectorReq, UpdateConnectorResp, update_connector)
DEXCC_API_RPC(DeleteConnector, DeleteConnectorReq, DeleteConnectorResp, delete_connector)
DEXCC_API_RPC(ListConnectors, ListConnectorReq, ListConnectorResp, list_connectors)
DEXCC_API_RPC(GetVersion, VersionReq, VersionResp, get_version)
DEXCC_API_RPC(GetDiscovery, DiscoveryReq, DiscoveryResp, get_discovery)
DEXCC_API_RPC(ListRefresh, ListRefreshReq, ListRefreshResp, list_refresh)
DEXCC_API_RPC(RevokeRefresh, RevokeRefreshReq, RevokeRefreshResp, revoke_refresh)
#undef DEXCC_API_RPC

}  // namespace dexcc::api
