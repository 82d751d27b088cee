// Server: builds the gRPC server for api.Dex from the `grpc:` options (plaintext, TLS or mutual
// TLS, reflection), with bounded message sizes and threads, and stops it with the HTTP servers.
#include "api/server.h"

#include <fmt/format.h>
#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/impl/server_builder_option.h>
#include <grpcpp/impl/server_builder_plugin.h>
#include <grpcpp/resource_quota.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/security/tls_certificate_provider.h>
#include <grpcpp/security/tls_credentials_options.h>

#include <stdexcept>

#include "api/dex_service.h"
#include "api/library_logs.h"
#include "api/tls_files.h"
#include "base/log.h"

namespace dexcc::api {
namespace {

// Go's default for a gRPC server's received messages; larger requests fail RESOURCE_EXHAUSTED.
constexpr int kMaxReceiveMessageBytes = 4 * 1024 * 1024;
// Lists of every client or password can be long; still bounded so a reply cannot grow without end.
constexpr int kMaxSendMessageBytes = 64 * 1024 * 1024;
// Calls run on gRPC's own threads (they block on storage and bcrypt); this caps how many. Above
// the streams one connection may open, so a call HTTP/2 admitted is never refused for want of a
// thread (gRPC answers RESOURCE_EXHAUSTED then): only many connections at once are shed.
constexpr int kMaxConcurrentStreams = 64;
constexpr int kMaxThreads = kMaxConcurrentStreams + 16;

// Go listens on ":5557" as every address; gRPC C++ needs the host spelled out.
std::string listen_address(const std::string& addr) {
  if (addr.starts_with(":")) return "[::]" + addr;
  return addr;
}

// Linking gRPC's reflection library registers its plugin for every server at static
// initialisation; this option takes it out again when `grpc.reflection` is off.
class WithoutReflection final : public grpc::ServerBuilderOption {
 public:
  void UpdateArguments(grpc::ChannelArguments*) override {}
  void UpdatePlugins(std::vector<std::unique_ptr<grpc::ServerBuilderPlugin>>* plugins) override {
    std::erase_if(*plugins, [](const auto& p) { return p->name() == "proto_server_reflection"; });
  }
};

// How often the certificate, key and client CA files are read again. dex reloads them when the files
// are re-created (and on SIGHUP); gRPC's file watcher polls, and takes a new pair only when the key
// matches the certificate, so a half-written update is skipped.
constexpr unsigned kTlsRefreshSeconds = 2;

std::shared_ptr<grpc::ServerCredentials> credentials(const config::Grpc& options) {
  if (options.tls_cert.empty()) return grpc::InsecureServerCredentials();
  // Read once here so that a bad file stops start-up with dex's text; gRPC reads them from then on.
  if (auto ok = check_tls_files(options); !ok) throw std::runtime_error(ok.error().message);
  bool mutual = !options.tls_client_ca.empty();
  auto provider = std::make_shared<grpc::experimental::FileWatcherCertificateProvider>(
      options.tls_key, options.tls_cert, mutual ? options.tls_client_ca : std::string(), kTlsRefreshSeconds);
  grpc::experimental::TlsServerCredentialsOptions tls(provider);
  tls.watch_identity_key_cert_pairs();
  if (mutual) tls.watch_root_certs();
  tls.set_cert_request_type(mutual ? GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY
                                   : GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE);
  return grpc::experimental::TlsServerCredentials(tls);
}

}  // namespace

struct Server::Impl {
  Impl(storage::Storage& store, ServiceInfo info)
      : metrics(info.metrics ? std::make_unique<CallMetrics>(*info.metrics) : nullptr),
        handlers(Stores{store, store, store, store, store}, std::move(info)),
        service(handlers, metrics.get()) {}

  std::unique_ptr<CallMetrics> metrics;
  Handlers handlers;
  DexService service;
  std::unique_ptr<grpc::Server> server;
  int port = 0;
};

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Server::~Server() {
  shutdown(std::chrono::milliseconds(0));
}

std::unique_ptr<Server> Server::start(const config::Grpc& options, storage::Storage& store,
                                      ServiceInfo info) {
  route_library_logs();
  auto creds = credentials(options);
  if (options.tls_client_ca.empty()) {
    log::warn("gRPC API runs without client certificates (grpc.tlsClientCA unset): anyone who can reach " +
                  options.addr + " can manage clients, passwords and connectors",
              {{"address", options.addr}});
  }
  // The plugin is global and must be registered before the builder is made.
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();

  auto impl = std::make_unique<Impl>(store, std::move(info));
  grpc::ServerBuilder builder;
  builder.SetMaxReceiveMessageSize(kMaxReceiveMessageBytes);
  builder.SetMaxSendMessageSize(kMaxSendMessageBytes);
  builder.AddChannelArgument(GRPC_ARG_MAX_CONCURRENT_STREAMS, kMaxConcurrentStreams);
  // Without this, gRPC sets SO_REUSEPORT and a second server on the same port starts silently.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  grpc::ResourceQuota quota("dexcc-grpc-api");
  quota.SetMaxThreads(kMaxThreads);
  builder.SetResourceQuota(quota);
  if (!options.reflection) builder.SetOption(std::make_unique<WithoutReflection>());
  builder.AddListeningPort(listen_address(options.addr), creds, &impl->port);
  builder.RegisterService(&impl->service);
  impl->server = builder.BuildAndStart();
  if (!impl->server || impl->port == 0) {
    throw std::runtime_error(fmt::format(
        "listening (grpc) on {}: cannot listen there (address already in use, or not a valid host:port)",
        options.addr));
  }
  log::info(fmt::format("listening on {}", options.addr),
            {{"server", "grpc"},
             {"port", impl->port},
             {"tls", !options.tls_cert.empty()},
             {"client_certificates", !options.tls_client_ca.empty()},
             {"reflection", options.reflection}});
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

int Server::port() const {
  return impl_->port;
}

void Server::shutdown(std::chrono::milliseconds grace) {
  if (!impl_ || !impl_->server) return;
  impl_->server->Shutdown(std::chrono::system_clock::now() + grace);
  impl_->server->Wait();
  impl_->server.reset();
}

}  // namespace dexcc::api
