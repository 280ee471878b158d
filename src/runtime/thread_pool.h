// thread_pool.h - a small fixed pool for splitting one op's work (conv/dense output rows or
// channels) across cores. The calling thread takes part; workers spin briefly before sleeping so
// that back-to-back ops do not pay a wake-up each. A job never waits for a worker that has not
// claimed one of its tasks: tasks are claimed from a counter tagged with the job's number, so a
// worker that wakes late (its core busy with another process) finds the job over and claims
// nothing, and the caller, which claims tasks too, finishes the job without it.
#pragma once

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

namespace octet {

// A non-owning reference to a callable: unlike std::function it never allocates, so invoke()
// can hand work to the pool with nothing on the heap. The callable must outlive the call.
template <typename Fn>
class FunctionRef;

template <typename R, typename... Args>
class FunctionRef<R(Args...)> {
 public:
  template <typename F, typename = std::enable_if_t<!std::is_same_v<std::decay_t<F>, FunctionRef>>>
  FunctionRef(F&& f)  // NOLINT: implicit, like std::function
      : object_(const_cast<void*>(static_cast<const void*>(std::addressof(f)))),
        call_([](void* o, Args... args) -> R {
          return (*static_cast<std::remove_reference_t<F>*>(o))(std::forward<Args>(args)...);
        }) {}
  R operator()(Args... args) const { return call_(object_, std::forward<Args>(args)...); }

 private:
  void* object_;
  R (*call_)(void*, Args...);
};

class ThreadPool {
 public:
  explicit ThreadPool(int threads);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  int size() const { return static_cast<int>(workers_.size()) + 1; }

  // Calls fn(task) for task in [0, tasks), spread over the pool; returns when all are done.
  // fn must not throw. Not reentrant.
  void parallel_for(int tasks, FunctionRef<void(int)> fn);

 private:
  void worker_loop();
  // Claims and runs tasks of job `job` until none is left or another job has started.
  void drain(uint32_t job, FunctionRef<void(int)> fn, int tasks);

  std::vector<std::thread> workers_;
  std::mutex mutex_;
  std::condition_variable wake_;
  // The current job, written under mutex_.
  const FunctionRef<void(int)>* job_fn_ = nullptr;
  int tasks_ = 0;
  uint32_t job_ = 0;
  // (job << 32) | next unclaimed task: a claim is a compare-exchange that fails once the job
  // number has changed.
  std::atomic<uint64_t> claim_{0};
  std::atomic<int> done_{0};            // tasks of the current job finished
  std::atomic<uint32_t> published_{0};  // job_ as workers poll it
  bool stop_ = false;
};

// How many tasks an op of `macs` multiply-accumulates is split into on `threads` threads (at most
// `max_tasks`): one per `min_macs_per_task` at most, so that a task outweighs handing it to
// another core (reaching a worker and joining costs microseconds; kMinMacsPerTask, the default,
// takes ~5 us on one core). 0 splits every op.
constexpr int64_t kMinMacsPerTask = 250'000;
inline int split_tasks(int64_t macs, int threads, int max_tasks, int64_t min_macs_per_task) {
  const int64_t by_work =
      min_macs_per_task > 0 ? std::max<int64_t>(1, macs / min_macs_per_task) : threads;
  return static_cast<int>(std::max<int64_t>(1, std::min<int64_t>({threads, max_tasks, by_work})));
}

// Runs fn(task) for all tasks, on the pool when there is one and more than one task.
inline void run_tasks(ThreadPool* pool, int tasks, FunctionRef<void(int)> fn) {
  if (!pool || tasks <= 1) {
    for (int t = 0; t < tasks; ++t) fn(t);
    return;
  }
  pool->parallel_for(tasks, fn);
}

}  // namespace octet
