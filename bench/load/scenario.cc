// The scenarios of issue 7: discovery, JWKS, full login, refresh, userinfo, introspection and the
// password grant. Each worker keeps its own state (its own refresh token, for one), so workers
// never contend on anything but the server.
#include "load/scenario.h"

#include <functional>

#include "load/oidc_steps.h"

namespace dexcc::bench {
namespace {

class GetWorker : public Worker {
 public:
  explicit GetWorker(std::string target) : target_(std::move(target)) {}
  bool run_once(HttpConnection& conn) override { return conn.request("GET", target_).status == 200; }

 private:
  std::string target_;
};

// A stateless operation made of protocol steps: a whole login, or one password grant.
class StepWorker : public Worker {
 public:
  using Step = std::optional<Tokens> (*)(HttpConnection&, const Target&);
  StepWorker(const Target& t, Step step) : t_(t), step_(step) {}
  bool run_once(HttpConnection& conn) override { return step_(conn, t_).has_value(); }

 private:
  const Target& t_;
  Step step_;
};

class RefreshWorker : public Worker {
 public:
  explicit RefreshWorker(const Target& t) : t_(t) {}
  bool setup(HttpConnection& conn) override { return renew(conn); }
  bool run_once(HttpConnection& conn) override {
    auto next = refresh(conn, t_, token_);
    if (!next || next->refresh_token.empty()) {
      renew(conn);  // the token is gone or spent: start again from a login, and count the error
      return false;
    }
    token_ = std::move(next->refresh_token);
    return true;
  }

 private:
  bool renew(HttpConnection& conn) {
    auto tokens = login(conn, t_);
    if (!tokens || tokens->refresh_token.empty()) return false;
    token_ = std::move(tokens->refresh_token);
    return true;
  }
  const Target& t_;
  std::string token_;
};

// Logs in once, then spends the access token on every operation.
class AccessTokenWorker : public Worker {
 public:
  explicit AccessTokenWorker(const Target& t) : t_(t) {}
  bool setup(HttpConnection& conn) override {
    auto tokens = login(conn, t_);
    if (!tokens) return false;
    access_token_ = std::move(tokens->access_token);
    return true;
  }

 protected:
  const Target& t_;
  std::string access_token_;
};

class UserinfoWorker : public AccessTokenWorker {
 public:
  using AccessTokenWorker::AccessTokenWorker;
  bool run_once(HttpConnection& conn) override {
    return conn.request("GET", t_.prefix + "/userinfo", "Authorization: Bearer " + access_token_ + "\r\n").status == 200;
  }
};

class IntrospectWorker : public AccessTokenWorker {
 public:
  using AccessTokenWorker::AccessTokenWorker;
  bool run_once(HttpConnection& conn) override {
    Reply r = conn.request("POST", t_.prefix + "/token/introspect",
                           "Content-Type: application/x-www-form-urlencoded\r\n", "token=" + access_token_);
    return r.status == 200 && r.body.find("\"active\":true") != std::string::npos;
  }
};

using Factory = std::function<std::unique_ptr<Worker>(const Target&)>;

const std::vector<std::pair<std::string, Factory>>& factories() {
  static const std::vector<std::pair<std::string, Factory>> table = {
      {"discovery", [](const Target& t) { return std::make_unique<GetWorker>(t.prefix + "/.well-known/openid-configuration"); }},
      {"jwks", [](const Target& t) { return std::make_unique<GetWorker>(t.prefix + "/keys"); }},
      {"login", [](const Target& t) { return std::make_unique<StepWorker>(t, &login); }},
      {"refresh", [](const Target& t) { return std::make_unique<RefreshWorker>(t); }},
      {"userinfo", [](const Target& t) { return std::make_unique<UserinfoWorker>(t); }},
      {"introspect", [](const Target& t) { return std::make_unique<IntrospectWorker>(t); }},
      {"password", [](const Target& t) { return std::make_unique<StepWorker>(t, &password_grant); }},
  };
  return table;
}

}  // namespace

std::unique_ptr<Worker> make_worker(std::string_view name, const Target& target) {
  for (const auto& [n, make] : factories()) {
    if (n == name) return make(target);
  }
  return nullptr;
}

const std::vector<std::string>& scenario_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const auto& [n, make] : factories()) out.push_back(n);
    return out;
  }();
  return names;
}

}  // namespace dexcc::bench
