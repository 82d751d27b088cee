// Static files: /static/*, /theme/* and /robots.txt served from in-memory AssetTrees. Unlike dex's
// Go file servers there are no directory listings: a directory, an unknown name or any attempt to
// leave the folder ("..", "%2e%2e", "%2f", backslashes, NUL, dot files) is a plain 404.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "http/request.h"
#include "http/response.h"
#include "web/assets.h"

namespace dexcc::web {

// Browsers may cache an asset for an hour; after that a conditional GET revalidates it by ETag.
inline constexpr std::string_view kAssetCacheControl = "public, max-age=3600";

// The raw remainder of a prefix route ("/img/github-icon.svg") as a clean relative path
// ("img/github-icon.svg"), or nullopt when it names a directory or could escape the folder.
std::optional<std::string> asset_path(std::string_view raw_remainder);

// Answers a GET or HEAD for `asset`: 200 with ETag and Cache-Control, or 304 when the request's
// If-None-Match matches. Other methods get 405.
http::Response serve_asset(const Asset& asset, const http::Request& req);

// Serves the file the route's "*" remainder names from `tree`, or a plain 404.
http::Response serve_from(const AssetTree& tree, const http::Request& req);

}  // namespace dexcc::web
