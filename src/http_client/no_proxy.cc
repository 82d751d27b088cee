// NO_PROXY parsing and matching with the semantics of golang.org/x/net/http/httpproxy.
#include "http_client/no_proxy.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstring>

#include "http_client/url_parts.h"

namespace dexcc::http_client::detail {
namespace {

constexpr std::array<uint8_t, 12> kV4InV6Prefix = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

std::string_view trim(std::string_view text) {
  const auto is_space = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
  };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::ranges::transform(out, out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

// Go's net.SplitHostPort: "host:port" or "[v6]:port", exactly one unbracketed colon; the port may
// be empty and is not checked for digits.
std::optional<std::pair<std::string_view, std::string_view>> split_host_port(std::string_view text) {
  size_t colon = text.rfind(':');
  if (colon == std::string_view::npos) return std::nullopt;
  std::string_view host = text.substr(0, colon);
  std::string_view port = text.substr(colon + 1);
  if (!host.empty() && host.front() == '[') {
    size_t close = host.find(']');
    if (close != host.size() - 1) return std::nullopt;
    host = host.substr(1, close - 1);
    if (host.find_first_of("[]") != std::string_view::npos) return std::nullopt;
  } else if (host.find_first_of(":[]") != std::string_view::npos) {
    return std::nullopt;
  }
  if (port.find_first_of("[]") != std::string_view::npos) return std::nullopt;
  return std::pair{host, port};
}

bool in_network(const IpAddress& address, const IpAddress& network, size_t prefix_bits) {
  if (address.size != network.size) return false;
  size_t whole_bytes = prefix_bits / 8;
  if (!std::equal(network.bytes.begin(), network.bytes.begin() + whole_bytes, address.bytes.begin())) {
    return false;
  }
  size_t rest = prefix_bits % 8;
  if (rest == 0) return true;
  uint8_t mask = static_cast<uint8_t>(0xff << (8 - rest));
  return (network.bytes[whole_bytes] & mask) == (address.bytes[whole_bytes] & mask);
}

// Go's net.ParseCIDR: "address/bits" with a decimal prefix length within the address size.
// A v4-mapped IPv6 network is an IPv4 network 96 bits shorter, as Go's IPNet.Contains reads it.
bool parse_cidr(std::string_view text, IpAddress& network, size_t& prefix_bits) {
  size_t slash = text.find('/');
  if (slash == std::string_view::npos) return false;
  std::string_view address_text = text.substr(0, slash);
  std::string_view bits_text = text.substr(slash + 1);
  std::optional<IpAddress> address = parse_ip(address_text);
  bool mapped = address && address->size == 4 && address_text.find(':') != std::string_view::npos;
  if (!address || bits_text.empty()) return false;
  size_t bits = 0;
  auto [end, ec] = std::from_chars(bits_text.data(), bits_text.data() + bits_text.size(), bits);
  if (ec != std::errc() || end != bits_text.data() + bits_text.size()) return false;
  size_t max_bits = mapped ? 128 : address->size * 8;
  if (bits > max_bits) return false;
  if (mapped) bits = bits > 96 ? bits - 96 : 0;
  network = *address;
  prefix_bits = bits;
  return true;
}

}  // namespace

bool IpAddress::is_loopback() const {
  if (size == 4) return bytes[0] == 127;
  static constexpr std::array<uint8_t, 16> kV6Loopback = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
  return bytes == kV6Loopback;
}

std::optional<IpAddress> parse_ip(std::string_view text) {
  if (text.empty() || text.size() > 64) return std::nullopt;
  std::string terminated(text);
  IpAddress address;
  if (inet_pton(AF_INET, terminated.c_str(), address.bytes.data()) == 1) {
    address.size = 4;
    return address;
  }
  if (inet_pton(AF_INET6, terminated.c_str(), address.bytes.data()) != 1) return std::nullopt;
  address.size = 16;
  if (std::equal(kV4InV6Prefix.begin(), kV4InV6Prefix.end(), address.bytes.begin())) {
    std::memmove(address.bytes.data(), address.bytes.data() + 12, 4);
    std::fill(address.bytes.begin() + 4, address.bytes.end(), 0);
    address.size = 4;
  }
  return address;
}

NoProxyList::NoProxyList(std::string_view no_proxy) {
  while (!no_proxy.empty() && !matches_everything_) {
    size_t comma = no_proxy.find(',');
    add_entry(no_proxy.substr(0, comma));
    no_proxy = comma == std::string_view::npos ? std::string_view() : no_proxy.substr(comma + 1);
  }
}

void NoProxyList::add_entry(std::string_view raw_entry) {
  std::string entry = lower(trim(raw_entry));
  if (entry.empty()) return;
  if (entry == "*") {
    matches_everything_ = true;
    return;
  }
  Cidr cidr;
  if (parse_cidr(entry, cidr.network, cidr.prefix_bits)) {
    cidrs_.push_back(cidr);
    return;
  }
  std::string_view host = entry;
  std::string_view port;
  if (auto split = split_host_port(entry)) {
    if (split->first.empty()) return;  // ":80", malformed
    host = split->first;
    port = split->second;
  }
  if (auto address = parse_ip(host)) {
    ips_.push_back(Ip{*address, std::string(port)});
    return;
  }
  if (host.empty()) return;
  Domain domain;
  if (host.starts_with("*.")) host.remove_prefix(1);
  domain.matches_bare_name = host.front() != '.';
  std::string suffix = domain.matches_bare_name ? "." + std::string(host) : std::string(host);
  domain.suffix = ascii_host(suffix);
  domain.port = std::string(port);
  domains_.push_back(std::move(domain));
}

bool NoProxyList::bypasses(std::string_view host, std::string_view port) const {
  if (host == "localhost") return true;
  std::optional<IpAddress> address = parse_ip(host.substr(0, host.find('%')));
  if (address && address->is_loopback()) return true;
  if (matches_everything_) return true;
  if (address) {
    for (const Cidr& cidr : cidrs_) {
      if (in_network(*address, cidr.network, cidr.prefix_bits)) return true;
    }
    for (const Ip& ip : ips_) {
      if (ip.address == *address && (ip.port.empty() || ip.port == port)) return true;
    }
    return false;  // names never match an IP literal
  }
  std::string name = lower(trim(host));
  for (const Domain& domain : domains_) {
    bool matches =
        name.ends_with(domain.suffix) ||
        (domain.matches_bare_name && std::string_view(name) == std::string_view(domain.suffix).substr(1));
    if (matches && (domain.port.empty() || domain.port == port)) return true;
  }
  return false;
}

}  // namespace dexcc::http_client::detail
