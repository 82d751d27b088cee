// Loading root CAs from file paths, base64 and inline PEM, with dex's precedence.
#include "http_client/root_ca.h"

#include <fstream>
#include <optional>
#include <sstream>

#include "base/base64.h"
#include "http_client/tls_material.h"

namespace dexcc::http_client {
namespace {

bool read_file(const std::string& path, std::string& contents) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return false;
  contents = buffer.str();
  return true;
}

// Go's base64.StdEncoding skips line breaks while decoding, so wrapped base64 is accepted.
std::optional<std::string> decode_wrapped_base64(std::string_view text) {
  std::string compact;
  compact.reserve(text.size());
  for (char c : text) {
    if (c != '\r' && c != '\n') compact += c;
  }
  return base::base64_decode(compact);
}

}  // namespace

bool has_certificate(std::string_view pem) {
  return !detail::parse_certificates(pem).empty();
}

base::Result<std::string> root_cas_from_entries(const std::vector<std::string>& entries) {
  std::string pem;
  size_t index = 0;
  for (const std::string& entry : entries) {
    if (entry.empty()) continue;
    std::string contents;
    if (!read_file(entry, contents)) {
      auto decoded = decode_wrapped_base64(entry);
      contents = decoded ? std::move(*decoded) : entry;
    }
    if (!has_certificate(contents)) {
      return base::fail("rootCAs." + std::to_string(index) +
                        " is not in PEM format: give a path to a PEM file, PEM text, or base64 of PEM text");
    }
    pem += contents;
    if (!pem.ends_with('\n')) pem += '\n';
    ++index;
  }
  return pem;
}

base::Result<std::string> root_ca_from_file(const std::string& path) {
  std::string contents;
  if (!read_file(path, contents)) return base::fail("failed to read root-ca: cannot read \"" + path + "\"");
  if (!has_certificate(contents)) return base::fail("no certs found in root CA file \"" + path + "\"");
  return contents;
}

}  // namespace dexcc::http_client
