// Key rotation in storage, the in-memory signing key, and the published key set.
#include "signer/local_signer.h"

#include <fmt/format.h>

#include "base/log.h"
#include "base/random.h"

namespace dexcc::signer {
namespace {

// The key that signs next travels inside the signing key's private JWK under this member. go-jose
// (and so dex, sharing the database) ignores unknown members, and the private JWK is never served.
constexpr const char* kNextMember = "x-dexcc-next";

struct StoredSigningKey {
  jose::Jwk current;
  std::optional<jose::Jwk> next;
};

base::Result<jose::Jwk> generate(jose::Algorithm alg) {
  auto key = alg == jose::Algorithm::kES256 ? jose::Key::generate_ec(jose::Curve::kP256) : jose::Key::generate_rsa(2048);
  if (!key) return base::fail("generate signing key: " + key.error().message);
  // dex's kid: 20 random bytes in hex.
  return jose::Jwk{std::move(*key), base::hex_encode(base::random_bytes(20)), std::string(jose::algorithm_name(alg)), "sig"};
}

base::Result<std::string> public_text(const jose::Jwk& jwk) {
  auto j = jose::jwk_public_json(jwk);
  if (!j) return base::fail("export public key: " + j.error().message);
  return j->dump();
}

base::Result<std::string> signing_text(const jose::Jwk& current, const jose::Jwk& next) {
  auto j = jose::jwk_private_json(current);
  auto n = jose::jwk_private_json(next);
  if (!j || !n) return base::fail("export private key");
  (*j)[kNextMember] = std::move(*n);
  return j->dump();
}

base::Result<StoredSigningKey> parse_signing_key(const std::string& text) {
  auto json = nlohmann::json::parse(text, nullptr, false);
  if (json.is_discarded() || !json.is_object()) return base::fail("stored signing key is not JSON");
  std::optional<jose::Jwk> next;
  if (auto it = json.find(kNextMember); it != json.end()) {
    auto parsed = jose::jwk_from_json(*it);
    if (parsed && parsed->key.has_private()) next = std::move(*parsed);
    json.erase(it);
  }
  auto current = jose::jwk_from_json(json);
  if (!current) return base::fail("stored signing key: " + current.error().message);
  if (!current->key.has_private()) return base::fail("stored signing key has no private part");
  return StoredSigningKey{std::move(*current), std::move(next)};
}

jose::Algorithm algorithm_of(const jose::Jwk& jwk) {
  if (auto alg = jose::parse_algorithm(jwk.alg)) return *alg;
  return jwk.key.type() == jose::KeyType::kEc ? jose::Algorithm::kES256 : jose::Algorithm::kRS256;
}

// Removes the verification entry of key `kid` (an early publication of a pending key).
void unpublish(std::vector<storage::VerificationKey>& keys, const std::string& kid) {
  std::erase_if(keys, [&](const storage::VerificationKey& k) {
    auto parsed = jose::parse_jwk(k.public_key);
    return parsed && parsed->kid == kid;
  });
}

}  // namespace

struct LocalSigner::Loaded {
  jose::JwsSigner signer;
  std::shared_ptr<const KeySet> key_set;
  storage::Keys source;  // what the cache was built from, to spot changes by other replicas
};

LocalSigner::LocalSigner(storage::KeyStore& store, const base::Clock& clock, LocalOptions options)
    : store_(store), clock_(clock), options_(options) {}

LocalSigner::~LocalSigner() { stop(); }

base::Result<void> LocalSigner::rotate_if_due() {
  auto current = store_.get_keys();
  if (!current) return base::fail("get keys: " + current.error().message);
  base::Time now = clock_.now();
  bool due = current->signing_key.empty() || now >= current->next_rotation;
  bool needs_next = false;
  if (!due) {
    auto parsed = parse_signing_key(current->signing_key);
    needs_next = parsed && !parsed->next;
  }
  if (!due && !needs_next) return {};

  std::optional<std::string> problem;
  bool rotated = false;
  auto updated = store_.update_keys([&](storage::Keys keys) -> storage::Result<storage::Keys> {
    auto stop = [&](std::string why) {
      problem = std::move(why);
      return std::unexpected(storage::Error{storage::ErrorKind::kOther, "key rotation aborted"});
    };
    std::optional<StoredSigningKey> stored;
    if (!keys.signing_key.empty()) {
      auto parsed = parse_signing_key(keys.signing_key);
      if (parsed) stored = std::move(*parsed);
    }
    bool still_due = !stored || now >= keys.next_rotation;
    if (!still_due) {
      // Another replica rotated already; at most the next key is missing (a dex replica wrote it).
      if (stored->next) return stop("");
      auto next = generate(options_.algorithm);
      if (!next) return stop(next.error().message);
      auto signing = signing_text(stored->current, *next);
      auto pub = public_text(*next);
      if (!signing || !pub) return stop("export keys");
      keys.signing_key = *signing;
      keys.verification_keys.push_back({*pub, keys.next_rotation + options_.id_token_ttl});
      return keys;
    }
    std::erase_if(keys.verification_keys, [&](const storage::VerificationKey& k) { return k.expiry < now; });
    std::optional<jose::Jwk> promoted;
    if (stored) {
      // The retired key stays published as long as tokens it signed are valid.
      keys.verification_keys.push_back({keys.signing_key_pub, now + options_.id_token_ttl});
      if (stored->next && algorithm_of(*stored->next) == options_.algorithm) {
        promoted = std::move(stored->next);
      } else if (stored->next) {
        // The algorithm changed: the pending key will never sign, so stop publishing it.
        unpublish(keys.verification_keys, stored->next->kid);
      }
    }
    if (!promoted) {
      auto fresh = generate(options_.algorithm);
      if (!fresh) return stop(fresh.error().message);
      promoted = std::move(*fresh);
    }
    // The promoted key's early publication becomes the signing key's own entry.
    unpublish(keys.verification_keys, promoted->kid);
    auto next = generate(options_.algorithm);
    if (!next) return stop(next.error().message);
    auto signing = signing_text(*promoted, *next);
    auto promoted_pub = public_text(*promoted);
    auto next_pub = public_text(*next);
    if (!signing || !promoted_pub || !next_pub) return stop("export keys");
    keys.signing_key = *signing;
    keys.signing_key_pub = *promoted_pub;
    keys.next_rotation = now + options_.rotation_period;
    keys.verification_keys.push_back({*next_pub, keys.next_rotation + options_.id_token_ttl});
    rotated = true;
    return keys;
  });
  if (problem && !problem->empty()) return base::fail("rotate keys: " + *problem);
  if (!updated && !problem) return base::fail("rotate keys: " + updated.error().message);
  if (rotated) log::info("keys rotated", {{"next_rotation_in", std::to_string(std::chrono::duration_cast<std::chrono::seconds>(options_.rotation_period).count()) + "s"}});
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

base::Result<void> LocalSigner::check() {
  if (auto r = rotate_if_due(); !r) return r;
  auto keys = store_.get_keys();
  if (!keys) return base::fail("get keys: " + keys.error().message);
  {
    std::lock_guard lock(mu_);
    if (loaded_ && loaded_->source == *keys) return {};
  }
  return load(*keys);
}

base::Result<void> LocalSigner::start() { return check(); }

void LocalSigner::run_in_background() {
  thread_ = std::thread([this] {
    std::unique_lock lock(thread_mu_);
    while (!wake_.wait_for(lock, options_.check_interval, [this] { return stopping_; })) {
      lock.unlock();
      if (auto r = check(); !r) log::error("key rotation check failed; keeping the current keys", {{"error", r.error().message}});
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
