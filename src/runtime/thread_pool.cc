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
    generation_.fetch_add(1);
  }
  wake_.notify_all();
  for (std::thread& t : workers_) t.join();
}

void ThreadPool::drain(FunctionRef<void(int)> fn, int tasks) {
  for (int t = next_.fetch_add(1); t < tasks; t = next_.fetch_add(1)) {
    fn(t);
    done_.fetch_add(1, std::memory_order_release);
  }
}

void ThreadPool::worker_loop() {
  uint64_t seen = 0;
  for (;;) {
    // Spin a little first: during an inference ops come back to back.
    for (int spin = 0; spin < 20000 && generation_.load(std::memory_order_acquire) == seen;
         ++spin) {
      cpu_relax();
    }
    const FunctionRef<void(int)>* job;
    int tasks;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [&] { return generation_.load() != seen; });
      if (stop_) return;
      seen = generation_.load();
      job = job_;
      tasks = tasks_;
    }
    drain(*job, tasks);
    pending_workers_.fetch_sub(1, std::memory_order_acq_rel);
  }
}

void ThreadPool::parallel_for(int tasks, FunctionRef<void(int)> fn) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    job_ = &fn;
    tasks_ = tasks;
    next_.store(0);
    done_.store(0);
    pending_workers_.store(static_cast<int>(workers_.size()));
    generation_.fetch_add(1, std::memory_order_release);
  }
  wake_.notify_all();
  drain(fn, tasks);
  while (done_.load(std::memory_order_acquire) < tasks ||
         pending_workers_.load(std::memory_order_acquire) > 0) {
    cpu_relax();
  }
}

}  // namespace octet
