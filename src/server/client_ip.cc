// CIDR matching and right-to-left walking of forwarded-for chains.
#include "server/client_ip.h"

#include <arpa/inet.h>

namespace dexcc::server {
namespace {

// Parses an IPv4 or IPv6 address into network bytes (IPv4-mapped IPv6 becomes IPv4).
std::optional<std::string> parse_ip(std::string_view text) {
  std::string s(text);
  unsigned char buf[16];
  if (inet_pton(AF_INET, s.c_str(), buf) == 1) return std::string(reinterpret_cast<char*>(buf), 4);
  if (inet_pton(AF_INET6, s.c_str(), buf) == 1) {
    static const unsigned char kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (std::equal(buf, buf + 12, kMapped)) return std::string(reinterpret_cast<char*>(buf + 12), 4);
    return std::string(reinterpret_cast<char*>(buf), 16);
  }
  return std::nullopt;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string peer_ip(std::string_view remote_addr) {
  if (!remote_addr.empty() && remote_addr.front() == '[') {
    size_t close = remote_addr.find(']');
    return std::string(remote_addr.substr(1, close == std::string_view::npos ? std::string_view::npos : close - 1));
  }
  return std::string(remote_addr.substr(0, remote_addr.rfind(':')));
}

ClientIpPolicy::ClientIpPolicy(std::string header, const std::vector<std::string>& trusted_proxies)
    : header_(std::move(header)) {
  for (const auto& cidr : trusted_proxies) {
    size_t slash = cidr.find('/');
    auto ip = parse_ip(cidr.substr(0, slash));
    if (!ip || slash == std::string::npos) continue;
    proxies_.push_back(Cidr{*ip, std::stoi(cidr.substr(slash + 1))});
  }
}

bool ClientIpPolicy::trusted(std::string_view ip_text) const {
  auto ip = parse_ip(ip_text);
  if (!ip) return false;
  for (const auto& c : proxies_) {
    if (c.bytes.size() != ip->size()) continue;
    int bits = std::min<int>(c.bits, static_cast<int>(ip->size() * 8));
    bool match = true;
    for (int b = 0; b < bits && match; ++b) {
      unsigned char mask = static_cast<unsigned char>(0x80 >> (b % 8));
      match = ((*ip)[static_cast<size_t>(b / 8)] & mask) == (c.bytes[static_cast<size_t>(b / 8)] & mask);
    }
    if (match) return true;
  }
  return false;
}

std::string ClientIpPolicy::resolve(const http::Request& req) const {
  std::string peer = peer_ip(req.remote_addr);
  if (header_.empty() || !trusted(peer)) return peer;
  std::string_view chain = req.header(header_);
  // Walk right to left: the rightmost hop was added by our own (trusted) proxy.
  while (!chain.empty()) {
    size_t comma = chain.rfind(',');
    std::string_view hop = trim(comma == std::string_view::npos ? chain : chain.substr(comma + 1));
    chain = comma == std::string_view::npos ? std::string_view() : chain.substr(0, comma);
    if (!parse_ip(hop)) break;
    if (!trusted(hop) || chain.empty()) return std::string(hop);
  }
  return peer;
}

}  // namespace dexcc::server
