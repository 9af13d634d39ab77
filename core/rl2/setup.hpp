// One place for what a training run and an evaluation of a setting share: the environment,
// the network shape and the PPO hyperparameters per task (used by train_rl2, rl2-train,
// rl2-eval and rl2-live).
#pragma once
#include <string>

#include "rl2/ppo.hpp"
#include "rl2/weights.hpp"

namespace fastslow::rl2 {

struct TrainSetup {
  std::string task, name;
  int n = 0, k = 0;
  NetShape shape;
  PpoConfig config;
  EnvFactory make_env;
};

// Bandit with n pulls and k arms. Hyperparameters scale with n (see the body).
TrainSetup bandit_setup(int n, int k);

// Grid mazes of size × size cells, `episodes` episodes per trial, local view.
TrainSetup maze_setup(int size, int episodes);
// A fresh environment for evaluating `w` (its task and setting).
std::unique_ptr<TrialEnv> make_env(const WeightsFile& w);

// Task j of an evaluation: the generator Rng(seed).split(j) as in bandit-eval (arms from its
// split 1, the policy's action draws from its split 2). Returns the trial's total reward.
double evaluate_task(const Rl2Net& net, const WeightsFile& w, TrialEnv& env, uint64_t seed, uint64_t j, bool greedy);

}  // namespace fastslow::rl2
