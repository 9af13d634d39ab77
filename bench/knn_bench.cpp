// Native timing entry point for bench/knn.mjs: `knn_bench N DIM K BATCH [REPEATS]` prints
// fastslow::knn_bench_json() (queries/s of the k-NN index, single and batched) as one JSON line.
#include <cstdio>
#include <cstdlib>

#include "knn/knn_bench.hpp"

int main(int argc, char** argv) {
  if (argc < 5 || argc > 6) {
    std::fprintf(stderr, "usage: knn_bench N DIM K BATCH [REPEATS]\n");
    return 2;
  }
  fastslow::KnnBenchConfig c;
  c.n = std::atoll(argv[1]);
  c.dim = std::atoi(argv[2]);
  c.k = std::atoi(argv[3]);
  c.batch = std::atoi(argv[4]);
  if (argc > 5) c.repeats = std::atoi(argv[5]);
  std::puts(fastslow::knn_bench_json(c).c_str());
  return 0;
}
