// GetClient, CreateClient, UpdateClient, DeleteClient, ListClients with dex v2.45.1's rules.
#include <fmt/format.h>

#include <type_traits>

#include "api/handlers.h"
#include "base/log.h"
#include "base/random.h"

namespace dexcc::api {
namespace {

std::vector<std::string> strings(const google::protobuf::RepeatedPtrField<std::string>& field) {
  return {field.begin(), field.end()};
}

template <class Field>
void set_strings(Field* field, const std::vector<std::string>& values) {
  field->Assign(values.begin(), values.end());
}

// Client and ClientInfo share every field but the secret.
template <class Message>
void to_proto(const storage::Client& c, Message& out) {
  if constexpr (std::is_same_v<Message, pb::Client>) out.set_secret(c.secret);
  out.set_id(c.id);
  set_strings(out.mutable_redirect_uris(), c.redirect_uris);
  set_strings(out.mutable_trusted_peers(), c.trusted_peers);
  out.set_public_(c.is_public);
  out.set_name(c.name);
  out.set_logo_url(c.logo_url);
}

}  // namespace

Handlers::Handlers(Stores stores, ServiceInfo info) : stores_(stores), info_(std::move(info)) {}

Outcome Handlers::get_client(const pb::GetClientReq& req, pb::GetClientResp& resp) {
  auto c = stores_.clients.get_client(req.id());
  // dex returns the storage error itself: "not found" for an unknown ID.
  if (!c) return base::fail(c.error().message);
  to_proto(*c, *resp.mutable_client());
  return {};
}

Outcome Handlers::create_client(const pb::CreateClientReq& req, pb::CreateClientResp& resp) {
  if (!req.has_client()) return base::fail("no client supplied");
  pb::Client filled = req.client();
  if (filled.id().empty()) filled.set_id(base::new_id());
  // A confidential client always gets a secret: two IDs, as dex makes it.
  if (filled.secret().empty() && !filled.public_()) filled.set_secret(base::new_id() + base::new_id());

  storage::Client c{.id = filled.id(),
                    .secret = filled.secret(),
                    .redirect_uris = strings(filled.redirect_uris()),
                    .trusted_peers = strings(filled.trusted_peers()),
                    .is_public = filled.public_(),
                    .name = filled.name(),
                    .logo_url = filled.logo_url()};
  if (auto r = stores_.clients.create_client(c); !r) {
    return write_failed(
        r.error(), storage::ErrorKind::kAlreadyExists, [&] { resp.set_already_exists(true); },
        "create client");
  }
  // dex answers with the request's client as filled in, newer fields included as sent.
  *resp.mutable_client() = std::move(filled);
  return {};
}

Outcome Handlers::update_client(const pb::UpdateClientReq& req, pb::UpdateClientResp& resp) {
  if (req.id().empty()) return base::fail("update client: no client ID supplied");
  // proto3 cannot tell an empty list from an absent one: empty means "keep", as in dex.
  auto r = stores_.clients.update_client(req.id(),
                                         [&req](storage::Client old) -> storage::Result<storage::Client> {
                                           if (req.redirect_uris_size() > 0)
                                             old.redirect_uris = strings(req.redirect_uris());
                                           if (req.trusted_peers_size() > 0)
                                             old.trusted_peers = strings(req.trusted_peers());
                                           if (!req.name().empty()) old.name = req.name();
                                           if (!req.logo_url().empty()) old.logo_url = req.logo_url();
                                           return old;
                                         });
  if (!r) {
    return write_failed(
        r.error(), storage::ErrorKind::kNotFound, [&] { resp.set_not_found(true); }, "update client");
  }
  return {};
}

Outcome Handlers::delete_client(const pb::DeleteClientReq& req, pb::DeleteClientResp& resp) {
  if (auto r = stores_.clients.delete_client(req.id()); !r) {
    return write_failed(
        r.error(), storage::ErrorKind::kNotFound, [&] { resp.set_not_found(true); }, "delete client");
  }
  return {};
}

Outcome Handlers::list_clients(const pb::ListClientReq&, pb::ListClientResp& resp) {
  auto all = stores_.clients.list_clients();
  if (!all) {
    log::error("api: failed to list clients", {{"err", all.error().message}});
    return base::fail(fmt::format("list clients: {}", all.error().message));
  }
  for (const auto& c : *all) to_proto(c, *resp.add_clients());
  return {};
}

}  // namespace dexcc::api
