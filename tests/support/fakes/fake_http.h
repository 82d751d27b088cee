// What the provider fakes in this folder share: JSON answers, the parts of a received request
// they look at (path, query, OAuth2 client credentials), and injected failures per path.
#pragma once

#include <nlohmann/json.hpp>

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "http/form.h"
#include "support/fake_upstream.h"

namespace dexcc::testing::fakes {

FakeResponse json_answer(const nlohmann::json& body, int status = 200);
// RFC 6749 §5.2's error body.
FakeResponse oauth_error(int status, const std::string& error, const std::string& description);

// The target without its query, and the query of a target or URL.
std::string path_of(const ReceivedRequest& r);
http::Values query_of(const std::string& url);

// The requests `server` received whose path (query left off) is `path`, in order.
std::vector<ReceivedRequest> requests_to(const FakeUpstream& server, const std::string& path);

// client_secret_basic (both halves query-escaped inside, RFC 6749 §2.3.1), else
// client_id/client_secret in the form body.
std::pair<std::string, std::string> client_credentials(const ReceivedRequest& r, const http::Values& form);

// Answers to inject: the next `times` requests to a path get `status` and the JSON body (a 429
// carries Retry-After, as rate-limited APIs send it).
class Failures {
 public:
  void add(const std::string& path, int status, nlohmann::json body, int times);
  std::optional<FakeResponse> take(const std::string& path);

 private:
  struct Failure {
    int status;
    nlohmann::json body;
    int times;
  };
  std::mutex mu_;
  std::map<std::string, Failure> failures_;
};

}  // namespace dexcc::testing::fakes
