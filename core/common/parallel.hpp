// Native threads for work that splits into independent pieces (the worker pool is the other
// level: web/lib/pool.ts). parallel_for(n, threads, f) calls f(k, worker) once for each k in
// [0, n), on min(threads, n) threads — the caller's thread is worker 0, the others are started
// for this call and joined before it returns. Indices are claimed in increasing order from one
// shared counter, so which worker runs k depends on timing: f must make k's outcome a function
// of k alone and write only the slots k owns (per-worker scratch may be indexed by `worker`).
// Results are then bit-identical for every thread count.
//
// WebAssembly builds have no threads (the module is built without -pthread): kHaveThreads is
// false there and parallel_for runs every index on the caller's thread.
#pragma once
#include <algorithm>
#include <atomic>
#include <exception>
#include <system_error>
#include <vector>
#if !defined(__EMSCRIPTEN__)
#include <thread>
#endif

namespace fastslow {

#if defined(__EMSCRIPTEN__)
constexpr bool kHaveThreads = false;
#else
constexpr bool kHaveThreads = true;
#endif
constexpr int kMaxThreads = 64;

template <class F>
void parallel_for(int n, int threads, F&& f) {
  if (n <= 0) return;
  const int workers = kHaveThreads ? std::max(1, std::min(threads, n)) : 1;
  if (workers == 1) {
    for (int k = 0; k < n; ++k) f(k, 0);
    return;
  }
#if !defined(__EMSCRIPTEN__)
  std::atomic<int> next{0};
  std::vector<std::exception_ptr> errors(static_cast<size_t>(workers));
  const auto work = [&](int worker) {
    try {
      for (int k = next.fetch_add(1); k < n; k = next.fetch_add(1)) f(k, worker);
    } catch (...) {
      errors[static_cast<size_t>(worker)] = std::current_exception();
      next.store(n);  // the others stop after their current index
    }
  };
  std::vector<std::thread> pool;
  pool.reserve(static_cast<size_t>(workers - 1));
  for (int w = 1; w < workers; ++w) {
    try {
      pool.emplace_back(work, w);
    } catch (const std::system_error&) {  // no more threads to be had: the started ones share the rest
      break;
    }
  }
  work(0);
  for (auto& t : pool) t.join();
  for (auto& e : errors)
    if (e) std::rethrow_exception(e);
#endif
}

}  // namespace fastslow
