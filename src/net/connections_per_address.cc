// ActiveConnectionsPerAddress: admission against the per-address limit and the per-thread counts.
#include "net/connections_per_address.h"

#include <algorithm>
#include <cstring>

namespace dexcc::net {

AddressKey address_key(const std::array<uint8_t, 16>& ipv6_bytes) {
  static constexpr uint8_t kIpv4MappedPrefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  AddressKey key = ipv6_bytes;
  bool ipv4 = std::memcmp(key.data(), kIpv4MappedPrefix, sizeof kIpv4MappedPrefix) == 0;
  if (!ipv4) std::fill(key.begin() + 8, key.end(), 0);
  return key;
}

size_t ActiveConnectionsPerAddress::KeyHash::operator()(const AddressKey& key) const {
  uint64_t high, low;
  std::memcpy(&high, key.data(), 8);
  std::memcpy(&low, key.data() + 8, 8);
  // Multiplying by large odd constants spreads every byte into the bucket bits (std::hash of an
  // integer is the integer itself).
  return static_cast<size_t>((high * 0x9e3779b97f4a7c15ULL) ^ (low * 0xc2b2ae3d27d4eb4fULL) ^
                             ((high ^ low) >> 29));
}

ActiveConnectionsPerAddress::ActiveConnectionsPerAddress(size_t limit, size_t io_threads)
    : limit_(limit), io_threads_(std::max<size_t>(1, io_threads)) {}

std::optional<ActiveConnectionsPerAddress::Ticket> ActiveConnectionsPerAddress::admit(const AddressKey& key,
                                                                                      size_t io_thread) {
  std::lock_guard lock(mu_);
  auto [it, inserted] = entries_.try_emplace(key);
  Entry& entry = it->second;
  if (inserted) {
    entry.key = key;
    entry.active = std::make_unique<ThreadCount[]>(io_threads_);
  }
  if (active(entry) >= static_cast<int64_t>(limit_)) {
    if (entry.connections == 0) entries_.erase(it);
    return std::nullopt;
  }
  ++entry.connections;
  entry.active[io_thread].value.fetch_add(1, std::memory_order_relaxed);
  return Ticket(*this, entry, io_thread);
}

size_t ActiveConnectionsPerAddress::addresses() const {
  std::lock_guard lock(mu_);
  return entries_.size();
}

int64_t ActiveConnectionsPerAddress::active(const Entry& entry) const {
  int64_t sum = 0;
  for (size_t i = 0; i < io_threads_; ++i) sum += entry.active[i].value.load(std::memory_order_relaxed);
  return sum;
}

void ActiveConnectionsPerAddress::release(Entry& entry) {
  std::lock_guard lock(mu_);
  if (--entry.connections > 0) return;
  AddressKey key = entry.key;  // erase(entry.key) would read the key while destroying it
  entries_.erase(key);
}

ActiveConnectionsPerAddress::Ticket::Ticket(Ticket&& other) noexcept
    : owner_(other.owner_), entry_(other.entry_), io_thread_(other.io_thread_), counted_(other.counted_) {
  other.owner_ = nullptr;
}

ActiveConnectionsPerAddress::Ticket::~Ticket() {
  if (!owner_) return;
  set_idle(true);
  owner_->release(*entry_);
}

void ActiveConnectionsPerAddress::Ticket::set_idle(bool idle) {
  if (counted_ == !idle) return;
  counted_ = !idle;
  entry_->active[io_thread_].value.fetch_add(idle ? -1 : 1, std::memory_order_relaxed);
}

}  // namespace dexcc::net
