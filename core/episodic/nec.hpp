// Neural episodic control (NEC): Pritzel et al. 2017, "Neural Episodic Control", ICML,
// arXiv 1703.01988 (Algorithm 1); REFERENCES.md "Episodic control".
//
//   embedding h = f(s; θ): an MLP (core/nn), ReLU hidden layer, linear output of size `dim`.
//   Q(s, a) = DND_a.read(h)   (dnd.hpp: kernel 1/(‖h − h_i‖² + δ) over the p = 50 nearest keys).
//   acting: ε-greedy on Q(s, ·).
//   N-step target (Alg. 1 line 8):  Q^(N)(s_t, a_t) = Σ_{j<N} γ^j r_{t+j} + γ^N max_a' Q(s_{t+N}, a');
//     an episode's last steps use the rewards to its end (plus the bootstrap only when the
//     episode was truncated, not at the goal).
//   write (line 9): DND_{a_t}.write(h_t, Q^(N)) — exact key: v ← v + α (Q^(N) − v), else append;
//   replay (line 10): (s_t, a_t, Q^(N)) stored once, with its target fixed at write time.
//   learning (line 11): minibatches from the replay, L = ½ Σ_b (Q(s_b, a_b) − Q^(N)_b)² / B;
//     the gradient flows through the DND read into the embedding θ (Adam) and into the
//     values v_i read (plain gradient steps of size value_lr), as in the paper.
// Simplifications (documented for the comparison):
//   - an MLP on the observation vector instead of the paper's convolutional network;
//   - the keys are not moved by the gradient (the paper also updates the keys h_i); only the
//     embedding and the values learn from the loss. Stored keys stay as written (stale keys
//     are the paper's behaviour too, between their own updates);
//   - Adam (lr 1e-3) instead of RMSProp (7.92e-6), capacity 1e4 instead of 5e5 per action,
//     N = 30 instead of 100, a gradient step every 4 frames: sized for small mazes.
// Exploration: ε anneals linearly from 1 to 0.01 over 20,000 frames. With ε annealed over 5,000
//   frames NEC's greedy policy locked onto actions whose bootstrapped values were written before
//   the goal had been found from that part of the maze (episodes of score 0 running to the
//   step cap, so the 10-episode mean never reached 90%). The anneal length was chosen from
//   {10,000, 20,000} frames on agent seeds 101-103 (disjoint from the comparison's seeds 1-10;
//   results/episodic-tune-nec.jsonl, README "Episodic control"), and the comparison gives the
//   same schedule to every method that anneals ε (NEC, DQN, Q-learning); MFEC keeps its paper's
//   fixed ε = 0.005.
#pragma once
#include <deque>
#include <memory>

#include "episodic/agent.hpp"
#include "episodic/dnd.hpp"
#include "episodic/replay.hpp"
#include "nn/adam.hpp"
#include "nn/mlp.hpp"

namespace fastslow::episodic {

struct NecConfig {
  int dim = 32;               // key (embedding) size
  int hidden = 64;            // embedding MLP hidden units
  int p = 50;                 // DND neighbours per read
  double delta = 1e-3;        // DND kernel δ
  double alpha = 0.1;         // DND exact-key write rate
  int64_t capacity = 10000;   // DND keys per action
  int n_step = 30;            // N of the N-step target
  double gamma = 0.99;        // discount
  double lr = 1e-3;           // Adam step size for the embedding
  double value_lr = 0.1;      // gradient step size for the DND values
  int batch = 32;             // minibatch size
  int64_t replay = 50000;     // replay capacity
  int train_every = 4;        // frames per gradient step
  int learn_start = 1000;     // transitions in the replay before learning
  double eps_start = 1.0;     // initial exploration
  double eps_end = 0.01;      // final exploration
  double eps_frames = 20000;  // annealing length (linear); see "Exploration" above
  double clip = 10;           // gradient clipping (global norm)
  bool bootstrap_truncated = true;  // a truncated episode's last steps bootstrap from Q(s_T)
};

class Nec final : public Agent {
 public:
  Nec(const NecConfig& config, int obs_size, int actions, Rng rng);
  std::string name() const override { return "nec"; }
  void begin(const Observation& o) override;
  int act(const Observation& o) override;
  void end_step(int action, double reward, double discount, const Observation& next, bool last) override;
  std::vector<double> q_values(const Observation& o) override;
  std::vector<double> memory_fill() const override;
  std::vector<std::pair<int, double>> neighbours(const Observation& o, int action) override;
  double memory_bytes() const override;
  static double estimate_bytes(const NecConfig& c, int obs_size, int actions) {
    return actions * Dnd::estimate_bytes(c.dim, c.capacity) + Replay::estimate_bytes(obs_size, c.replay, false);
  }

  // The minibatch loss L = ½ Σ_b (Q(x_b, a_b) − y_b)² / B at embedding parameters `params`
  // (reads do not touch the LRU). With `grad`: ADDS ∂L/∂θ; with `value_grad`: ADDS ∂L/∂v_i
  // per action as (id, gradient) pairs. Public for the finite-difference test.
  double loss(const nn::Vec& params, const nn::Mat& X, const std::vector<int>& actions,
              const std::vector<double>& targets, nn::Vec* grad,
              std::vector<std::vector<std::pair<int32_t, double>>>* value_grad);
  const nn::Vec& params() const { return params_; }
  Dnd& dnd(int action) { return *dnds_[static_cast<size_t>(action)]; }
  std::vector<double> embed(const std::vector<double>& x) const;

 private:
  struct Pending {
    std::vector<double> obs, h;
    int action;
    double reward;
    int cell;
  };
  void qs(const std::vector<double>& h, std::vector<double>& q, bool touch);
  void write(const Pending& p, double target);
  void train();

  NecConfig config_;
  int obs_size_, actions_;
  Rng rng_;
  nn::Mlp net_;
  nn::Vec params_;
  nn::Adam adam_;
  std::vector<std::unique_ptr<Dnd>> dnds_;
  Replay replay_;
  std::deque<Pending> pending_;
  // Embedding and Q of the observation the next act() is for (computed in end_step / begin).
  std::vector<double> next_h_, next_q_;
  std::vector<double> cur_h_, cur_obs_;  // the state acted on
  int cur_cell_ = -1;
  std::vector<std::vector<int32_t>> cells_;  // per action, per DND id: the cell the entry came from (views)
  uint64_t frames_ = 0;
};

}  // namespace fastslow::episodic
