// 2D navigation (Finn et al. 2017 §5.3; REFERENCES.md "MAML"): a point starts at (0, 0), the goal
// is drawn from U[−0.5, 0.5]², the observation is the position, the action a velocity in
// [−0.1, 0.1] per axis (the policy's output u scaled as below), the reward minus the L2 distance
// to the goal after the move (the official code), the episode ends after 100 steps or when |dx|
// and |dy| are both < 0.01.
#pragma once
#include <array>

#include "common/run.hpp"
#include "meta/policy.hpp"

namespace fastslow::meta {

using Goal = std::array<double, 2>;

// The action box of the paper's point environment (cbfinn/maml_rl,
// maml_examples/point_env_randgoal.py: Box(−0.1, 0.1)). Its training script
// (maml_examples/maml_trpo_point.py) wraps the environment in rllab's normalize(), so the
// policy's sample u is mapped to the velocity clip(kNavActionBound·u, ±kNavActionBound) per axis;
// the policy-gradient log-likelihood stays on u.
constexpr double kNavActionBound = 0.1;
double nav_action(double u);
Goal sample_goal(Rng& rng);

// The paper's policy: 2 → 100 → 100 → 2 ReLU, Gaussian with learned log σ (initial σ = 1).
GaussianPolicy nav_policy();

// Trajectories of one policy on one goal, flattened over (trajectory, time).
struct NavBatch {
  Mat obs, act;                     // 2 × N (act: the policy samples u, before nav_action)
  Vec adv;                          // N: normalised advantages (γ = 0.99, linear baseline)
  std::vector<double> returns;      // undiscounted return of each trajectory
  std::vector<std::vector<double>> paths;  // with `keep_paths`: x0, y0, x1, y1, ... per trajectory
  double mean_return() const;
};

// `n` trajectories run side by side (one batched forward pass per time step).
NavBatch nav_rollouts(const GaussianPolicy& policy, const Vec& theta, const Goal& goal, int n, Rng& rng,
                      bool keep_paths = false);

// The paper's test-time sampler (rllab's BatchSampler with whole paths, as in cbfinn/maml_rl's
// evaluation of the point environment, batch_size = 4000): trajectories, run `n` side by side,
// taken in order until the batch holds at least `min_steps` environment steps; the later ones of
// the last group are dropped unused. Trajectories that reach the goal end early, so a policy that
// reaches it gets more of them.
NavBatch nav_rollouts_until(const GaussianPolicy& policy, const Vec& theta, const Goal& goal, int n,
                            int64_t min_steps, Rng& rng);

// One policy-gradient adaptation step θ − α ∇L(θ) on a batch.
Vec nav_adapt(const GaussianPolicy& policy, const Vec& theta, const NavBatch& batch, double alpha);

}  // namespace fastslow::meta

namespace fastslow {
Scenario maml_nav_train_scenario();
Scenario maml_nav_eval_scenario();
Scenario maml_nav_live_scenario();
}  // namespace fastslow
