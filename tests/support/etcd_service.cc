// Reads the endpoint file services.sh writes (DIR/etcd/endpoint) and makes unique namespaces.
#include "support/etcd_service.h"

#include <cstdlib>
#include <fstream>

#include "base/random.h"

namespace dexcc::testing {

std::optional<std::string> etcd_endpoint() {
  if (const char* env = std::getenv("DEXCC_ETCD_ENDPOINT"); env && *env) return std::string(env);
  const char* dir = std::getenv("DEXCC_SERVICES_DIR");
  if (!dir || !*dir) return std::nullopt;
  std::ifstream in(std::string(dir) + "/etcd/endpoint");
  std::string endpoint;
  if (!(in >> endpoint) || endpoint.empty()) return std::nullopt;
  return endpoint;
}

std::string etcd_skip_reason() {
  return "no etcd for this run: start it with scripts/run-tests.sh (services.sh), or set DEXCC_ETCD_ENDPOINT";
}

std::string unique_etcd_namespace() {
  return "dexcc-test/" + base::new_id() + "/";
}

}  // namespace dexcc::testing
