// Deep Q-network: Mnih et al. 2015, "Human-level control through deep reinforcement
// learning", Nature 518:529-533 (Algorithm 1). The slow deep learner of the episodic-control
// comparison; shares core/nn (Mlp, Adam) with NEC.
//
//   Q(s, ·; θ) = MLP(s), ReLU hidden layers; target network θ⁻ (a copy of the flat parameter
//   vector) refreshed every target_every frames; uniform replay of (s, a, r, s');
//   every train_every frames, once the replay holds learn_start transitions, a minibatch step on
//   L = ½ Σ_b (y_b − Q(s_b, a_b; θ))² / B,   y_b = r_b + γ · discount_b · max_a' Q(s'_b, a'; θ⁻),
//   with Adam and gradient clipping by global norm; ε annealed linearly.
// Differences from the paper: an MLP on the observation vector (no convolutions, no frame
// stack), squared loss (rewards here are in [0, 1]), Adam instead of RMSProp.
#pragma once
#include <memory>

#include "episodic/agent.hpp"
#include "episodic/replay.hpp"
#include "nn/adam.hpp"
#include "nn/mlp.hpp"

namespace fastslow::episodic {

struct DqnConfig {
  int hidden = 64;            // units in each of the two hidden layers
  double lr = 5e-4;           // Adam step size
  double gamma = 0.99;        // discount
  int batch = 32;             // minibatch size
  int64_t replay = 50000;     // replay capacity
  int train_every = 4;        // frames per gradient step
  int target_every = 1000;    // frames per target-network refresh
  int learn_start = 1000;     // transitions before learning starts
  double eps_start = 1.0;     // initial exploration
  double eps_end = 0.01;      // final exploration
  double eps_frames = 20000;  // annealing length (the comparison's one schedule: nec.hpp)
  double clip = 10;           // gradient clipping (global norm)
};

class Dqn final : public Agent {
 public:
  Dqn(const DqnConfig& config, int obs_size, int actions, Rng rng);
  std::string name() const override { return "dqn"; }
  int act(const Observation& o) override;
  void end_step(int action, double reward, double discount, const Observation& next, bool last) override;
  std::vector<double> q_values(const Observation& o) override;
  double memory_bytes() const override;

 private:
  void train();
  DqnConfig config_;
  int obs_size_, actions_;
  Rng rng_;
  nn::Mlp net_;
  nn::Vec params_, target_;
  nn::Adam adam_;
  Replay replay_;
  std::vector<double> last_obs_;
  uint64_t frames_ = 0;
};

}  // namespace fastslow::episodic
