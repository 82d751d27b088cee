// WorkerPool: every accepted task runs once, the queue bound is kept, stop() drains, and an idle
// pool hands sequential work to the most recently idle thread.
#include "net/worker_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <latch>
#include <set>

namespace dexcc::net {
namespace {

TEST(WorkerPool, RunsEveryAcceptedTaskFromManySubmitters) {
  std::atomic<int> ran{0};
  std::atomic<int> accepted{0};
  {
    WorkerPool pool(8, 100000);
    std::vector<std::thread> submitters;
    for (int s = 0; s < 4; ++s) {
      submitters.emplace_back([&] {
        for (int i = 0; i < 5000; ++i) {
          if (pool.try_submit([&] { ran.fetch_add(1); })) accepted.fetch_add(1);
        }
      });
    }
    for (auto& t : submitters) t.join();
    pool.stop();
  }
  EXPECT_EQ(accepted.load(), 20000);
  EXPECT_EQ(ran.load(), accepted.load());
}

TEST(WorkerPool, RefusesWhenTheQueueIsFullAndAcceptsAgainOnceItDrains) {
  WorkerPool pool(1, 2);
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::latch started(1);
  ASSERT_TRUE(pool.try_submit([&] {
    started.count_down();
    released.wait();
  }));
  started.wait();  // the only worker is busy; the next two wait in the queue
  EXPECT_TRUE(pool.try_submit([] {}));
  EXPECT_TRUE(pool.try_submit([] {}));
  EXPECT_FALSE(pool.try_submit([] {}));
  EXPECT_EQ(pool.queued(), 2u);
  release.set_value();
  std::promise<void> done;
  while (!pool.try_submit([&] { done.set_value(); })) std::this_thread::yield();
  done.get_future().wait();
}

TEST(WorkerPool, StopRunsWhatIsQueuedThenRefuses) {
  std::atomic<int> ran{0};
  WorkerPool pool(2, 1000);
  for (int i = 0; i < 500; ++i) ASSERT_TRUE(pool.try_submit([&] { ran.fetch_add(1); }));
  pool.stop();
  EXPECT_EQ(ran.load(), 500);
  EXPECT_FALSE(pool.try_submit([] {}));
  pool.stop();  // a second stop is harmless
}

TEST(WorkerPool, SequentialWorkStaysOnTheMostRecentlyIdleThread) {
  WorkerPool pool(8, 100);
  auto all_idle = [&] {
    while (pool.idle() < 8) std::this_thread::yield();
  };
  std::set<std::thread::id> threads;
  for (int i = 0; i < 200; ++i) {
    all_idle();  // the previous worker is back on the idle stack, on top
    std::promise<std::thread::id> id;
    ASSERT_TRUE(pool.try_submit([&] { id.set_value(std::this_thread::get_id()); }));
    threads.insert(id.get_future().get());
  }
  EXPECT_EQ(threads.size(), 1u);
  all_idle();
}

// Each task is handed over the moment the previous one ends, often while its worker is between
// joining the idle stack and going to sleep: no hand-over may be lost (a loss would hang here).
TEST(WorkerPool, HandOversRacingAWorkerGoingToSleepAreNeverLost) {
  WorkerPool pool(2, 10);
  for (int i = 0; i < 20000; ++i) {
    std::promise<void> done;
    ASSERT_TRUE(pool.try_submit([&] { done.set_value(); }));
    done.get_future().wait();
  }
}

TEST(WorkerPool, AnEmptyTaskIsRefusedAndStopsNoWorker) {
  WorkerPool pool(1, 10);
  while (pool.idle() < 1) std::this_thread::yield();
  EXPECT_FALSE(pool.try_submit(nullptr));
  std::promise<void> done;
  ASSERT_TRUE(pool.try_submit([&] { done.set_value(); }));
  done.get_future().wait();
}

TEST(WorkerPool, AThrowingTaskDoesNotStopTheWorker) {
  WorkerPool pool(1, 10);
  ASSERT_TRUE(pool.try_submit([] { throw std::runtime_error("bug"); }));
  std::promise<void> done;
  ASSERT_TRUE(pool.try_submit([&] { done.set_value(); }));
  done.get_future().wait();
}

}  // namespace
}  // namespace dexcc::net
