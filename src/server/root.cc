// Root page ("Dex IdP") and /healthz in the main listener's plain-text form.
#include "server/root.h"

#include <fmt/format.h>

#include "base/duration.h"

namespace dexcc::server {

void mount_root(http::Router& router, const Issuer& issuer, const telemetry::HealthCheck& health) {
  std::string discovery = issuer.route_path("/.well-known/openid-configuration");
  std::string page = fmt::format(
      "<!DOCTYPE html>\n<html>\n<head>\n<title>Dex</title>\n</head>\n<body>\n<h1>Dex IdP</h1>\n"
      "<h3>A Federated OpenID Connect Provider</h3>\n<p><a href=\"{}\">Discovery</a></p>\n</body>\n</html>\n",
      discovery);
  router.handle(
      "/", [page](const http::Request&) { return http::Response::html(200, page); },
      {.cors = true, .runs_inline = true});
  router.handle(
      "/healthz",
      [&health](const http::Request&) {
        if (!health.healthy()) {
          return http::Response::html(500, "<!DOCTYPE html><title>Internal Server Error</title>"
                                           "<p>Health check failed.</p>\n");
        }
        return http::Response::text(200, fmt::format("Health check passed in {}",
                                                     base::format_go_duration(health.last_duration())));
      },
      {.runs_inline = true});
}

}  // namespace dexcc::server
