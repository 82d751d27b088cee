// Key rotation in storage, the in-memory signing key, and the published key set.
#include "signer/local_signer.h"

#include <algorithm>

#include <fmt/format.h>

#include "base/log.h"
#include "signer/parallel_keys.h"

namespace dexcc::signer {
namespace {

// What the update aborts with when another replica changed the keys first: nothing to write.
struct NothingLeftToDo {};

}  // namespace

struct LocalSigner::Loaded {
  jose::JwsSigner signer;
  std::shared_ptr<const KeySet> key_set;
  storage::Keys source;  // what the cache was built from, to spot changes by other replicas
};

LocalSigner::LocalSigner(storage::KeyStore& store, const base::Clock& clock, LocalOptions options,
                         KeyGenerator generate)
    : store_(store), clock_(clock), options_(options), generate_(std::move(generate)) {}

LocalSigner::~LocalSigner() { stop(); }

base::Result<void> LocalSigner::rotate_if_due(NextKey next) {
  auto current = store_.get_keys();
  if (!current) return base::fail("get keys: " + current.error().message);
  base::Time now = clock_.now();
  if (rotation_step(*current, now) == RotationStep::kNothing) return {};

  RotationPolicy policy{options_.rotation_period, options_.id_token_ttl, options_.algorithm};
  bool rotated = false;
  auto updated = store_.update_keys([&](storage::Keys keys) -> storage::Result<storage::Keys> {
    rotated = rotation_step(keys, now) == RotationStep::kRotate;
    auto after = rotate_keys(std::move(keys), now, policy, next, generate_);
    if (!after) return storage::abort_with(after.error());
    if (!*after) return storage::abort_with(NothingLeftToDo{});
    return std::move(**after);
  });
  if (!updated) {
    if (updated.error().aborted_with<NothingLeftToDo>()) return {};
    const base::Error* why = updated.error().aborted_with<base::Error>();
    return base::fail("rotate keys: " + (why ? why->message : updated.error().message));
  }
  if (rotated) {
    log::info("keys rotated", {{"next_rotation_in", std::to_string(std::chrono::duration_cast<std::chrono::seconds>(options_.rotation_period).count()) + "s"}});
  }
  return {};
}

base::Result<void> LocalSigner::load(const storage::Keys& keys) {
  auto stored = parse_signing_key(keys.signing_key);
  if (!stored) return base::fail(stored.error().message);
  jose::Algorithm alg = algorithm_of(stored->current);
  auto signer = jose::JwsSigner::create(stored->current.key, alg, stored->current.kid);
  if (!signer) return base::fail("signing key: " + signer.error().message);

  auto set = std::make_shared<KeySet>();
  set->algorithm = alg;
  nlohmann::ordered_json jwks = {{"keys", nlohmann::ordered_json::array()}};
  auto publish = [&](const std::string& text) {
    auto jwk = jose::parse_jwk(text);
    if (!jwk) return;
    auto json = jose::jwk_public_json(*jwk);
    if (!json) return;
    jwks["keys"].push_back(std::move(*json));
    set->keys.push_back(std::move(*jwk));
  };
  publish(keys.signing_key_pub);
  for (const auto& v : keys.verification_keys) publish(v.public_key);
  set->jwks_json = jwks.dump(2);

  auto loaded = std::make_shared<Loaded>(Loaded{std::move(*signer), std::move(set), keys});
  std::lock_guard lock(mu_);
  loaded_ = std::move(loaded);
  return {};
}

base::Result<void> LocalSigner::check() { return check(NextKey::kGenerate); }

base::Result<void> LocalSigner::check(NextKey next) {
  if (auto r = rotate_if_due(next); !r) return r;
  auto keys = store_.get_keys();
  if (!keys) return base::fail("get keys: " + keys.error().message);
  {
    std::lock_guard lock(mu_);
    if (loaded_ && loaded_->source == *keys) return {};
  }
  return load(*keys);
}

base::Result<void> LocalSigner::start() { return check(); }

base::Result<void> LocalSigner::start_signing() {
  auto keys = store_.get_keys();
  if (!keys) return base::fail("get keys: " + keys.error().message);
  if (keys->signing_key.empty()) {
    // A first start: the signing key and the next one are made at once, the first to finish signs.
    first_keys_ = std::make_unique<ParallelKeys>(options_.algorithm, 2, generate_);
    generate_ = first_keys_->generator(generate_);
  }
  return check(NextKey::kDefer);
}

base::Duration check_interval_for(base::Duration rotation_period) {
  return std::clamp<base::Duration>(rotation_period / 2, std::chrono::seconds(1), std::chrono::seconds(30));
}

void LocalSigner::run_in_background() {
  thread_ = std::thread([this] {
    auto check_now = [this] {
      if (auto r = check(); !r) log::error("key rotation check failed; keeping the current keys", {{"error", r.error().message}});
    };
    // At once: a first start (start_signing) leaves the next key to this thread.
    check_now();
    std::unique_lock lock(thread_mu_);
    while (!wake_.wait_for(lock, options_.check_interval, [this] { return stopping_; })) {
      lock.unlock();
      check_now();
      lock.lock();
    }
  });
}

void LocalSigner::stop() {
  {
    std::lock_guard lock(thread_mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

base::Result<std::string> LocalSigner::sign(std::string_view payload) const {
  std::shared_ptr<const Loaded> loaded;
  {
    std::lock_guard lock(mu_);
    loaded = loaded_;
  }
  if (!loaded) return base::fail("no key to sign payload with");
  auto token = loaded->signer.sign(payload);
  if (!token) return base::fail("sign: " + token.error().message);
  return std::move(*token);
}

jose::Algorithm LocalSigner::algorithm() const {
  std::lock_guard lock(mu_);
  return loaded_ ? loaded_->key_set->algorithm : options_.algorithm;
}

std::shared_ptr<const KeySet> LocalSigner::key_set() const {
  std::lock_guard lock(mu_);
  return loaded_ ? loaded_->key_set : nullptr;
}

}  // namespace dexcc::signer
