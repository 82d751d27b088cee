// The authproxy connector: a redirect to /callback/{id}, then the identity read from headers.
#include "connector/authproxy/authproxy.h"

#include <fmt/format.h>

#include "base/url_escape.h"
#include "connector/authproxy/config.h"
#include "connector/state_url.h"

namespace dexcc::connector::authproxy {
namespace {

// Go's strings.TrimSpace for the bytes a header value can hold.
std::string trim(std::string_view s) {
  constexpr std::string_view kSpace = " \t\n\v\f\r";
  size_t begin = s.find_first_not_of(kSpace);
  if (begin == std::string_view::npos) return "";
  return std::string(s.substr(begin, s.find_last_not_of(kSpace) - begin + 1));
}

// strings.Split then TrimSpace on each part: empty parts are kept, as dex keeps them.
std::vector<std::string> split_groups(std::string_view value, std::string_view separator) {
  std::vector<std::string> out;
  for (size_t pos = 0;;) {
    size_t next = value.find(separator, pos);
    out.push_back(
        trim(value.substr(pos, next == std::string_view::npos ? std::string_view::npos : next - pos)));
    if (next == std::string_view::npos) return out;
    pos = next + separator.size();
  }
}

class AuthProxy final : public Connector, public CallbackConnector {
 public:
  AuthProxy(std::string id, Config config) : id_(std::move(id)), config_(std::move(config)) {}

  Capabilities capabilities() const override { return capabilities_of(this); }

  // connector::CallbackConnector
  Result<LoginRedirect> login_url(const Scopes&, const std::string& callback_url,
                                  const std::string& state) const override {
    // The connector's own callback path, which the proxy guards (dex: u.Path += "/" + id).
    size_t q = callback_url.find('?');
    std::string own = callback_url.substr(0, q) + "/" + base::url_escape(id_, base::UrlPart::kPath) +
                      (q == std::string::npos ? "" : callback_url.substr(q));
    return LoginRedirect{url_with_state(own, state), ""};
  }

  Result<Identity> handle_callback(const Scopes&, const std::string&,
                                   const http::Request& request) const override {
    std::string user(request.header(config_.user_header));
    if (user.empty()) return failed(fmt::format("required HTTP header {} is not set", config_.user_header));
    Identity id;
    id.username = user;
    id.preferred_username = or_user(request.header(config_.user_name_header), user);
    id.user_id = or_user(request.header(config_.user_id_header), user);
    id.email = or_user(request.header(config_.email_header), user);
    id.email_verified = true;
    // Header groups first, then the configured ones, whatever the scopes say (as dex).
    if (std::string_view header = request.header(config_.group_header); !header.empty()) {
      id.groups = split_groups(header, config_.group_header_separator);
    }
    id.groups.insert(id.groups.end(), config_.static_groups.begin(), config_.static_groups.end());
    return id;
  }

 private:
  static std::string or_user(std::string_view value, const std::string& user) {
    return value.empty() ? user : std::string(value);
  }

  std::string id_;
  Config config_;
};
static_assert(std::derived_from<AuthProxy, CallbackConnector>);

}  // namespace

Result<std::unique_ptr<Connector>> open(const OpenContext& context, const nlohmann::json& json) {
  return std::make_unique<AuthProxy>(context.id,
                                     parse_config(json, fmt::format("connectors[{}].config", context.id)));
}

}  // namespace dexcc::connector::authproxy
