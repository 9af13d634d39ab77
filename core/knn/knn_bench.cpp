#include "knn/knn_bench.hpp"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <vector>

#include "common/build_info.hpp"
#include "common/schema.hpp"
#include "knn/knn_index.hpp"

namespace fastslow {

namespace {

// mulberry32, as in bench/knn.mjs: the same data natively and in JS.
class Mulberry32 {
 public:
  explicit Mulberry32(uint32_t seed) : a_(seed) {}
  double next() {
    a_ += 0x6d2b79f5u;
    uint32_t t = a_;
    t = (t ^ (t >> 15)) * (t | 1u);
    t ^= t + (t ^ (t >> 7)) * (t | 61u);
    return double(t ^ (t >> 14)) / 4294967296.0;
  }

 private:
  uint32_t a_;
};

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// CPU seconds of this process (all threads; the index runs on one).
double cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return double(t.tv_sec) + 1e-9 * double(t.tv_nsec);
}

struct Rates {
  double wall = 0;  // queries per wall second
  double cpu = 0;   // queries per CPU second
};

// Best queries/s (wall and CPU, each the best of its own) over `repeats` runs of at least
// min_seconds of wall time each, after one warm-up run.
template <class Step>
Rates best_rate(const KnnBenchConfig& c, int queries_per_step, Step step) {
  Rates best;
  for (int r = 0; r <= c.repeats; ++r) {
    const auto start = std::chrono::steady_clock::now();
    const double cpu0 = cpu_seconds();
    int64_t done = 0;
    double elapsed = 0;
    do {
      step();
      done += queries_per_step;
      elapsed = seconds_since(start);
    } while (elapsed < c.min_seconds);
    const double cpu = std::max(cpu_seconds() - cpu0, 1e-9);
    if (r == 0) continue;  // warm-up
    best.wall = std::max(best.wall, done / elapsed);
    best.cpu = std::max(best.cpu, done / cpu);
  }
  return best;
}

}  // namespace

std::string knn_bench_json(const KnnBenchConfig& c) {
  if (c.n < 1 || c.dim < 1 || c.k < 1 || c.batch < 1 || c.queries < c.batch || c.repeats < 1) {
    return json{{"error", "knn bench: need n, dim, k, batch, repeats >= 1 and queries >= batch"}}.dump();
  }
  Mulberry32 rng(c.seed);
  std::vector<float> keys(size_t(c.n) * size_t(c.dim)), queries(size_t(c.queries) * size_t(c.dim));
  for (auto& x : keys) x = float(rng.next() * 2 - 1);
  for (auto& x : queries) x = float(rng.next() * 2 - 1);
  KnnIndex index(c.dim);
  if (KnnStatus s = index.add_batch(keys.data(), keys.size(), nullptr); !s.ok()) return json{{"error", s.message}}.dump();

  KnnResult result;
  bool ok = true;
  int next = 0;
  const Rates single = best_rate(c, 1, [&] {
    ok &= index.search(&queries[size_t(next) * size_t(c.dim)], size_t(c.dim), c.k, &result).ok();
    next = (next + 1) % c.queries;
  });
  next = 0;
  const Rates batched = best_rate(c, c.batch, [&] {
    ok &= index.search_batch(&queries[size_t(next) * size_t(c.dim)], size_t(c.batch) * size_t(c.dim), c.k, &result).ok();
    next = (next + c.batch) % (c.queries - c.batch + 1);
  });
  if (!ok) return json{{"error", "knn bench: a search failed"}}.dump();
  json out = json::parse(build_info_json());
  out["n"] = c.n;
  out["dim"] = c.dim;
  out["k"] = c.k;
  out["batch"] = c.batch;
  out["singleQps"] = single.wall;
  out["batchQps"] = batched.wall;
  out["singleCpuQps"] = single.cpu;
  out["batchCpuQps"] = batched.cpu;
  out["memoryBytes"] = index.memory_bytes();
  return out.dump();
}

}  // namespace fastslow
