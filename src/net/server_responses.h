// What the server writes itself rather than a handler: a response's status line and fields (with
// the server's own Date, Content-Length and Connection) and the plain answers to refused requests.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "http/response.h"

namespace dexcc::net {

// A response the server makes itself (limits, overload, malformed requests): "413 Request Entity
// Too Large\n" as text/plain.
http::Response plain_error(int status);

// Writes into `out` (cleared first) the status line, the fields of `response` but the four the
// server sets itself, then Date, Content-Length (when given), Connection (when the version's
// default does not say it) and the blank line: the bytes Beast's serializer wrote. A line break
// inside a field value becomes a space, as Go's net/http does, so no field can split in two.
void write_response_head(std::string& out, const http::Response& response, unsigned version, bool keep_alive,
                         std::optional<size_t> content_length);

}  // namespace dexcc::net
