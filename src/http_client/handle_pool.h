// Internal to http_client: the libcurl easy handles of one Client. A handle keeps its keep-alive
// connections between requests, so handing out the most recently returned one first lets
// consecutive requests from any worker thread reuse a warm connection. DNS answers and TLS sessions
// are shared by all handles of the Client (a CURLSH); connections are not, since libcurl does not
// support sharing its connection cache between threads that run transfers at the same time.
#pragma once

#include <curl/curl.h>

#include <array>
#include <mutex>
#include <vector>

namespace dexcc::http_client::detail {

class HandlePool {
 public:
  // A handle on loan; returned to the pool when it goes out of scope.
  class Lease {
   public:
    Lease(HandlePool& pool, CURL* handle) : pool_(&pool), handle_(handle) {}
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() { pool_->give_back(handle_); }
    CURL* get() const { return handle_; }  // nullptr when libcurl could not make one

   private:
    HandlePool* pool_;
    CURL* handle_;
  };

  explicit HandlePool(size_t max_idle);
  ~HandlePool();
  HandlePool(const HandlePool&) = delete;
  HandlePool& operator=(const HandlePool&) = delete;

  Lease acquire();
  CURLSH* share() const { return share_; }

 private:
  static void lock(CURL* handle, curl_lock_data data, curl_lock_access access, void* pool);
  static void unlock(CURL* handle, curl_lock_data data, void* pool);
  void give_back(CURL* handle);

  size_t max_idle_;
  std::mutex idle_mutex_;
  std::vector<CURL*> idle_;  // most recently returned last
  CURLSH* share_ = nullptr;
  std::array<std::mutex, CURL_LOCK_DATA_LAST> share_mutexes_;
};

// curl_global_init, once per process; every entry point that makes libcurl handles calls it first.
void ensure_curl_initialised();

}  // namespace dexcc::http_client::detail
