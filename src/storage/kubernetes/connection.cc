// Reading the in-cluster files and kubeconfig YAML (yaml-cpp) into a Connection.
#include "storage/kubernetes/connection.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "base/base64.h"

namespace dexcc::storage::kubernetes {
std::optional<std::string> read_whole_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string trimmed(std::string s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  size_t start = 0;
  while (start < s.size() && std::isspace(static_cast<unsigned char>(s[start]))) ++start;
  return s.substr(start);
}

namespace {

// The entry of a kubeconfig list (clusters, users, contexts) called `name`, or a null node.
YAML::Node named(const YAML::Node& list, const std::string& name, const char* inner) {
  if (!list || !list.IsSequence()) return YAML::Node();
  for (const auto& entry : list) {
    if (entry["name"] && entry["name"].as<std::string>() == name) return entry[inner];
  }
  return YAML::Node();
}

std::string text_of(const YAML::Node& map, const char* key) {
  return map && map[key] && map[key].IsScalar() ? map[key].as<std::string>() : std::string();
}

// `<key>-data` (base64 PEM) or `<key>` (a file, relative to the kubeconfig's folder).
Result<std::string> pem(const YAML::Node& map, const std::string& key, const std::filesystem::path& base,
                        const std::string& kubeconfig) {
  if (auto data = text_of(map, (key + "-data").c_str()); !data.empty()) {
    auto decoded = base::base64_decode(data);
    if (!decoded) return fail(fmt::format("kubernetes: {}: {}-data is not base64", kubeconfig, key));
    return std::move(*decoded);
  }
  auto file = text_of(map, key.c_str());
  if (file.empty()) return std::string();
  std::filesystem::path p(file);
  if (p.is_relative()) p = base / p;
  auto text = read_whole_file(p.string());
  if (!text) return fail(fmt::format("kubernetes: {}: cannot read {} {}", kubeconfig, key, p.string()));
  return std::move(*text);
}

}  // namespace

Result<Connection> in_cluster_connection(const std::string& dir,
                                         const std::function<const char*(const char*)>& getenv) {
  const char* host = getenv("KUBERNETES_SERVICE_HOST");
  const char* port = getenv("KUBERNETES_SERVICE_PORT");
  if (!host || !*host || !port || !*port) {
    return fail(
        "kubernetes: inCluster: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not set "
        "(not running in a pod?)");
  }
  Connection c;
  const std::string h = host;
  c.server = h.find(':') != std::string::npos ? fmt::format("https://[{}]:{}", h, port)
                                              : fmt::format("https://{}:{}", h, port);
  c.token_file = dir + "/token";
  auto token = read_whole_file(c.token_file);
  if (!token)
    return fail(fmt::format("kubernetes: inCluster: cannot read the service account token {}", c.token_file));
  c.token = trimmed(std::move(*token));
  auto ca = read_whole_file(dir + "/ca.crt");
  if (!ca) return fail(fmt::format("kubernetes: inCluster: cannot read the cluster CA {}/ca.crt", dir));
  c.ca_pem = std::move(*ca);
  if (const char* ns = getenv("KUBERNETES_POD_NAMESPACE"); ns && *ns) {
    c.ns = ns;
  } else if (auto file = read_whole_file(dir + "/namespace")) {
    c.ns = trimmed(std::move(*file));
  } else {
    return fail(fmt::format("kubernetes: inCluster: cannot read the namespace {}/namespace", dir));
  }
  return c;
}

Result<Connection> kubeconfig_connection(const std::string& path) {
  YAML::Node doc;
  try {
    doc = YAML::LoadFile(path);
  } catch (const YAML::Exception& e) {
    return fail(fmt::format("kubernetes: kubeConfigFile {}: {}", path, e.what()));
  }
  const std::filesystem::path base = std::filesystem::path(path).parent_path();
  const std::string current = text_of(doc, "current-context");
  if (current.empty()) return fail(fmt::format("kubernetes: kubeConfigFile {}: no current-context", path));
  YAML::Node context = named(doc["contexts"], current, "context");
  if (!context) return fail(fmt::format("kubernetes: kubeConfigFile {}: no context \"{}\"", path, current));
  const std::string cluster_name = text_of(context, "cluster");
  YAML::Node cluster = named(doc["clusters"], cluster_name, "cluster");
  if (!cluster)
    return fail(fmt::format("kubernetes: kubeConfigFile {}: no cluster \"{}\"", path, cluster_name));
  const std::string user_name = text_of(context, "user");
  YAML::Node user = named(doc["users"], user_name, "user");

  Connection c;
  c.server = text_of(cluster, "server");
  if (c.server.empty())
    return fail(
        fmt::format("kubernetes: kubeConfigFile {}: cluster \"{}\" has no server", path, cluster_name));
  while (c.server.ends_with('/')) c.server.pop_back();
  c.insecure_skip_verify = text_of(cluster, "insecure-skip-tls-verify") == "true";
  auto ca = pem(cluster, "certificate-authority", base, path);
  if (!ca) return std::unexpected(ca.error());
  c.ca_pem = std::move(*ca);
  if (user) {
    c.token = text_of(user, "token");
    if (auto file = text_of(user, "tokenFile"); !file.empty() && c.token.empty()) {
      std::filesystem::path p(file);
      if (p.is_relative()) p = base / p;
      c.token_file = p.string();
      auto token = read_whole_file(c.token_file);
      if (!token)
        return fail(
            fmt::format("kubernetes: kubeConfigFile {}: cannot read tokenFile {}", path, c.token_file));
      c.token = trimmed(std::move(*token));
    }
    auto cert = pem(user, "client-certificate", base, path);
    if (!cert) return std::unexpected(cert.error());
    auto key = pem(user, "client-key", base, path);
    if (!key) return std::unexpected(key.error());
    c.client_cert_pem = std::move(*cert);
    c.client_key_pem = std::move(*key);
    c.username = text_of(user, "username");
    c.password = text_of(user, "password");
  }
  if (auto ns = text_of(context, "namespace"); !ns.empty()) c.ns = ns;
  return c;
}

}  // namespace dexcc::storage::kubernetes
