#include <catch2/catch.hpp>

#include <cmath>

#include "bandit/bernoulli_bandit.hpp"
#include "common/run.hpp"

using namespace fastslow;

namespace {

RawParams bandit_params(int k, int steps, const std::string& policy, uint64_t seed, double epsilon = 0.1) {
  return {{"k", RawParam::Number, double(k), ""},
          {"steps", RawParam::Number, double(steps), ""},
          {"policy", RawParam::Text, 0, policy},
          {"epsilon", RawParam::Number, epsilon, ""},
          {"seed", RawParam::Number, double(seed), ""}};
}

json run_to_end(const RawParams& raw, uint64_t slice = 7) {
  RunHandle run("bandit-live", raw);
  REQUIRE(run.ok());
  while (!run.step(double(slice))) {
  }
  return json::parse(run.result_json());
}

}  // namespace

TEST_CASE("random policy: mean total reward is n/2 over many seeded tasks (3 SE)", "[bandit][stats]") {
  // Under p_i ~ U[0,1] and uniform pulls, each reward is Bernoulli(1/2) marginally, so the
  // total over n pulls has mean n/2. Estimate the SE from the per-task spread.
  const int tasks = 2000, n = 10, k = 5;
  double sum = 0, sum2 = 0;
  for (int seed = 0; seed < tasks; ++seed) {
    const double total = run_to_end(bandit_params(k, n, "random", 1000 + seed))["totalReward"];
    sum += total;
    sum2 += total * total;
  }
  const double mean = sum / tasks;
  const double se = std::sqrt((sum2 / tasks - mean * mean) / (tasks - 1));
  CHECK(std::abs(mean - n / 2.0) < 3 * se);
}

TEST_CASE("arm probabilities look uniform and the best arm is the argmax", "[bandit][stats]") {
  double sum = 0;
  int count = 0;
  for (uint64_t seed = 0; seed < 500; ++seed) {
    BernoulliBandit b(10, Rng(seed));
    for (int i = 0; i < b.arms(); ++i) {
      const double p = b.probabilities()[size_t(i)];
      REQUIRE(p >= 0);
      REQUIRE(p < 1);
      CHECK(p <= b.info().best_p);
      sum += p;
      ++count;
    }
    CHECK(b.regret(b.info().best_arm) == 0);
  }
  CHECK(std::abs(sum / count - 0.5) < 3 * std::sqrt(1.0 / 12 / count));
}

TEST_CASE("an arm pays with its probability (3 SE)", "[bandit][stats]") {
  BernoulliBandit b(3, Rng(5));
  const int pulls = 20000;
  for (int arm = 0; arm < 3; ++arm) {
    double s = 0;
    for (int i = 0; i < pulls; ++i) s += b.pull(arm);
    const double p = b.probabilities()[size_t(arm)];
    CHECK(std::abs(s / pulls - p) < 3 * std::sqrt(p * (1 - p) / pulls) + 1e-9);
  }
}

TEST_CASE("same seed gives the same run - whatever the slice sizes", "[bandit][determinism]") {
  const auto raw = bandit_params(10, 500, "epsilon-greedy", 3);
  const json a = run_to_end(raw, 1), b = run_to_end(raw, 1000), c = run_to_end(raw, 37);
  CHECK(a == b);
  CHECK(a == c);
  const json d = run_to_end(bandit_params(10, 500, "epsilon-greedy", 4));
  CHECK(a["totalReward"] != d["totalReward"]);
}

TEST_CASE("different policies on one seed face the same task", "[bandit]") {
  const json r = run_to_end(bandit_params(8, 200, "random", 9));
  const json g = run_to_end(bandit_params(8, 200, "epsilon-greedy", 9));
  CHECK(r["trueP"] == g["trueP"]);
  CHECK(r["bestArm"] == g["bestArm"]);
}

TEST_CASE("bookkeeping: pulls add up - regret is the sum of gaps - curve ends at the total", "[bandit]") {
  const json r = run_to_end(bandit_params(6, 3000, "epsilon-greedy", 12));
  double pulls = 0, regret = 0;
  for (size_t i = 0; i < r["pulls"].size(); ++i) {
    pulls += r["pulls"][i].get<double>();
    regret += r["pulls"][i].get<double>() * (r["bestP"].get<double>() - r["trueP"][i].get<double>());
  }
  CHECK(pulls == 3000);
  CHECK(r["cumulativeRegret"].get<double>() == Approx(regret).epsilon(1e-9));
  const auto& curve = r["regretCurve"];
  CHECK(curve["step"].size() <= 2049);
  CHECK(curve["step"].back() == 3000);
  CHECK(curve["regret"].back() == r["cumulativeRegret"]);
  CHECK(curve["step"][0] == 0);
}

TEST_CASE("greedy (epsilon 0) locks onto a good arm: regret far below random's", "[bandit][stats]") {
  // Expected per-pull regret of random pulls is E[max p - mean p] > 0; a greedy learner with
  // the (1,1) prior pulls mostly its best-looking arm. Compare the two on the same tasks.
  double greedy = 0, random = 0;
  for (uint64_t seed = 0; seed < 200; ++seed) {
    greedy += run_to_end(bandit_params(5, 500, "epsilon-greedy", seed, 0.0))["cumulativeRegret"].get<double>();
    random += run_to_end(bandit_params(5, 500, "random", seed))["cumulativeRegret"].get<double>();
  }
  CHECK(greedy < 0.5 * random);
}

TEST_CASE("frames are complete snapshots of the run so far", "[bandit]") {
  RunHandle run("bandit-live", bandit_params(4, 100, "random", 1));
  REQUIRE(run.ok());
  Frame f0 = run.frame();
  CHECK(f0.scalars[0].first == "step");
  CHECK(f0.scalars[0].second == 0);
  run.step(10);
  Frame f1 = run.frame();
  CHECK(f1.scalars[0].second == 10);
  for (const auto& [name, v] : f1.arrays)
    if (name == "pulls") CHECK(v.size() == 4);
  CHECK(run.progress() == Approx(0.1));
  CHECK_FALSE(run.step(std::nan("")));
  CHECK(run.frame().scalars[0].second == 10);
}

TEST_CASE("frame successes add up to the total reward and never exceed pulls", "[bandit]") {
  RunHandle run("bandit-live", bandit_params(7, 400, "thompson", 21));
  REQUIRE(run.ok());
  run.step(250);
  const Frame f = run.frame();
  std::vector<double> pulls, successes;
  double total = -1;
  for (const auto& [name, v] : f.arrays) {
    if (name == "pulls") pulls = v;
    if (name == "successes") successes = v;
  }
  for (const auto& [name, x] : f.scalars)
    if (name == "totalReward") total = x;
  REQUIRE(successes.size() == 7);
  double sum = 0;
  for (size_t i = 0; i < successes.size(); ++i) {
    CHECK(successes[i] <= pulls[i]);
    sum += successes[i];
  }
  CHECK(sum == total);
}
