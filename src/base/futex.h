// Futex waits and wakes on a 32-bit atomic word (Linux), for hand-overs between threads that
// must not take a shared mutex again after waking.
#pragma once

#include <atomic>
#include <cstdint>

namespace dexcc::base {

// Sleeps while `word` holds `expected`; may return early (a signal, a wake meant for a value
// already changed), so callers wait in a loop that re-reads the word.
void futex_wait(std::atomic<uint32_t>& word, uint32_t expected);
// Wakes up to `count` threads sleeping on `word`.
void futex_wake(std::atomic<uint32_t>& word, int count);

}  // namespace dexcc::base
