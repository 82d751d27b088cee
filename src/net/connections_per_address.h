// ActiveConnectionsPerAddress: how many connections each client address has that are not idle
// between requests (being read, handled or answered, or not yet past their first request), so that
// one client cannot take every connection slot with connections that never finish a request.
//
// Idle keep-alive connections are not counted: they cost a descriptor and a buffer, and the server
// closes the longest-idle ones when it needs room. A reverse proxy keeps a pool of them to the
// server, and only its requests in progress count against its address.
//
// An address is the TCP peer's: IPv4 as a whole (IPv4-mapped IPv6 counts as IPv4), IPv6 by its /64
// prefix, since one host or site is handed at least a /64 and can use every address in it.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>

namespace dexcc::net {

// A client address as 16 bytes of IPv6 in network order, an IPv6 address reduced to its /64.
using AddressKey = std::array<uint8_t, 16>;
// The key for a peer address given as IPv6 bytes (IPv4 peers as IPv4-mapped, ::ffff:a.b.c.d).
AddressKey address_key(const std::array<uint8_t, 16>& ipv6_bytes);

class ActiveConnectionsPerAddress {
  struct Entry;

 public:
  // The count of each address is kept per I/O thread, so connections from one address (a proxy,
  // a load generator) on different threads do not contend for one counter on every request.
  ActiveConnectionsPerAddress(size_t limit, size_t io_threads);
  ActiveConnectionsPerAddress(const ActiveConnectionsPerAddress&) = delete;
  ActiveConnectionsPerAddress& operator=(const ActiveConnectionsPerAddress&) = delete;

  // One connection's place in its address's count, given back when it is destroyed.
  class Ticket {
   public:
    Ticket(Ticket&& other) noexcept;
    Ticket& operator=(Ticket&&) = delete;
    ~Ticket();
    // The connection waits for its next request (not counted), or has received one (counted
    // again: an accepted connection is never refused later, so this may go over the limit).
    void set_idle(bool idle);

   private:
    friend class ActiveConnectionsPerAddress;
    Ticket(ActiveConnectionsPerAddress& owner, Entry& entry, size_t io_thread)
        : owner_(&owner), entry_(&entry), io_thread_(io_thread) {}
    ActiveConnectionsPerAddress* owner_;  // null once moved from
    Entry* entry_;
    size_t io_thread_;
    bool counted_ = true;
  };

  // Admits a new connection from `key` that will live on I/O thread `io_thread`, counted as active;
  // nullopt when the address already has `limit` active connections.
  std::optional<Ticket> admit(const AddressKey& key, size_t io_thread);
  // Addresses with a connection open now.
  size_t addresses() const;

 private:
  struct alignas(64) ThreadCount {
    std::atomic<int64_t> value{0};
  };
  struct Entry {
    AddressKey key;
    size_t connections = 0;  // guarded by mu_; the entry goes when it reaches zero
    std::unique_ptr<ThreadCount[]> active;
  };
  struct KeyHash {
    size_t operator()(const AddressKey& key) const;
  };
  int64_t active(const Entry& entry) const;
  void release(Entry& entry);

  size_t limit_;
  size_t io_threads_;
  mutable std::mutex mu_;
  std::unordered_map<AddressKey, Entry, KeyHash> entries_;  // nodes stay put: tickets point at them
};

}  // namespace dexcc::net
