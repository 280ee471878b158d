// thread_pool_test.cc - every task of every job runs exactly once, on pools with more threads than
// this machine has cores (so workers often wake after their job is over), and a job never waits
// for a worker that claimed none of its tasks.
#include <gtest/gtest.h>

#include <atomic>
#include <vector>

#include "runtime/thread_pool.h"

namespace octet {
namespace {

TEST(ThreadPool, EveryTaskOfEveryJobRunsOnce) {
  for (int threads : {2, 3, 8}) {
    ThreadPool pool(threads);
    std::vector<std::atomic<int>> runs(64);
    for (int job = 0; job < 3000; ++job) {
      const int tasks = 1 + job % 64;
      for (int t = 0; t < tasks; ++t) runs[t].store(0);
      pool.parallel_for(tasks, [&](int t) { runs[t].fetch_add(1); });
      for (int t = 0; t < tasks; ++t) {
        ASSERT_EQ(runs[t].load(), 1) << "job " << job << " task " << t << " threads " << threads;
      }
    }
  }
}

TEST(ThreadPool, ManyMoreThreadsThanCores) {
  // 16 threads on this machine's cores: most jobs end before most workers are scheduled, and
  // those workers must then claim nothing (a late claim would run a finished job's task again or
  // a task of the next job with the old function).
  ThreadPool pool(16);
  std::atomic<int> sum{0};
  for (int job = 0; job < 2000; ++job) pool.parallel_for(2, [&](int t) { sum.fetch_add(t + 1); });
  EXPECT_EQ(sum.load(), 2000 * 3);
}

}  // namespace
}  // namespace octet
