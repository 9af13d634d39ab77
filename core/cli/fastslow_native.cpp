// Native runner of the same core the wasm module wraps: for determinism checks against
// wasm, benchmarks and long jobs.
//   fastslow_native schema
//   fastslow_native info
//   fastslow_native run <scenario> [name=value ...]   → result JSON on stdout
//   fastslow_native time <scenario> [name=value ...]  → {"seconds": wall time of the run loop}
//   fastslow_native time-batch                        → runs every line of stdin, each
//       "<scenario> [name=value ...]", in this one process (caches shared, as in one wasm
//       instance); prints {"seconds": total wall time of the run loops, "runs": count}
// A bad parameter prints the validation errors as JSON on stderr and exits 2.
#include <chrono>
#include <cstdio>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "common/build_info.hpp"
#include "common/run.hpp"

using namespace fastslow;

namespace {

int usage() {
  std::fprintf(stderr, "usage: fastslow_native schema | info | run|time <scenario> [name=value ...] | time-batch < lines\n");
  return 2;
}

// "name=value" words → raw params (strings, validated by the core like CLI flags).
bool parse_params(const std::vector<std::string>& words, RawParams& raw) {
  for (const auto& arg : words) {
    const auto eq = arg.find('=');
    if (eq == std::string::npos) {
      std::fprintf(stderr, "expected name=value, got \"%s\"\n", arg.c_str());
      return false;
    }
    raw.push_back({arg.substr(0, eq), RawParam::Text, 0, arg.substr(eq + 1)});
  }
  return true;
}

// Runs one scenario to completion; returns the run-loop seconds, or -1 after printing why not.
double run_one(const std::string& scenario, const std::vector<std::string>& words, std::string* result) {
  RawParams raw;
  if (!parse_params(words, raw)) return -1;
  RunHandle run(scenario, raw);
  if (!run.ok()) {
    std::fprintf(stderr, "%s\n", run.error_json().c_str());
    return -1;
  }
  const auto start = std::chrono::steady_clock::now();
  while (!run.step(1 << 20)) {
  }
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
  if (result) *result = run.result_json();
  return elapsed.count();
}

int time_batch() {
  double total = 0;
  int runs = 0;
  for (std::string line; std::getline(std::cin, line);) {
    std::istringstream in(line);
    std::string scenario, word;
    if (!(in >> scenario)) continue;
    std::vector<std::string> words;
    while (in >> word) words.push_back(word);
    const double seconds = run_one(scenario, words, nullptr);
    if (seconds < 0) return 2;
    total += seconds;
    ++runs;
  }
  std::printf("{\"seconds\":%.9f,\"runs\":%d}\n", total, runs);
  return 0;
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
  if (command == "time-batch") return time_batch();
  if ((command != "run" && command != "time") || argc < 3) return usage();
  std::string result;
  const double seconds = run_one(argv[2], std::vector<std::string>(argv + 3, argv + argc), &result);
  if (seconds < 0) return 2;
  if (command == "time")
    std::printf("{\"seconds\":%.9f}\n", seconds);
  else
    std::puts(result.c_str());
  return 0;
}
