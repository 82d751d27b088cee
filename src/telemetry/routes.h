// The telemetry listener's routes: /metrics, /healthz, /healthz/ready, /healthz/live.
#pragma once

#include "http/router.h"
#include "telemetry/health.h"
#include "telemetry/metrics.h"

namespace dexcc::telemetry {

void mount(http::Router& router, const Registry& registry, const HealthCheck& health);

}  // namespace dexcc::telemetry
