// Fuzz target: dex's API rules (dapi::Handlers) on arbitrary request bytes. The first byte picks the
// RPC, the rest is parsed as its request message as gRPC would; whatever parses is handled on one
// memory storage shared by all inputs (so creates, updates and deletes meet), and must never crash.
// VerifyPassword is left out: a cost-10 bcrypt comparison per input would make the run crawl.
#include <google/protobuf/stubs/logging.h>

#include <cstdint>
#include <memory>
#include <string>

#include "api/handlers.h"
#include "storage/memory/memory.h"
#include "storage/static.h"

namespace {

namespace storage = dexcc::storage;
namespace dapi = dexcc::api;  // ::api is the generated messages' namespace

struct Fixture {
  Fixture() {
    google::protobuf::SetLogHandler(nullptr);  // invalid UTF-8 is expected here, not news
    store = storage::memory::open();
    store = storage::with_static_clients(std::move(store), {storage::Client{.id = "static", .secret = "s"}});
    store = storage::with_static_connectors(
        std::move(store), {storage::Connector{.id = "mock", .type = "mockCallback", .name = "M"}});
    dapi::ServiceInfo info{
        .version = "fuzz",
        .discovery = [] { return std::make_shared<const std::string>(R"({"issuer":"http://i"})"); },
        .connectors_crud = true};
    handlers = std::make_unique<dapi::Handlers>(dapi::Stores{*store, *store, *store, *store, *store}, info);
  }
  std::unique_ptr<storage::Storage> store;
  std::unique_ptr<dapi::Handlers> handlers;
};

template <class Req, class Resp>
void run(dapi::Outcome (dapi::Handlers::*method)(const Req&, Resp&), dapi::Handlers& h, const uint8_t* data,
         size_t size) {
  Req req;
  if (!req.ParseFromArray(data, static_cast<int>(size))) return;
  Resp resp;
  (void)(h.*method)(req, resp);
  std::string out;
  if (!resp.SerializeToString(&out)) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Fixture f;
  if (size == 0) return 0;
  dapi::Handlers& h = *f.handlers;
  const uint8_t* body = data + 1;
  size_t n = size - 1;
  switch (data[0] % 17) {
    case 0:
      run(&dapi::Handlers::get_client, h, body, n);
      break;
    case 1:
      run(&dapi::Handlers::create_client, h, body, n);
      break;
    case 2:
      run(&dapi::Handlers::update_client, h, body, n);
      break;
    case 3:
      run(&dapi::Handlers::delete_client, h, body, n);
      break;
    case 4:
      run(&dapi::Handlers::list_clients, h, body, n);
      break;
    case 5:
      run(&dapi::Handlers::create_password, h, body, n);
      break;
    case 6:
      run(&dapi::Handlers::update_password, h, body, n);
      break;
    case 7:
      run(&dapi::Handlers::delete_password, h, body, n);
      break;
    case 8:
      run(&dapi::Handlers::list_passwords, h, body, n);
      break;
    case 9:
      run(&dapi::Handlers::create_connector, h, body, n);
      break;
    case 10:
      run(&dapi::Handlers::update_connector, h, body, n);
      break;
    case 11:
      run(&dapi::Handlers::delete_connector, h, body, n);
      break;
    case 12:
      run(&dapi::Handlers::list_connectors, h, body, n);
      break;
    case 13:
      run(&dapi::Handlers::get_version, h, body, n);
      break;
    case 14:
      run(&dapi::Handlers::get_discovery, h, body, n);
      break;
    case 15:
      run(&dapi::Handlers::list_refresh, h, body, n);
      break;
    case 16:
      run(&dapi::Handlers::revoke_refresh, h, body, n);
      break;
  }
  return 0;
}
