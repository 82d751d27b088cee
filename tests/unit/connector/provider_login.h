// A login through a callback connector against one of the fake providers, without a browser: the
// connector's authorize URL is handed to the fake's OAuth app, and its redirect back becomes the
// callback request.
#pragma once

#include <string>

#include "connector/connector.h"
#include "support/fakes/git_hosting_oauth.h"

namespace dexcc::connector {

struct ProviderLogin {
  std::string authorize_url;  // where the connector sent the browser
  Result<Identity> identity = failed("not run");
};

inline ProviderLogin login_at(const Connector& c, testing::FakeOAuthApp& app,
                              const std::string& provider_base, const Scopes& scopes,
                              const std::string& callback = "https://dex.example/callback") {
  ProviderLogin out;
  auto redirect = c.capabilities().callback->login_url(scopes, callback, "state-1");
  if (!redirect) {
    out.identity = std::unexpected(redirect.error());
    return out;
  }
  out.authorize_url = redirect->url;
  std::string path =
      redirect->url.starts_with(provider_base) ? redirect->url.substr(provider_base.size()) : "";
  testing::FakeResponse answer = app.authorize(testing::split_target(path).query);
  std::string back = answer.headers.empty() ? "" : answer.headers.front().second;
  http::Request request;
  request.query = back.substr(back.find('?') + 1);
  out.identity = c.capabilities().callback->handle_callback(scopes, "", request);
  return out;
}

}  // namespace dexcc::connector
