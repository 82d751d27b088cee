// dexcc_ceiling: the machine's own limit for the two signatures dexcc makes, RSA-2048 (RS256)
// and P-256 (ES256), as signatures per second of one core's CPU time through OpenSSL's EVP API,
// with that core alone and with every core signing at once, so server figures can be read
// against the physical cost of the cryptography they include.
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace {

using PkeyCtx = std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)>;
using Pkey = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;

// CPU time of this thread: other processes on a shared machine do not inflate it.
double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

Pkey generate(bool rsa) {
  EVP_PKEY* key = rsa ? EVP_RSA_gen(2048) : EVP_EC_gen("P-256");
  return Pkey(key, EVP_PKEY_free);
}

// A context ready to sign or verify SHA-256 digests with `key` (PKCS#1 v1.5 for RSA, as RS256).
PkeyCtx prepared(EVP_PKEY* key, bool sign) {
  PkeyCtx ctx(EVP_PKEY_CTX_new(key, nullptr), EVP_PKEY_CTX_free);
  bool ok = ctx && (sign ? EVP_PKEY_sign_init(ctx.get()) : EVP_PKEY_verify_init(ctx.get())) == 1 &&
            (!EVP_PKEY_is_a(key, "RSA") || EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PADDING) == 1) &&
            EVP_PKEY_CTX_set_signature_md(ctx.get(), EVP_sha256()) == 1;
  if (!ok) ctx.reset();
  return ctx;
}

// Signs (or verifies) a SHA-256 digest with one prepared context for `seconds` of CPU time.
// Returns operations per CPU-second, or a negative value when OpenSSL refused.
double measure(EVP_PKEY* key, bool sign, double seconds) {
  PkeyCtx signer = prepared(key, true);
  PkeyCtx ctx = prepared(key, sign);
  if (!signer || !ctx) return -1;
  unsigned char digest[32] = {1, 2, 3};
  unsigned char signature[512];
  size_t signature_len = sizeof signature;
  if (EVP_PKEY_sign(signer.get(), signature, &signature_len, digest, sizeof digest) != 1) return -1;
  long ops = 0;
  double start = thread_cpu_seconds(), now = start;
  while (now - start < seconds) {
    for (int i = 0; i < 16; ++i) {
      size_t len = sizeof signature;
      int ok = sign ? EVP_PKEY_sign(ctx.get(), signature, &len, digest, sizeof digest)
                    : EVP_PKEY_verify(ctx.get(), signature, signature_len, digest, sizeof digest);
      if (ok != 1) return -1;
    }
    ops += 16;
    now = thread_cpu_seconds();
  }
  return static_cast<double>(ops) / (now - start);
}

// The rate per core with `threads` cores signing at once: on a VM two vCPUs may share one physical
// core, so a core alone is faster than each core of a fully loaded machine (which the server is).
double measure_parallel(EVP_PKEY* key, bool sign, double seconds, unsigned threads) {
  std::vector<double> rates(threads);
  std::vector<std::thread> workers;
  for (unsigned i = 0; i < threads; ++i) {
    workers.emplace_back([&, i] { rates[i] = measure(key, sign, seconds); });
  }
  for (auto& w : workers) w.join();
  double sum = 0;
  for (double r : rates) {
    if (r <= 0) return -1;
    sum += r;
  }
  return sum / threads;
}

}  // namespace

int main(int argc, char** argv) {
  double seconds = argc > 1 ? std::stod(argv[1]) : 1.0;
  unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  if (argc > 2 && std::string(argv[2]) == "--rsa-sign-us") {
    // One number, for bench/run.sh to take next to each RS256 scenario: on a shared machine the
    // cost of a signature drifts within minutes, so the targets compare figures taken together.
    Pkey key = generate(true);
    double busy = key ? measure_parallel(key.get(), true, seconds, cores) : -1;
    if (busy <= 0) return 1;
    std::printf("%.1f\n", 1e6 / busy);
    return 0;
  }
  std::printf("primitive\top\talone_ops_per_s\talone_us\tall_busy_ops_per_core_s\tall_busy_us\n");
  for (bool rsa : {true, false}) {
    Pkey key = generate(rsa);
    if (!key) return 1;
    for (bool sign : {true, false}) {
      double alone = measure(key.get(), sign, seconds);
      double busy = measure_parallel(key.get(), sign, seconds, cores);
      if (alone <= 0 || busy <= 0) return 1;
      std::printf("%s\t%s\t%.0f\t%.1f\t%.0f\t%.1f\n", rsa ? "RSA-2048" : "P-256", sign ? "sign" : "verify", alone,
                  1e6 / alone, busy, 1e6 / busy);
    }
  }
  return 0;
}
