// ParallelKeys: signing keys made on threads of their own, handed out in the order they finish.
//
// A first start needs two keys (the one that signs now and the next one) and RSA key generation
// takes tens to hundreds of milliseconds, its time varying with the prime search. Making both at
// once on separate cores and signing with whichever finishes first lets the server answer after
// the quicker of two searches; the other becomes the next key when it is done.
#pragma once

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

#include "signer/rotation.h"

namespace dexcc::signer {

class ParallelKeys {
 public:
  // Starts `count` generations of `algorithm` keys with `generate` at once.
  ParallelKeys(jose::Algorithm algorithm, size_t count, KeyGenerator generate);
  ~ParallelKeys();  // waits for generations still running
  ParallelKeys(const ParallelKeys&) = delete;
  ParallelKeys& operator=(const ParallelKeys&) = delete;

  // A generator for LocalSigner: keys of this algorithm come from the parallel generations while
  // any is left, waiting for the next to finish; anything else from `fallback`.
  KeyGenerator generator(KeyGenerator fallback);

 private:
  std::optional<base::Result<jose::Jwk>> take(jose::Algorithm algorithm);

  const jose::Algorithm algorithm_;
  std::mutex mu_;
  std::condition_variable finished_;
  std::deque<base::Result<jose::Jwk>> ready_;
  size_t untaken_;  // generations started and not yet handed out
  std::vector<std::thread> threads_;
};

}  // namespace dexcc::signer
