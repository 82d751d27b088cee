// A bounded pool of server connections (database/sql's limits, as dex configures them).
//
// At most `max_open` connections exist at once; a caller that finds none free waits (bounded by
// `wait`) rather than opening more. At most `max_idle` are kept between uses, and none older than
// `max_lifetime`. A connection the driver reports broken is closed instead of returned, so the
// next caller dials a fresh one: after a server restart the pool reconnects by itself.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "storage/sql/driver.h"

namespace dexcc::storage::sql {

struct PoolLimits {
  int max_open = 5;
  int max_idle = 5;
  std::chrono::seconds max_lifetime{0};  // 0: no limit
  std::chrono::seconds wait{30};         // how long a caller waits for a free connection
};

class Pool {
 public:
  using Dial = std::function<Result<std::unique_ptr<Conn>>()>;

  // A connection on loan; returned to the pool when destroyed.
  class Lease {
   public:
    Lease(Pool* pool, std::unique_ptr<Conn> conn, std::chrono::steady_clock::time_point born)
        : pool_(pool), conn_(std::move(conn)), born_(born) {}
    Lease(Lease&& o) noexcept : pool_(std::exchange(o.pool_, nullptr)), conn_(std::move(o.conn_)), born_(o.born_) {}
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    Conn& operator*() { return *conn_; }
    Conn* operator->() { return conn_.get(); }
    // Closes the connection instead of returning it (its state is unknown).
    void discard() { conn_.reset(); }

   private:
    Pool* pool_;
    std::unique_ptr<Conn> conn_;
    std::chrono::steady_clock::time_point born_;
  };

  Pool(Dial dial, PoolLimits limits);
  ~Pool();

  Result<Lease> acquire();
  // Keeps a first, already dialled connection (start-up checks it before the pool exists).
  void adopt(std::unique_ptr<Conn> conn);
  int open_count();

 private:
  struct Idle {
    std::unique_ptr<Conn> conn;
    std::chrono::steady_clock::time_point born;
  };
  void release(std::unique_ptr<Conn> conn, std::chrono::steady_clock::time_point born);
  bool expired(std::chrono::steady_clock::time_point born) const;

  Dial dial_;
  PoolLimits limits_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Idle> idle_;
  int open_ = 0;  // connections in existence: idle, on loan, or being dialled
};

}  // namespace dexcc::storage::sql
