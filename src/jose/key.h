// jose::Key: an RSA or EC (P-256, P-384) key held as a ready OpenSSL EVP_PKEY, shared by reference count.
#pragma once

#include <openssl/types.h>

#include "jose/algorithm.h"
#include "jose/error.h"

namespace dexcc::jose {

// Immutable once made, so one Key may sign or verify on many threads at once. Copies share the
// same EVP_PKEY (a reference count bump), which is what lets signers and key caches hand keys
// around without re-parsing them. A moved-from Key may only be assigned to or destroyed.
class Key {
 public:
  // dex's local signer: RSA 2048 with e = 65537; newer dex offers P-256 (ES256).
  static Result<Key> generate_rsa(int bits = 2048);
  static Result<Key> generate_ec(Curve curve = Curve::kP256);
  // Takes ownership of `pkey`, which must be RSA (1024..16384 bits) or EC on P-256/P-384; frees
  // it when it is refused.
  static Result<Key> adopt(EVP_PKEY* pkey);

  Key(const Key& other);
  Key& operator=(const Key& other);
  Key(Key&& other) noexcept;
  Key& operator=(Key&& other) noexcept;
  ~Key();

  KeyType type() const { return type_; }
  Curve curve() const { return curve_; }  // kNone for RSA
  int bits() const { return bits_; }
  bool has_private() const { return has_private_; }
  // Bytes in a JWS signature made with this key: the modulus size for RSA, r||s for EC.
  size_t signature_size() const;
  // Whether `alg` signs with this kind of key (RS*/PS* with RSA, ES256 with P-256, ...).
  bool suits(Algorithm alg) const;

  // The same key without its private half.
  Result<Key> public_key() const;
  // Whether both keys have the same public half.
  bool same_public_key(const Key& other) const;

  // Non-owning; for the jose module's own OpenSSL calls.
  EVP_PKEY* native() const { return pkey_; }

 private:
  Key(EVP_PKEY* pkey, KeyType type, Curve curve, int bits, bool has_private)
      : pkey_(pkey), type_(type), curve_(curve), bits_(bits), has_private_(has_private) {}

  EVP_PKEY* pkey_ = nullptr;
  KeyType type_ = KeyType::kRsa;
  Curve curve_ = Curve::kNone;
  int bits_ = 0;
  bool has_private_ = false;
};

}  // namespace dexcc::jose
