// LocalSigner: dex's local signer. Keys live in storage (so replicas share them), rotate every
// period inside one atomic update (one replica rotates, the others adopt the result), and retired
// public keys stay published for the ID token lifetime.
#pragma once

#include <condition_variable>
#include <mutex>
#include <thread>

#include "base/clock.h"
#include "jose/jws_signer.h"
#include "signer/signer.h"
#include "storage/storage.h"

namespace dexcc::signer {

struct LocalOptions {
  base::Duration rotation_period = std::chrono::hours(6);  // signer.config.keysRotationPeriod
  base::Duration id_token_ttl = std::chrono::hours(24);    // how long a retired key stays published
  jose::Algorithm algorithm = jose::Algorithm::kRS256;     // RS256, or ES256 (newer dex)
  base::Duration check_interval = std::chrono::seconds(30);
};

class LocalSigner final : public Signer {
 public:
  LocalSigner(storage::KeyStore& store, const base::Clock& clock, LocalOptions options);
  ~LocalSigner() override;

  // Rotates now when due (or when there are no keys yet) and loads the keys; fails when storage or
  // key generation fails.
  base::Result<void> start();
  // Checks every check_interval on a thread of its own.
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
  base::Result<void> rotate_if_due();
  base::Result<void> load(const storage::Keys& keys);

  storage::KeyStore& store_;
  const base::Clock& clock_;
  LocalOptions options_;

  mutable std::mutex mu_;
  std::shared_ptr<const Loaded> loaded_;

  std::mutex thread_mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace dexcc::signer
