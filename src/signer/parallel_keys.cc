// Concurrent key generation for a first start.
#include "signer/parallel_keys.h"

namespace dexcc::signer {

ParallelKeys::ParallelKeys(jose::Algorithm algorithm, size_t count, KeyGenerator generate)
    : algorithm_(algorithm), untaken_(count) {
  for (size_t i = 0; i < count; ++i) {
    threads_.emplace_back([this, generate] {
      auto key = generate(algorithm_);
      std::lock_guard lock(mu_);
      ready_.push_back(std::move(key));
      finished_.notify_one();
    });
  }
}

ParallelKeys::~ParallelKeys() {
  for (auto& t : threads_) t.join();
}

std::optional<base::Result<jose::Jwk>> ParallelKeys::take(jose::Algorithm algorithm) {
  if (algorithm != algorithm_) return std::nullopt;
  std::unique_lock lock(mu_);
  if (untaken_ == 0) return std::nullopt;
  finished_.wait(lock, [this] { return !ready_.empty(); });
  --untaken_;
  auto key = std::move(ready_.front());
  ready_.pop_front();
  return key;
}

KeyGenerator ParallelKeys::generator(KeyGenerator fallback) {
  return [this, fallback = std::move(fallback)](jose::Algorithm algorithm) -> base::Result<jose::Jwk> {
    if (auto key = take(algorithm)) return std::move(*key);
    return fallback(algorithm);
  };
}

}  // namespace dexcc::signer
