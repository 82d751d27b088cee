// oauth2::Error: a protocol failure as a value (RFC 6749 §5.2 code, description, HTTP status), with
// fosite's split: `description` goes to the client, `debug` only to the log.
#pragma once

#include <expected>
#include <string>

namespace dexcc::oauth2 {

struct Error {
  std::string code;
  std::string description;
  int status = 400;
  std::string debug;

  // {"error":"...","error_description":"..."}; the description is left out when empty, as dex does.
  std::string to_json() const;
};

template <class T>
using Result = std::expected<T, Error>;

inline Error make_error(std::string code, std::string description, int status = 400) {
  return Error{std::move(code), std::move(description), status, {}};
}

inline Error invalid_request(std::string d, int status = 400) { return make_error("invalid_request", std::move(d), status); }
inline Error invalid_client(std::string d) { return make_error("invalid_client", std::move(d), 401); }
inline Error invalid_grant(std::string d) { return make_error("invalid_grant", std::move(d)); }
inline Error invalid_scope(std::string d) { return make_error("invalid_scope", std::move(d)); }
inline Error unauthorized_client(std::string d) { return make_error("unauthorized_client", std::move(d)); }
inline Error unsupported_grant_type(std::string d = {}) { return make_error("unsupported_grant_type", std::move(d)); }
inline Error unsupported_response_type(std::string d) { return make_error("unsupported_response_type", std::move(d)); }
inline Error access_denied(std::string d, int status = 401) { return make_error("access_denied", std::move(d), status); }
inline Error request_not_supported(std::string d) { return make_error("request_not_supported", std::move(d)); }
inline Error server_error(std::string debug = {}) {
  Error e = make_error("server_error", "", 500);
  e.debug = std::move(debug);
  return e;
}

}  // namespace dexcc::oauth2
