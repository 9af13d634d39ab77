#include "knn/knn_bench.hpp"

#include <chrono>
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

// Best queries/s over `repeats` runs of at least min_seconds each, after one warm-up run.
template <class Step>
double best_rate(const KnnBenchConfig& c, int queries_per_step, Step step) {
  double best = 0;
  for (int r = 0; r <= c.repeats; ++r) {
    const auto start = std::chrono::steady_clock::now();
    int64_t done = 0;
    double elapsed = 0;
    do {
      step();
      done += queries_per_step;
      elapsed = seconds_since(start);
    } while (elapsed < c.min_seconds);
    if (r > 0 && done / elapsed > best) best = done / elapsed;  // r = 0 warms up
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
  const double single = best_rate(c, 1, [&] {
    ok &= index.search(&queries[size_t(next) * size_t(c.dim)], size_t(c.dim), c.k, &result).ok();
    next = (next + 1) % c.queries;
  });
  next = 0;
  const double batched = best_rate(c, c.batch, [&] {
    ok &= index.search_batch(&queries[size_t(next) * size_t(c.dim)], size_t(c.batch) * size_t(c.dim), c.k, &result).ok();
    next = (next + c.batch) % (c.queries - c.batch + 1);
  });
  if (!ok) return json{{"error", "knn bench: a search failed"}}.dump();
  json out = json::parse(build_info_json());
  out["n"] = c.n;
  out["dim"] = c.dim;
  out["k"] = c.k;
  out["batch"] = c.batch;
  out["singleQps"] = single;
  out["batchQps"] = batched;
  out["memoryBytes"] = index.memory_bytes();
  return out.dump();
}

}  // namespace fastslow
