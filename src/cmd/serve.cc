// The serve command as named steps: load_config, configure_logging, open_storage, build_listeners,
// run_until_signal. Each step fails with one clear line; start-up errors exit 2 as dex's do.
#include "cmd/serve.h"

#include <fmt/format.h>
#include <sys/resource.h>

#include <charconv>
#include <iostream>

#include "api/server.h"
#include "base/json_fields.h"
#include "base/log.h"
#include "base/random.h"
#include "cmd/signals.h"
#include "cmd/version.h"
#include "config/environment.h"
#include "net/server.h"
#include "server/client_ip.h"
#include "server/issuer.h"
#include "server/app.h"
#include "connector/registry.h"
#include "storage/gc.h"
#include "storage/registry.h"
#include "storage/static.h"
#include "telemetry/health.h"
#include "telemetry/http_metrics.h"
#include "telemetry/routes.h"

namespace dexcc::cmd {
namespace {

using namespace std::chrono_literals;

// dex waits up to a minute for in-flight requests on shutdown.
constexpr auto kShutdownGrace = 60s;
constexpr auto kHealthInterval = 15s;

struct StartupError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Go raises its soft limit on open files to the hard limit at start-up (go.dev/issue/46279), so dex
// runs with, say, 524288 descriptors where a systemd service starts at 1024; dexcc does the same,
// or its connection cap would stop at the 1024 (net::Server lowers the cap to fit the limit).
void raise_open_file_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur >= limit.rlim_max) return;
  limit.rlim_cur = limit.rlim_max;
  setrlimit(RLIMIT_NOFILE, &limit);
}

config::Loaded load_config(const ServeArgs& args) {
  return config::load_file(args.config_path, config::process_getenv(), args.overrides);
}

void configure_logging(const config::Loaded& loaded) {
  log::configure(loaded.config.logger.level, loaded.config.logger.format);
  for (const auto& key : loaded.unknown_keys) {
    log::warn("config: unknown key ignored (dex v2.45.1 ignores it too)", {{"key", key}});
  }
}

std::vector<storage::Client> static_clients(const config::Config& c) {
  std::vector<storage::Client> out;
  for (const auto& sc : c.static_clients) {
    out.push_back(sc);  // the storage::Client part
    log::info("config static client", {{"client_name", sc.name}});
  }
  return out;
}

std::vector<storage::Connector> static_connectors(const config::Config& c) {
  std::vector<storage::Connector> out;
  for (const auto& conn : c.connectors) {
    out.push_back(storage::Connector{.id = conn.id, .type = conn.type, .name = conn.name, .config = conn.config.dump()});
    log::info("config connector", {{"connector_id", conn.id}});
  }
  if (c.enable_password_db) {
    out.push_back(storage::Connector{.id = "local", .type = "local", .name = "Email"});
    log::info("config connector: local passwords enabled");
  }
  return out;
}

std::unique_ptr<storage::Storage> open_storage(const config::Config& c) {
  auto opened = storage::Registry::builtin().open(c.storage.type, c.storage.config);
  if (!opened) throw StartupError(opened.error().message);
  log::info("config storage", {{"storage_type", c.storage.type}});
  auto s = std::move(*opened);
  s = storage::with_static_clients(std::move(s), static_clients(c));
  s = storage::with_static_passwords(std::move(s), c.static_passwords);
  s = storage::with_static_connectors(std::move(s), static_connectors(c));
  return s;
}

// dex's storage health check: create and delete a throw-away auth request.
telemetry::HealthCheck::Check storage_check(storage::Storage& store, const base::Clock& clock) {
  return [&store, &clock]() -> std::optional<std::string> {
    storage::AuthRequest probe;
    probe.id = base::new_id();
    probe.client_id = base::new_id();
    probe.expiry = clock.now() + std::chrono::minutes(1);
    probe.hmac_key = base::new_hmac_key();
    if (auto r = store.create_auth_request(probe); !r) return "create auth request: " + r.error().message;
    if (auto r = store.delete_auth_request(probe.id); !r) return "delete auth request: " + r.error().message;
    return std::nullopt;
  };
}

net::ResponseObserver make_observer(telemetry::HttpMetrics& metrics, const server::ClientIpPolicy& client_ip) {
  return [&metrics, &client_ip](const http::Request& req, const http::Response& res, const http::Route* route,
                                std::chrono::nanoseconds elapsed, size_t bytes) {
    if (route && route->options.instrument) metrics.observe(route->name, req.method, res.status, elapsed, bytes);
    if (!log::enabled(log::kInfo)) return;
    // The path only: query strings carry codes, states and (in dex's device flow) client secrets.
    // Milliseconds with six decimals ("%f"), written from the integer nanoseconds: the same text as
    // formatting the double, without its cost (a twentieth of a cheap request).
    char ms_text[32];
    auto ns = static_cast<uint64_t>(std::max<int64_t>(0, elapsed.count()));
    char* end = std::to_chars(ms_text, ms_text + 20, ns / 1'000'000).ptr;
    *end++ = '.';
    for (uint64_t frac = ns % 1'000'000, div = 100'000; div > 0; div /= 10) *end++ = static_cast<char>('0' + frac / div % 10);
    log::Field duration("duration_ms", std::string_view(ms_text, static_cast<size_t>(end - ms_text)));
    duration.raw = true;
    if (client_ip.enabled()) {
      log::info("http request", {{"method", req.method}, {"path", req.path}, {"status", res.status},
                                 duration, {"bytes", bytes}, {"request_id", req.request_id},
                                 {"client_remote_addr", client_ip.resolve(req)}});
    } else {
      log::info("http request", {{"method", req.method}, {"path", req.path}, {"status", res.status},
                                 duration, {"bytes", bytes}, {"request_id", req.request_id},
                                 {"remote_addr", req.remote_addr}});
    }
  };
}

std::optional<net::TlsSettings> web_tls(const config::Web& w) {
  if (w.https.empty()) return std::nullopt;
  return net::TlsSettings{w.tls_cert, w.tls_key, w.tls_min_version, w.tls_max_version};
}

int run_until_signal(const config::Config& c) {
  auto issuer = server::Issuer::parse(c.issuer);
  if (!issuer) throw StartupError(fmt::format("config: issuer: \"{}\" is not an absolute http(s) URL", c.issuer));
  log::info("config issuer", {{"issuer", c.issuer}});
  if (c.features.client_credential_grant_enabled_by_default) log::info("client_credentials grant enabled by default");

  base::SystemClock clock;
  auto store = open_storage(c);

  telemetry::Registry registry;
  telemetry::HttpMetrics metrics(registry);
  telemetry::register_build_info(registry, full_version());
  telemetry::register_process_metrics(registry);
  telemetry::HealthCheck health("storage", storage_check(*store, clock), kHealthInterval, clock);

  std::unique_ptr<server::App> app;
  try {
    app = server::App::build(c, *store, clock, connector::Registry::builtin(), health);
  } catch (const base::ConfigError&) {
    throw;
  } catch (const std::exception& e) {
    throw StartupError(e.what());
  }
  http::Router web(issuer->path);
  web.set_web_headers(c.web.headers);
  web.set_cors(http::CorsPolicy::from_config(c.web.allowed_origins, c.web.allowed_headers));
  app->mount(web);

  http::Router telemetry_routes("");
  telemetry::mount(telemetry_routes, registry, health);

  server::ClientIpPolicy client_ip(c.web.client_remote_ip.header, c.web.client_remote_ip.trusted_proxies);
  net::Server srv(net::ServerLimits{});
  srv.set_observer(make_observer(metrics, client_ip));
  try {
    if (!c.web.http.empty()) srv.listen("http", c.web.http, web);
    if (!c.web.https.empty()) srv.listen("https", c.web.https, web, web_tls(c.web));
    if (!c.telemetry.http.empty()) srv.listen("telemetry", c.telemetry.http, telemetry_routes);
  } catch (const std::exception& e) {
    throw StartupError(e.what());
  }

  // The gRPC API, when grpc.addr is set: after the HTTP listeners bound, before anything starts,
  // so a bad TLS file or a taken port stops start-up as in dex.
  std::unique_ptr<api::Server> grpc_api;
  if (!c.grpc.addr.empty()) {
    api::ServiceInfo info{.version = full_version(),
                          .discovery = [&app] { return app->discovery_document(); },
                          .connectors_crud = c.features.api_connectors_crud,
                          // dex installs go-grpc-prometheus's interceptors only under mutual TLS.
                          .metrics = c.grpc.tls_client_ca.empty() ? nullptr : &registry};
    try {
      grpc_api = api::Server::start(c.grpc, *store, std::move(info));
    } catch (const std::exception& e) {
      throw StartupError(e.what());
    }
  }

  storage::GarbageCollector gc(*store, clock);
  health.start();
  gc.start();
  app->start();
  srv.start();
  log::info("dexcc is ready", {{"version", full_version()}});

  int sig = wait_for_shutdown_signal([&] {
    if (c.web.https.empty()) return;
    auto failures = srv.reload_tls();
    if (failures.empty()) log::info("TLS certificate and key reloaded", {{"cert", c.web.tls_cert}});
    for (const auto& f : failures) log::error("TLS reload failed; the previous certificate stays in use", {{"error", f}});
  });
  log::info("shutting down", {{"signal", sig}, {"in_flight", srv.in_flight()}});
  if (grpc_api) grpc_api->shutdown(kShutdownGrace);
  srv.shutdown(kShutdownGrace);
  app->stop();
  gc.stop();
  health.stop();
  log::info("shutdown complete");
  return kExitOk;
}

}  // namespace

int serve(const ServeArgs& args) {
  block_shutdown_signals();
  raise_open_file_limit();
  try {
    config::Loaded loaded = load_config(args);
    configure_logging(loaded);
    return run_until_signal(loaded.config);
  } catch (const base::ConfigError& e) {
    std::cerr << e.what() << "\n";
  } catch (const StartupError& e) {
    std::cerr << "dexcc: " << e.what() << "\n";
  }
  return kExitError;
}

}  // namespace dexcc::cmd
