// Starting kube-apiserver the way stack-notes describes it, with our own PKI for serving and client
// certificates, and a few administrator calls (namespaces, RBAC) through http_client.
#include "support/kube_apiserver.h"

#include <gtest/gtest.h>
#include <openssl/pem.h>
#include <signal.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#include "base/base64.h"
#include "base/random.h"
#include "http_client/client.h"
#include "support/http_client.h"

namespace dexcc::testing {
namespace {

constexpr const char* kVersion = "v1.34.4";

void write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

// The public half of a PEM private key, as a PUBLIC KEY block (what --service-account-key-file reads).
std::string public_key_pem(const std::string& private_pem) {
  BIO* in = BIO_new_mem_buf(private_pem.data(), static_cast<int>(private_pem.size()));
  EVP_PKEY* key = PEM_read_bio_PrivateKey(in, nullptr, nullptr, nullptr);
  BIO_free(in);
  if (!key) return {};
  BIO* out = BIO_new(BIO_s_mem());
  PEM_write_bio_PUBKEY(out, key);
  char* data = nullptr;
  const long size = BIO_get_mem_data(out, &data);
  std::string pem(data, static_cast<size_t>(size));
  BIO_free(out);
  EVP_PKEY_free(key);
  return pem;
}

std::string cache_dir() {
  if (const char* c = std::getenv("DEXCC_TOOLS_CACHE"); c && *c) return c;
  const char* home = std::getenv("HOME");
  return std::string(home ? home : "/root") + "/.cache/dexcc-tools";
}

}  // namespace

KubeApiServer::KubeApiServer() : ca_("dexcc kube-apiserver test CA"), port_(free_port()) {}

KubeApiServer::~KubeApiServer() {
  stop();
  etcd_.stop();
}

std::optional<std::string> KubeApiServer::binary() {
  if (const char* b = std::getenv("DEXCC_KUBE_APISERVER"); b && *b) {
    if (std::filesystem::exists(b)) return std::string(b);
    return std::nullopt;
  }
  const std::string path = cache_dir() + "/kube-apiserver-" + kVersion + "/kube-apiserver";
  if (std::filesystem::exists(path)) return path;
  return std::nullopt;
}

std::string KubeApiServer::skip_reason() {
  return std::string(
             "no kube-apiserver binary (build it with scripts/build-kube-apiserver.sh, which caches it in "
             "${DEXCC_TOOLS_CACHE:-$HOME/.cache/dexcc-tools}/kube-apiserver-") +
         kVersion + "/, or set DEXCC_KUBE_APISERVER)";
}

std::unique_ptr<KubeApiServer> KubeApiServer::from_services() {
  const char* dir = std::getenv("DEXCC_SERVICES_DIR");
  if (!dir || !*dir) return nullptr;
  std::ifstream server_file(std::string(dir) + "/kube-apiserver/server");
  std::string server;
  if (!(server_file >> server) || server.empty()) return nullptr;
  std::ifstream ca_file(std::string(dir) + "/kube-apiserver/ca.crt");
  std::ostringstream ca;
  ca << ca_file.rdbuf();
  auto s = std::make_unique<KubeApiServer>();
  s->external_server_ = server;
  s->external_ca_ = ca.str();
  return s;
}

bool KubeApiServer::start() {
  if (!external_server_.empty()) return false;
  auto bin = binary();
  if (!bin) return false;
  if (!etcd_started_) {
    if (!etcd_.start()) return false;
    etcd_started_ = true;
  }
  const auto serving = dir_.path() / "serving.crt";
  const auto serving_key = dir_.path() / "serving.key";
  const auto sa_key = dir_.path() / "sa.key";
  const auto sa_pub = dir_.path() / "sa.pub";
  const auto tokens = dir_.path() / "tokens.csv";
  const auto client_ca = dir_.path() / "client-ca.crt";
  if (runs_ == 0) {
    auto cert = ca_.issue_server({"127.0.0.1", "localhost"});
    write_file(serving, cert.cert_pem);
    write_file(serving_key, cert.key_pem);
    const std::string signer = ca_.issue_client("service-account-signer").key_pem;
    write_file(sa_key, signer);
    write_file(sa_pub, public_key_pem(signer));
    write_file(client_ca, ca_.cert_pem());
    write_file(tokens, std::string(kAdminToken) + ",admin,admin,system:masters\n" + kNobodyToken +
                           ",nobody,nobody\n" + kReaderToken + ",reader,reader\n");
  }
  ++runs_;
  std::vector<std::string> argv{*bin,
                                "--etcd-servers=" + etcd_.endpoint(),
                                "--etcd-prefix=/registry",
                                "--secure-port=" + std::to_string(port_),
                                "--bind-address=127.0.0.1",
                                "--advertise-address=127.0.0.1",
                                "--cert-dir=" + (dir_.path() / "certs").string(),
                                "--tls-cert-file=" + serving.string(),
                                "--tls-private-key-file=" + serving_key.string(),
                                "--client-ca-file=" + client_ca.string(),
                                "--service-account-key-file=" + sa_pub.string(),
                                "--service-account-signing-key-file=" + sa_key.string(),
                                "--service-account-issuer=https://kubernetes.default.svc",
                                "--token-auth-file=" + tokens.string(),
                                "--authorization-mode=RBAC",
                                "--service-cluster-ip-range=10.0.0.0/24",
                                "--disable-admission-plugins=ServiceAccount",
                                "--enable-priority-and-fairness=false",
                                "--profiling=false"};
  process_ =
      std::make_unique<Process>(argv, dir_.path() / ("kube-apiserver-" + std::to_string(runs_) + ".log"));
  // /readyz answers 200 once the post-start hooks (RBAC bootstrap roles among them) are done.
  for (int i = 0; i < 1200; ++i) {
    std::string body;
    if (admin("GET", "/readyz", {}, &body) == 200) return true;
    if (!process_->running()) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

void KubeApiServer::stop() {
  if (!process_) return;
  process_->signal(SIGTERM);
  if (!process_->wait(std::chrono::seconds(30))) {
    process_->signal(SIGKILL);
    process_->wait(std::chrono::seconds(10));
  }
  process_.reset();
}

std::string KubeApiServer::output() const {
  return (process_ ? process_->output() : std::string()) + etcd_.output();
}

int KubeApiServer::admin(const std::string& method, const std::string& path, const std::string& body,
                         std::string* response) const {
  http_client::ClientOptions o;
  o.root_ca_pem = ca_pem();
  o.trust_system_roots = false;
  o.total_timeout = std::chrono::seconds(10);
  o.connect_timeout = std::chrono::seconds(2);
  o.proxy_env = http_client::ProxyEnv{};
  auto client = http_client::Client::create(std::move(o));
  if (!client) return 0;
  http_client::Request r;
  r.method = method;
  r.url = server() + path;
  r.headers.add("Authorization", std::string("Bearer ") + kAdminToken);
  if (!body.empty()) r.headers.add("Content-Type", "application/json");
  r.body = body;
  auto answer = client->send(r);
  if (!answer) return 0;
  if (response) *response = answer->body;
  return answer->status;
}

bool KubeApiServer::create_namespace(const std::string& ns) const {
  const int status = admin("POST", "/api/v1/namespaces",
                           R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":")" + ns + R"("}})");
  return status == 201 || status == 409;
}

bool KubeApiServer::grant_reader(const std::string& ns) const {
  const std::string role =
      R"({"apiVersion":"rbac.authorization.k8s.io/v1","kind":"Role","metadata":{"name":"dex-reader"},)"
      R"("rules":[{"apiGroups":["dex.coreos.com"],"resources":["*"],"verbs":["get","list","create"]}]})";
  const std::string binding =
      R"({"apiVersion":"rbac.authorization.k8s.io/v1","kind":"RoleBinding","metadata":{"name":"dex-reader"},)"
      R"("roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"Role","name":"dex-reader"},)"
      R"("subjects":[{"apiGroup":"rbac.authorization.k8s.io","kind":"User","name":"reader"}]})";
  const std::string base = "/apis/rbac.authorization.k8s.io/v1/namespaces/" + ns;
  return admin("POST", base + "/roles", role) == 201 && admin("POST", base + "/rolebindings", binding) == 201;
}

bool KubeApiServer::make_admin(const std::string& user) const {
  const std::string binding =
      R"({"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRoleBinding","metadata":{"name":"admin-)" +
      user +
      R"("},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"cluster-admin"},)"
      R"("subjects":[{"apiGroup":"rbac.authorization.k8s.io","kind":"User","name":")" +
      user + R"("}]})";
  const int status = admin("POST", "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings", binding);
  return status == 201 || status == 409;
}

std::string KubeApiServer::write_kubeconfig(const std::string& token, const std::string& ns,
                                            const std::string& file_name) {
  const auto path = dir_.path() / file_name;
  write_file(dir_.path() / "ca.crt", ca_pem());
  write_file(path,
             "apiVersion: v1\nkind: Config\ncurrent-context: test\nclusters:\n- name: local\n  cluster:\n"
             "    server: " +
                 server() +
                 "\n    certificate-authority: ca.crt\n"
                 "users:\n- name: someone\n  user:\n    token: " +
                 token +
                 "\n"
                 "contexts:\n- name: other\n  context:\n    cluster: nowhere\n    user: nobody\n"
                 "- name: test\n  context:\n    cluster: local\n    user: someone\n    namespace: " +
                 ns + "\n");
  return path.string();
}

std::string KubeApiServer::write_cert_kubeconfig(const std::string& common_name, const std::string& ns,
                                                 const std::string& file_name) {
  const auto path = dir_.path() / file_name;
  auto cert = ca_.issue_client(common_name);
  write_file(
      path,
      "apiVersion: v1\nkind: Config\ncurrent-context: test\nclusters:\n- name: local\n  cluster:\n"
      "    server: " +
          server() + "\n    certificate-authority-data: " + base::base64_encode(ca_.cert_pem()) +
          "\nusers:\n- name: cert\n  user:\n    client-certificate-data: " +
          base::base64_encode(cert.cert_pem) + "\n    client-key-data: " + base::base64_encode(cert.key_pem) +
          "\ncontexts:\n- name: test\n  context:\n    cluster: local\n    user: cert\n    namespace: " + ns +
          "\n");
  return path.string();
}

KubeApiServer* shared_kube_apiserver(std::string* why) {
  static std::mutex mutex;
  static std::unique_ptr<KubeApiServer> server;
  static bool failed = false;
  std::lock_guard lock(mutex);
  if (!server) server = KubeApiServer::from_services();
  if (server) return server.get();
  if (!KubeApiServer::binary()) {
    if (why) *why = KubeApiServer::skip_reason();
    return nullptr;
  }
  // CTest runs each test in a process of its own: a private server per process would cost every
  // test ten seconds, so only DEXCC_KUBE_PRIVATE_SERVER=1 (running the test binary by hand) asks
  // for one.
  const char* private_server = std::getenv("DEXCC_KUBE_PRIVATE_SERVER");
  if (!private_server || std::string_view(private_server) != "1") {
    if (why) {
      *why = "no kube-apiserver for this run: scripts/run-tests.sh starts one (services.sh) when "
             "scripts/build-kube-apiserver.sh has built it; or set DEXCC_KUBE_PRIVATE_SERVER=1";
    }
    return nullptr;
  }
  if (!failed) {
    server = std::make_unique<KubeApiServer>();
    if (server->start()) return server.get();
    failed = true;
    ADD_FAILURE() << "kube-apiserver did not start:\n" << server->output();
    server.reset();
  }
  if (why) *why = "kube-apiserver did not start (see the first failure)";
  return nullptr;
}

std::string unique_kube_namespace() {
  std::string ns = "dexcc-" + base::new_id();  // 25 lowercase letters and digits: a DNS label
  if (auto* server = shared_kube_apiserver(nullptr)) server->create_namespace(ns);
  return ns;
}

std::string kube_admin_kubeconfig(const std::string& ns) {
  auto* server = shared_kube_apiserver(nullptr);
  if (!server) return "/nonexistent-kubeconfig";
  return server->write_kubeconfig(KubeApiServer::kAdminToken, ns, ns + ".kubeconfig");
}

}  // namespace dexcc::testing
