// Native timing of the k-NN index for bench/knn.mjs (queries per second, single and batched),
// on the same data the JS side builds: mulberry32(seed) uniforms in [-1, 1) as float32, keys
// first, then queries. A library function, not a program: a native entry point (a CLI
// subcommand or a small executable) prints knn_bench_json() and bench/knn.mjs runs it.
#pragma once
#include <cstdint>
#include <string>

namespace fastslow {

struct KnnBenchConfig {
  int64_t n = 50000;         // keys
  int dim = 64;
  int k = 50;
  int batch = 32;            // queries per searchBatch call
  int queries = 256;         // distinct queries cycled through
  int repeats = 3;           // best of
  double min_seconds = 0.25; // per timed repeat
  uint32_t seed = 1;
};

// {"n","dim","k","batch","singleQps","batchQps","singleCpuQps","batchCpuQps","memoryBytes","simd",
// "arch"} or {"error": "..."}: queries per wall second and per CPU second of the process.
std::string knn_bench_json(const KnnBenchConfig& config);

}  // namespace fastslow
