// The Client's pool of libcurl easy handles and the share object behind them.
#include "http_client/handle_pool.h"

namespace dexcc::http_client::detail {

void ensure_curl_initialised() {
  static std::once_flag once;
  // Never cleaned up: handles may live until exit, and curl_global_cleanup is not thread-safe.
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

HandlePool::HandlePool(size_t max_idle) : max_idle_(max_idle) {
  ensure_curl_initialised();
  share_ = curl_share_init();
  if (share_ == nullptr) return;
  curl_share_setopt(share_, CURLSHOPT_LOCKFUNC, &HandlePool::lock);
  curl_share_setopt(share_, CURLSHOPT_UNLOCKFUNC, &HandlePool::unlock);
  curl_share_setopt(share_, CURLSHOPT_USERDATA, this);
  curl_share_setopt(share_, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
  curl_share_setopt(share_, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
}

HandlePool::~HandlePool() {
  // Handles first: a share cannot be cleaned up while handles still use it.
  for (CURL* handle : idle_) curl_easy_cleanup(handle);
  if (share_ != nullptr) curl_share_cleanup(share_);
}

HandlePool::Lease HandlePool::acquire() {
  {
    std::lock_guard lock(idle_mutex_);
    if (!idle_.empty()) {
      CURL* handle = idle_.back();
      idle_.pop_back();
      return Lease(*this, handle);
    }
  }
  CURL* handle = curl_easy_init();
  // curl_easy_reset keeps the share, so it is attached once for the handle's life.
  if (handle != nullptr && share_ != nullptr) curl_easy_setopt(handle, CURLOPT_SHARE, share_);
  return Lease(*this, handle);
}

void HandlePool::give_back(CURL* handle) {
  if (handle == nullptr) return;
  {
    std::lock_guard lock(idle_mutex_);
    if (idle_.size() < max_idle_) {
      idle_.push_back(handle);
      return;
    }
  }
  curl_easy_cleanup(handle);
}

void HandlePool::lock(CURL*, curl_lock_data data, curl_lock_access, void* pool) {
  static_cast<HandlePool*>(pool)->share_mutexes_[data].lock();
}

void HandlePool::unlock(CURL*, curl_lock_data data, void* pool) {
  static_cast<HandlePool*>(pool)->share_mutexes_[data].unlock();
}

}  // namespace dexcc::http_client::detail
