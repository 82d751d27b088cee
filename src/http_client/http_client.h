// The http_client module: the one outbound HTTP client every upstream connector (oidc, oauth,
// github, gitlab, google, microsoft, keystone, crowd, ...) and remote storage uses, over libcurl.
//
// It depends on base/, libcurl, OpenSSL and nlohmann/json only, and must not depend on http/ (the
// inbound server) or anything above it: its Request and Response are its own values. It is the
// only module that includes <curl/curl.h>.
//
//   Client          blocking, thread-safe, built once per connector from ClientOptions; keeps
//                   keep-alive connections in a small pool of libcurl handles
//   ClientOptions   root CAs (added to, or instead of, the system roots), client certificate,
//                   insecureSkipVerify, connect/total timeouts, response size limits, redirects
//                   (off unless asked for; then at most 10), User-Agent, proxy environment
//   Request, Response, Headers     plain values; header names match case-insensitively
//   Error           kind + a message naming method and URL without userinfo, query or fragment
//   proxy_for       Go's http.ProxyFromEnvironment rules (HTTPS_PROXY, HTTP_PROXY, NO_PROXY)
//   root_ca.h       dex's rootCAs / rootCA config forms -> PEM
//   form.h          url.Values encoding, QueryEscape, oauth2's Basic client authentication
//   calls.h         get_json, post_form, require_success, decode_json
//
// A non-2xx status is a Response, not an Error: connectors decide what a status means.
// libcurl never reads the environment itself: the proxy is set explicitly on every request and
// the trust store comes from the options, so behaviour matches dex's Go transports rather than
// curl's own conventions.
#pragma once

#include "http_client/calls.h"
#include "http_client/client.h"
#include "http_client/error.h"
#include "http_client/form.h"
#include "http_client/message.h"
#include "http_client/proxy.h"
#include "http_client/root_ca.h"
