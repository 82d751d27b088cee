// The small routes every dex serves: the root page and the main port's /healthz.
#pragma once

#include "http/router.h"
#include "server/issuer.h"
#include "telemetry/health.h"

namespace dexcc::server {

// robots.txt is the web module's (it honours frontend.dir).
void mount_root(http::Router& router, const Issuer& issuer, const telemetry::HealthCheck& health);

}  // namespace dexcc::server
