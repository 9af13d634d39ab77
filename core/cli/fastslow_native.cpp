// Native runner of the same core the wasm module wraps: for determinism checks against
// wasm, benchmarks and long jobs.
//   fastslow_native schema
//   fastslow_native info
//   fastslow_native run <scenario> [name=value ...]   → result JSON on stdout
//   fastslow_native time <scenario> [name=value ...]  → {"seconds": wall time of the run loop}
// A bad parameter prints the validation errors as JSON on stderr and exits 2.
#include <chrono>
#include <cstdio>
#include <string>

#include "common/build_info.hpp"
#include "common/run.hpp"

using namespace fastslow;

namespace {

int usage() {
  std::fprintf(stderr, "usage: fastslow_native schema | info | run|time <scenario> [name=value ...]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return usage();
  const std::string command = argv[1];
  if (command == "schema") {
    std::puts(schema_json().c_str());
    return 0;
  }
  if (command == "info") {
    std::puts(build_info_json().c_str());
    return 0;
  }
  if ((command != "run" && command != "time") || argc < 3) return usage();
  RawParams raw;
  for (int i = 3; i < argc; ++i) {
    const std::string arg = argv[i];
    const auto eq = arg.find('=');
    if (eq == std::string::npos) {
      std::fprintf(stderr, "expected name=value, got \"%s\"\n", arg.c_str());
      return 2;
    }
    raw.push_back({arg.substr(0, eq), RawParam::Text, 0, arg.substr(eq + 1)});
  }
  RunHandle run(argv[2], raw);
  if (!run.ok()) {
    std::fprintf(stderr, "%s\n", run.error_json().c_str());
    return 2;
  }
  const auto start = std::chrono::steady_clock::now();
  while (!run.step(1 << 20)) {
  }
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
  if (command == "time")
    std::printf("{\"seconds\":%.9f}\n", elapsed.count());
  else
    std::puts(run.result_json().c_str());
  return 0;
}
