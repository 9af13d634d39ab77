#include "rl2/setup.hpp"

#include <algorithm>

namespace fastslow::rl2 {

TrainSetup bandit_setup(int n, int k) {
  TrainSetup s;
  s.task = "bandit";
  s.n = n;
  s.k = k;
  s.name = weights_name("bandit", n, k);
  s.shape = NetShape{1, k, 64};
  PpoConfig& c = s.config;
  // Trials per batch: about 2000-5000 pulls per iteration.
  c.batch_trials = n <= 10 ? 256 : n <= 100 ? 64 : 16;
  c.minibatch_trials = n <= 10 ? 64 : n <= 100 ? 16 : 8;
  c.epochs = 4;
  // γ = 1 and GAE λ = 1: Monte-Carlo returns of the whole trial (the objective is its undiscounted
  // total), the value head only a baseline. With the paper's λ = 0.3 (and γ = 0.99) the policy
  // settled below greedy play: on n=10, k=5 (seed 1, 800 iterations) λ = 0.3 → 6.35, λ = 0.95 →
  // 6.57, λ = 1 with γ = 1 → 6.63 (1000 evaluation tasks; README "RL²").
  c.gamma = 1.0;
  c.lambda = 1.0;
  c.lr = 1e-3;
  c.lr_final = 1e-4;
  c.entropy_coef = 0.01;
  c.entropy_final = 0.0;
  c.value_scale = std::max(1.0, n / 2.0);
  c.iterations = n <= 10 ? 800 : 2000;
  s.make_env = [n, k] { return std::make_unique<BanditTrial>(n, k); };
  return s;
}

TrainSetup maze_setup(int size, int episodes) {
  TrainSetup s;
  s.task = "maze";
  s.n = size;
  s.k = episodes;
  s.name = weights_name("maze", size, episodes);
  s.shape = NetShape{18, 4, 64};
  PpoConfig& c = s.config;
  c.batch_trials = 64;
  c.minibatch_trials = 16;
  c.epochs = 4;
  c.gamma = 0.99;  // the discount rewards short paths
  c.lambda = 0.95;
  c.lr = 1e-3;
  c.lr_final = 1e-4;
  c.entropy_coef = 0.01;
  c.entropy_final = 0.001;
  c.value_scale = 1.0;
  c.iterations = 500;
  s.make_env = [size, episodes] { return std::make_unique<MazeTrial>(size, episodes); };
  return s;
}

std::unique_ptr<TrialEnv> make_env(const WeightsFile& w) {
  if (w.task == "maze") return std::make_unique<MazeTrial>(w.n, w.k);
  return std::make_unique<BanditTrial>(w.n, w.k);
}

double evaluate_task(const Rl2Net& net, const WeightsFile& w, TrialEnv& env, uint64_t seed, uint64_t j, bool greedy) {
  const Rng root = Rng(seed).split(j);
  env.reset(root);
  Rng action_rng = root.split(2);
  return play_trial(net, w.params, env, action_rng, greedy);
}

}  // namespace fastslow::rl2
