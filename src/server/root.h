// The small routes every dex serves: the root page, robots.txt and the main port's /healthz.
#pragma once

#include "http/router.h"
#include "server/issuer.h"
#include "telemetry/health.h"

namespace dexcc::server {

void mount_root(http::Router& router, const Issuer& issuer, const telemetry::HealthCheck& health);

}  // namespace dexcc::server
