// Telemetry handlers: Prometheus text, go-sundheit JSON health reports, liveness.
#include "telemetry/routes.h"

namespace dexcc::telemetry {

void mount(http::Router& router, const Registry& registry, const HealthCheck& health) {
  http::RouteOptions cheap{.instrument = false, .runs_inline = true};
  router.handle(
      "/metrics",
      [&registry](const http::Request&) {
        http::Response r = http::Response::text(200, registry.render());
        r.headers.set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
        return r;
      },
      cheap);
  auto report = [&health](const http::Request& req) {
    http::ParsedQuery parsed = http::parse_query(req.query);
    if (parsed.too_many_parameters) return http::Response::text(400, http::kTooManyParameters);
    bool short_form = parsed.values.get("type") == "short";
    return http::Response::json(health.healthy() ? 200 : 503, health.report_json(short_form));
  };
  router.handle("/healthz", report, cheap);
  router.handle("/healthz/ready", report, cheap);
  router.handle("/healthz/live", [](const http::Request&) { return http::Response::text(200, "ok"); }, cheap);
}

}  // namespace dexcc::telemetry
