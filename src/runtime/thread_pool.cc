// thread_pool.cc - see thread_pool.h.
#include "runtime/thread_pool.h"

namespace octet {

namespace {
inline void cpu_relax() {
#if defined(__x86_64__)
  __builtin_ia32_pause();
#endif
}
}  // namespace

ThreadPool::ThreadPool(int threads) {
  for (int i = 1; i < threads; ++i) workers_.emplace_back([this] { worker_loop(); });
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
    published_.fetch_add(1, std::memory_order_release);
  }
  wake_.notify_all();
  for (std::thread& t : workers_) t.join();
}

void ThreadPool::drain(uint32_t job, FunctionRef<void(int)> fn, int tasks) {
  uint64_t v = claim_.load(std::memory_order_acquire);
  while (static_cast<uint32_t>(v >> 32) == job && static_cast<int>(v & 0xFFFFFFFFu) < tasks) {
    if (claim_.compare_exchange_weak(v, v + 1, std::memory_order_acq_rel)) {
      fn(static_cast<int>(v & 0xFFFFFFFFu));
      done_.fetch_add(1, std::memory_order_release);
      v = claim_.load(std::memory_order_acquire);
    }
  }
}

void ThreadPool::worker_loop() {
  uint32_t seen = 0;
  for (;;) {
    // Spin a little first: during an inference ops come back to back.
    for (int spin = 0; spin < 20000 && published_.load(std::memory_order_acquire) == seen; ++spin) {
      cpu_relax();
    }
    const FunctionRef<void(int)>* fn;
    int tasks;
    uint32_t job;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [&] { return published_.load() != seen; });
      if (stop_) return;
      seen = published_.load();
      fn = job_fn_;
      tasks = tasks_;
      job = job_;
    }
    // fn is only called for a task claimed under `job`, while parallel_for still waits for it.
    drain(job, *fn, tasks);
  }
}

void ThreadPool::parallel_for(int tasks, FunctionRef<void(int)> fn) {
  uint32_t job;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    job = ++job_;
    job_fn_ = &fn;
    tasks_ = tasks;
    done_.store(0, std::memory_order_relaxed);
    claim_.store(uint64_t{job} << 32, std::memory_order_release);
    published_.fetch_add(1, std::memory_order_release);
  }
  wake_.notify_all();
  drain(job, fn, tasks);
  // Only tasks a worker has claimed are waited for.
  while (done_.load(std::memory_order_acquire) < tasks) cpu_relax();
}

}  // namespace octet
