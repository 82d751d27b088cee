// Shared set-up of the Client tests: options that ignore this machine's proxy variables, and a
// Client that must build.
#pragma once

#include <chrono>
#include <stdexcept>
#include <string>
#include <utility>

#include "http_client/client.h"
#include "support/fake_upstream.h"

namespace dexcc::http_client {

inline ClientOptions test_options() {
  ClientOptions options;
  options.proxy_env = ProxyEnv{};  // the CI runner's HTTP(S)_PROXY must not reach loopback tests
  options.connect_timeout = std::chrono::seconds(5);
  options.total_timeout = std::chrono::seconds(10);
  return options;
}

inline Client make_client(ClientOptions options) {
  auto client = Client::create(std::move(options));
  if (!client) throw std::runtime_error(client.error().message);
  return std::move(*client);
}

inline Result<Response> get(const Client& client, std::string url, Headers headers = {}) {
  return client.send(Request{"GET", std::move(url), std::move(headers), ""});
}

inline testing::FakeResponse text(int status, std::string body) {
  return testing::FakeResponse{status, {{"Content-Type", "text/plain"}}, std::move(body)};
}

}  // namespace dexcc::http_client
