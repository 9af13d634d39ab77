// ES-MAML's population split across native threads (`threads`, core/common/parallel.hpp): any
// thread count, any step budget, whole runs and member runs end bit for bit where one thread does.
#include <catch2/catch.hpp>
#include <atomic>
#include <stdexcept>
#include <vector>

#include "common/parallel.hpp"
#include "common/run.hpp"

using namespace fastslow;

namespace {
RawParam text(const std::string& name, const std::string& value) { return {name, RawParam::Text, 0, value}; }

json run_es(RawParams raw, const std::string& threads, double budget) {
  raw.push_back(text("threads", threads));
  RunHandle run("maml-nav-train", raw);
  REQUIRE(run.ok());
  double last = -1;
  while (!run.step(budget)) {
    REQUIRE(run.progress() >= last);  // progress keeps moving forward under threaded steps
    last = run.progress();
  }
  json result = json::parse(run.result_json());
  REQUIRE(result["params"]["threads"] == std::stoi(threads));
  result.erase("params");  // everything else must match
  return result;
}
}  // namespace

TEST_CASE("parallel_for runs every index once and passes exceptions to the caller", "[es]") {
  for (int threads : {1, 2, 3, 8}) {
    std::vector<int> hits(37, 0);
    std::vector<std::atomic<int>> by_worker(8);
    parallel_for(37, threads, [&](int k, int w) {
      ++hits[static_cast<size_t>(k)];
      ++by_worker[static_cast<size_t>(w)];
    });
    for (int h : hits) REQUIRE(h == 1);
    int total = 0;
    for (int w = 0; w < 8; ++w) {
      if (w >= (kHaveThreads ? threads : 1)) REQUIRE(by_worker[static_cast<size_t>(w)] == 0);
      total += by_worker[static_cast<size_t>(w)];
    }
    REQUIRE(total == 37);
    REQUIRE_THROWS_AS(parallel_for(10, threads, [](int k, int) { if (k == 6) throw std::runtime_error("six"); }),
                      std::runtime_error);
  }
}

TEST_CASE("ES-MAML meta-training on 2 and 3 threads equals the one-thread run bit for bit", "[meta][es]") {
  // Population 6 (3 pairs) × 2 goals = 12 (member, goal) pairs per generation, 2 generations:
  // 3 threads do not divide the 12 pairs of a step of budget 5, nor 2 threads the 5.
  const RawParams raw = {text("mode", "es-maml"), text("iterations", "2"), text("metaBatch", "2"),
                         text("trajectories", "2"), text("esPairs", "3"), text("seed", "9")};
  const json one = run_es(raw, "1", 1 << 20);
  REQUIRE(one["weights"].size() > 10000);
  REQUIRE(one["curve"]["postReturn"].size() == 2);
  for (const char* threads : {"2", "3"})
    for (double budget : {double(1 << 20), 5.0, 1.0}) {
      INFO("threads " << threads << ", budget " << budget);
      CHECK(run_es(raw, threads, budget) == one);  // θ, and the curve of pre / post returns
    }
  // A member run (what one worker of the pool evaluates): fitness and curve terms alike.
  RawParams member = raw;
  member.push_back(text("memberBegin", "1"));
  member.push_back(text("memberEnd", "6"));
  const json m1 = run_es(member, "1", 1 << 20), m3 = run_es(member, "3", 7);
  REQUIRE(m1["fitness"].size() == 5);
  CHECK(m3 == m1);
}

TEST_CASE("ES-MAML threads out of range or outside mode es-maml are refused naming threads", "[meta][es]") {
  const auto refused = [](std::vector<std::pair<std::string, std::string>> kv) {
    RawParams raw;
    for (auto& [k, v] : kv) raw.push_back(text(k, v));
    RunHandle run("maml-nav-train", raw);
    REQUIRE_FALSE(run.ok());
    const json e = json::parse(run.error_json());
    CHECK(e["errors"][0]["param"] == "threads");
    return e["errors"][0]["message"].get<std::string>();
  };
  CHECK_THAT(refused({{"mode", "es-maml"}, {"threads", "0"}}), Catch::Contains("[1, 64]"));
  CHECK_THAT(refused({{"mode", "es-maml"}, {"threads", "65"}}), Catch::Contains("[1, 64]"));
  refused({{"mode", "es-maml"}, {"threads", "1.5"}});
  refused({{"mode", "es-maml"}, {"threads", "two"}});
  CHECK_THAT(refused({{"mode", "maml"}, {"threads", "2"}}), Catch::Contains("es-maml"));
  // Memory: 64 threads × 100 trajectories (≈ 5 GB by the estimate) is refused naming threads and
  // quoting the estimate; 64 threads × 4 trajectories (≈ 205 MB) fits the per-run budget.
  CHECK_THAT(refused({{"mode", "es-maml"}, {"threads", "64"}, {"trajectories", "100"}}), Catch::Contains("estimated"));
  RunHandle ok("maml-nav-train", {text("mode", "es-maml"), text("threads", "64"), text("trajectories", "4"), text("iterations", "1")});
  CHECK(ok.ok());
}
