// LocalSigner: dex's local signer. Keys live in storage (so replicas share them), rotate every
// period inside one atomic update (one replica rotates, the others adopt the result), and retired
// public keys stay published for the ID token lifetime.
#pragma once

#include <condition_variable>
#include <mutex>
#include <thread>

#include "base/clock.h"
#include "jose/jws_signer.h"
#include "signer/rotation.h"
#include "signer/signer.h"
#include "storage/storage.h"

namespace dexcc::signer {

struct LocalOptions {
  base::Duration rotation_period = std::chrono::hours(6);  // signer.config.keysRotationPeriod
  base::Duration id_token_ttl = std::chrono::hours(24);    // how long a retired key stays published
  jose::Algorithm algorithm = jose::Algorithm::kRS256;     // RS256, or ES256 (newer dex)
  base::Duration check_interval = std::chrono::seconds(30);
};

// How often to check for a due rotation: dex's 30 s, but a period under a minute is checked every
// half period (at least once a second), so a key never signs much past its period.
base::Duration check_interval_for(base::Duration rotation_period);

class LocalSigner final : public Signer {
 public:
  LocalSigner(storage::KeyStore& store, const base::Clock& clock, LocalOptions options,
              KeyGenerator generate = generate_signing_key);
  ~LocalSigner() override;

  // Rotates now when due (or when there are no keys yet) and loads the keys; fails when storage or
  // key generation fails.
  base::Result<void> start();
  // As start(), but the server can answer sooner: a first start makes the key that signs now and
  // the next one at once, on two threads, signs with whichever is done first and leaves the other
  // to the background checks (run_in_background checks at once), which publish it as the next key.
  base::Result<void> start_signing();
  // Checks at once, then every check_interval, on a thread of its own.
  void run_in_background();
  void stop();
  // One check: rotate when due, adopt keys another replica wrote. Logs and keeps the old keys on error.
  base::Result<void> check();

  // signer::Signer
  base::Result<std::string> sign(std::string_view payload) const override;
  jose::Algorithm algorithm() const override;
  std::shared_ptr<const KeySet> key_set() const override;

 private:
  struct Loaded;
  base::Result<void> check(NextKey next);
  base::Result<void> rotate_if_due(NextKey next);
  base::Result<void> load(const storage::Keys& keys);

  storage::KeyStore& store_;
  const base::Clock& clock_;
  LocalOptions options_;
  KeyGenerator generate_;
  std::unique_ptr<class ParallelKeys> first_keys_;  // a first start's two keys, made at once

  mutable std::mutex mu_;
  std::shared_ptr<const Loaded> loaded_;

  std::mutex thread_mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace dexcc::signer
